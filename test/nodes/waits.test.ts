// The wait registry on its own (no Node-RED): waits outlive a node instance, a redeploy hands them to
// the next instance, a removed or not-restarted node fails them with an error that says why.
import assert from "node:assert/strict";
import { OUTCOMES } from "../../src/shared/outcomes";
import { EventHub, type WaitEnd } from "../../src/telnyx/webhook/event-hub";
import type { TelnyxEvent } from "../../src/telnyx/webhook/parse";
import { WaitRegistry, accountHub, type WaitEndedReason, type WaitOwner } from "../../src/nodes/lib/waits";

type Msg = { _msgid: string };

/** A node instance that records what the registry asks of it. */
class Instance implements WaitOwner<Msg> {
  delivered: string[] = [];
  failed: Array<{ msg: string; reason: WaitEndedReason }> = [];
  counts: number[] = [];
  constructor(readonly name: string) {}
  deliver(msg: Msg, end: WaitEnd): void {
    this.delivered.push(`${msg._msgid}:${end.kind === "output" ? end.outcome : `error ${end.error}`}`);
  }
  fail(msg: Msg, reason: WaitEndedReason): void {
    this.failed.push({ msg: msg._msgid, reason });
  }
  counted(count: number): void {
    this.counts.push(count);
  }
}

let eventId = 0;
const speakEnded = (callControlId: string): TelnyxEvent => ({
  data: { event_type: "call.speak.ended", id: `e${++eventId}`, payload: { call_control_id: callControlId, status: "completed" } },
});

function setup() {
  const hub = new EventHub();
  const registry = new WaitRegistry<Msg>();
  const waitOnSpeak = (nodeId: string, msgid: string, callControlId: string, timeoutMs = 60_000) =>
    registry.track(nodeId, { _msgid: msgid }, (onEnd) =>
      hub.wait({ table: OUTCOMES.speak, target: { callControlId }, since: hub.mark(), timeoutMs, onEnd }),
    );
  return { hub, registry, waitOnSpeak };
}

describe("WaitRegistry", () => {
  it("sends an ended wait through the node's instance and counts its waits", () => {
    const { hub, registry, waitOnSpeak } = setup();
    const node = new Instance("one");
    registry.attach("n1", node);
    waitOnSpeak("n1", "m1", "v3:a");
    waitOnSpeak("n1", "m2", "v3:b");
    assert.equal(registry.count("n1"), 2);
    hub.offer(speakEnded("v3:b"));
    assert.deepEqual(node.delivered, ["m2:finished"]);
    assert.deepEqual(node.counts, [1, 2, 1]);
  });

  it("a redeploy (close, not removed, then a new instance of the same id) hands the waits to the new instance", () => {
    const { hub, registry, waitOnSpeak } = setup();
    const before = new Instance("before");
    registry.attach("n1", before);
    waitOnSpeak("n1", "m1", "v3:a");
    waitOnSpeak("n1", "m2", "v3:b");
    registry.detach("n1", before, false);
    hub.offer(speakEnded("v3:a")); // ends while no instance runs: held
    const after = new Instance("after");
    registry.attach("n1", after);
    assert.deepEqual(after.delivered, ["m1:finished"], "what ended meanwhile goes out on the new instance");
    hub.offer(speakEnded("v3:b"));
    assert.deepEqual(after.delivered, ["m1:finished", "m2:finished"]);
    assert.deepEqual(before.delivered, []);
    registry.settle(); // the deploy is done: the node came back, nothing fails
    assert.deepEqual(after.failed, []);
    assert.deepEqual(before.failed, []);
  });

  it("a removed node fails its waits when the deploy is done (Catch nodes run again), saying 'removed'", () => {
    const { hub, registry, waitOnSpeak } = setup();
    const node = new Instance("one");
    registry.attach("n1", node);
    waitOnSpeak("n1", "m1", "v3:a");
    registry.detach("n1", node, true);
    assert.deepEqual(node.failed, [], "not while the deploy is still stopping nodes");
    registry.settle();
    assert.deepEqual(node.failed, [{ msg: "m1", reason: "removed" }]);
    assert.equal(hub.size, 0, "the hub no longer waits");
    hub.offer(speakEnded("v3:a"));
    assert.deepEqual(node.delivered, []);
    assert.equal(registry.count("n1"), 0);
  });

  it("a node not started again after the deploy (disabled) fails its waits, and what ended while it was away", () => {
    const { hub, registry, waitOnSpeak } = setup();
    const node = new Instance("one");
    registry.attach("n1", node);
    waitOnSpeak("n1", "m1", "v3:a");
    waitOnSpeak("n1", "m2", "v3:b");
    registry.detach("n1", node, false);
    hub.offer(speakEnded("v3:a"));
    registry.settle();
    assert.deepEqual(node.failed.map((f) => `${f.msg} ${f.reason}`).sort(), ["m1 not-restarted", "m2 not-restarted"]);
    assert.equal(hub.size, 0);
  });

  it("a timeout during the redeploy is delivered by the new instance", () => {
    const clock = { now: 0, fire: [] as Array<() => void> };
    const hub = new EventHub({ now: () => clock.now, timers: { setTimeout: (fn) => clock.fire.push(fn), clearTimeout: () => undefined } });
    const registry = new WaitRegistry<Msg>();
    const before = new Instance("before");
    registry.attach("n1", before);
    registry.track("n1", { _msgid: "m1" }, (onEnd) => hub.wait({ table: OUTCOMES.gather, target: { callControlId: "v3:a" }, since: hub.mark(), timeoutMs: 5, onEnd }));
    registry.detach("n1", before, false);
    clock.fire.forEach((fn) => fn());
    const after = new Instance("after");
    registry.attach("n1", after);
    assert.deepEqual(after.delivered, ["m1:timeout"]);
  });

  it("a wait that ends inside its registration (the event was buffered) is delivered once and not counted", () => {
    const { hub, registry } = setup();
    const node = new Instance("one");
    registry.attach("n1", node);
    const since = hub.mark();
    hub.offer(speakEnded("v3:a"));
    registry.track("n1", { _msgid: "m1" }, (onEnd) => hub.wait({ table: OUTCOMES.speak, target: { callControlId: "v3:a" }, since, timeoutMs: 1000, onEnd }));
    assert.deepEqual(node.delivered, ["m1:finished"]);
    assert.equal(registry.count("n1"), 0);
  });

  it("a node removed and added back with the same id before the deploy ends keeps its waits", () => {
    const { hub, registry, waitOnSpeak } = setup();
    const before = new Instance("before");
    registry.attach("n1", before);
    waitOnSpeak("n1", "m1", "v3:a");
    registry.detach("n1", before, true);
    const after = new Instance("after");
    registry.attach("n1", after);
    registry.settle();
    hub.offer(speakEnded("v3:a"));
    assert.deepEqual(after.delivered, ["m1:finished"]);
    assert.deepEqual(before.failed, []);
  });

  it("refuses a wait for a node with no running instance, and passes on a hub's refusal without tracking", () => {
    const { registry, waitOnSpeak } = setup();
    assert.throws(() => waitOnSpeak("ghost", "m1", "v3:a"), /node ghost has no running instance/);
    registry.attach("n1", new Instance("one"));
    assert.throws(() => waitOnSpeak("n1", "m1", ""), /nothing to wait on/);
    assert.equal(registry.count("n1"), 0);
  });

  it("takes a wait begun after a close for a redeploy (its command was on its way) and hands it to the next instance; not after a removal", () => {
    const { hub, registry, waitOnSpeak } = setup();
    const before = new Instance("before");
    registry.attach("n1", before);
    registry.detach("n1", before, false);
    waitOnSpeak("n1", "m1", "v3:a");
    assert.deepEqual(before.counts, []);
    const after = new Instance("after");
    registry.attach("n1", after);
    registry.settle();
    hub.offer(speakEnded("v3:a"));
    assert.deepEqual(after.delivered, ["m1:finished"]);
    assert.deepEqual(before.delivered, []);

    const gone = new Instance("gone");
    registry.attach("n2", gone);
    registry.detach("n2", gone, true);
    assert.throws(() => waitOnSpeak("n2", "m2", "v3:b"), /node n2 has no running instance/);
    assert.equal(registry.count("n2"), 0);
  });

  it("keeps one event hub per account id", () => {
    assert.equal(accountHub("acct-1"), accountHub("acct-1"));
    assert.notEqual(accountHub("acct-1"), accountHub("acct-2"));
  });
});
