// The outcome tables against the Telnyx spec (test/spec/telnyx-events.json, extracted from openapi.yml by
// test/spec/extract-events.mjs) and against the spec's own example events (test/telnyx/fixtures/webhooks).
import assert from "node:assert/strict";
import {
  CALL_HANGUP,
  OUTCOMES,
  dialOutcomes,
  gatherMenu,
  matchRule,
  recipientEntry,
  timeoutEnding,
  type OutcomeTable,
} from "../../src/shared/outcomes";
import { MENU_ACTIONS, actionCanWait, canWait, nodeOutcomes, outputCount, smsSendCanWait } from "../../src/shared/node-outcomes";
import { CALL_ACTIONS, CALL_COMMANDS, CALL_CONTROL_ACTIONS, DIAL } from "../../src/shared/operations/call-control";
import { OPERATIONS } from "../../src/shared/operations/index";
import { MESSAGE_VARIANT_NAMES } from "../../src/shared/operations/messaging";
import type { TelnyxEvent } from "../../src/telnyx/webhook/parse";
import { fixtureJson } from "../support/fixtures";
import specEvents from "../spec/telnyx-events.json";

type FieldInfo = { type: string; enum?: string[] };
const EVENTS = specEvents.events as Record<string, { payload: Record<string, FieldInfo> }>;

const TABLES: Array<[string, OutcomeTable]> = [
  ...Object.entries(OUTCOMES),
  ["gatherMenu(1, 2)", gatherMenu([{ digits: "1" }, { digits: "2" }])],
];

function fixture(name: string): TelnyxEvent {
  return fixtureJson<TelnyxEvent>(`webhooks/${name}.json`);
}

/** matchRule's ending for an event type and payload, as [output, outcome] or a description. */
function ending(table: OutcomeTable, type: string, payload: Record<string, unknown>, subject = { callControlId: "v3:self", recipient: "+15550001111" }) {
  const rule = matchRule(table, subject, type, { call_control_id: "v3:self", ...payload });
  if (!rule) return undefined;
  const then = rule.then;
  if ("output" in then) return [then.output, then.outcome];
  if ("error" in then) return ["error", then.outcome];
  if ("note" in then) return ["note", then.note];
  return ["grace", then.graceMs];
}

describe("outcome tables", () => {
  describe("name only what the spec has", () => {
    for (const [name, table] of TABLES) {
      it(`${name}: event types, payload fields and values are in openapi.yml`, () => {
        for (const rule of table.rules) {
          const event = EVENTS[rule.event];
          assert.ok(event, `${name}: ${rule.event} is not a webhook event type of the spec`);
          for (const condition of rule.when ?? []) {
            const field = event.payload[condition.field];
            assert.ok(field, `${name}: ${rule.event} has no payload field ${condition.field}`);
            if (field.enum) {
              for (const value of condition.values) {
                assert.ok(field.enum.includes(value), `${name}: ${rule.event} ${condition.field} has no value "${value}" (spec: ${field.enum.join(", ")})`);
              }
            } else assert.equal(field.type, "string", `${name}: ${rule.event} ${condition.field} is not a string`);
          }
        }
      });
    }
  });

  describe("are well formed", () => {
    for (const [name, table] of TABLES) {
      it(`${name}: every output and timeout in range, every note used, a positive default timeout`, () => {
        const outputs = table.outputs.length;
        const notes = new Set<string>();
        for (const rule of table.rules) {
          if ("output" in rule.then) assert.ok(rule.then.output >= 0 && rule.then.output < outputs, `${name}: ${rule.event} output ${rule.then.output}`);
          if ("note" in rule.then) notes.add(rule.then.note);
        }
        for (const t of table.timeout) {
          assert.ok(t.output >= 0 && t.output < outputs);
          assert.equal(t.outcome === "timeout" || (t.after !== undefined && notes.has(t.after)), true, `${name}: timeout entry ${JSON.stringify(t)}`);
        }
        assert.equal(table.timeout[table.timeout.length - 1].outcome, "timeout", `${name}: the last timeout entry is the plain timeout`);
        assert.ok(table.defaultTimeoutSecs > 0);
        // Every output is reachable from some rule or the timeout (dial's "machine" only with detection on).
        for (let i = 0; i < outputs; i++) {
          if (table === OUTCOMES.dial && table.outputs[i] === "machine") continue;
          const reachable = table.rules.some((r) => "output" in r.then && r.then.output === i) || table.timeout.some((t) => t.output === i);
          assert.ok(reachable, `${name}: output ${i} (${table.outputs[i]}) is never used`);
        }
      });
    }

    for (const [name, table] of TABLES.filter(([, t]) => t.correlation === "call")) {
      it(`${name}: a hangup of its own call ends the wait (or, for a recording, shortens it)`, () => {
        for (const cause of EVENTS[CALL_HANGUP].payload.hangup_cause.enum ?? []) {
          const result = ending(table, CALL_HANGUP, { hangup_cause: cause });
          assert.ok(result, `${name}: call.hangup (${cause}) matches no rule`);
          assert.notEqual(result[0], "note", `${name}: call.hangup only takes a note`);
        }
      });
    }
  });

  describe("cover every value the spec lists", () => {
    const values = (event: string, field: string) => EVENTS[event].payload[field].enum ?? [];

    it("dial: every hangup_cause is a not-answered outcome", () => {
      const causes = values(CALL_HANGUP, "hangup_cause");
      assert.ok(causes.length >= 9);
      for (const cause of causes) {
        const [output, outcome] = ending(OUTCOMES.dial, CALL_HANGUP, { hangup_cause: cause }) ?? [];
        assert.equal(output, 2, cause);
        assert.ok(["busy", "no_answer", "rejected", "failed", "hangup"].includes(String(outcome)), `${cause} -> ${outcome}`);
      }
      assert.deepEqual(ending(OUTCOMES.dial, CALL_HANGUP, { hangup_cause: "user_busy" }), [2, "busy"]);
      assert.deepEqual(ending(OUTCOMES.dial, CALL_HANGUP, { hangup_cause: "no_answer" }), [2, "no_answer"]);
      assert.deepEqual(ending(OUTCOMES.dial, CALL_HANGUP, { hangup_cause: "timeout" }), [2, "no_answer"]);
      assert.deepEqual(ending(OUTCOMES.dial, CALL_HANGUP, { hangup_cause: "call_rejected" }), [2, "rejected"]);
      assert.deepEqual(ending(OUTCOMES.dial, CALL_HANGUP, { hangup_cause: "originator_cancel" }), [2, "hangup"]);
      // A cause newer than this table: still not answered.
      assert.deepEqual(ending(OUTCOMES.dial, CALL_HANGUP, { hangup_cause: "something_new" }), [2, "failed"]);
    });

    it("dial with detection: every detection result, standard and premium", () => {
      const table = OUTCOMES.dial_with_detection;
      const expected: Record<string, [number, string]> = {
        human: [0, "answered"],
        machine: [1, "machine"],
        not_sure: [0, "not_sure"],
      };
      for (const result of values("call.machine.detection.ended", "result")) {
        assert.deepEqual(ending(table, "call.machine.detection.ended", { result }), expected[result], result);
      }
      const premium: Record<string, [number, string]> = {
        human_residence: [0, "answered"],
        human_business: [0, "answered"],
        machine: [1, "machine"],
        fax_detected: [1, "fax"],
        silence: [0, "not_sure"],
        not_sure: [0, "not_sure"],
      };
      for (const result of values("call.machine.premium.detection.ended", "result")) {
        assert.deepEqual(ending(table, "call.machine.premium.detection.ended", { result }), premium[result], result);
      }
      assert.deepEqual(ending(table, "call.answered", {}), ["note", "answered"]);
      assert.deepEqual(timeoutEnding(table, new Set(["answered"])), { output: 0, outcome: "answered" });
      assert.deepEqual(timeoutEnding(table, new Set()), { output: 2, outcome: "timeout" });
    });

    it("speak, playback and gather: every status of their *.ended event", () => {
      for (const status of values("call.speak.ended", "status")) assert.ok(ending(OUTCOMES.speak, "call.speak.ended", { status }), status);
      for (const status of values("call.playback.ended", "status")) assert.ok(ending(OUTCOMES.playback_start, "call.playback.ended", { status }), status);
      for (const status of values("call.gather.ended", "status")) assert.ok(ending(OUTCOMES.gather, "call.gather.ended", { status }), status);
      assert.deepEqual(ending(OUTCOMES.speak, "call.speak.ended", { status: "call_hangup" }), [1, "hangup"]);
      assert.deepEqual(ending(OUTCOMES.playback_start, "call.playback.ended", { status: "file_not_found" }), ["error", "failed"]);
      assert.deepEqual(ending(OUTCOMES.gather, "call.gather.ended", { status: "timeout" }), [1, "no_input"]);
      assert.deepEqual(ending(OUTCOMES.gather, "call.gather.ended", { status: "invalid" }), [1, "invalid"]);
      assert.deepEqual(ending(OUTCOMES.gather, "call.gather.ended", { status: "call_hangup" }), [2, "hangup"]);
    });

    it("SMS: every final to[].status of message.sent and message.finalized", () => {
      const notFinal = ["queued", "sending", "sent"];
      for (const event of ["message.sent", "message.finalized"]) {
        for (const status of values(event, "to[].status")) {
          const payload = { to: [{ phone_number: "+15550001111", status }] };
          const delivery = ending(OUTCOMES.sms_delivery, event, payload);
          if (notFinal.includes(status)) {
            assert.equal(delivery, undefined, `${event} ${status} is not final`);
            continue;
          }
          assert.ok(delivery, `${event} ${status}`);
          const reply = ending(OUTCOMES.sms_reply, event, payload);
          if (delivery[0] === 1) assert.equal(reply?.[0], "error", `a failed delivery ends a reply wait with an error (${status})`);
          else assert.equal(reply, undefined, `${status} leaves a reply wait waiting`);
        }
      }
      // Another recipient's status is not ours.
      assert.equal(ending(OUTCOMES.sms_delivery, "message.finalized", { to: [{ phone_number: "+15559999999", status: "delivered" }] }), undefined);
    });
  });

  describe("on the spec's example events", () => {
    it("call.answered: dial and answer answered; dial with detection takes a note", () => {
      const e = fixture("call.answered");
      const self = { callControlId: String(e.data.payload?.call_control_id) };
      assert.deepEqual(matchRule(OUTCOMES.dial, self, e.data.event_type, e.data.payload!)?.then, { output: 0, outcome: "answered" });
      assert.deepEqual(matchRule(OUTCOMES.answer, self, e.data.event_type, e.data.payload!)?.then, { output: 0, outcome: "answered" });
      assert.deepEqual(matchRule(OUTCOMES.dial_with_detection, self, e.data.event_type, e.data.payload!)?.then, { note: "answered" });
    });

    it("call.hangup (call_rejected): dial not answered 'rejected', speak hung up, recording a grace", () => {
      const e = fixture("call.hangup");
      const self = { callControlId: String(e.data.payload?.call_control_id) };
      assert.deepEqual(matchRule(OUTCOMES.dial, self, e.data.event_type, e.data.payload!)?.then, { output: 2, outcome: "rejected" });
      assert.deepEqual(matchRule(OUTCOMES.speak, self, e.data.event_type, e.data.payload!)?.then, { output: 1, outcome: "hangup" });
      assert.ok("graceMs" in (matchRule(OUTCOMES.record_start, self, e.data.event_type, e.data.payload!)?.then ?? {}));
    });

    it("call.speak.ended, call.playback.ended (completed), call.gather.ended (valid), call.recording.saved, call.bridged", () => {
      const cases: Array<[string, OutcomeTable, unknown]> = [
        ["call.speak.ended", OUTCOMES.speak, { output: 0, outcome: "finished" }],
        ["call.playback.ended", OUTCOMES.playback_start, { output: 0, outcome: "finished" }],
        ["call.gather.ended", CALL_COMMANDS.gather_using_speak.outcomes!.result!, { output: 0, outcome: "input" }],
        ["call.recording.saved", OUTCOMES.record_start, { output: 0, outcome: "saved" }],
        ["call.bridged", OUTCOMES.transfer, { output: 0, outcome: "connected" }],
        ["call.bridged", OUTCOMES.bridge, { output: 0, outcome: "connected" }],
      ];
      for (const [name, table, expected] of cases) {
        const e = fixture(name);
        const callControlId = e.data.payload?.call_control_id as string | undefined;
        assert.deepEqual(matchRule(table, { callControlId }, e.data.event_type, e.data.payload!)?.then, expected, name);
      }
    });

    it("call.machine.detection.ended (human) answers a dial with detection", () => {
      const e = fixture("call.machine.detection.ended");
      assert.deepEqual(matchRule(OUTCOMES.dial_with_detection, {}, e.data.event_type, e.data.payload!)?.then, { output: 0, outcome: "answered" });
    });

    it("message.sent (queued) ends nothing; message.received is a reply", () => {
      const sent = fixture("message.sent");
      const recipient = recipientEntry(sent.data.payload!, "+18665550001");
      assert.equal(recipient?.status, "queued");
      assert.equal(matchRule(OUTCOMES.sms_delivery, { recipient: "+18665550001" }, sent.data.event_type, sent.data.payload!), undefined);
      const received = fixture("message.received");
      assert.deepEqual(matchRule(OUTCOMES.sms_reply, {}, received.data.event_type, received.data.payload!)?.then, { output: 0, outcome: "reply" });
    });
  });

  describe("legs", () => {
    it("transfer: leg B's hangup is not connected with its cause; the caller's own hangup is 'hangup'", () => {
      assert.deepEqual(ending(OUTCOMES.transfer, CALL_HANGUP, { call_control_id: "v3:legB", hangup_cause: "user_busy" }), [1, "busy"]);
      assert.deepEqual(ending(OUTCOMES.transfer, CALL_HANGUP, { call_control_id: "v3:legB", hangup_cause: "no_answer" }), [1, "no_answer"]);
      assert.deepEqual(ending(OUTCOMES.transfer, CALL_HANGUP, { hangup_cause: "normal_clearing" }), [1, "hangup"]);
      assert.deepEqual(ending(OUTCOMES.transfer, "call.bridged", { call_control_id: "v3:legB" }), [0, "connected"]);
    });

    it("dial, speak: events of another call never match", () => {
      assert.equal(ending(OUTCOMES.dial, "call.answered", { call_control_id: "v3:other" }), undefined);
      assert.equal(ending(OUTCOMES.speak, CALL_HANGUP, { call_control_id: "v3:other", hangup_cause: "normal_clearing" }), undefined);
    });
  });

  describe("dialOutcomes and gatherMenu", () => {
    it("dial's table follows answering_machine_detection", () => {
      assert.equal(dialOutcomes({}), OUTCOMES.dial);
      assert.equal(dialOutcomes({ answering_machine_detection: "disabled" }), OUTCOMES.dial);
      assert.equal(dialOutcomes({ answering_machine_detection: "detect" }), OUTCOMES.dial_with_detection);
      assert.equal(dialOutcomes({ answering_machine_detection: "premium" }), OUTCOMES.dial_with_detection);
    });

    it("a menu routes digits to its choices, then other, no input and hung up", () => {
      const menu = gatherMenu([{ digits: "1", label: "sales" }, { digits: "2", label: "support" }, { digits: "1" }]);
      assert.deepEqual(menu.outputs, ["choice-1", "choice-2", "choice-3", "other", "no-input", "hung-up"]);
      assert.deepEqual(ending(menu, "call.gather.ended", { status: "valid", digits: "1" }), [0, "input"], "the first choice with the digits wins");
      assert.deepEqual(ending(menu, "call.gather.ended", { status: "valid", digits: "2" }), [1, "input"]);
      assert.deepEqual(ending(menu, "call.gather.ended", { status: "valid", digits: "9" }), [3, "other"]);
      assert.deepEqual(ending(menu, "call.gather.ended", { status: "invalid", digits: "1" }), [4, "invalid"], "digits of an invalid gather choose nothing");
      assert.deepEqual(ending(menu, "call.gather.ended", { status: "timeout" }), [4, "no_input"]);
      assert.deepEqual(ending(menu, CALL_HANGUP, { hangup_cause: "normal_clearing" }), [5, "hangup"]);
      assert.deepEqual(timeoutEnding(menu, new Set()), { output: 4, outcome: "timeout" });
    });
  });
});

describe("which table a node waits with (through its operation's descriptor)", () => {
  it("every table a descriptor names is one of the checked tables", () => {
    const checked = new Set(Object.values(OUTCOMES));
    for (const [name, descriptor] of Object.entries(OPERATIONS)) {
      for (const kind of ["result", "delivery", "reply"] as const) {
        const table = descriptor.outcomes?.[kind];
        if (table) assert.ok(checked.has(table), `${name}.outcomes.${kind}`);
      }
    }
  });

  it("call nodes wait with their operation's table when waitFor is on, and have one output when it is off", () => {
    assert.equal(nodeOutcomes("telnyx-dial", { waitFor: true }), OUTCOMES.dial);
    assert.equal(nodeOutcomes("telnyx-answer", { waitFor: true }), OUTCOMES.answer);
    assert.equal(nodeOutcomes("telnyx-speak", { waitFor: true }), OUTCOMES.speak);
    for (const type of ["telnyx-dial", "telnyx-answer", "telnyx-speak"]) {
      assert.equal(nodeOutcomes(type, { waitFor: false }), undefined, type);
      assert.equal(nodeOutcomes(type, { waitFor: "delivery" }), undefined, type);
      assert.equal(outputCount(type, {}), 1, type);
    }
    // dial's rules follow the request: machine detection on, its result decides.
    assert.equal(DIAL.outcomes?.forRequest?.({ answering_machine_detection: "detect" }), OUTCOMES.dial_with_detection);
    assert.equal(DIAL.outcomes?.forRequest?.({ answering_machine_detection: "disabled" }), OUTCOMES.dial);
  });

  it("send SMS waits for delivery or a reply; the TeXML and API nodes never wait", () => {
    assert.equal(nodeOutcomes("telnyx-sms", { waitFor: "delivery" }), OUTCOMES.sms_delivery);
    assert.equal(nodeOutcomes("telnyx-sms", { waitFor: "reply" }), OUTCOMES.sms_reply);
    assert.equal(nodeOutcomes("telnyx-sms", { waitFor: true }), undefined);
    assert.equal(nodeOutcomes("telnyx-sms", { waitFor: "" }), undefined);
    assert.equal(nodeOutcomes("telnyx-texml", { waitFor: true }), undefined);
    assert.equal(nodeOutcomes("telnyx-api", { waitFor: true }), undefined);
  });

  it("call control: the actions that can wait, by action; a menu splits a gather's input", () => {
    const waiting = CALL_ACTIONS.filter((action) => actionCanWait(action));
    assert.deepEqual(waiting, ["transfer", "bridge", "gather_using_speak", "gather", "playback_start", "record_start"]);
    for (const action of CALL_ACTIONS) {
      assert.equal(nodeOutcomes("telnyx-call-control", { waitFor: true, action }), CALL_CONTROL_ACTIONS[action].outcomes?.result, action);
    }
    assert.equal(nodeOutcomes("telnyx-call-control", { waitFor: true, action: "" }), undefined, "msg.action: no fixed outputs");
    assert.equal(nodeOutcomes("telnyx-call-control", { waitFor: true, action: "toString" }), undefined);
    assert.equal(actionCanWait("hangup"), false);
    assert.deepEqual(MENU_ACTIONS, ["gather_using_speak", "gather"]);
    const menu = [{ digits: "1", label: "sales" }, { digits: "2" }, { digits: "x" }];
    assert.deepEqual(nodeOutcomes("telnyx-call-control", { waitFor: true, action: "gather", menu })?.outputs, ["choice-1", "choice-2", "other", "no-input", "hung-up"]);
    assert.equal(nodeOutcomes("telnyx-call-control", { waitFor: true, action: "transfer", menu })?.outputs.length, 2, "only gathers take a menu");
  });
});

describe("canWait: whether a node so configured can wait", () => {
  it("the call nodes always, call control by its action, send SMS by its variant; a node that waits always can", () => {
    for (const type of ["telnyx-dial", "telnyx-answer", "telnyx-speak"]) assert.equal(canWait(type, {}), true, type);
    for (const action of [...CALL_ACTIONS, "", undefined]) assert.equal(canWait("telnyx-call-control", { action }), actionCanWait(action), String(action));
    for (const send of [...MESSAGE_VARIANT_NAMES, "", undefined]) assert.equal(canWait("telnyx-sms", { send }), smsSendCanWait(send), String(send));
    assert.equal(canWait("telnyx-texml", {}), false);
    const configs = [
      ...["telnyx-dial", "telnyx-answer", "telnyx-speak"].map((type) => ({ type, config: { waitFor: true } })),
      ...CALL_ACTIONS.map((action) => ({ type: "telnyx-call-control", config: { waitFor: true, action } })),
      ...MESSAGE_VARIANT_NAMES.flatMap((send) => ["delivery", "reply"].map((waitFor) => ({ type: "telnyx-sms", config: { waitFor, send } }))),
    ];
    for (const { type, config } of configs) if (nodeOutcomes(type, config)) assert.equal(canWait(type, config), true, `${type} ${JSON.stringify(config)}`);
  });
});

describe("send SMS: which variants wait", () => {
  const WAITING = ["message", "long_code", "short_code", "number_pool", "group_mms"];
  const NEVER = ["schedule", "cancel", "whatsapp_template", "whatsapp_text"];

  it("the immediate sends wait for delivery or a reply (also a node from before `send`); scheduling, cancelling and WhatsApp never do", () => {
    for (const send of [undefined, "", ...WAITING]) {
      assert.equal(nodeOutcomes("telnyx-sms", { waitFor: "delivery", send }), OUTCOMES.sms_delivery, String(send));
      assert.equal(nodeOutcomes("telnyx-sms", { waitFor: "reply", send }), OUTCOMES.sms_reply, String(send));
    }
    for (const send of NEVER) {
      assert.equal(nodeOutcomes("telnyx-sms", { waitFor: "delivery", send }), undefined, send);
      assert.equal(outputCount("telnyx-sms", { waitFor: "reply", send }), 1, send);
    }
  });

  it("says for every variant of the node whether it waits", () => {
    assert.deepEqual([...MESSAGE_VARIANT_NAMES].sort(), [...WAITING, ...NEVER].sort());
    for (const send of MESSAGE_VARIANT_NAMES) assert.equal(smsSendCanWait(send), WAITING.includes(send), send);
  });
});
