// The webhook node with Redis on its account (node-red-node-test-helper, a real redis-server): claims
// before answering, 503 and a clear status while Redis is unreachable or the settings are unusable, and
// the Redis password nowhere in status, logs or errors.
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { makeSigner } from "../support/fixtures";
import { HttpNodeServer } from "../support/http-node";
import { collect, helper, nodeModule, onTab, settle, until, waitFor } from "../support/node-red";
import { startRedis, type TestRedis } from "../support/redis-server";

const PASSWORD = "redis-pw-Secret-42";

describe("telnyx-webhook with Redis on the account", function () {
  this.timeout(30_000);
  const signer = makeSigner();
  let http: HttpNodeServer;
  let redis: TestRedis;

  before(async () => {
    http = await new HttpNodeServer().start();
    redis = await startRedis(["--requirepass", PASSWORD]);
  });
  after(async () => {
    await http?.close();
    await redis?.close();
  });
  afterEach(async () => {
    await helper.unload();
    await redis.start(); // after a test that stopped it
  });

  function load(accountProps: Record<string, unknown>, credentials: Record<string, string> = { redisPassword: PASSWORD }) {
    const flow = onTab(
      { id: "acct", type: "telnyx-config", name: "account", ...accountProps },
      { id: "hook", type: "telnyx-webhook", account: "acct", url: "/telnyx/events", wires: [["out"]] },
      { id: "out", type: "helper" },
    );
    return helper.load([nodeModule("telnyx-config"), nodeModule("telnyx-webhook"), http.capture] as never, flow, {
      acct: { publicKey: signer.publicKeyBase64, ...credentials },
    });
  }

  async function deliver(id: string) {
    const body = Buffer.from(JSON.stringify({ data: { event_type: "message.received", id, payload: { text: "hi" } } }));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(http.url("/telnyx/events"), {
      method: "POST",
      headers: { "content-type": "application/json", "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signer.sign(timestamp, body) },
      body: new Uint8Array(body),
    });
    return { status: res.status, text: await res.text() };
  }

  function statusTexts(): string[] {
    const node = helper.getNode("hook") as unknown as { status: { args?: unknown[][] } };
    return (node.status.args ?? []).map(([s]) => String((s as { text?: string }).text ?? ""));
  }
  function everythingShown(): string {
    const log = (helper.log() as unknown as { args: unknown[][] }).args.map((args) => JSON.stringify(args)).join("\n");
    return `${statusTexts().join("\n")}\n${log}`;
  }

  it("emits a claimed event once and answers 200 to its repeat", async () => {
    await load({ redisUrl: redis.url });
    await until(() => statusTexts().at(-1) === "listening /telnyx/events", "the node to listen once Redis is connected", 10_000);
    const out = collect("out");
    const id = randomUUID();
    assert.equal((await deliver(id)).status, 200);
    assert.equal((await deliver(id)).status, 200);
    await waitFor(out, 1, "emitted event");
    await settle();
    assert.equal(out.length, 1);
    assert.equal((out[0].event as { id: string }).id, id);
    assert.doesNotMatch(everythingShown(), new RegExp(PASSWORD));
  });

  it("answers 503 while Redis is unreachable, says so in its status, and emits nothing", async () => {
    await load({ redisUrl: redis.url });
    await until(() => statusTexts().at(-1) === "listening /telnyx/events", "the node to listen", 10_000);
    const out = collect("out");
    await redis.stop();
    await until(() => statusTexts().some((text) => text.startsWith("Redis unreachable: answering 503")), "the status to say Redis is unreachable", 10_000);
    const refused = await deliver(randomUUID());
    assert.equal(refused.status, 503);
    assert.match(refused.text, /^Redis is unreachable \(.+\); answered 503 so that Telnyx delivers again$/);
    await redis.start();
    await until(() => statusTexts().at(-1)?.startsWith("listening /telnyx/events") === true, "the status to recover", 10_000);
    assert.equal(out.length, 0);
    assert.doesNotMatch(everythingShown(), new RegExp(PASSWORD));
  });

  it("refuses with 503 when the Redis settings are unusable, naming the field, without the password", async () => {
    await load({ redisUrl: `redis://:${PASSWORD}@127.0.0.1:${redis.port}` }, {});
    await until(() => statusTexts().includes("Redis settings unusable: answering 503"), "the status to name the problem");
    const refused = await deliver(randomUUID());
    assert.equal(refused.status, 503);
    assert.match(refused.text, /^Redis URL: holds a password/);
    assert.doesNotMatch(everythingShown() + refused.text, new RegExp(PASSWORD));
  });

  it("never shows a wrong password", async () => {
    await load({ redisUrl: redis.url }, { redisPassword: "not-the-right-one-77" });
    await until(() => statusTexts().some((text) => text.startsWith("Redis unreachable")), "the status to say Redis is unreachable", 10_000);
    assert.equal((await deliver(randomUUID())).status, 503);
    assert.doesNotMatch(everythingShown(), /not-the-right-one-77|redis-pw-Secret/);
  });
});
