// Several Node-RED instances behind a load balancer, sharing one Redis: two real Node-REDs (red.js) with
// the same flows and account, and a real redis-server on loopback (no persistence), all started here.
// Telnyx may deliver one event to both instances at once (a retry racing the first delivery); each event
// must still be emitted once in total, also across a Redis outage and restart. And a command waiting for
// its outcome on one instance must see the event that another instance received.
//
// Each instance records the ids its webhook emits in flow context and serves them at GET /emitted. An
// emitted message reaches that recorder before the delivery's answer has even reached us (Node-RED
// delivers queued messages before it reads the next request), so once every delivery is answered, the
// lists are complete: no waiting on timers.
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { makeSigner } from "../support/fixtures";
import { startRealNodeRed, type RealNodeRed } from "../support/real-node-red";
import { startRedis, type TestRedis } from "../support/redis-server";
import { TelnyxStandIn } from "../support/telnyx-standin";

/** Events delivered at once (each to both instances): enough to race, few enough for two shared cores. */
const CONCURRENCY = 24;

describe("several instances sharing Redis (two real Node-REDs, a real redis-server)", function () {
  this.timeout(600_000); // 10,000 deliveries: slow on a shared 2-core machine, never timed
  const signer = makeSigner();
  let redis: TestRedis;
  let api: TelnyxStandIn;
  let instances: RealNodeRed[] = [];

  function flows(redisUrl: string, baseUrl: string) {
    const at = (x: number, y = 100) => ({ z: "tab", x, y });
    return [
      { id: "tab", type: "tab", label: "several instances" },
      { id: "acct", type: "telnyx-config", name: "account", redisUrl, baseUrl, fromNumber: "+15550100001", connectionId: "1494404757140276705" },
      { id: "hook", type: "telnyx-webhook", ...at(100), account: "acct", url: "/telnyx/events", wires: [["record"]] },
      {
        id: "record",
        type: "function",
        ...at(300),
        func: 'const ids = flow.get("ids") || [];\nids.push(msg.event.id);\nflow.set("ids", ids);\nreturn null;',
        outputs: 0,
        wires: [],
      },
      { id: "ask", type: "http in", ...at(100, 200), url: "/emitted", method: "get", wires: [["list"]] },
      { id: "list", type: "function", ...at(300, 200), func: 'msg.payload = flow.get("ids") || [];\nreturn msg;', outputs: 1, wires: [["reply"]] },
      { id: "reply", type: "http response", ...at(500, 200), statusCode: "", headers: {}, wires: [] },
      // POST /dial starts a call that waits for its outcome; GET /outcomes lists the outcomes that came.
      { id: "start", type: "http in", ...at(100, 300), url: "/dial", method: "post", wires: [["dial", "started"]] },
      { id: "started", type: "http response", ...at(300, 350), statusCode: "", headers: {}, wires: [] },
      { id: "dial", type: "telnyx-dial", ...at(300, 300), account: "acct", to: "+15550100002", toType: "str", waitFor: true, outputs: 3, wires: [["outcome"], ["outcome"], ["outcome"]] },
      {
        id: "outcome",
        type: "function",
        ...at(500, 300),
        func: 'const list = flow.get("outcomes") || [];\nlist.push({ outcome: msg.outcome, call: msg.call_control_id });\nflow.set("outcomes", list);\nreturn null;',
        outputs: 0,
        wires: [],
      },
      { id: "askOutcomes", type: "http in", ...at(100, 400), url: "/outcomes", method: "get", wires: [["listOutcomes"]] },
      { id: "listOutcomes", type: "function", ...at(300, 400), func: 'msg.payload = flow.get("outcomes") || [];\nreturn msg;', outputs: 1, wires: [["replyOutcomes"]] },
      { id: "replyOutcomes", type: "http response", ...at(500, 400), statusCode: "", headers: {}, wires: [] },
    ];
  }

  function callEventBody(type: string, callControlId: string): Buffer {
    const event = { data: { event_type: type, id: randomUUID(), occurred_at: new Date().toISOString(), record_type: "event", payload: { call_control_id: callControlId } } };
    return Buffer.from(JSON.stringify(event));
  }

  function eventBody(id: string): Buffer {
    const event = {
      data: {
        event_type: "message.received",
        id,
        occurred_at: new Date().toISOString(),
        record_type: "event",
        payload: { id: randomUUID(), direction: "inbound", from: { phone_number: "+15550100001" }, to: [{ phone_number: "+15550100002" }], text: "hello" },
      },
      meta: { attempt: 1, delivered_to: "https://example.com/telnyx/events" },
    };
    return Buffer.from(JSON.stringify(event));
  }

  async function deliver(red: RealNodeRed, body: Buffer): Promise<number> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(new URL("/telnyx/events", red.origin), {
      method: "POST",
      headers: { "content-type": "application/json", "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signer.sign(timestamp, body) },
      body: new Uint8Array(body),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** Delivers each event to every instance at the same moment; resolves with the answers' statuses, counted. */
  async function deliverToAll(ids: string[]): Promise<Map<number, number>> {
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const body = eventBody(ids[next++]);
        const answers = await Promise.all(instances.map((red) => deliver(red, body)));
        for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return statuses;
  }

  async function emitted(): Promise<string[]> {
    const lists = await Promise.all(instances.map(async (red) => (await (await fetch(new URL("/emitted", red.origin))).json()) as string[]));
    return lists.flat();
  }

  function assertOnceEach(all: string[], ids: string[]): void {
    const counts = new Map<string, number>();
    for (const id of all) counts.set(id, (counts.get(id) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const lost = ids.filter((id) => !counts.has(id));
    assert.deepEqual({ twice: twice.slice(0, 5), lost: lost.slice(0, 5) }, { twice: [], lost: [] }, `${twice.length} emitted twice, ${lost.length} lost`);
  }

  before(async () => {
    redis = await startRedis();
    api = await new TelnyxStandIn().start();
    instances = await Promise.all(
      [0, 1].map(() =>
        startRealNodeRed({ flows: flows(redis.url, api.baseUrl), credentials: { acct: { apiKey: "KEYtest_several_instances", publicKey: signer.publicKeyBase64 } } }),
      ),
    );
    await Promise.all(instances.map((red) => red.waitForLog(/Redis at redis:\/\/127\.0\.0\.1:\d+ connected/, 20_000)));
  });
  after(async () => {
    await Promise.all(instances.map((red) => red.stop()));
    await redis?.close();
    await api?.close();
  });

  it("emits each of 5,000 events delivered to both instances at once exactly once in total", async () => {
    const ids = Array.from({ length: 5_000 }, () => randomUUID());
    const statuses = await deliverToAll(ids);
    assert.deepEqual([...statuses], [[200, 10_000]]);
    const all = await emitted();
    assert.equal(all.length, 5_000);
    assertOnceEach(all, ids);
    // Both instances took part: the claims really were contested.
    for (const red of instances) {
      const mine = (await (await fetch(new URL("/emitted", red.origin))).json()) as string[];
      assert.ok(mine.length > 0, `instance on port ${red.port} emitted nothing`);
    }
  });

  it("answers 503 while Redis is down, and emits nothing twice after it restarts empty", async () => {
    const before = await emitted();
    const earlier = Array.from({ length: 200 }, () => randomUUID());
    assert.deepEqual([...(await deliverToAll(earlier))], [[200, 400]]);

    const offsets = instances.map((red) => red.log().length);
    await redis.stop();
    await Promise.all(instances.map((red, i) => red.waitForLog(/Redis at .* is unreachable/, 10_000, offsets[i])));
    const during = Array.from({ length: 200 }, () => randomUUID());
    assert.deepEqual([...(await deliverToAll(during))], [[503, 400]]);

    const restartOffsets = instances.map((red) => red.log().length);
    await redis.start(); // no persistence: an empty Redis
    await Promise.all(instances.map((red, i) => red.waitForLog(/Redis at .* connected/, 20_000, restartOffsets[i])));

    // Telnyx delivers the refused events again; the earlier ones come again too (retries of deliveries it
    // thinks failed), racing on both instances.
    assert.deepEqual([...(await deliverToAll([...during, ...earlier]))], [[200, 800]]);
    const all = await emitted();
    assert.equal(all.length, before.length + 400);
    assertOnceEach(all, [...earlier, ...during]);
  });

  it("ends a dial's wait on instance A once, when its call.answered is delivered to instance B", async () => {
    const [a, b] = instances;
    const dialed = "v3:several-instances-call";
    api.enqueue({ path: /^\/calls$/, body: { data: { call_control_id: dialed, call_leg_id: "leg-1", call_session_id: "session-1", is_alive: false, record_type: "call" } } });
    const outcomes = async (red: RealNodeRed) => (await (await fetch(new URL("/outcomes", red.origin))).json()) as Array<{ outcome: string; call: string }>;

    const started = await fetch(new URL("/dial", a.origin), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(started.status, 200);
    await api.waitForRequests(1, 20_000);
    assert.equal(api.requests[0].path, "/calls");

    const answered = callEventBody("call.answered", dialed);
    assert.equal(await deliver(b, answered), 200);
    const deadline = Date.now() + 20_000;
    while ((await outcomes(a)).length === 0) {
      if (Date.now() > deadline) throw new Error(`instance A's dial never ended:\n${a.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Telnyx retries it, to both: the wait has ended, and nothing else was waiting.
    assert.deepEqual(await Promise.all([deliver(a, answered), deliver(b, answered)]), [200, 200]);
    assert.deepEqual(await outcomes(a), [{ outcome: "answered", call: dialed }]);
    assert.deepEqual(await outcomes(b), []);
  });
});
