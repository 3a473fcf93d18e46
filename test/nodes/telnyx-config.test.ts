import { strict as assert } from "node:assert";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { TEST_API_KEY, account, helper, nodeModule, settle, until } from "../support/node-red";

const GOOD_PUBLIC_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="; // RFC 8032 test 1, as the portal shows keys

interface TestAnswer {
  ok: boolean;
  message: string;
}

describe("telnyx-config node", function () {
  let api: TelnyxStandIn;

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    await helper.stopServer();
    await api.close();
  });

  async function load(props: Record<string, unknown> = {}, credentials: Record<string, string> = {}) {
    const acct = account(api.baseUrl, props, credentials);
    await helper.load([nodeModule("telnyx-config")] as never, [acct.node], acct.credentials);
    return helper.getNode("acct") as unknown as { client?: { isClosed: boolean }; defaults: Record<string, unknown>; publicKeyProblem?: string };
  }

  async function testConnection(body: Record<string, unknown>): Promise<TestAnswer> {
    const res = await helper.request().post("/telnyx-config/test").send(body).expect(200);
    return res.body as TestAnswer;
  }

  it("exposes its defaults and one client, and closes the client on redeploy", async () => {
    const node = await load({ fromNumber: " +15550001111 ", connectionId: "conn-1", messagingProfileId: "", texmlAccountSid: "AC1", texmlApplicationId: "app-1" });
    assert.deepEqual(node.defaults, {
      connectionId: "conn-1",
      fromNumber: "+15550001111",
      messagingProfileId: undefined,
      texmlAccountSid: "AC1",
      texmlApplicationId: "app-1",
    });
    const client = node.client;
    assert.ok(client && !client.isClosed);
    await helper.unload();
    assert.equal(client.isClosed, true);
  });

  it("Test connection with the saved key: one authenticated GET, success, key never echoed", async () => {
    await load();
    const answer = await testConnection({ id: "acct", apiKey: "__PWRD__", baseUrl: api.baseUrl });
    assert.deepEqual(answer, { ok: true, message: "Connected: Telnyx accepted the API key" });
    assert.equal(api.requests.length, 1);
    assert.equal(api.requests[0].method, "GET");
    assert.equal(api.requests[0].path, "/balance");
    assert.equal(api.requests[0].headers.authorization, `Bearer ${TEST_API_KEY}`);
  });

  it("Test connection with a key typed in the dialog uses that key", async () => {
    await load();
    await testConnection({ id: "acct", apiKey: "KEYtyped_just_now", baseUrl: api.baseUrl });
    assert.equal(api.requests[0].headers.authorization, "Bearer KEYtyped_just_now");
  });

  it("Test connection reports a rejected key without echoing it", async () => {
    api.enqueue({ status: 401, body: errorBody(401, "10009", "Authentication failed") });
    await load();
    const answer = await testConnection({ id: "acct", apiKey: "KEYwrong_secret", baseUrl: api.baseUrl });
    assert.equal(answer.ok, false);
    assert.match(answer.message, /rejected the API key \(401\)/);
    assert.ok(!JSON.stringify(answer).includes("KEYwrong_secret"));
    assert.equal(api.requests.length, 1, "a 401 is not retried");
  });

  it("Test connection counts 403 (key valid, no billing permission) as connected", async () => {
    api.enqueue({ status: 403, body: errorBody(403, "10010", "Forbidden") });
    await load();
    assert.equal((await testConnection({ id: "acct", baseUrl: api.baseUrl })).ok, true);
  });

  it("Test connection says when there is no network", async () => {
    await load();
    const closed = await new TelnyxStandIn().start();
    const deadUrl = closed.baseUrl;
    await closed.close();
    const answer = await testConnection({ id: "acct", apiKey: "KEYtyped_just_now", baseUrl: deadUrl });
    assert.equal(answer.ok, false);
    assert.match(answer.message, /Could not connect to the Telnyx API \(ECONNREFUSED\)/);
  });

  it("Test connection never sends the saved key anywhere but the deployed base URL", async () => {
    await load();
    const elsewhere = await new TelnyxStandIn().start();
    try {
      const answer = await testConnection({ id: "acct", baseUrl: elsewhere.baseUrl });
      assert.equal(answer.ok, true);
      assert.equal(elsewhere.requests.length, 0, "the saved key went to the address in the request");
      assert.equal(api.requests.length, 1, "tested against the deployed base URL");
      assert.equal(api.requests[0].headers.authorization, `Bearer ${TEST_API_KEY}`);
    } finally {
      await elsewhere.close();
    }
  });

  it("Test connection refuses a base URL that is not http(s), and ids that are not accounts", async () => {
    await load();
    assert.deepEqual(await testConnection({ id: "acct", apiKey: "KEYtyped", baseUrl: "file:///etc/passwd" }), {
      ok: false,
      message: "The API base URL must be an http(s) URL",
    });
    assert.deepEqual(await testConnection({ id: "no-such-node" }), { ok: false, message: "Enter an API key first" });
    assert.deepEqual(await testConnection({ id: { not: "a string" } }), { ok: false, message: "Enter an API key first" });
    assert.equal(api.requests.length, 0);
  });

  it("Test connection asks for a key when there is none", async () => {
    await helper.load([nodeModule("telnyx-config")] as never, [{ id: "acct", type: "telnyx-config" }], {});
    const answer = await testConnection({ id: "acct", baseUrl: api.baseUrl });
    assert.deepEqual(answer, { ok: false, message: "Enter an API key first" });
    assert.equal(api.requests.length, 0);
  });

  it("accepts a well-formed public key", async () => {
    const node = await load({}, { publicKey: GOOD_PUBLIC_KEY });
    assert.equal(node.publicKeyProblem, undefined);
  });

  for (const [what, key, reason] of [
    ["not base64", "not a key!", /not valid base64/],
    ["31 bytes", Buffer.alloc(31, 7).toString("base64"), /got 31 bytes/],
    ["33 bytes", Buffer.alloc(33, 7).toString("base64"), /got 33 bytes/],
  ] as const) {
    it(`flags a malformed public key (${what}) at start`, async () => {
      const node = await load({}, { publicKey: key });
      assert.match(String(node.publicKeyProblem), reason);
      const errorsLogged = () =>
        (helper.log() as unknown as { args: Array<[{ level: number; msg: unknown }]> }).args
          .map(([entry]) => entry)
          .filter((entry) => entry.level === 20);
      await until(() => errorsLogged().length > 0, "an error logged");
      await settle();
      const errors = errorsLogged();
      assert.equal(errors.length, 1);
      assert.match(String(errors[0].msg), /^Webhook public key unusable: publicKey:/);
    });
  }
});
