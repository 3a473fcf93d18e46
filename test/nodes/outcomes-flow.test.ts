// Nodes that wait for the outcome, in a running flow: signed events posted to a real webhook node (the
// spec's example payloads, real Ed25519 signatures over the bytes sent), the stand-in answering the
// commands, the waiting node's outputs and a Catch node collected.
import { strict as assert } from "node:assert";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { TelnyxStandIn } from "../support/telnyx-standin";
import { WebhookPoster } from "../support/webhook-post";
import { TEST_API_KEY, collect, coreNode, helper, nodeModule, onTab, root, settle, waitFor, type FlowNode } from "../support/node-red";
import { CALL_ID, VOICE_TYPES } from "../support/call-control-flow";
import { loadExample } from "../support/examples";
import { until } from "../support/wait";

/** The registry and hubs the built nodes share (nodes/lib), to check nothing is left waiting. */
const builtWaits = require(path.join(root, "nodes", "lib", "nodes", "lib", "waits.js")) as {
  waitRegistry: { count(nodeId: string): number; settle(): void };
  accountHub(id: string): { size: number; clear(): void };
};

const HOOK = "/telnyx/outcomes";
const FROM = "+15550001111";
const TO = "+15550002222";

/** The waiting node's type and properties (its id is always "waiting"). */
type WaitingNode = { type: string; [property: string]: unknown };

type Msg = Record<string, unknown> & { outcome?: string; payload?: Record<string, unknown>; error?: { message: string; code: string } };

describe("nodes that wait for the outcome (flows)", function () {
  let api: TelnyxStandIn;
  let poster: WebhookPoster;

  before(async () => {
    poster = await new WebhookPoster().start();
  });
  after(async () => {
    await poster.close();
  });
  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    const left = builtWaits.waitRegistry.count("waiting");
    await helper.unload();
    // A test that failed may leave waits: end them now, not in the next test's deploy.
    builtWaits.waitRegistry.settle();
    builtWaits.accountHub("acct").clear();
    await api.close();
    assert.equal(left, 0, "every wait ended");
  });

  function accountAndHook(): { nodes: FlowNode[]; credentials: Record<string, Record<string, string>> } {
    return {
      nodes: [
        { id: "acct", type: "telnyx-config", name: "test account", baseUrl: api.baseUrl, fromNumber: FROM, connectionId: "1494404757140276705" },
        { id: "hook", type: "telnyx-webhook", account: "acct", url: HOOK, wires: [["events"]] },
        { id: "events", type: "helper" },
        { id: "catcher", type: "catch", scope: null, uncaught: false, wires: [["caught"]] },
        { id: "caught", type: "helper" },
      ],
      credentials: { acct: { apiKey: TEST_API_KEY, publicKey: poster.signer.publicKeyBase64 } },
    };
  }

  function flowWith(waiting: WaitingNode, outputs: number): FlowNode[] {
    const outs = Array.from({ length: outputs }, (_, i) => ({ id: `o${i}`, type: "helper" }));
    return onTab(...accountAndHook().nodes, { account: "acct", ...waiting, id: "waiting", outputs, wires: outs.map((o) => [o.id]) }, ...outs);
  }

  const modules = () => [poster.mount, nodeModule("telnyx-config"), nodeModule("telnyx-webhook"), nodeModule("telnyx-sms"), ...VOICE_TYPES.map((t) => nodeModule(t)), coreNode("common/25-catch.js")];

  /** Loads one waiting node with `outputs` outputs, each wired to a helper o<i>; returns what each receives. */
  async function load(waiting: WaitingNode, outputs: number) {
    await helper.load(modules() as never, flowWith(waiting, outputs), accountAndHook().credentials);
    return collectAll(outputs);
  }

  function collectAll(outputs: number) {
    const outs = Array.from({ length: outputs }, (_, i) => collect(`o${i}`) as Msg[]);
    return { outs, caught: collect("caught") as Msg[], events: collect("events") as Msg[] };
  }

  /** Where the messages went: "<output>:<outcome>" for each, in output order. */
  function routed(outs: Msg[][]): string[] {
    return outs.flatMap((list, i) => list.map((m) => `${i}:${m.outcome}`));
  }

  /** Resolves once `count` messages have left the node's outputs, all outputs together. */
  async function untilOutcomes(outs: Msg[][], count: number): Promise<void> {
    await until(() => routed(outs).length >= count, `${count} outcomes`).catch(() => {
      throw new Error(`waited for ${count} outcomes, got ${routed(outs).join(", ") || "none"}`);
    });
  }

  function input(msg: Record<string, unknown>): void {
    helper.getNode("waiting").receive(msg as never);
  }

  const callEvent = (type: string, payload: Record<string, unknown> = {}, fixture?: string) => poster.event(type, { call_control_id: CALL_ID, ...payload }, fixture);

  /** Sends msg to the waiting node, waits for its command, posts the events; returns where they went. */
  async function run(waiting: WaitingNode, outputs: number, events: Array<ReturnType<typeof poster.event>>, msg: Record<string, unknown> = { payload: { call_control_id: CALL_ID } }) {
    const got = await load(waiting, outputs);
    input(msg);
    await api.waitForRequests(1);
    // Posted once the command has arrived: before or after its answer, both must work.
    for (const event of events) assert.equal(await poster.post(HOOK, event), 200);
    await untilOutcomes(got.outs, 1);
    await settle(50);
    return got;
  }

  describe("every outcome row", () => {
    // The call's leg, as its events name it (the fixtures'): call.recording.saved names only the leg.
    const LEG = "428c31b6-7af4-4bcb-b7f5-5013ef9657c1";
    const rows: Array<[string, WaitingNode, number, () => Array<ReturnType<typeof poster.event>>, string, Record<string, unknown>?]> = [
      ["answer: answered", { type: "telnyx-answer", waitFor: true }, 2, () => [callEvent("call.answered")], "0:answered"],
      ["answer: ended before it was answered", { type: "telnyx-answer", waitFor: true }, 2, () => [callEvent("call.hangup", { hangup_cause: "originator_cancel" })], "1:hangup"],
      ["speak: finished", { type: "telnyx-speak", waitFor: true, text: "Hello", textType: "str" }, 2, () => [callEvent("call.speak.started"), callEvent("call.speak.ended", { status: "completed" })], "0:finished"],
      ["speak: hung up while speaking", { type: "telnyx-speak", waitFor: true, text: "Hello", textType: "str" }, 2, () => [callEvent("call.hangup")], "1:hangup"],
      ["playback: finished", { type: "telnyx-call-control", action: "playback_start", audioUrl: "https://example.com/a.mp3", audioUrlType: "str", waitFor: true }, 2, () => [callEvent("call.playback.ended", { status: "completed" })], "0:finished"],
      ["gather using speak: input", { type: "telnyx-call-control", action: "gather_using_speak", text: "Press", textType: "str", waitFor: true }, 3, () => [callEvent("call.dtmf.received", { digit: "4" }), callEvent("call.gather.ended", { status: "valid", digits: "4" })], "0:input"],
      ["gather using speak: no input", { type: "telnyx-call-control", action: "gather_using_speak", text: "Press", textType: "str", waitFor: true }, 3, () => [callEvent("call.gather.ended", { status: "timeout", digits: "" })], "1:no_input"],
      ["gather: hung up while gathering", { type: "telnyx-call-control", action: "gather", waitFor: true }, 3, () => [callEvent("call.hangup")], "2:hangup"],
      ["transfer: connected", { type: "telnyx-call-control", action: "transfer", to: "+15550003333", toType: "str", waitFor: true }, 2, () => [callEvent("call.bridged")], "0:connected"],
      ["bridge: not connected (the other call hung up)", { type: "telnyx-call-control", action: "bridge", bridgeWith: "v3:other-call", bridgeWithType: "str", waitFor: true }, 2, () => [poster.event("call.hangup", { call_control_id: "v3:other-call" })], "1:hangup"],
      ["record start: saved (the event names the leg, not the call_control_id, as in the spec)", { type: "telnyx-call-control", action: "record_start", format: "mp3", formatType: "str", channels: "single", channelsType: "str", waitFor: true }, 2,
        () => [poster.event("call.recording.saved", { call_leg_id: LEG })], "0:saved", { payload: { call_control_id: CALL_ID, call_leg_id: LEG } }],
      ["record start: failed", { type: "telnyx-call-control", action: "record_start", format: "mp3", formatType: "str", channels: "single", channelsType: "str", waitFor: true }, 2, () => [callEvent("call.recording.error", { reason: "Internal server error" }, "call.recording.saved")], "1:failed"],
    ];
    for (const [name, node, outputs, events, expected, incoming] of rows) {
      it(name, async () => {
        const { outs, caught } = await run(node, outputs, events(), incoming);
        assert.deepEqual(routed(outs), [expected]);
        assert.deepEqual(caught, []);
        const [msg] = outs.flat();
        const last = events().at(-1)!.data; // the event that ended the wait: its payload, and msg.event as the webhook node sets it
        assert.equal((msg.event as { event_type?: string })?.event_type, last.event_type);
        assert.deepEqual(Object.keys(msg.payload ?? {}).sort(), Object.keys(last.payload).sort());
      });
    }

    it("transfer: not connected when leg B (same call session) hangs up busy", async () => {
      const session = "428c31b6-7af4-4bcb-b7f5-5013ef9657c1";
      const { outs } = await run(
        { type: "telnyx-call-control", action: "transfer", to: "+15550003333", toType: "str", waitFor: true },
        2,
        [poster.event("call.hangup", { call_control_id: "v3:leg-b", call_session_id: session, hangup_cause: "user_busy" })],
        { payload: { call_control_id: CALL_ID, call_session_id: session } },
      );
      assert.deepEqual(routed(outs), ["1:busy"]);
      assert.equal(outs[1][0].payload?.call_control_id, "v3:leg-b", "the event's payload, as sent");
      assert.equal(outs[1][0].call_control_id, CALL_ID, "the call the node waited on");
    });

    describe("dial (the wait is on the call the dial's answer names)", () => {
      const DIALED = "v3:dialed-call";
      async function dialAnd(props: Record<string, unknown>, events: Array<ReturnType<typeof poster.event>>) {
        api.enqueue({ path: /^\/calls$/, body: { data: { call_control_id: DIALED, call_leg_id: "leg-1", call_session_id: "session-1", is_alive: false, record_type: "call" } } });
        return run({ type: "telnyx-dial", to: TO, toType: "str", waitFor: true, ...props }, 3, events, { payload: "go" });
      }

      it("answered", async () => {
        const { outs } = await dialAnd({}, [poster.event("call.initiated", { call_control_id: DIALED }), poster.event("call.answered", { call_control_id: DIALED })]);
        assert.deepEqual(routed(outs), ["0:answered"]);
      });
      it("machine (detection on)", async () => {
        const { outs } = await dialAnd({ answeringMachineDetection: "detect", answeringMachineDetectionType: "str" }, [
          poster.event("call.answered", { call_control_id: DIALED }),
          poster.event("call.machine.detection.ended", { call_control_id: DIALED, result: "machine" }),
        ]);
        assert.deepEqual(routed(outs), ["1:machine"]);
      });
      it("not answered: busy, with Telnyx's hangup cause in msg.payload", async () => {
        const { outs } = await dialAnd({}, [poster.event("call.hangup", { call_control_id: DIALED, hangup_cause: "user_busy", sip_hangup_cause: "486" })]);
        assert.deepEqual(routed(outs), ["2:busy"]);
        assert.equal(outs[2][0].payload?.hangup_cause, "user_busy");
      });
    });
  });

  describe("a gather menu", () => {
    const menuNode = {
      type: "telnyx-call-control",
      action: "gather_using_speak",
      text: "Press 1 for sales, 2 for support",
      textType: "str",
      waitFor: true,
      menu: [{ digits: "1", label: "sales" }, { digits: "2", label: "support" }],
    };
    for (const [digits, expected] of [["1", "0:input"], ["2", "1:input"], ["7", "2:other"]] as const) {
      it(`routes ${digits} to ${expected}`, async () => {
        const { outs } = await run(menuNode, 5, [callEvent("call.gather.ended", { status: "valid", digits })]);
        assert.deepEqual(routed(outs), [expected]);
        assert.equal(outs.flat()[0].payload?.digits, digits);
      });
    }
    it("no input, and hung up, go to the last two outputs", async () => {
      const { outs } = await run(menuNode, 5, [callEvent("call.gather.ended", { status: "invalid" })]);
      assert.deepEqual(routed(outs), ["3:invalid"]);
    });
  });

  describe("send SMS", () => {
    const receipt = (id: string, status: string, type = "message.finalized", errors: unknown[] = []) =>
      poster.event(type, { id, from: { phone_number: FROM }, to: [{ phone_number: TO, status }], errors }, "message.sent");
    /** Sends one SMS (the stand-in answers with message `id`) waiting for `waitFor`, then posts `events`. */
    async function sendAnd(waitFor: string, id: string, events: Array<ReturnType<typeof poster.event>>) {
      api.enqueue({ path: /^\/messages$/, body: { data: { id, record_type: "message", direction: "outbound", from: { phone_number: FROM }, to: [{ phone_number: TO, status: "queued" }] } } });
      const got = await load({ type: "telnyx-sms", to: TO, toType: "str", text: "Reply YES or NO", textType: "str", waitFor, waitTimeout: "2" }, 2);
      input({ payload: "go", appointment: 42 });
      await api.waitForRequests(1);
      for (const event of events) assert.equal(await poster.post(HOOK, event), 200);
      return got;
    }

    it("delivery: delivered (message.sent 'sent' first is only progress)", async () => {
      const id = "40385f64-5717-4562-b3fc-aaaaaaaaa001";
      const { outs } = await sendAnd("delivery", id, [receipt(id, "sent", "message.sent"), receipt(id, "delivered")]);
      await untilOutcomes(outs, 1);
      assert.deepEqual(routed(outs), ["0:delivered"]);
      assert.equal(outs[0][0].appointment, 42, "the rest of the incoming msg travels along");
    });

    it("delivery: failed, with Telnyx's error codes in msg.payload.errors", async () => {
      const id = "40385f64-5717-4562-b3fc-aaaaaaaaa002";
      const { outs } = await sendAnd("delivery", id, [receipt(id, "delivery_failed", "message.finalized", [{ code: "40300", title: "Blocked as spam" }])]);
      await untilOutcomes(outs, 1);
      assert.deepEqual(routed(outs), ["1:failed"]);
      assert.deepEqual(outs[1][0].payload?.errors, [{ code: "40300", title: "Blocked as spam" }]);
    });

    it("reply: the recipient's next message to our number; a message from someone else is not it", async () => {
      const id = "40385f64-5717-4562-b3fc-aaaaaaaaa003";
      const inbound = (from: string, text: string) => poster.event("message.received", { id: `in-${text}`, from: { phone_number: from }, to: [{ phone_number: FROM, status: "delivered" }], text });
      const { outs } = await sendAnd("reply", id, [inbound("+15550009999", "hello"), receipt(id, "delivered"), inbound(TO, "YES")]);
      await untilOutcomes(outs, 1);
      assert.deepEqual(routed(outs), ["0:reply"]);
      assert.equal(outs[0][0].payload?.text, "YES");
    });

    it("reply: no reply within the timeout goes to 'no reply' with outcome timeout", async () => {
      const { outs } = await sendAnd("reply", "40385f64-5717-4562-b3fc-aaaaaaaaa005", []);
      await untilOutcomes(outs, 1);
      assert.deepEqual(routed(outs), ["1:timeout"]);
    });

    describe("group MMS: one wait per recipient", () => {
      const A = "+15550002222";
      const B = "+15550003333";
      const groupId = "40385f64-5717-4562-b3fc-aaaaaaaaa0a0";
      /** The group receipt as Telnyx sends it: every recipient in payload.to with its own status. */
      const groupReceipt = (statuses: Record<string, string>, id = groupId) =>
        poster.event("message.finalized", { id, from: { phone_number: FROM }, to: Object.entries(statuses).map(([phone_number, status]) => ({ phone_number, status })), errors: [] }, "message.sent");
      async function sendGroup(waitFor: string, events: Array<ReturnType<typeof poster.event>>) {
        api.enqueue({
          path: /^\/messages\/group_mms$/,
          body: { data: { id: groupId, record_type: "message", direction: "outbound", from: { phone_number: FROM }, to: [A, B].map((phone_number) => ({ phone_number, status: "queued" })) } },
        });
        const got = await load({ type: "telnyx-sms", send: "group_mms", to: `${A}, ${B}`, toType: "str", text: "Dinner at 8?", textType: "str", waitFor, waitTimeout: "2" }, 2);
        input({ payload: "go", party: 7 });
        await api.waitForRequests(1);
        for (const event of events) assert.equal(await poster.post(HOOK, event), 200);
        return got;
      }

      it("delivery: one receipt naming both recipients ends both waits, each on its own output with msg.to", async () => {
        const { outs } = await sendGroup("delivery", [groupReceipt({ [A]: "delivered", [B]: "delivery_failed" })]);
        await untilOutcomes(outs, 2);
        assert.deepEqual(routed(outs), ["0:delivered", "1:failed"]);
        assert.equal(outs[0][0].to, A);
        assert.equal(outs[1][0].to, B);
        assert.equal(outs[0][0].party, 7, "the rest of the incoming msg travels along");
      });

      it("delivery: a receipt per recipient ends each one's wait", async () => {
        const { outs } = await sendGroup("delivery", [groupReceipt({ [B]: "delivered" }), groupReceipt({ [A]: "delivered" })]);
        await untilOutcomes(outs, 2);
        assert.deepEqual(outs[0].map((m) => m.to).sort(), [A, B]);
      });

      it("reply: each member's reply ends that member's wait; a silent member times out", async () => {
        const reply = poster.event("message.received", { id: "in-group-1", from: { phone_number: B }, to: [{ phone_number: FROM, status: "delivered" }], cc: [{ phone_number: A, status: "delivered" }], text: "Yes!" });
        const { outs } = await sendGroup("reply", [reply]);
        await untilOutcomes(outs, 2);
        assert.deepEqual(routed(outs), ["0:reply", "1:timeout"]);
        assert.equal(outs[0][0].to, B);
        assert.equal(outs[0][0].payload?.text, "Yes!");
        assert.equal(outs[1][0].to, A);
      });
    });

    it("reply: a delivery failure reaches Catch, naming the error code", async () => {
      const id = "40385f64-5717-4562-b3fc-aaaaaaaaa004";
      const got = await sendAnd("reply", id, [receipt(id, "sending_failed", "message.sent", [{ code: "40008", title: "Undeliverable" }])]);
      await waitFor(got.caught, 1, "caught errors");
      assert.equal(got.caught[0].error?.code, "ERR_TELNYX_OUTCOME");
      assert.match(String(got.caught[0].error?.message), /not delivered \(failed, Telnyx error 40008\)/);
      assert.equal(got.caught[0].outcome, "failed");
    });
  });

  describe("correlation", () => {
    const speak = { type: "telnyx-speak", waitFor: true, text: "Hello", textType: "str" };

    it("interleaved calls: each wait ends with its own call's event", async () => {
      const got = await load(speak, 2);
      input({ payload: { call_control_id: "v3:call-1" }, n: 1 });
      input({ payload: { call_control_id: "v3:call-2" }, n: 2 });
      await api.waitForRequests(2);
      await waitUntilWaiting(2);
      await poster.post(HOOK, poster.event("call.speak.ended", { call_control_id: "v3:call-2", status: "completed" }));
      await poster.post(HOOK, poster.event("call.speak.ended", { call_control_id: "v3:call-3", status: "completed" }));
      await poster.post(HOOK, poster.event("call.hangup", { call_control_id: "v3:call-1" }));
      await untilOutcomes(got.outs, 2);
      assert.deepEqual(got.outs[0].map((m) => m.n), [2]);
      assert.deepEqual(got.outs[1].map((m) => m.n), [1]);
    });

    it("the node's status counts its waits, in the locale's words, once the sent status has shown", async () => {
      const got = await load(speak, 2);
      input({ payload: { call_control_id: "v3:call-1" } });
      input({ payload: { call_control_id: "v3:call-2" } });
      await waitUntilWaiting(2);
      const node = helper.getNode("waiting") as unknown as { status: { args: Array<[Record<string, unknown>]> } };
      const latest = () => node.status.args.at(-1)?.[0];
      // The green "queued" shows for 3 s first (RequestStatus), then the count.
      await until(() => isDeepStrictEqual(latest(), { fill: "blue", shape: "ring", text: "waiting on 2" }), "the waiting status", 10_000).catch(() => {
        throw new Error(`latest status: ${JSON.stringify(latest())}`);
      });
      await poster.post(HOOK, poster.event("call.hangup", { call_control_id: "v3:call-1" }));
      await poster.post(HOOK, poster.event("call.hangup", { call_control_id: "v3:call-2" }));
      await untilOutcomes(got.outs, 2);
    });

    it("the same event delivered twice ends one wait once", async () => {
      const got = await load(speak, 2);
      input({ payload: { call_control_id: CALL_ID }, n: 1 });
      input({ payload: { call_control_id: CALL_ID }, n: 2 });
      await waitUntilWaiting(2);
      const once = callEvent("call.speak.ended", { status: "completed" });
      await poster.post(HOOK, once);
      await poster.post(HOOK, once);
      await untilOutcomes(got.outs, 1);
      await settle(200);
      assert.deepEqual(routed(got.outs), ["0:finished"]);
      assert.equal(builtWaits.waitRegistry.count("waiting"), 1);
      await poster.post(HOOK, callEvent("call.hangup"));
      await untilOutcomes(got.outs, 2);
    });

    it("an event that arrives before the command's HTTP answer is not lost", async () => {
      api.enqueue({ path: /\/actions\/speak$/, delayMs: 400 });
      const got = await load(speak, 2);
      input({ payload: { call_control_id: CALL_ID } });
      await api.waitForRequests(1); // the command is in; its answer is 400 ms away
      assert.equal(await poster.post(HOOK, callEvent("call.speak.ended", { status: "completed" })), 200);
      assert.equal(builtWaits.waitRegistry.count("waiting"), 0, "not waiting yet: the answer is not in");
      await untilOutcomes(got.outs, 1);
      assert.deepEqual(routed(got.outs), ["0:finished"]);
    });

    it("a timeout goes to the negative output with outcome 'timeout'; the status counted the wait", async () => {
      const got = await load({ ...speak, waitTimeout: "0.3" }, 2);
      input({ payload: { call_control_id: CALL_ID } });
      await untilOutcomes(got.outs, 1);
      assert.deepEqual(routed(got.outs), ["1:timeout"]);
    });
  });

  describe("redeploys", () => {
    const speak = { type: "telnyx-speak", waitFor: true, text: "Hello", textType: "str" };

    for (const mode of ["full", "nodes"] as const) {
      it(`a wait survives a redeploy (${mode}) and its message goes out on the redeployed node`, async () => {
        await load(speak, 2);
        input({ payload: { call_control_id: CALL_ID }, n: 1 });
        await waitUntilWaiting(1);
        const before = helper.getNode("waiting");
        const flow = flowWith({ ...speak, name: "changed" }, 2);
        await helper.setFlows(flow, mode, accountAndHook().credentials as never);
        assert.notEqual(helper.getNode("waiting"), before, "a new instance");
        const after = collectAll(2);
        await poster.post(HOOK, callEvent("call.speak.ended", { status: "completed" }));
        await untilOutcomes(after.outs, 1);
        assert.deepEqual(routed(after.outs), ["0:finished"]);
        assert.equal(after.outs[0][0].n, 1);
      });
    }

    for (const [how, change] of [
      ["removed", (flow: FlowNode[]) => flow.filter((n) => n.id !== "waiting")],
      ["disabled", (flow: FlowNode[]) => flow.map((n) => (n.id === "waiting" ? { ...n, d: true } : n))],
    ] as const) {
      for (const mode of ["full", "nodes"] as const) {
        it(`a node ${how} while waiting (${mode}) fails its waits to Catch, saying why`, async () => {
          await load(speak, 2);
          input({ payload: { call_control_id: CALL_ID }, n: 7 });
          await waitUntilWaiting(1);
          await helper.setFlows(change(flowWith(speak, 2)), mode, accountAndHook().credentials as never);
          const caught = collect("caught") as Msg[];
          await waitFor(caught, 1, "caught errors");
          assert.equal(caught[0].error?.code, "ERR_TELNYX_WAIT_ENDED");
          // Node-RED stops a disabled node as a removed one: the message names both.
          assert.match(String(caught[0].error?.message), /^stopped waiting for the outcome: the node was removed or disabled$/);
          assert.equal(caught[0].n, 7);
          assert.equal(builtWaits.accountHub("acct").size, 0);
        });
      }
    }
  });

  describe("the examples", () => {
    it("Inbound call IVR reads top to bottom: answer, welcome, menu, transfer; not connected: an apology on the caller's call, then hang up", async () => {
      const example = loadExample("Inbound call IVR with Call Control");
      const tab = String(example.find((n) => n.z)?.z);
      const account = example.find((n) => n.type === "telnyx-config")!;
      const hook = String(example.find((n) => n.type === "telnyx-webhook")!.url);
      // Debug nodes become helpers (same ids), the account points at the stand-in.
      const flow = [
        { id: tab, type: "tab", label: "example" },
        ...example.map((n) => (n.type === "debug" ? { id: n.id, z: n.z, type: "helper" } : n.id === account.id ? { ...n, baseUrl: api.baseUrl } : n)),
      ];
      await helper.load(
        [...modules(), coreNode("function/10-switch.js"), coreNode("common/90-comment.js")] as never,
        flow as never,
        { [account.id]: { apiKey: TEST_API_KEY, publicKey: poster.signer.publicKeyBase64 } },
      );
      const failed = collect(String(example.find((n) => n.type === "catch")!.wires![0][0])) as Msg[];
      const session = "428c31b6-7af4-4bcb-b7f5-5013ef9657c1";
      const onCall = (type: string, payload: Record<string, unknown> = {}) => poster.event(type, { call_control_id: CALL_ID, call_session_id: session, ...payload });
      const commands = () => api.requests.map((r) => `${r.path.replace(encodeURIComponent(CALL_ID), "CALL").replace(CALL_ID, "CALL")}`);
      const step = async (count: number, ...events: Array<ReturnType<typeof poster.event>>) => {
        await api.waitForRequests(count);
        for (const event of events) assert.equal(await poster.post(hook, event), 200);
      };

      await poster.post(hook, onCall("call.initiated", { direction: "incoming", state: "parked" }));
      await step(1, onCall("call.answered"));
      await step(2, onCall("call.speak.started"), onCall("call.speak.ended", { status: "completed" }));
      await step(3, onCall("call.dtmf.received", { digit: "1" }), onCall("call.gather.ended", { status: "valid", digits: "1" }));
      // The transfer's leg B: its call.initiated (outgoing, another call) must not start the flow again.
      await step(4, poster.event("call.initiated", { call_control_id: "v3:leg-b", call_session_id: session, direction: "outgoing" }),
        poster.event("call.hangup", { call_control_id: "v3:leg-b", call_session_id: session, hangup_cause: "user_busy" }));
      await step(5, onCall("call.speak.ended", { status: "completed" }));
      await api.waitForRequests(6);
      await settle(100);
      assert.deepEqual(commands(), [
        "/calls/CALL/actions/answer",
        "/calls/CALL/actions/speak",
        "/calls/CALL/actions/gather_using_speak",
        "/calls/CALL/actions/transfer",
        "/calls/CALL/actions/speak",
        "/calls/CALL/actions/hangup",
      ]);
      assert.match(String((api.requests[4].body as { payload?: string }).payload), /^Sorry/);
      assert.deepEqual(failed, []);
    });
  });

  async function waitUntilWaiting(count: number): Promise<void> {
    await until(() => builtWaits.waitRegistry.count("waiting") >= count, `${count} waits`).catch(() => {
      throw new Error(`waited for ${count} waits, got ${builtWaits.waitRegistry.count("waiting")}`);
    });
  }
});
