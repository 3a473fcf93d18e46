import { strict as assert } from "node:assert";
import type { TelnyxClient } from "../../src/telnyx/client";
import type { TelnyxAnswerTooLargeError } from "../../src/telnyx/errors";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { DEFAULT_MAX_CONCURRENT, DEFAULT_REQUEST_TIMEOUT_SECONDS } from "../../src/shared/defaults";
import { TEST_API_KEY, account, helper, nodeModule, settle, until } from "../support/node-red";
import { assertMatchesRequestSchema, pathMatches } from "../support/spec";
import { definitionOf } from "../support/editor-definition";
import { parseRedisSettings } from "../../src/telnyx/redis/link";

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
    return helper.getNode("acct") as unknown as { client?: TelnyxClient; defaults: Record<string, unknown>; publicKeyProblem?: string };
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

  it("reads API answers up to its answer limit (MB): a longer one ends in ERR_TELNYX_ANSWER_TOO_LARGE", async () => {
    const node = await load({ maxAnswerMB: "1" });
    api.enqueue({ answerBytes: 1_500_000 });
    const err = (await node.client!.request({ method: "GET", path: "/balance", idempotent: true }).catch((e: Error) => e)) as TelnyxAnswerTooLargeError;
    assert.equal(err.code, "ERR_TELNYX_ANSWER_TOO_LARGE");
    assert.equal(err.cause.maxBytes, 1024 * 1024);
    api.enqueue({ answerBytes: 1_000_000 });
    const fits = await node.client!.request({ method: "GET", path: "/balance", idempotent: true });
    assert.equal(fits.statusCode, 200);
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

  it("refuses a timeout or concurrency outside the dialog's ranges by name, and keeps the defaults", async () => {
    await load({ timeoutSecs: 500, maxConcurrent: "lots" });
    const errors = (helper.log() as unknown as { args: Array<[{ level: number; msg: unknown }]> }).args
      .map(([entry]) => entry)
      .filter((entry) => entry.level === 20)
      .map((entry) => String(entry.msg));
    assert.deepEqual(errors, [
      `timeoutSecs: expected a number from 1 to 120 (seconds), got 500; using the default, ${DEFAULT_REQUEST_TIMEOUT_SECONDS}`,
      `maxConcurrent: expected a whole number from 1 to 100, got "lots"; using the default, ${DEFAULT_MAX_CONCURRENT}`,
    ]);
  });

  it("takes an empty timeout or concurrency as the default, silently", async () => {
    const node = await load({ timeoutSecs: "", maxConcurrent: " " });
    assert.ok(node.client);
    const errors = (helper.log() as unknown as { args: Array<[{ level: number; msg: unknown }]> }).args.filter(([entry]) => entry.level === 20);
    assert.deepEqual(errors, []);
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

  // The webhook dialog's "Link" (src/nodes/lib/application-routes.ts): the deployed account's saved key at its
  // deployed base URL only, PATCHes the spec's update schemas allow, the key never echoed. (Their permission,
  // telnyx-config.write, is checked in a real Node-RED with adminAuth: test/e2e/admin-permissions.test.ts.)
  describe("application routes (the webhook dialog's Link)", () => {
    const HOOK_URL = "https://hooks.example.com/telnyx/events";
    const list = (query: Record<string, string>) => helper.request().get("/telnyx-config/applications").query(query);
    const link = (body: Record<string, unknown>) => helper.request().post("/telnyx-config/applications/link").send(body);

    it("lists an account's applications of a kind, with the URL each sends to", async () => {
      await load();
      const res = await list({ account: "acct", kind: "call-control" }).expect(200);
      assert.deepEqual(res.body, {
        truncated: false,
        items: [
          { kind: "call-control", id: "1293384261075731401", name: "Front desk IVR", url: "https://old.example.com/telnyx/events", apiVersion: "2" },
          { kind: "call-control", id: "1293384261075731402", name: "Outbound dialer", url: "https://example.com/dialer", apiVersion: "1" },
        ],
      });
      assert.equal(api.requests.length, 1);
      assert.ok(pathMatches("ListCallControlApplications", api.requests[0].path));
      assert.equal(api.requests[0].headers.authorization, `Bearer ${TEST_API_KEY}`);
      const profiles = await list({ account: "acct", kind: "messaging" }).expect(200);
      assert.deepEqual(profiles.body.items.map((item: { url: string | null }) => item.url), ["https://old.example.com/telnyx/events", null]);
    });

    for (const [kind, update, expected] of [
      ["call-control", "UpdateCallControlApplication", { application_name: "Outbound dialer", webhook_event_url: HOOK_URL, webhook_api_version: "2" }],
      ["messaging", "UpdateMessagingProfile", { webhook_url: HOOK_URL }],
      ["texml", "UpdateTexmlApplication", { friendly_name: "TeXML voicemail", voice_url: HOOK_URL }],
    ] as const) {
      it(`${kind}: links the chosen application with a PATCH the spec allows, built from the application as listed`, async () => {
        await load();
        const id = (await list({ account: "acct", kind }).expect(200)).body.items[1].id as string;
        api.reset();
        // A name or version in the request is not used: the PATCH repeats what Telnyx lists.
        const res = await link({ account: "acct", kind, id, url: ` ${HOOK_URL} `, name: "Injected", apiVersion: "1" }).expect(200);
        assert.equal(res.body.application.url, HOOK_URL);
        const patch = api.requests.find((r) => r.method === "PATCH");
        assert.ok(patch, "no PATCH reached the stand-in");
        assert.ok(pathMatches(update, patch.path), patch.path);
        assert.deepEqual(patch.body, expected);
        assertMatchesRequestSchema(update, patch.body);
        assert.equal(patch.headers.authorization, `Bearer ${TEST_API_KEY}`);
        assert.ok(!JSON.stringify(res.body).includes(TEST_API_KEY));
      });
    }

    it("refuses bad input before calling Telnyx", async () => {
      await load();
      assert.match((await list({ account: "acct", kind: "fax" }).expect(400)).body.message, /expected call-control, messaging or texml/);
      assert.match((await link({ account: "acct", kind: "texml", id: "1", url: "ftp://x" }).expect(400)).body.message, /http\(s\) URL/);
      assert.match((await link({ account: "acct", kind: "texml", id: "1", url: "javascript:alert(1)" }).expect(400)).body.message, /http\(s\) URL/);
      assert.match((await link({ account: "acct", kind: "texml", id: 42, url: HOOK_URL }).expect(400)).body.message, /Choose an application/);
      assert.equal(api.requests.length, 0);
    });

    it("works only with a deployed account that has a key, and never takes a key or address from the request", async () => {
      await load();
      const elsewhere = await new TelnyxStandIn().start();
      try {
        const deployFirst = await list({ account: "not-deployed", kind: "texml" }).expect(409);
        assert.match(deployFirst.body.message, /Deploy the account first/);
        await link({ account: "acct", kind: "texml", id: "1293384261075731501", url: HOOK_URL, apiKey: "KEYfrom_request", baseUrl: elsewhere.baseUrl }).expect(200);
        assert.equal(elsewhere.requests.length, 0, "a request chose where the key went");
        assert.ok(api.requests.every((r) => r.headers.authorization === `Bearer ${TEST_API_KEY}`));
      } finally {
        await elsewhere.close();
      }
      await helper.unload();
      await helper.load([nodeModule("telnyx-config")] as never, [{ id: "acct", type: "telnyx-config", baseUrl: api.baseUrl }] as never, {});
      assert.match((await list({ account: "acct", kind: "texml" }).expect(409)).body.message, /no API key/);
    });

    it("links only an application the account lists, and passes Telnyx's errors on without the key", async () => {
      await load();
      const missing = await link({ account: "acct", kind: "texml", id: "999", url: HOOK_URL }).expect(404);
      assert.match(missing.body.message, /no such application \(id 999\)/);
      assert.ok(api.requests.every((r) => r.method === "GET"), "nothing was PATCHed");

      api.enqueue({ path: /^\/texml_applications\/\d+$/, status: 422, body: errorBody(422, "10015", "Invalid value", "voice_url is not reachable") });
      const refused = await link({ account: "acct", kind: "texml", id: "1293384261075731501", url: HOOK_URL }).expect(502);
      assert.match(refused.body.message, /^422 Invalid value \(10015\): voice_url is not reachable/);

      api.enqueue({ status: 401, body: errorBody(401, "10009", "Authentication failed") });
      const rejected = await list({ account: "acct", kind: "messaging" }).expect(502);
      assert.match(rejected.body.message, /^401 Authentication failed/);
      assert.ok(!JSON.stringify([refused.body, rejected.body]).includes(TEST_API_KEY));
    });
  });
});

describe("telnyx-config dialog", () => {
  it("checks the Redis URL with the runtime's rule and gives its reason (Node-RED shows it on the field)", () => {
    const { redisUrl } = definitionOf("telnyx-config").defaults;
    // Node-RED passes a second argument and shows a returned text only to a validator that takes two.
    assert.equal(redisUrl.validate!.length, 2);
    const check = (url: string | undefined) => redisUrl.validate!.call({}, url as string, {});
    assert.equal(check(undefined), true, "a flow saved before the setting existed");
    assert.equal(check("  "), true, "no Redis");
    assert.equal(check("redis://10.0.0.5:6379"), true);
    assert.equal(check(" rediss://cache.example.com:6380/2 "), true);
    for (const url of ["redis://:pw-77@10.0.0.5:6379", "http://10.0.0.5:6379", "redis:///0", "not a url"]) {
      const runtime = parseRedisSettings({ url });
      assert.ok(runtime && !runtime.ok, url);
      assert.equal(check(url), runtime.reason, `${url}: the dialog and the runtime give one reason`);
    }
  });
});
