// The admin routes that use an account's API key (Test connection, and the webhook dialog's list and link
// of applications) need telnyx-config.write: in a real Node-RED with adminAuth, a user who may only read
// is refused and reaches nothing, a user who may write gets through. The API node's catalogue is public
// documentation: reading it needs read permission only.
import { strict as assert } from "node:assert";
import { startRealNodeRed, type RealNodeRed } from "../support/real-node-red";
import { TelnyxStandIn } from "../support/telnyx-standin";

// "password" and its bcrypt hash, as in Node-RED's documentation on securing the editor.
const PASSWORD = "password";
const HASH = "$2a$08$zZWtXTja0fB1pzD4sHCMyOCMYz2Z6dNbM6tl8sJogENOMcxWV9DN.";

describe("admin routes that use an API key, with adminAuth", function () {
  this.timeout(60_000);
  let red: RealNodeRed;
  let api: TelnyxStandIn;

  before(async () => {
    api = await new TelnyxStandIn().start();
    red = await startRealNodeRed({
      settings: {
        adminAuth: {
          type: "credentials",
          users: [
            { username: "reader", password: HASH, permissions: "read" },
            { username: "admin", password: HASH, permissions: "*" },
          ],
        },
      },
      flows: [{ id: "acct", type: "telnyx-config", name: "account", baseUrl: api.baseUrl }],
      credentials: { acct: { apiKey: "KEYe2e_saved_secret" } },
    });
  });
  after(async () => {
    await red?.stop();
    await api?.close();
  });

  async function token(username: string, scope: string): Promise<string> {
    const res = await fetch(`${red.url}auth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "node-red-admin", grant_type: "password", scope, username, password: PASSWORD }),
    });
    assert.equal(res.status, 200, `login as ${username}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  const calls = [
    { what: "Test connection", path: "telnyx-config/test", method: "POST", body: { id: "acct" } },
    { what: "list applications", path: "telnyx-config/applications?account=acct&kind=texml", method: "GET" },
    {
      what: "link an application",
      path: "telnyx-config/applications/link",
      method: "POST",
      body: { account: "acct", kind: "texml", id: "1293384261075731501", url: "https://hooks.example.com/telnyx/texml" },
    },
  ];

  async function call(entry: (typeof calls)[number], bearer?: string): Promise<number> {
    const res = await fetch(red.url + entry.path, {
      method: entry.method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(entry.body ? { "content-type": "application/json" } : {}) },
      body: entry.body ? JSON.stringify(entry.body) : undefined,
    });
    await res.arrayBuffer();
    return res.status;
  }

  it("refuses anonymous requests and users who may only read, before anything reaches Telnyx", async () => {
    const reader = await token("reader", "read");
    for (const entry of calls) {
      assert.equal(await call(entry), 401, `${entry.what} without a token`);
      assert.equal(await call(entry, reader), 401, `${entry.what} as a reader`);
    }
    assert.equal(api.requests.length, 0);
  });

  it("lets a user who may write through, with the saved key", async () => {
    const admin = await token("admin", "*");
    for (const entry of calls) assert.equal(await call(entry, admin), 200, entry.what);
    assert.deepEqual(
      api.requests.map((r) => `${r.method} ${r.path}`),
      ["GET /balance", "GET /texml_applications", "GET /texml_applications", "PATCH /texml_applications/1293384261075731501"],
    );
    assert.ok(api.requests.every((r) => r.headers.authorization === "Bearer KEYe2e_saved_secret"));
  });

  it("serves the telnyx-api node's catalogue (no secret in it) to users who may read, not to anonymous requests", async () => {
    const entry = { what: "API catalogue", path: "telnyx-api/catalogue", method: "GET" };
    assert.equal(await call(entry), 401, "without a token");
    assert.equal(await call(entry, await token("reader", "read")), 200, "as a reader");
  });
});
