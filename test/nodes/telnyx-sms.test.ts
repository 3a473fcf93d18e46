import { strict as assert } from "node:assert";
import { assertMatchesRequestSchema } from "../support/spec";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { TEST_API_KEY, account, collect, coreNode, helper, nodeModule, onTab, setFlows, settle, until, waitFor } from "../support/node-red";

const PROFILE = "4000eba1-a0c0-4563-9925-b25e842a7cb6";

describe("telnyx-sms node", function () {
  let api: TelnyxStandIn;
  const nodes = () => [nodeModule("telnyx-config"), nodeModule("telnyx-sms"), coreNode("common/25-catch.js")];

  /** sms node wired to `out`, a catch node wired to `caught`. */
  async function load(smsProps: Record<string, unknown> = {}, accountProps: Record<string, unknown> = {}) {
    const acct = account(api.baseUrl, { fromNumber: "+15550001111", ...accountProps });
    const flow = onTab(
      acct.node,
      { id: "sms", type: "telnyx-sms", account: "acct", wires: [["out"]], ...smsProps },
      { id: "out", type: "helper" },
      { id: "catcher", type: "catch", scope: null, uncaught: false, wires: [["caught"]] },
      { id: "caught", type: "helper" },
    );
    await helper.load(nodes() as never, flow, acct.credentials);
    return { sms: helper.getNode("sms"), out: collect("out"), caught: collect("caught") };
  }

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  it("sends msg.payload to msg.to from the account's number and outputs the API's data", async () => {
    const { sms, out } = await load();
    sms.receive({ payload: "Hello there", to: "+15557654321", topic: "keep me" } as never);
    const [msg] = await waitFor(out, 1, "outputs");
    assert.equal(api.requests.length, 1);
    const req = api.requests[0];
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/messages");
    assert.deepEqual(req.body, { to: "+15557654321", from: "+15550001111", text: "Hello there" });
    assertMatchesRequestSchema("SendMessage", req.body);
    const payload = msg.payload as { id: string; to: Array<{ phone_number: string; status: string }> };
    assert.match(payload.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(payload.to[0], { phone_number: "+15557654321", status: "queued", carrier: "T-MOBILE USA, INC.", line_type: "Wireless" });
    assert.equal(msg.topic, "keep me", "the rest of msg is kept");
  });

  it("maps every editor field onto the request, evaluating typed inputs", async () => {
    const { sms, out } = await load({
      to: "recipient", toType: "msg",
      from: "+15552223333", fromType: "str",
      text: "'Hi ' & payload.name", textType: "jsonata",
      mediaUrls: "https://example.com/a.png, https://example.com/b.jpg", mediaUrlsType: "str",
      subject: "Picture", subjectType: "str",
      messagingProfileId: PROFILE, messagingProfileIdType: "str",
      webhookUrl: "https://hooks.example.com/dlr", webhookUrlType: "str",
      options: '{"type":"MMS","use_profile_webhooks":false,"webhook_failover_url":"https://hooks.example.com/failover","auto_detect":true,"send_at":"2026-12-01T10:00:00Z"}',
      optionsType: "json",
    });
    sms.receive({ payload: { name: "Ada" }, recipient: "+15557654321" } as never);
    await waitFor(out, 1, "outputs");
    const body = api.requests[0].body;
    assert.deepEqual(body, {
      to: "+15557654321",
      from: "+15552223333",
      messaging_profile_id: PROFILE,
      text: "Hi Ada",
      media_urls: ["https://example.com/a.png", "https://example.com/b.jpg"],
      subject: "Picture",
      webhook_url: "https://hooks.example.com/dlr",
      type: "MMS",
      use_profile_webhooks: false,
      webhook_failover_url: "https://hooks.example.com/failover",
      auto_detect: true,
      send_at: "2026-12-01T10:00:00Z",
    });
    assertMatchesRequestSchema("SendMessage", body);
  });

  it("sends an MMS from msg.media_urls with no text", async () => {
    const { sms, out } = await load();
    sms.receive({ payload: { not: "text" }, to: "+15557654321", media_urls: ["https://example.com/cat.gif"], subject: "Cat" } as never);
    await waitFor(out, 1, "outputs");
    assert.deepEqual(api.requests[0].body, { to: "+15557654321", from: "+15550001111", media_urls: ["https://example.com/cat.gif"], subject: "Cat" });
    assertMatchesRequestSchema("SendMessage", api.requests[0].body);
  });

  it("routes an alphanumeric sender ID to its endpoint with the messaging profile", async () => {
    const { sms, out } = await load({ from: "ACME Shop", fromType: "str" }, { messagingProfileId: PROFILE });
    sms.receive({ payload: "Your code is 1234", to: "+15557009001" } as never);
    await waitFor(out, 1, "outputs");
    const req = api.requests[0];
    assert.equal(req.path, "/messages/alphanumeric_sender_id");
    assert.deepEqual(req.body, { from: "ACME Shop", messaging_profile_id: PROFILE, text: "Your code is 1234", to: "+15557009001" });
    assertMatchesRequestSchema("SendAlphanumericSenderIdMessage", req.body);
  });

  it("sends from the messaging profile's number pool when there is no sender", async () => {
    const { sms, out } = await load({}, { fromNumber: "", messagingProfileId: PROFILE });
    sms.receive({ payload: "pool", to: "+15557654321" } as never);
    await waitFor(out, 1, "outputs");
    assert.deepEqual(api.requests[0].body, { to: "+15557654321", messaging_profile_id: PROFILE, text: "pool" });
    assertMatchesRequestSchema("SendMessage", api.requests[0].body);
  });

  it("sends to each recipient of an array, one output per recipient", async () => {
    const { sms, out } = await load();
    sms.receive({ payload: "all of you", to: ["+15550000001", "+15550000002", "12345"] } as never);
    const msgs = await waitFor(out, 3, "outputs");
    assert.deepEqual(api.requests.map((r) => (r.body as { to: string }).to).sort(), ["+15550000001", "+15550000002", "12345"]);
    assert.deepEqual(msgs.map((m) => m.to).sort(), ["+15550000001", "+15550000002", "12345"]);
    for (const m of msgs) assert.equal((m.payload as { to: Array<{ phone_number: string }> }).to[0].phone_number, m.to);
  });

  it("reports each failed recipient of an array to Catch with its own message", async () => {
    api.enqueue({ path: /messages/, status: 422, body: errorBody(422, "40310", "Invalid 'to' address") });
    const { sms, out, caught } = await load();
    sms.receive({ payload: "x", to: ["+15550000001", "+15550000002"] } as never);
    await waitFor(out, 1, "outputs");
    const [failed] = await waitFor(caught, 1, "caught errors");
    await settle();
    assert.equal(out.length, 1);
    assert.equal(caught.length, 1);
    const error = failed.error as { code: string; message: string };
    assert.equal(error.code, "40310");
    assert.ok(["+15550000001", "+15550000002"].includes(failed.to as string));
  });

  const invalid: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
    ["a malformed to", {}, { payload: "x", to: "555-1234" }, /^to: expected a \+E\.164 number/],
    ["no recipient", {}, { payload: "x" }, /^to: expected/],
    ["one bad recipient in a list", {}, { payload: "x", to: ["+15550000001", "nope"] }, /^to\[1\]: expected/],
    ["no text or media", {}, { payload: { a: 1 }, to: "+15557654321" }, /^text: expected non-empty text, or media_urls/],
    ["a malformed from", { from: "+1-555", fromType: "str" }, { payload: "x", to: "+15557654321" }, /^from: expected/],
    ["a media URL that is not http(s)", {}, { payload: "x", to: "+15557654321", media_urls: ["ftp://x/y.png"] }, /^media_urls\[0\]: expected an http\(s\) URL/],
    ["text over 10 parts", {}, { payload: "a".repeat(1531), to: "+15557654321" }, /^text: expected at most 10 SMS parts.*got 1531 characters, 11 GSM-7 parts/],
    ["unicode over 10 parts", {}, { payload: "é€".repeat(336), to: "+15557654321" }, /^text: .*UTF-16 parts/],
    ["an unknown option", { options: '{"body":"x"}', optionsType: "json" }, { payload: "x", to: "+15557654321" }, /^options\.body: expected a field SendMessage documents, got an unknown field$/],
    ["a bad option value", { options: '{"encoding":"utf8"}', optionsType: "json" }, { payload: "x", to: "+15557654321" }, /^options\.encoding: expected one of "auto", "gsm7" or "ucs2", got "utf8"$/],
    ["alphanumeric sender with no profile", { from: "ACME", fromType: "str" }, { payload: "x", to: "+15557654321" }, /^messaging_profile_id: expected the messaging profile id/],
    ["alphanumeric sender with media", { from: "ACME", fromType: "str", messagingProfileId: PROFILE }, { payload: "x", to: "+15557654321", media_urls: ["https://e.com/a.png"] }, /^media_urls: expected no media/],
  ];
  for (const [what, props, input, message] of invalid) {
    it(`rejects ${what} with a field error and sends nothing`, async () => {
      const { sms, out, caught } = await load(props);
      sms.receive(input as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle();
      const error = failed.error as { message: string; code: string };
      assert.match(error.message, message);
      assert.equal(error.code, "ERR_TELNYX_INPUT");
      assert.equal(api.requests.length, 0, "nothing sent");
      assert.equal(out.length, 0);
    });
  }

  it("accepts 1,530 GSM-7 characters (10 parts), and longer text when the profile chunks", async () => {
    const { sms, out } = await load({ allowLongText: false });
    sms.receive({ payload: "a".repeat(1530), to: "+15557654321" } as never);
    await waitFor(out, 1, "outputs");
    await helper.unload();
    const again = await load({ allowLongText: true });
    again.sms.receive({ payload: "a".repeat(5000), to: "+15557654321" } as never);
    await waitFor(again.out, 1, "outputs");
    assert.equal(api.requests.length, 2);
  });

  it("maps a 401 to Catch with code, cause.statusCode and a readable message", async () => {
    api.enqueue({ status: 401, body: errorBody(401, "10009", "Authentication failed", "Could not understand the provided credentials.") });
    const { sms, caught } = await load();
    sms.receive({ payload: "x", to: "+15557654321", _msgid: "m1" } as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    const error = failed.error as { message: string; code: string; cause?: { statusCode: number; errors: unknown[] } };
    assert.equal(error.message, "401 Authentication failed (10009): Could not understand the provided credentials.");
    assert.equal(error.code, "10009");
    assert.equal(error.cause?.statusCode, 401);
    assert.equal(error.cause?.errors.length, 1);
  });

  it("maps a 422 with its Telnyx code and pointer", async () => {
    api.enqueue({
      status: 422,
      body: { errors: [{ code: "10002", title: "Invalid phone number", detail: "The 'to' number is not a valid phone number.", source: { pointer: "/to" } }] },
    });
    const { sms, caught } = await load();
    sms.receive({ payload: "x", to: "+15557654321" } as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    const error = failed.error as { message: string; code: string; cause: { statusCode: number; title: string; detail: string } };
    assert.equal(error.message, "422 Invalid phone number (10002): The 'to' number is not a valid phone number. [/to]");
    assert.equal(error.code, "10002");
    assert.equal(error.cause.statusCode, 422);
    assert.equal(error.cause.title, "Invalid phone number");
  });

  it("429 then 200 gives exactly one message sent and one output", async () => {
    api.enqueue({ status: 429, headers: { "retry-after": "0.05" }, body: errorBody(429, "10011", "Too many requests") });
    const { sms, out, caught } = await load();
    sms.receive({ payload: "x", to: "+15557654321" } as never);
    await waitFor(out, 1, "outputs");
    await settle(200);
    assert.equal(out.length, 1);
    assert.equal(caught.length, 0);
    assert.equal(api.requests.length, 2);
  });

  it("500 on send gives one attempt and an error, never a second SMS", async () => {
    api.enqueue({ status: 500, body: errorBody(500, "10007", "Unexpected error") });
    const { sms, out, caught } = await load();
    sms.receive({ payload: "x", to: "+15557654321" } as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    await settle(300);
    assert.equal(api.requests.length, 1);
    assert.equal(out.length, 0);
    assert.equal((failed.error as { code: string }).code, "10007");
  });

  it("holds the account's in-flight bound when a flow injects many messages", async () => {
    for (let i = 0; i < 30; i++) api.enqueue({ delayMs: 15 });
    const { sms, out } = await load({}, { maxConcurrent: 4 });
    for (let i = 0; i < 30; i++) sms.receive({ payload: `n${i}`, to: "+15557654321" } as never);
    await waitFor(out, 30, "outputs");
    assert.equal(api.maxInFlight, 4);
    assert.equal(api.requests.length, 30);
  });

  it("never puts the API key in msg, logs or errors", async () => {
    api.enqueue({ status: 401, body: errorBody(401, "10009", "Authentication failed") });
    const { sms, out, caught } = await load();
    sms.receive({ payload: "first", to: "+15557654321" } as never);
    sms.receive({ payload: "second", to: "+15557654321" } as never);
    await waitFor(caught, 1, "caught errors");
    await waitFor(out, 1, "outputs");
    const logged = JSON.stringify((helper.log() as unknown as { args: unknown[][] }).args);
    for (const text of [JSON.stringify(out), JSON.stringify(caught), logged]) {
      assert.ok(!text.includes(TEST_API_KEY), "API key leaked");
    }
  });

  it("fails with a clear reason when the account has no API key, sending nothing", async () => {
    const flow = onTab(
      { id: "acct", type: "telnyx-config", baseUrl: api.baseUrl },
      { id: "sms", type: "telnyx-sms", account: "acct", wires: [[]] },
      { id: "catcher", type: "catch", scope: null, wires: [["caught"]] },
      { id: "caught", type: "helper" },
    );
    await helper.load(nodes() as never, flow, {});
    const caught = collect("caught");
    helper.getNode("sms").receive({ payload: "x", to: "+15557654321" } as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    assert.match((failed.error as { message: string }).message, /no API key/);
    assert.equal(api.requests.length, 0);
  });

  /** Error log entries (level 20) whose text matches. */
  function loggedErrors(pattern: RegExp): string[] {
    return (helper.log() as unknown as { args: Array<[{ level: number; msg: unknown }]> }).args
      .map(([entry]) => entry)
      .filter((entry) => entry.level === 20 && pattern.test(String(entry.msg)))
      .map((entry) => String(entry.msg));
  }

  async function redeployMidSend(changed: "sms" | "account") {
    for (let i = 0; i < 6; i++) api.enqueue({ delayMs: 200 });
    const acct = account(api.baseUrl, { fromNumber: "+15550001111", maxConcurrent: 2 });
    const flow = onTab(acct.node, { id: "sms", type: "telnyx-sms", account: "acct", wires: [["out"]] }, { id: "out", type: "helper" });
    await helper.load(nodes() as never, flow, acct.credentials);
    const out = collect("out");
    for (let i = 0; i < 6; i++) helper.getNode("sms").receive({ payload: `r${i}`, to: "+15557654321" } as never);
    await api.waitForRequests(2);
    // Two sends are in flight and four queued when the user deploys a change ("modified nodes").
    const edited = flow.map((n) => (n.id === (changed === "sms" ? "sms" : "acct") ? { ...n, name: "edited" } : n));
    await setFlows(edited, "nodes", acct.credentials);
    return { out };
  }

  it("redeploying the node mid-send lets every queued and in-flight message finish", async () => {
    const { out } = await redeployMidSend("sms");
    await waitFor(out, 6, "outputs");
    assert.equal(api.requests.length, 6);
    assert.deepEqual(loggedErrors(/./), []);
  });

  it("redeploying the account mid-send sends the queued ones through the new account and leaves no connections open", async () => {
    const { out } = await redeployMidSend("account");
    // In-flight sends finish on the old account; queued ones go out through the redeployed one.
    await waitFor(out, 6, "outputs");
    assert.equal(api.requests.length, 6, "each sent once");
    assert.deepEqual(loggedErrors(/./), []);
    await until(() => api.openConnections <= 2, "the old account's connections to close");
  });
});
