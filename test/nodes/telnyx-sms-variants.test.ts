// The send SMS node's variants (its `send` property), in a running Node-RED against the stand-in: each
// sends its own operation's exact request, checked against that operation's OpenAPI schema with no
// undeclared fields; bad input is refused naming the field, with nothing sent; sends are never repeated
// after an ambiguous failure, the cancel (a DELETE) is.
import { strict as assert } from "node:assert";
import { assertMatchesRequestSchema, requestSchemaErrors } from "../support/spec";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { account, collect, coreNode, helper, nodeModule, onTab, settle, waitFor } from "../support/node-red";
import { loadVoiceNode } from "../support/call-control-flow";

const PROFILE = "4000eba1-a0c0-4563-9925-b25e842a7cb6";
const FROM = "+15550001111";
const TO = "+15557654321";
const SCHEDULED_ID = "40385f64-5717-4562-b3fc-2c963f66afa6";

type Msg = Record<string, unknown> & { payload?: Record<string, unknown>; error?: { message: string; code: string } };

describe("telnyx-sms node: send variants", function () {
  let api: TelnyxStandIn;
  const nodes = () => [nodeModule("telnyx-config"), nodeModule("telnyx-sms"), coreNode("common/25-catch.js")];

  async function load(smsProps: Record<string, unknown>, accountProps: Record<string, unknown> = {}) {
    const { node, out, caught } = await loadVoiceNode(api, "telnyx-sms", smsProps, { fromNumber: FROM, ...accountProps }, nodes());
    return { sms: node, out: out as Msg[], caught: caught as Msg[] };
  }

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  interface Case {
    send: string;
    props?: Record<string, unknown>;
    accountProps?: Record<string, unknown>;
    input: Record<string, unknown>;
    operationId: string;
    method: string;
    path: string;
    body: unknown;
  }

  const cases: Case[] = [
    {
      send: "message",
      input: { payload: "Hello", to: TO },
      operationId: "SendMessage",
      method: "POST",
      path: "/messages",
      body: { to: TO, from: FROM, text: "Hello" },
    },
    {
      send: "long_code",
      props: { webhookUrl: "https://hooks.example.com/dlr", webhookUrlType: "str" },
      input: { payload: "Hello", to: TO, subject: "Hi", media_urls: "https://example.com/a.png" },
      operationId: "CreateLongCodeMessage",
      method: "POST",
      path: "/messages/long_code",
      body: { to: TO, from: FROM, text: "Hello", subject: "Hi", media_urls: ["https://example.com/a.png"], webhook_url: "https://hooks.example.com/dlr" },
    },
    {
      send: "short_code",
      props: { from: "12345", fromType: "str", options: '{"encoding":"gsm7","type":"SMS"}', optionsType: "json" },
      input: { payload: "Your code is 1234", to: TO },
      operationId: "CreateShortCodeMessage",
      method: "POST",
      path: "/messages/short_code",
      body: { to: TO, from: "12345", text: "Your code is 1234", encoding: "gsm7", type: "SMS" },
    },
    {
      send: "number_pool",
      accountProps: { messagingProfileId: PROFILE },
      input: { payload: "From the pool", to: TO, from: "+15559990000" },
      operationId: "CreateNumberPoolMessage",
      method: "POST",
      path: "/messages/number_pool",
      // msg.from has no place here: the pool picks the sender.
      body: { to: TO, messaging_profile_id: PROFILE, text: "From the pool" },
    },
    {
      send: "group_mms",
      input: { payload: "Team photo", to: "+15550000001, +15550000002", media_urls: ["https://example.com/team.jpg"] },
      operationId: "CreateGroupMmsMessage",
      method: "POST",
      path: "/messages/group_mms",
      body: { to: ["+15550000001", "+15550000002"], from: FROM, text: "Team photo", media_urls: ["https://example.com/team.jpg"] },
    },
    {
      send: "schedule",
      props: { sendAt: "2030-01-01T09:00:00Z", sendAtType: "str" },
      input: { payload: "Your appointment is at 10:00", to: TO },
      operationId: "ScheduleMessage",
      method: "POST",
      path: "/messages/schedule",
      body: { to: TO, from: FROM, text: "Your appointment is at 10:00", send_at: "2030-01-01T09:00:00Z" },
    },
    {
      send: "schedule",
      input: { payload: "From msg.send_at", to: TO, send_at: "2030-01-01T09:00:00+02:00" },
      operationId: "ScheduleMessage",
      method: "POST",
      path: "/messages/schedule",
      body: { to: TO, from: FROM, text: "From msg.send_at", send_at: "2030-01-01T09:00:00+02:00" },
    },
    {
      // ScheduleMessage's `from` takes an alphanumeric sender ID as it is (no operation of its own).
      send: "schedule",
      input: { payload: "From a name", to: TO, from: "ACME Dental", send_at: "2030-01-01T09:00:00Z" },
      operationId: "ScheduleMessage",
      method: "POST",
      path: "/messages/schedule",
      body: { to: TO, from: "ACME Dental", text: "From a name", send_at: "2030-01-01T09:00:00Z" },
    },
    {
      send: "whatsapp_template",
      props: {
        templateName: "appointment_reminder", templateNameType: "str",
        templateLanguage: "en_US", templateLanguageType: "str",
        templateComponents: '[{"type":"body","parameters":[{"type":"text","text":"Ada"}]}]', templateComponentsType: "json",
      },
      accountProps: { messagingProfileId: PROFILE },
      input: { payload: "ignored: a template has no text", to: TO },
      operationId: "SendWhatsappMessage",
      method: "POST",
      path: "/messages/whatsapp",
      body: {
        to: TO,
        from: FROM,
        messaging_profile_id: PROFILE,
        type: "WHATSAPP",
        whatsapp_message: { type: "template", template: { name: "appointment_reminder", language: { code: "en_US" }, components: [{ type: "body", parameters: [{ type: "text", text: "Ada" }] }] } },
      },
    },
    {
      send: "whatsapp_template",
      input: { to: TO, template: "order_shipped", language: "de" },
      operationId: "SendWhatsappMessage",
      method: "POST",
      path: "/messages/whatsapp",
      body: { to: TO, from: FROM, type: "WHATSAPP", whatsapp_message: { type: "template", template: { name: "order_shipped", language: { code: "de" } } } },
    },
    {
      send: "whatsapp_text",
      input: { payload: "Thanks, see you at 10!", to: TO },
      operationId: "SendWhatsappMessage",
      method: "POST",
      path: "/messages/whatsapp",
      body: { to: TO, from: FROM, type: "WHATSAPP", whatsapp_message: { type: "text", text: { body: "Thanks, see you at 10!" } } },
    },
  ];

  for (const c of cases) {
    it(`${c.send}: sends ${c.method} ${c.path} with exactly its fields (${JSON.stringify(c.input).slice(0, 60)})`, async () => {
      const { sms, out, caught } = await load({ send: c.send, ...c.props }, c.accountProps);
      sms.receive({ ...c.input, topic: "kept" } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.equal(caught.length, 0);
      assert.equal(api.requests.length, 1);
      const req = api.requests[0];
      assert.equal(req.method, c.method);
      assert.equal(req.path, c.path);
      assert.deepEqual(req.body, c.body);
      assertMatchesRequestSchema(c.operationId, req.body);
      assert.equal(msg.topic, "kept");
      assert.match(String(msg.payload?.id), /^[0-9a-f-]{36}$/, "the API's data in msg.payload");
    });
  }

  it("group_mms: one message to every recipient, one output carrying all of them", async () => {
    const { sms, out } = await load({ send: "group_mms" });
    sms.receive({ payload: "Dinner at 8?", to: ["+15550000001", "+15550000002", "+15550000003"] } as never);
    const [msg] = await waitFor(out, 1, "outputs");
    await settle();
    assert.equal(out.length, 1);
    assert.equal(api.requests.length, 1);
    const to = (msg.payload?.to as Array<{ phone_number: string }>).map((entry) => entry.phone_number);
    assert.deepEqual(to, ["+15550000001", "+15550000002", "+15550000003"]);
  });

  it("cancel: DELETE /messages/{id} with no body, the id from msg.messageId; the answer is the cancelled message", async () => {
    const { sms, out } = await load({ send: "cancel" });
    sms.receive({ messageId: SCHEDULED_ID, payload: { id: "40385f64-5717-4562-b3fc-000000000000" } } as never);
    const [msg] = await waitFor(out, 1, "outputs");
    const req = api.requests[0];
    assert.equal(req.method, "DELETE");
    assert.equal(req.path, `/messages/${SCHEDULED_ID}`);
    assert.equal(req.rawBody, "", "no request body");
    assert.deepEqual(requestSchemaErrors("CancelMessage", undefined), []);
    assert.equal(msg.payload?.id, SCHEDULED_ID);
    assert.equal((msg.payload?.to as Array<{ status: string }>)[0].status, "cancelled", "the whole answer, no data wrapper");
  });

  it("cancel: the id from msg.payload.id (a scheduled message as this node outputs it), and the node's field first", async () => {
    const other = "40385f64-5717-4562-b3fc-0000000000aa";
    const { sms, out } = await load({ send: "cancel" });
    sms.receive({ payload: { id: SCHEDULED_ID, record_type: "message" } } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(api.requests[0].path, `/messages/${SCHEDULED_ID}`);
    await helper.unload();
    const fixed = await load({ send: "cancel", messageId: other, messageIdType: "str" });
    fixed.sms.receive({ messageId: SCHEDULED_ID } as never);
    await waitFor(fixed.out, 1, "outputs");
    assert.equal(api.requests[1].path, `/messages/${other}`);
  });

  const invalid: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp, Record<string, unknown>?]> = [
    ["an unknown variant", { send: "fax" }, { payload: "x", to: TO }, /^send: expected one of "message", "long_code", .*got "fax"$/],
    ["a variant name from Object's prototype", { send: "toString" }, { payload: "x", to: TO }, /^send: expected one of .*got "toString"$/],
    ["long_code: an alphanumeric sender", { send: "long_code", from: "ACME", fromType: "str" }, { payload: "x", to: TO }, /^from: expected a \+E\.164 number/],
    ["long_code: no sender at all", { send: "long_code" }, { payload: "x", to: TO }, /^from: expected your sending number \(\+E\.164\)/, { fromNumber: "" }],
    ["short_code: no text or media", { send: "short_code", from: "12345", fromType: "str" }, { to: TO }, /^text: expected non-empty text, or media_urls/],
    ["short_code: text over 10 parts", { send: "short_code", from: "12345", fromType: "str" }, { payload: "a".repeat(1531), to: TO }, /^text: expected at most 10 SMS parts/],
    ["number_pool: no messaging profile", { send: "number_pool" }, { payload: "x", to: TO }, /^messaging_profile_id: expected the messaging profile whose number pool sends/],
    ["number_pool: an option it does not document", { send: "number_pool", options: '{"send_at":"2030-01-01T00:00:00Z"}', optionsType: "json" }, { payload: "x", to: TO, messaging_profile_id: PROFILE }, /^options\.send_at: expected a field CreateNumberPoolMessage documents/],
    ["group_mms: more than 8 recipients", { send: "group_mms" }, { payload: "x", to: Array.from({ length: 9 }, (_, i) => `+1555000000${i}`) }, /^to: expected at most 8 items, got 9$/],
    ["group_mms: a bad recipient", { send: "group_mms" }, { payload: "x", to: "+15550000001, 555-1234" }, /^to\[1\]: expected a \+E\.164 number .*or a short code, got "555-1234"$/],
    ["group_mms: no recipients", { send: "group_mms" }, { payload: "x" }, /^to: expected a list of 1 to 8 recipients/],
    ["schedule: no send_at", { send: "schedule" }, { payload: "x", to: TO }, /^send_at: expected when to send it, an ISO 8601 date-time/],
    ["schedule: send_at not a date", { send: "schedule", sendAt: "tomorrow", sendAtType: "str" }, { payload: "x", to: TO }, /^send_at: expected an ISO 8601 date-time, got "tomorrow"$/],
    ["cancel: no message id", { send: "cancel" }, { payload: "x" }, /^id: expected the scheduled message's id \(a UUID\)/],
    ["cancel: a message id that is no UUID", { send: "cancel" }, { messageId: "abc" }, /^id: expected a UUID, got "abc"$/],
    ["whatsapp_template: no template name", { send: "whatsapp_template", templateLanguage: "en_US", templateLanguageType: "str" }, { to: TO }, /^whatsapp_message\.template\.name: expected the template's name as registered with Meta/],
    ["whatsapp_template: no language", { send: "whatsapp_template", templateName: "hello_world", templateNameType: "str" }, { to: TO }, /^whatsapp_message\.template\.language\.code: expected the template's language code/],
    [
      "whatsapp_template: a component of an unknown type",
      { send: "whatsapp_template", templateName: "hello_world", templateNameType: "str", templateLanguage: "en_US", templateLanguageType: "str", templateComponents: '[{"type":"footer"}]', templateComponentsType: "json" },
      { to: TO },
      /^whatsapp_message\.template\.components\[0\]\.type: expected one of "header", "body" or "button", got "footer"$/,
    ],
    ["whatsapp_text: no text", { send: "whatsapp_text" }, { to: TO }, /^whatsapp_message\.text\.body: expected the text to send/],
    ["whatsapp_text: a short code recipient", { send: "whatsapp_text" }, { payload: "x", to: "12345" }, /^to: expected a \+E\.164 number/],
  ];
  for (const [what, props, input, message, accountProps] of invalid) {
    it(`rejects ${what} with a field error and sends nothing`, async () => {
      const { sms, out, caught } = await load(props, accountProps);
      sms.receive(input as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle();
      assert.match(String(failed.error?.message), message);
      assert.equal(failed.error?.code, "ERR_TELNYX_INPUT");
      assert.equal(api.requests.length, 0, "nothing sent");
      assert.equal(out.length, 0);
    });
  }

  const sends: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ["long_code", {}, { payload: "x", to: TO }],
    ["number_pool", { messagingProfileId: PROFILE, messagingProfileIdType: "str" }, { payload: "x", to: TO }],
    ["group_mms", {}, { payload: "x", to: ["+15550000001", "+15550000002"] }],
    ["schedule", { sendAt: "2030-01-01T09:00:00Z", sendAtType: "str" }, { payload: "x", to: TO }],
    ["whatsapp_text", {}, { payload: "x", to: TO }],
  ];
  for (const [send, props, input] of sends) {
    it(`${send}: a 500 is not repeated (the message may have gone out)`, async () => {
      api.enqueue({ status: 500, body: errorBody(500, "10007", "Unexpected error") });
      const { sms, out, caught } = await load({ send, ...props });
      sms.receive(input as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle(300);
      assert.equal(api.requests.length, 1, "one attempt");
      assert.equal(out.length, 0);
      assert.equal(failed.error?.code, "10007");
    });
  }

  it("cancel: a 500 is retried (a second DELETE cancels nothing else), one output", async () => {
    api.enqueue({ status: 500, body: errorBody(500, "10007", "Unexpected error") });
    const { sms, out, caught } = await load({ send: "cancel" });
    sms.receive({ messageId: SCHEDULED_ID } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(caught.length, 0);
    assert.deepEqual(api.requests.map((r) => `${r.method} ${r.path}`), [`DELETE /messages/${SCHEDULED_ID}`, `DELETE /messages/${SCHEDULED_ID}`]);
  });

  // As the README and help say: a retry after a cancel that worked but whose answer was lost gets Telnyx's
  // error (nothing left to cancel), and that error is what reaches Catch; nothing else is sent.
  it("cancel: the answer of a DELETE that worked is lost, the retry's 4xx reaches Catch as it is, no output", async () => {
    api.enqueue({ drop: true }, { status: 404, body: errorBody(404, "10005", "Resource not found") });
    const { sms, out, caught } = await load({ send: "cancel" });
    sms.receive({ messageId: SCHEDULED_ID } as never);
    const [failed] = await waitFor(caught, 1, "the error");
    await settle();
    assert.deepEqual(api.requests.map((r) => `${r.method} ${r.path}`), [`DELETE /messages/${SCHEDULED_ID}`, `DELETE /messages/${SCHEDULED_ID}`]);
    assert.equal(out.length, 0);
    assert.equal(failed.error?.code, "10005");
    assert.match(failed.error?.message ?? "", /^404 Resource not found/);
  });

  it("a flow from before the variants (no send property) sends POST /messages as before", async () => {
    const { sms, out } = await load({});
    sms.receive({ payload: "as before", to: TO } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(api.requests[0].path, "/messages");
    assert.deepEqual(api.requests[0].body, { to: TO, from: FROM, text: "as before" });
  });

  it("schedule with 'wait for' set by hand: warns once, sends without waiting, one output", async () => {
    const { sms, out } = await load({ send: "schedule", sendAt: "2030-01-01T09:00:00Z", sendAtType: "str", waitFor: "delivery", outputs: 2 });
    const warned = (helper.log() as unknown as { args: Array<[{ level: number; msg: unknown }]> }).args
      .map(([entry]) => entry)
      .filter((entry) => entry.level === 30 && /cannot wait for delivery or a reply/.test(String(entry.msg)));
    assert.equal(warned.length, 1);
    sms.receive({ payload: "x", to: TO } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(api.requests[0].path, "/messages/schedule");
  });

  for (const [send, props, input, busy, done] of [
    ["schedule", { sendAt: "2030-01-01T09:00:00Z", sendAtType: "str" }, { payload: "x", to: TO }, "scheduling", "scheduled"],
    ["cancel", {}, { messageId: SCHEDULED_ID }, "cancelling", "cancelled"],
  ] as const) {
    it(`${send}: the status says what it does (${busy}, then ${done})`, async () => {
      const acct = account(api.baseUrl, { fromNumber: FROM });
      const flow = onTab(
        acct.node,
        { id: "sms", type: "telnyx-sms", account: "acct", send, ...props, wires: [[]] },
        { id: "watch", type: "status", scope: ["sms"], wires: [["statuses"]] },
        { id: "statuses", type: "helper" },
      );
      await helper.load([...nodes(), coreNode("common/25-status.js")] as never, flow, acct.credentials);
      const statuses = collect("statuses");
      helper.getNode("sms").receive(input as never);
      await waitFor(statuses, 2, "statuses");
      assert.deepEqual(statuses.slice(0, 2).map((m) => (m.status as { text: string }).text), [busy, done]);
    });
  }
});
