// Nothing lost, nothing sent twice across a redeploy: 3,000 messages queued in a telnyx-sms node while the
// stand-in answers slowly, then the account is edited and deployed ("modified nodes" and "full", with a
// Catch node scoped to the SMS node and one that catches everything). Every message must come out exactly
// once, as an output or an error, and the stand-in must receive every SMS exactly once.
import { strict as assert } from "node:assert";
import { until } from "../support/wait";
import { TelnyxStandIn } from "../support/telnyx-standin";
import { account, coreNode, helper, nodeModule, onTab, type FlowNode } from "../support/node-red";

const COUNT = 3_000;

describe("redeploying with messages queued", function () {
  this.timeout(60_000);
  let api: TelnyxStandIn;
  const nodes = () => [nodeModule("telnyx-config"), nodeModule("telnyx-sms"), coreNode("common/25-catch.js")];

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
    api.defaultDelayMs = 10;
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  function flowWith(catchScope: string[] | null) {
    const acct = account(api.baseUrl, { fromNumber: "+15550001111", maxConcurrent: 10 });
    const flow = onTab(
      acct.node,
      { id: "sms", type: "telnyx-sms", account: "acct", wires: [["out"]] },
      { id: "out", type: "helper" },
      { id: "catcher", type: "catch", scope: catchScope, uncaught: false, wires: [["caught"]] },
      { id: "caught", type: "helper" },
    );
    return { flow, credentials: acct.credentials };
  }

  /** Loads the flow, queues COUNT messages and waits until some are on their way. */
  async function queueMessages(catchScope: string[] | null) {
    const { flow, credentials } = flowWith(catchScope);
    await helper.load(nodes() as never, flow, credentials);
    const outputs: number[] = [];
    const errors: Array<{ seq: number; code: string }> = [];
    // Called again after a deploy: a full deploy recreates the helper nodes too (each instance once).
    const listening = new WeakSet<object>();
    const on = (id: string, listener: (msg: Record<string, unknown>) => void) => {
      const node = helper.getNode(id) as unknown as { on(event: "input", l: typeof listener): void };
      if (listening.has(node)) return;
      listening.add(node);
      node.on("input", listener);
    };
    const listen = () => {
      on("out", (msg) => outputs.push(msg.seq as number));
      on("caught", (msg) => errors.push({ seq: msg.seq as number, code: (msg.error as { code: string }).code }));
    };
    listen();
    const sms = helper.getNode("sms");
    for (let seq = 0; seq < COUNT; seq++) sms.receive({ payload: `message ${seq}`, to: "+15557654321", seq } as never);
    await api.waitForRequests(50);
    return { flow, credentials, outputs, errors, listen };
  }

  /** Every message came out exactly once; the stand-in got each SMS at most once, and exactly the outputs. */
  async function assertAccountedFor(outputs: number[], errors: Array<{ seq: number }>) {
    await until(() => outputs.length + errors.length >= COUNT, `${COUNT} messages accounted for`, 40_000);
    const seen = [...outputs, ...errors.map((e) => e.seq)].sort((a, b) => a - b);
    assert.deepEqual(seen, Array.from({ length: COUNT }, (_, i) => i), "each message once, as an output or an error");
    const texts = api.requests.map((r) => (r.body as { text: string }).text);
    assert.equal(new Set(texts).size, texts.length, "no SMS received twice");
    assert.equal(texts.length, outputs.length, "every SMS sent has its output, and nothing else was sent");
  }

  function warnings(): string[] {
    return (helper.log() as unknown as { args: Array<[{ level: number; type?: string; msg: unknown }]> }).args
      .map(([entry]) => entry)
      .filter((entry) => entry.level === 30 && entry.type?.startsWith("telnyx-"))
      .map((entry) => String(entry.msg));
  }

  for (const type of ["nodes", "full"] as const) {
    for (const scoped of [true, false]) {
      it(`continues every queued message after the account is edited ("${type}" deploy, Catch ${scoped ? "scoped to the node" : "for all nodes"})`, async () => {
        const { flow, credentials, outputs, errors, listen } = await queueMessages(scoped ? ["sms"] : null);
        const edited = flow.map((n) => (n.id === "acct" ? { ...n, name: "edited account" } : n));
        await helper.setFlows(edited as never, type, credentials);
        listen();
        await assertAccountedFor(outputs, errors);
        assert.deepEqual(errors, [], "nothing failed: the queued messages went out through the redeployed account");
        assert.deepEqual(warnings(), []);
      });
    }
  }

  it("keeps arrival order and the in-flight bound across a redeploy of the node itself", async () => {
    const { flow, credentials, outputs, errors, listen } = await queueMessages(["sms"]);
    const edited = flow.map((n) => (n.id === "sms" ? { ...n, name: "edited sms" } : n));
    await helper.setFlows(edited as never, "nodes", credentials);
    listen();
    await assertAccountedFor(outputs, errors);
    const sentOrder = api.requests.map((r) => Number((r.body as { text: string }).text.split(" ")[1]));
    // Started in arrival order; over 10 connections they may reach the stand-in a few places apart, never more.
    const displaced = sentOrder.filter((seq, position) => Math.abs(seq - position) > 10);
    assert.deepEqual(displaced, [], "sent in arrival order");
    assert.ok(api.maxInFlight <= 10, `at most 10 in flight, saw ${api.maxInFlight}`);
  });

  for (const how of ["removed", "disabled"] as const) {
    it(`ends the unsent messages with ERR_TELNYX_CLOSED and one warning when the node is ${how}`, async () => {
      const { flow, credentials, outputs, errors } = await queueMessages(null);
      const next: FlowNode[] =
        how === "removed" ? flow.filter((n) => n.id !== "sms") : flow.map((n) => (n.id === "sms" ? { ...n, d: true } : n));
      await helper.setFlows(next as never, "nodes", credentials);
      await assertAccountedFor(outputs, errors);
      assert.ok(errors.length > 0 && errors.every((e) => e.code === "ERR_TELNYX_CLOSED"), "the unsent ones ended with ERR_TELNYX_CLOSED");
      const notSent = warnings().filter((w) => /not sent/.test(w));
      assert.equal(notSent.length, 1, "one warning");
      assert.match(notSent[0], new RegExp(`^${errors.length} message\\(s\\) not sent: the node was removed or disabled`));
    });
  }
});
