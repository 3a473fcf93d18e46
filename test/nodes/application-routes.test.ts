// The admin routes behind the webhook dialog's "Link" (src/nodes/lib/application-routes.ts), in a Node-RED
// runtime against the stand-in: they act with the deployed account's saved key at its deployed base URL
// only, PATCH what the spec's update schemas allow, and never echo the key. (Their permission,
// telnyx-config.write, is checked in a real Node-RED with adminAuth: test/e2e/admin-permissions.test.ts.)
import { strict as assert } from "node:assert";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { TEST_API_KEY, account, helper, nodeModule } from "../support/node-red";
import { assertMatchesRequestSchema, pathMatches } from "../support/spec";

const HOOK_URL = "https://hooks.example.com/telnyx/events";

describe("application routes (webhook link)", function () {
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

  async function load(credentials: Record<string, string> = {}) {
    const acct = account(api.baseUrl, {}, credentials);
    await helper.load([nodeModule("telnyx-config")] as never, [acct.node], acct.credentials);
  }

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
