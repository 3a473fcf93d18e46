// The event hub on its own: correlation, the buffer for events that beat the command's answer, repeats,
// hangups, timeouts and bounds. A manual clock drives the timers, so nothing here sleeps.
import assert from "node:assert/strict";
import { OUTCOMES, gatherMenu, type OutcomeTable } from "../../src/shared/outcomes";
import { EventHub, WaitLimitError, type EventHubOptions, type WaitEnd, type WaitTarget } from "../../src/telnyx/webhook/event-hub";
import type { TelnyxEvent } from "../../src/telnyx/webhook/parse";
import { fixtureJson } from "../support/fixtures";

/** Timers run by hand: advance(ms) fires what is due, in order. */
class ManualClock {
  now = 1_700_000_000_000;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  readonly timerApi = {
    setTimeout: (fn: () => void, ms: number) => {
      const id = this.next++;
      this.timers.set(id, { at: this.now + ms, fn });
      return id;
    },
    clearTimeout: (id: unknown) => {
      this.timers.delete(id as number);
    },
  };
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
  get pending(): number {
    return this.timers.size;
  }
}

let nextEventId = 0;

/** A Telnyx event shaped like the spec's example for `type`, with our own id and payload fields. */
function event(type: string, payload: Record<string, unknown>, id = `evt-${++nextEventId}`): TelnyxEvent {
  const fixtureName = FIXTURE_OF[type];
  const base = fixtureName ? fixtureJson<TelnyxEvent>(`webhooks/${fixtureName}.json`).data.payload : {};
  return { data: { event_type: type, id, record_type: "event", occurred_at: "2026-11-29T12:00:00Z", payload: { ...base, ...payload } } };
}

const FIXTURE_OF: Record<string, string> = {
  "call.answered": "call.answered",
  "call.hangup": "call.hangup",
  "call.bridged": "call.bridged",
  "call.speak.ended": "call.speak.ended",
  "call.gather.ended": "call.gather.ended",
  "call.playback.ended": "call.playback.ended",
  "call.machine.detection.ended": "call.machine.detection.ended",
  "call.recording.saved": "call.recording.saved",
  "message.sent": "message.sent",
  "message.finalized": "message.sent",
  "message.received": "message.received",
};

const CALL_A = "v3:call-A";
const CALL_B = "v3:call-B";
const hangup = (callControlId: string, cause = "normal_clearing", extra: Record<string, unknown> = {}) =>
  event("call.hangup", { call_control_id: callControlId, hangup_cause: cause, ...extra });
const speakEnded = (callControlId: string, status = "completed") => event("call.speak.ended", { call_control_id: callControlId, status });

function setup(options: EventHubOptions = {}) {
  const clock = new ManualClock();
  const errors: unknown[] = [];
  const hub = new EventHub({ now: () => clock.now, timers: clock.timerApi, onError: (e) => errors.push(e), ...options });
  const ends: Array<{ name: string; end: WaitEnd }> = [];
  const wait = (name: string, table: OutcomeTable, target: WaitTarget, since = hub.mark(), timeoutMs = 30_000) =>
    hub.wait({ table, target, since, timeoutMs, onEnd: (end) => ends.push({ name, end }) });
  const outcomes = () => ends.map(({ name, end }) => `${name}:${end.kind === "output" ? `${end.output}/${end.outcome}` : `error/${end.outcome}`}`);
  return { clock, hub, wait, ends, outcomes, errors };
}

describe("EventHub", () => {
  describe("calls", () => {
    it("ends a speak wait with the first call.speak.ended of its call, on the finished output", () => {
      const { hub, wait, ends, outcomes } = setup();
      wait("speak", OUTCOMES.speak, { callControlId: CALL_A });
      assert.equal(hub.size, 1);
      assert.deepEqual(hub.offer(speakEnded(CALL_A)), { duplicate: false, ended: 1 });
      assert.deepEqual(outcomes(), ["speak:0/finished"]);
      const end = ends[0].end;
      assert.equal(end.kind === "output" && end.event?.data.event_type, "call.speak.ended");
      assert.equal(hub.size, 0);
    });

    it("never ends a wait with an event of another call, interleaved with its own", () => {
      const { wait, hub, outcomes } = setup();
      wait("A", OUTCOMES.speak, { callControlId: CALL_A });
      wait("B", OUTCOMES.gather, { callControlId: CALL_B });
      hub.offer(speakEnded(CALL_B)); // B waits for a gather, not a speak
      hub.offer(event("call.gather.ended", { call_control_id: CALL_A, status: "valid", digits: "5" })); // A waits for a speak
      assert.deepEqual(outcomes(), []);
      hub.offer(event("call.gather.ended", { call_control_id: CALL_B, status: "valid", digits: "42" }));
      hub.offer(speakEnded(CALL_A));
      assert.deepEqual(outcomes(), ["B:0/input", "A:0/finished"]);
    });

    it("ends two waits of the same kind on one call in the order they were made (one event each)", () => {
      const { wait, hub, outcomes } = setup();
      wait("first", OUTCOMES.speak, { callControlId: CALL_A });
      wait("second", OUTCOMES.speak, { callControlId: CALL_A });
      assert.equal(hub.offer(speakEnded(CALL_A)).ended, 1);
      assert.deepEqual(outcomes(), ["first:0/finished"]);
      hub.offer(speakEnded(CALL_A));
      assert.deepEqual(outcomes(), ["first:0/finished", "second:0/finished"]);
    });

    it("drops a repeat delivery (same event id): it never ends a second wait", () => {
      const { wait, hub, outcomes } = setup();
      wait("first", OUTCOMES.speak, { callControlId: CALL_A });
      wait("second", OUTCOMES.speak, { callControlId: CALL_A });
      const once = speakEnded(CALL_A);
      assert.deepEqual(hub.offer(once), { duplicate: false, ended: 1 });
      assert.deepEqual(hub.offer(structuredClone(once)), { duplicate: true, ended: 0 });
      assert.deepEqual(outcomes(), ["first:0/finished"]);
      assert.equal(hub.size, 1);
    });

    it("a hangup ends every wait on its call, each on its hung-up output, and no wait of another call", () => {
      const { wait, hub, outcomes } = setup();
      wait("speak", OUTCOMES.speak, { callControlId: CALL_A });
      wait("gather", gatherMenu([{ digits: "1" }, { digits: "2" }]), { callControlId: CALL_A });
      wait("other", OUTCOMES.speak, { callControlId: CALL_B });
      assert.equal(hub.offer(hangup(CALL_A)).ended, 2);
      assert.deepEqual(outcomes(), ["speak:1/hangup", "gather:4/hangup"]);
      assert.equal(hub.size, 1);
    });

    it("keeps an event that beats the command's answer, and gives it to the wait that registers next", () => {
      const { wait, hub, outcomes } = setup();
      const since = hub.mark(); // before the dial is sent
      hub.offer(event("call.initiated", { call_control_id: CALL_A }));
      hub.offer(event("call.answered", { call_control_id: CALL_A }));
      assert.equal(hub.buffered, 2);
      wait("dial", OUTCOMES.dial, { callControlId: CALL_A }, since);
      assert.deepEqual(outcomes(), ["dial:0/answered"]);
    });

    it("does not give a buffered event from before the command to its wait", () => {
      const { wait, hub, outcomes } = setup();
      hub.offer(speakEnded(CALL_A)); // an earlier speak's end, nobody waiting
      const since = hub.mark();
      wait("speak", OUTCOMES.speak, { callControlId: CALL_A }, since);
      assert.deepEqual(outcomes(), []);
      hub.offer(speakEnded(CALL_A));
      assert.deepEqual(outcomes(), ["speak:0/finished"]);
    });

    it("gives a buffered event to one wait only", () => {
      const { wait, hub, outcomes } = setup();
      const since = hub.mark();
      hub.offer(speakEnded(CALL_A));
      wait("first", OUTCOMES.speak, { callControlId: CALL_A }, since);
      wait("second", OUTCOMES.speak, { callControlId: CALL_A }, since);
      assert.deepEqual(outcomes(), ["first:0/finished"]);
    });

    it("a buffered hangup ends every wait that registers after it (since before it)", () => {
      const { wait, hub, outcomes } = setup();
      const since = hub.mark();
      hub.offer(hangup(CALL_A, "user_busy"));
      wait("dial", OUTCOMES.dial, { callControlId: CALL_A }, since);
      wait("speak", OUTCOMES.speak, { callControlId: CALL_A }, since);
      assert.deepEqual(outcomes(), ["dial:2/busy", "speak:1/hangup"]);
    });

    it("events out of order: dial with detection ends on the result whether it comes before or after call.answered", () => {
      const { wait, hub, outcomes } = setup();
      wait("before", OUTCOMES.dial_with_detection, { callControlId: CALL_A });
      hub.offer(event("call.machine.detection.ended", { call_control_id: CALL_A, result: "machine" }));
      hub.offer(event("call.answered", { call_control_id: CALL_A }));
      wait("after", OUTCOMES.dial_with_detection, { callControlId: CALL_B });
      hub.offer(event("call.answered", { call_control_id: CALL_B }));
      assert.deepEqual(outcomes(), ["before:1/machine"]);
      hub.offer(event("call.machine.detection.ended", { call_control_id: CALL_B, result: "human" }));
      assert.deepEqual(outcomes(), ["before:1/machine", "after:0/answered"]);
    });

    it("dial with detection: answered but no result by the timeout is answered; not answered at all is a timeout", () => {
      const { wait, hub, clock, outcomes } = setup();
      wait("answered", OUTCOMES.dial_with_detection, { callControlId: CALL_A }, hub.mark(), 10_000);
      wait("silent", OUTCOMES.dial_with_detection, { callControlId: CALL_B }, hub.mark(), 10_000);
      hub.offer(event("call.answered", { call_control_id: CALL_A }));
      clock.advance(9_999);
      assert.deepEqual(outcomes(), []);
      clock.advance(1);
      assert.deepEqual(outcomes(), ["answered:0/answered", "silent:2/timeout"]);
    });

    it("transfer: leg B (same call session, new call) hanging up is not connected; the bridge is connected", () => {
      const { wait, hub, outcomes } = setup();
      const session = "session-1";
      wait("busy", OUTCOMES.transfer, { callControlId: CALL_A, callSessionId: session });
      hub.offer(event("call.initiated", { call_control_id: "v3:leg-B1", call_session_id: session }));
      hub.offer(hangup("v3:leg-B1", "user_busy", { call_session_id: session }));
      wait("ok", OUTCOMES.transfer, { callControlId: CALL_A, callSessionId: session });
      hub.offer(event("call.bridged", { call_control_id: CALL_A, call_session_id: session }));
      assert.deepEqual(outcomes(), ["busy:1/busy", "ok:0/connected"]);
    });

    it("bridge: a hangup of the other call ends the wait unconnected", () => {
      const { wait, hub, outcomes } = setup();
      wait("bridge", OUTCOMES.bridge, { callControlId: CALL_A, otherCallControlId: CALL_B });
      hub.offer(hangup(CALL_B));
      assert.deepEqual(outcomes(), ["bridge:1/hangup"]);
    });

    it("record start: the hangup leaves a grace for call.recording.saved, which names the call's leg (the spec gives it no call_control_id) and ends it", () => {
      const { wait, hub, clock, outcomes } = setup();
      wait("saved", OUTCOMES.record_start, { callControlId: CALL_A, callLegId: "leg-A" }, hub.mark(), 3_600_000);
      wait("lost", OUTCOMES.record_start, { callControlId: CALL_B, callLegId: "leg-B" }, hub.mark(), 3_600_000);
      hub.offer(hangup(CALL_A));
      hub.offer(hangup(CALL_B));
      assert.deepEqual(outcomes(), []);
      const saved = event("call.recording.saved", { call_leg_id: "leg-A" });
      assert.equal("call_control_id" in (saved.data.payload ?? {}), false, "as the spec has it");
      hub.offer(saved);
      assert.deepEqual(outcomes(), ["saved:0/saved"]);
      clock.advance(60_000);
      assert.deepEqual(outcomes(), ["saved:0/saved", "lost:1/timeout"]);
    });

    it("an event that names a leg and no call_control_id ends no wait that does not know the leg", () => {
      const { wait, hub, outcomes } = setup();
      wait("unknown leg", OUTCOMES.record_start, { callControlId: CALL_A });
      wait("other leg", OUTCOMES.record_start, { callControlId: CALL_B, callLegId: "leg-B" });
      assert.deepEqual(hub.offer(event("call.recording.saved", { call_leg_id: "leg-A" })), { duplicate: false, ended: 0 });
      assert.deepEqual(outcomes(), []);
      // An event that names its call is matched by the call, as always.
      hub.offer(event("call.recording.saved", { call_control_id: CALL_A, call_leg_id: "leg-A" }));
      assert.deepEqual(outcomes(), ["unknown leg:0/saved"]);
    });

    it("playback that never played ends with an error (msg to Catch)", () => {
      const { wait, hub, ends } = setup();
      wait("play", OUTCOMES.playback_start, { callControlId: CALL_A });
      hub.offer(event("call.playback.ended", { call_control_id: CALL_A, status: "file_not_found", status_detail: "404" }));
      assert.equal(ends[0].end.kind, "error");
      assert.equal(ends[0].end.kind === "error" && ends[0].end.error, "playback-failed");
    });
  });

  describe("messages", () => {
    const FROM = "+15550001111";
    const TO = "+15550002222";
    const sent = (id: string, to: string, status: string, type = "message.finalized") =>
      event(type, { id, from: { phone_number: FROM }, to: [{ phone_number: to, status }] });
    const inbound = (from: string, to: string, text: string) =>
      event("message.received", { id: `in-${++nextEventId}`, from: { phone_number: from }, to: [{ phone_number: to, status: "delivered" }], text });

    it("delivery: the message's final status for its recipient; progress statuses and other messages ignored", () => {
      const { wait, hub, outcomes } = setup();
      wait("ok", OUTCOMES.sms_delivery, { messageId: "m1", recipient: TO });
      wait("bad", OUTCOMES.sms_delivery, { messageId: "m2", recipient: TO });
      hub.offer(sent("m1", TO, "queued", "message.sent"));
      hub.offer(sent("m1", TO, "sent", "message.sent"));
      hub.offer(sent("m3", TO, "delivered"));
      assert.deepEqual(outcomes(), []);
      hub.offer(sent("m2", TO, "delivery_failed"));
      hub.offer(sent("m1", TO, "delivered"));
      assert.deepEqual(outcomes(), ["bad:1/failed", "ok:0/delivered"]);
      const failed = fixtureJson<TelnyxEvent>("webhooks/message.sent.json"); // errors[] travels in the payload
      assert.ok(Array.isArray(failed.data.payload?.errors));
    });

    it("delivery receipts that beat the send's answer are kept", () => {
      const { wait, hub, outcomes } = setup();
      const since = hub.mark();
      hub.offer(sent("m1", TO, "delivered"));
      wait("sms", OUTCOMES.sms_delivery, { messageId: "m1", recipient: TO }, since);
      assert.deepEqual(outcomes(), ["sms:0/delivered"]);
    });

    it("reply: the recipient's next message to the sending number, not from someone else or to another number", () => {
      const { wait, hub, ends, outcomes } = setup();
      wait("reply", OUTCOMES.sms_reply, { messageId: "m1", recipient: TO, sender: FROM });
      hub.offer(inbound("+15550003333", FROM, "not the recipient"));
      hub.offer(inbound(TO, "+15550004444", "to another of our numbers"));
      hub.offer(sent("m1", TO, "delivered")); // delivered: still waiting for the reply
      assert.deepEqual(outcomes(), []);
      hub.offer(inbound(TO, FROM, "YES"));
      assert.deepEqual(outcomes(), ["reply:0/reply"]);
      const end = ends[0].end;
      assert.equal(end.kind === "output" && end.event?.data.payload?.text, "YES");
    });

    it("reply: a delivery failure ends the wait with an error; a reply before the send's answer counts", () => {
      const { wait, hub, outcomes } = setup();
      wait("failed", OUTCOMES.sms_reply, { messageId: "m1", recipient: TO, sender: FROM });
      hub.offer(sent("m1", TO, "sending_failed", "message.sent"));
      const since = hub.mark();
      hub.offer(inbound("+15550005555", FROM, "quick"));
      wait("quick", OUTCOMES.sms_reply, { messageId: "m2", recipient: "+15550005555", sender: FROM }, since);
      assert.deepEqual(outcomes(), ["failed:error/failed", "quick:0/reply"]);
    });

    it("group MMS: one receipt naming several recipients ends each one's wait, also from the buffer", () => {
      const { wait, hub, outcomes } = setup();
      const B = "+15550003333";
      const group = (statuses: Record<string, string>) =>
        event("message.finalized", { id: "g1", from: { phone_number: FROM }, to: Object.entries(statuses).map(([phone_number, status]) => ({ phone_number, status })) });
      wait("A", OUTCOMES.sms_delivery, { messageId: "g1", recipient: TO });
      wait("B", OUTCOMES.sms_delivery, { messageId: "g1", recipient: B });
      assert.equal(hub.offer(group({ [TO]: "delivered", [B]: "delivery_failed" })).ended, 2);
      assert.deepEqual(outcomes(), ["A:0/delivered", "B:1/failed"]);
      // A receipt that beats the send's answer is there for every recipient's wait.
      const since = hub.mark();
      hub.offer(event("message.finalized", { id: "g2", from: { phone_number: FROM }, to: [{ phone_number: TO, status: "delivered" }, { phone_number: B, status: "delivered" }] }));
      wait("A2", OUTCOMES.sms_delivery, { messageId: "g2", recipient: TO }, since);
      wait("B2", OUTCOMES.sms_delivery, { messageId: "g2", recipient: B }, since);
      assert.deepEqual(outcomes().slice(2), ["A2:0/delivered", "B2:0/delivered"]);
    });

    it("reply: an inbound message from before the send is not a reply to it", () => {
      const { wait, hub, outcomes } = setup();
      hub.offer(inbound(TO, FROM, "the message that started the flow"));
      wait("reply", OUTCOMES.sms_reply, { messageId: "m1", recipient: TO, sender: FROM });
      assert.deepEqual(outcomes(), []);
    });
  });

  describe("timeouts and ends", () => {
    it("a timeout goes to the table's negative output with outcome 'timeout', and clears the wait", () => {
      const { wait, hub, clock, outcomes } = setup();
      wait("gather", OUTCOMES.gather, { callControlId: CALL_A }, hub.mark(), 5_000);
      clock.advance(5_000);
      assert.deepEqual(outcomes(), ["gather:1/timeout"]);
      assert.equal(hub.size, 0);
      hub.offer(event("call.gather.ended", { call_control_id: CALL_A, status: "valid" }));
      assert.deepEqual(outcomes(), ["gather:1/timeout"], "a late event ends nothing");
    });

    it("an ended wait's timer is cleared; cancel ends a wait silently", () => {
      const { wait, hub, clock, outcomes } = setup();
      const w = wait("cancelled", OUTCOMES.speak, { callControlId: CALL_A });
      wait("ended", OUTCOMES.speak, { callControlId: CALL_B });
      hub.offer(speakEnded(CALL_B));
      assert.equal(w.cancel(), true);
      assert.equal(w.cancel(), false);
      assert.equal(clock.pending, 0);
      hub.offer(speakEnded(CALL_A));
      assert.deepEqual(outcomes(), ["ended:0/finished"]);
    });

    it("an onEnd that throws is reported and the hub carries on", () => {
      const { hub, errors } = setup();
      hub.wait({ table: OUTCOMES.speak, target: { callControlId: CALL_A }, since: hub.mark(), timeoutMs: 1000, onEnd: () => { throw new Error("flow broke"); } });
      hub.offer(speakEnded(CALL_A));
      assert.equal((errors[0] as Error).message, "flow broke");
      assert.equal(hub.size, 0);
    });
  });

  describe("bounds", () => {
    it("refuses a wait beyond maxWaits with a clear error", () => {
      const { wait } = setup({ maxWaits: 2 });
      wait("1", OUTCOMES.speak, { callControlId: "v3:1" });
      wait("2", OUTCOMES.speak, { callControlId: "v3:2" });
      assert.throws(() => wait("3", OUTCOMES.speak, { callControlId: "v3:3" }), (err: unknown) => err instanceof WaitLimitError && err.code === "ERR_TELNYX_WAITS_FULL" && /2 commands waiting/.test(String(err)));
    });

    it("refuses a wait with nothing to correlate on, or a timeout out of range", () => {
      const { wait } = setup();
      assert.throws(() => wait("x", OUTCOMES.speak, {}), /target: nothing to wait on/);
      assert.throws(() => wait("x", OUTCOMES.sms_reply, { messageId: "m1", recipient: "+15550001111" }), /nothing to wait on/);
      assert.throws(() => wait("x", OUTCOMES.speak, { callControlId: CALL_A }, 0, 0), /timeoutMs: expected/);
      assert.throws(() => wait("x", OUTCOMES.speak, { callControlId: CALL_A }, 0, 2 ** 31), /timeoutMs: expected/);
    });

    it("keeps at most maxBuffered events, and none longer than bufferMs", () => {
      const { hub, clock, wait, outcomes } = setup({ maxBuffered: 3, bufferMs: 1_000 });
      const since = hub.mark();
      for (let i = 0; i < 5; i++) hub.offer(speakEnded(`v3:${i}`));
      assert.equal(hub.buffered, 3);
      wait("evicted", OUTCOMES.speak, { callControlId: "v3:0" }, since);
      wait("kept", OUTCOMES.speak, { callControlId: "v3:4" }, since);
      assert.deepEqual(outcomes(), ["kept:0/finished"]);
      clock.advance(1_000);
      hub.offer(event("call.initiated", { call_control_id: "v3:new" }));
      assert.equal(hub.buffered, 1, "only the new event is left");
    });

    it("remembers at most maxSeen event ids", () => {
      const { hub } = setup({ maxSeen: 2 });
      const first = speakEnded(CALL_A);
      hub.offer(first);
      hub.offer(speakEnded(CALL_B));
      hub.offer(speakEnded(CALL_B));
      assert.equal(hub.offer(first).duplicate, false, "the oldest id was forgotten");
    });

    it("does not keep events it cannot correlate (no call, message or numbers)", () => {
      const { hub } = setup();
      hub.offer({ data: { event_type: "fax.queued", id: "f1", payload: { fax_id: "x" } } });
      assert.equal(hub.buffered, 0);
    });

    it("rejects option values that make no sense", () => {
      assert.throws(() => new EventHub({ maxWaits: 0 }), /maxWaits: expected a whole number >= 1, got 0/);
      assert.throws(() => new EventHub({ bufferMs: 1.5 }), /bufferMs/);
    });

    it("clear() ends every wait silently and empties the buffer", () => {
      const { hub, wait, outcomes, clock } = setup();
      wait("a", OUTCOMES.speak, { callControlId: CALL_A });
      hub.offer(speakEnded(CALL_B));
      hub.clear();
      assert.equal(hub.size, 0);
      assert.equal(hub.buffered, 0);
      assert.equal(clock.pending, 0);
      assert.deepEqual(outcomes(), []);
    });
  });
});
