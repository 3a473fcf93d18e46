import { strict as assert } from "node:assert";
import { decodeClientState } from "../../src/telnyx/client-state";
import { assertMatchesRequestSchema, operation, pathParams } from "../support/spec";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { helper, settle, waitFor } from "../support/node-red";
import { CALL_ID, CONNECTION_ID, loadVoiceNode, withoutCommandId, type CaughtError } from "../support/call-control-flow";
import { sampleActiveCalls } from "../support/telnyx-standin";

const OTHER_CALL = "v3:nWbZ1QkAXNnsVTNwGPaqkMY0g-wRtn3UyQ0Dod_L9U3SDg5J2uBxyA";
const RECORDING = "d7e9c1d4-8b2a-11eb-8e6a-02420a0f8b69";

/** A typed-input literal: `{ to: "+1..." }` -> `{ to: "+1...", toType: "str" }` (JSON for objects). */
function literals(props: Record<string, string | object>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(props)) {
    out[name] = typeof value === "string" ? value : JSON.stringify(value);
    out[`${name}Type`] = typeof value === "string" ? "str" : "json";
  }
  return out;
}

/** Each action with its fields set in the node, and the body the API must receive (without command_id). */
const ACTIONS: Array<[string, string, Record<string, string | object>, Record<string, unknown>]> = [
  ["hangup", "HangupCall", { options: { custom_headers: [{ name: "X-Reason", value: "done" }] } }, { custom_headers: [{ name: "X-Reason", value: "done" }] }],
  ["reject", "RejectCall", { cause: "USER_BUSY" }, { cause: "USER_BUSY" }],
  [
    "transfer",
    "TransferCall",
    { to: "sip:desk@pbx.example.com", from: "+15550001111", fromDisplayName: "Front desk", timeoutSecs: "20", audioUrl: "https://example.com/whisper.mp3", webhookUrl: "https://hooks.example.com/b", options: { early_media: false } },
    { to: "sip:desk@pbx.example.com", from: "+15550001111", from_display_name: "Front desk", timeout_secs: 20, audio_url: "https://example.com/whisper.mp3", webhook_url: "https://hooks.example.com/b", early_media: false },
  ],
  ["bridge", "BridgeCall", { bridgeWith: OTHER_CALL, options: { play_ringtone: true, ringtone: "uk" } }, { call_control_id: OTHER_CALL, play_ringtone: true, ringtone: "uk" }],
  [
    "gather_using_speak",
    "GatherUsingSpeak",
    { text: "Press 1 for sales, 2 for support.", voice: "female", language: "en-US", validDigits: "12", minimumDigits: "1", maximumDigits: "1", terminatingDigit: "#", timeoutMillis: "10000", invalidPayload: "Sorry, try again.", options: { service_level: "basic", maximum_tries: 2 } },
    { payload: "Press 1 for sales, 2 for support.", voice: "female", language: "en-US", valid_digits: "12", minimum_digits: 1, maximum_digits: 1, terminating_digit: "#", timeout_millis: 10000, invalid_payload: "Sorry, try again.", service_level: "basic", maximum_tries: 2 },
  ],
  [
    "gather",
    "GatherCall",
    { validDigits: "0123456789", minimumDigits: "4", maximumDigits: "6", terminatingDigit: "*", timeoutMillis: "30000", gatherId: "pin", options: { initial_timeout_millis: 8000 } },
    { valid_digits: "0123456789", minimum_digits: 4, maximum_digits: 6, terminating_digit: "*", timeout_millis: 30000, gather_id: "pin", initial_timeout_millis: 8000 },
  ],
  ["playback_start", "StartCallPlayback", { audioUrl: "https://example.com/hold.wav", loop: "infinity", targetLegs: "self", options: { audio_type: "wav" } }, { audio_url: "https://example.com/hold.wav", loop: "infinity", target_legs: "self", audio_type: "wav" }],
  ["playback_stop", "StopCallPlayback", { stop: "current" }, { stop: "current" }],
  ["record_start", "StartCallRecord", { format: "mp3", channels: "dual", maxLength: "600", playBeep: "true", options: { trim: "trim-silence" } }, { format: "mp3", channels: "dual", max_length: 600, play_beep: true, trim: "trim-silence" }],
  ["record_stop", "StopCallRecording", { recordingId: RECORDING }, { recording_id: RECORDING }],
  ["record_pause", "PauseCallRecording", {}, {}],
  ["record_resume", "ResumeCallRecording", { recordingId: RECORDING }, { recording_id: RECORDING }],
  ["send_dtmf", "SendDTMF", { digits: "1w2W#", durationMillis: "300" }, { digits: "1w2W#", duration_millis: 300 }],
  [
    "refer",
    "ReferCall",
    { sipAddress: "sip:desk@pbx.example.com", options: { custom_headers: { "X-Queue": "sales" }, sip_headers: [{ name: "User-to-User", value: "42" }] } },
    { sip_address: "sip:desk@pbx.example.com", custom_headers: [{ name: "X-Queue", value: "sales" }], sip_headers: [{ name: "User-to-User", value: "42" }] },
  ],
  ["send_sip_info", "SendSIPInfo", { contentType: "application/json", body: '{"step": 2}' }, { content_type: "application/json", body: '{"step": 2}' }],
];

describe("telnyx-call-control node", function () {
  let api: TelnyxStandIn;
  const load = (props: Record<string, unknown> = {}, accountProps: Record<string, unknown> = {}) =>
    loadVoiceNode(api, "telnyx-call-control", props, accountProps);

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  for (const [action, operationId, fields, expected] of ACTIONS) {
    it(`${action}: ${operation(operationId).method} ${operation(operationId).path} with the action's fields`, async () => {
      const { node, out } = await load({ action, ...literals(fields) });
      node.receive({ payload: { call_control_id: CALL_ID } } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.equal(api.requests.length, 1);
      const req = api.requests[0];
      assert.equal(req.method, operation(operationId).method);
      assert.deepEqual(pathParams(operationId, req.path), { call_control_id: CALL_ID }, req.path);
      assert.deepEqual(withoutCommandId(req.body), expected);
      assertMatchesRequestSchema(operationId, req.body);
      assert.deepEqual(msg.payload, { result: "ok" });
      assert.equal(msg.call_control_id, CALL_ID);
    });
  }

  it("takes the action and its fields from msg when the node leaves the action empty", async () => {
    const { node, out } = await load();
    node.receive({ action: "reject", cause: "CALL_REJECTED", call_control_id: CALL_ID } as never);
    node.receive({ action: "bridge", bridge_call_control_id: OTHER_CALL, call_control_id: CALL_ID } as never);
    node.receive({ action: "gather_using_speak", payload: "Enter your PIN", maximum_digits: 4, call_control_id: CALL_ID } as never);
    node.receive({ action: "send_dtmf", digits: "1234", call_control_id: CALL_ID } as never);
    await waitFor(out, 4, "outputs");
    const byAction = Object.fromEntries(api.requests.map((r) => [r.path.split("/").pop(), withoutCommandId(r.body)]));
    assert.deepEqual(byAction, {
      reject: { cause: "CALL_REJECTED" },
      bridge: { call_control_id: OTHER_CALL },
      gather_using_speak: { payload: "Enter your PIN", voice: "Telnyx.KokoroTTS.af", maximum_digits: 4 },
      send_dtmf: { digits: "1234" },
    });
    for (const req of api.requests) {
      const id = { reject: "RejectCall", bridge: "BridgeCall", gather_using_speak: "GatherUsingSpeak", send_dtmf: "SendDTMF" }[req.path.split("/").pop() as string]!;
      assertMatchesRequestSchema(id, req.body);
    }
  });

  it("uses the node's action over msg.action, and only that action's fields", async () => {
    // Values of other actions' fields (left over from an older configuration) never reach the request.
    const { node, out } = await load({ action: "hangup", ...literals({ cause: "USER_BUSY", digits: "123", to: "+15550000000" }) });
    node.receive({ action: "reject", call_control_id: CALL_ID, cause: "USER_BUSY" } as never);
    await waitFor(out, 1, "outputs");
    assert.ok(api.requests[0].path.endsWith("/actions/hangup"));
    assert.deepEqual(withoutCommandId(api.requests[0].body), {});
  });

  it("round-trips client state through base64", async () => {
    const state = { menu: "main", tries: 1, caller: "Zoë" };
    const { node, out } = await load({ action: "hangup", clientState: "state", clientStateType: "msg" });
    node.receive({ call_control_id: CALL_ID, state } as never);
    await waitFor(out, 1, "outputs");
    const sent = (api.requests[0].body as { client_state: string }).client_state;
    assert.match(sent, /^[A-Za-z0-9+/]+=*$/);
    assert.deepEqual(decodeClientState(sent), state);
  });

  it("keeps a user-supplied command_id across a retry", async () => {
    api.enqueue({ status: 503, body: errorBody(503, "10007", "Service unavailable") });
    const { node, out } = await load({ action: "hangup", commandId: "hangup-order-42", commandIdType: "str" });
    node.receive({ call_control_id: CALL_ID } as never);
    await waitFor(out, 1, "outputs");
    assert.deepEqual(api.requests.map((r) => (r.body as { command_id: string }).command_id), ["hangup-order-42", "hangup-order-42"]);
  });

  it("500 then 200: two attempts with the same generated command_id, one output", async () => {
    api.enqueue({ status: 500, body: errorBody(500, "10007", "Unexpected error") });
    const { node, out, caught } = await load({ action: "send_dtmf", ...literals({ digits: "1" }) });
    node.receive({ call_control_id: CALL_ID } as never);
    await waitFor(out, 1, "outputs");
    await settle();
    assert.equal(api.requests.length, 2);
    withoutCommandId(api.requests[0].body);
    assert.deepEqual(api.requests[1].body, api.requests[0].body);
    assert.equal(out.length, 1);
    assert.equal(caught.length, 0);
  });

  it("429 then 200: retried after Retry-After with the same command_id", async () => {
    api.enqueue({ status: 429, headers: { "retry-after": "0.05" }, body: errorBody(429, "10011", "Too many requests") });
    const { node, out } = await load({ action: "hangup" });
    node.receive({ call_control_id: CALL_ID } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(api.requests.length, 2);
    assert.deepEqual(api.requests[1].body, api.requests[0].body);
  });

  for (const [code, title] of [["90018", "Call has already ended"], ["90034", "Call not answered yet"]]) {
    it(`a 422 ${code} reaches Catch with its code and status, and is not retried`, async () => {
      api.enqueue({ status: 422, body: errorBody(422, code, title) });
      const { node, out, caught } = await load({ action: "hangup" });
      node.receive({ call_control_id: CALL_ID } as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle();
      const error = failed.error as CaughtError;
      assert.equal(error.code, code);
      assert.equal(error.cause.statusCode, 422);
      assert.equal(error.message, `422 ${title} (${code})`);
      assert.equal(api.requests.length, 1);
      assert.equal(out.length, 0);
    });
  }

  /** What, the node's properties, the msg, the field named, the message; and the account's properties to change. */
  const invalid: Array<[string, Record<string, unknown>, Record<string, unknown>, string, RegExp, Record<string, unknown>?]> = [
    ["no action anywhere", {}, { call_control_id: CALL_ID }, "action", /^action: expected one of hangup, reject, transfer/],
    ["an unknown msg.action", {}, { action: "mute", call_control_id: CALL_ID }, "action", /got "mute"$/],
    ["no call", { action: "hangup" }, { payload: "x" }, "call_control_id", /^call_control_id: expected/],
    ["reject with no cause", { action: "reject" }, { call_control_id: CALL_ID }, "cause", /^cause: expected one of "CALL_REJECTED" or "USER_BUSY", got nothing$/],
    ["reject with an unknown cause", { action: "reject", ...literals({ cause: "BUSY" }) }, { call_control_id: CALL_ID }, "cause", /got "BUSY"$/],
    ["transfer with a malformed number", { action: "transfer", ...literals({ to: "0800 123" }) }, { call_control_id: CALL_ID }, "to", /^to: expected a \+E\.164 number/],
    ["transfer with no destination", { action: "transfer" }, { call_control_id: CALL_ID }, "to", /got nothing$/],
    ["bridge with no other call", { action: "bridge" }, { call_control_id: CALL_ID }, "call_control_id", /^call_control_id: expected the call_control_id of the call to bridge with/],
    ["gather_using_speak with text over 3,000 characters", { action: "gather_using_speak" }, { payload: "b".repeat(3001), call_control_id: CALL_ID }, "payload", /got 3,001 characters$/],
    ["gather with 200 digits", { action: "gather", ...literals({ maximumDigits: "200" }) }, { call_control_id: CALL_ID }, "maximum_digits", /from 1 to 128/],
    ["playback with nothing to play", { action: "playback_start" }, { call_control_id: CALL_ID }, "audio_url", /audio_url, media_name or playback_content/],
    ["record_start with no format", { action: "record_start", ...literals({ channels: "single" }) }, { call_control_id: CALL_ID }, "format", /^format: expected one of "wav" or "mp3", got nothing$/],
    ["record_start with an unknown channel layout", { action: "record_start", ...literals({ format: "wav", channels: "stereo" }) }, { call_control_id: CALL_ID }, "channels", /got "stereo"$/],
    ["record_stop with a recording id that is not a UUID", { action: "record_stop", ...literals({ recordingId: "last" }) }, { call_control_id: CALL_ID }, "recording_id", /^recording_id: expected a UUID/],
    ["send_dtmf with no digits", { action: "send_dtmf" }, { call_control_id: CALL_ID }, "digits", /got nothing$/],
    ["send_dtmf with letters", { action: "send_dtmf", ...literals({ digits: "12ab" }) }, { call_control_id: CALL_ID }, "digits", /^digits: expected DTMF digits/],
    ["an option the action does not document", { action: "hangup", ...literals({ options: { cause: "USER_BUSY" } }) }, { call_control_id: CALL_ID }, "options.cause", /a field HangupCall documents/],
    ["an option with a field of its own", { action: "reject", ...literals({ cause: "USER_BUSY", options: { cause: "CALL_REJECTED" } }) }, { call_control_id: CALL_ID }, "options.cause", /has a field of its own/],
    ["call status with no call", { action: "call_status" }, { payload: "x" }, "call_control_id", /^call_control_id: expected/],
    ["active calls with no connection (none in the account either)", { action: "list_active_calls" }, {}, "connection_id", /^connection_id: expected the connection's id/, { connectionId: "" }],
    ["active calls with page[limit] over 250", { action: "list_active_calls", pageLimit: "500", pageLimitType: "num" }, {}, "page[limit]", /from 1 to 250/],
    ["call status with options", { action: "call_status", ...literals({ options: { is_alive: true } }) }, { call_control_id: CALL_ID }, "options.is_alive", /a field RetrieveCallStatus documents/],
  ];
  for (const [what, props, input, field, message, accountProps] of invalid) {
    it(`rejects ${what} with an error naming ${field}, and sends nothing`, async () => {
      const { node, out, caught } = await load(props, accountProps);
      node.receive(input as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle();
      const error = failed.error as CaughtError;
      assert.equal(error.code, "ERR_TELNYX_INPUT");
      assert.equal(error.cause.field, field);
      assert.match(error.message, message);
      assert.equal(api.requests.length, 0, "nothing sent");
      assert.equal(out.length, 0);
    });
  }
  describe("reads: call status and active calls", () => {
    it("call status: GET /calls/{call_control_id} with no body and no command_id; the Call in msg.payload", async () => {
      const { node, out } = await load({ action: "call_status" });
      node.receive({ payload: { call_control_id: CALL_ID } } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.equal(api.requests.length, 1);
      const req = api.requests[0];
      assert.equal(req.method, operation("RetrieveCallStatus").method);
      assert.deepEqual(pathParams("RetrieveCallStatus", req.path), { call_control_id: CALL_ID });
      assert.equal([...req.query].length, 0);
      assert.equal(req.rawBody, "");
      assert.equal(req.headers["content-type"], undefined);
      const payload = msg.payload as Record<string, unknown>;
      assert.equal(payload.call_control_id, CALL_ID);
      assert.equal(payload.is_alive, true);
      assert.equal(msg.call_control_id, CALL_ID);
    });

    it("list active calls: the account's connection, every cursor page followed, page[limit] from the node", async () => {
      api.activeCalls = sampleActiveCalls(5);
      const { node, out } = await load({ action: "list_active_calls", pageLimit: "2", pageLimitType: "num" });
      node.receive({ payload: "go" } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.equal(api.requests.length, 3, "three pages of 2, 2 and 1");
      for (const req of api.requests) {
        assert.equal(req.method, "GET");
        assert.deepEqual(pathParams("ListConnectionActiveCalls", req.path), { connection_id: CONNECTION_ID });
        assert.equal(req.query.get("page[limit]"), "2");
        assert.equal(req.rawBody, "");
        assert.equal(req.headers["content-type"], undefined);
      }
      assert.deepEqual(api.requests.map((r) => r.query.get("page[after]")), [null, "cursor-2", "cursor-4"]);
      assert.deepEqual(msg.payload, api.activeCalls);
      assert.deepEqual(msg.pages, { pages: 3, items: 5, capped: false });
      assert.equal(msg.call_control_id, undefined);
    });

    it("list active calls: the connection from the node, else msg.connection_id, before the account's", async () => {
      const { node, out } = await load({ action: "list_active_calls" });
      node.receive({ connection_id: "1293384261075731499" } as never);
      await waitFor(out, 1, "outputs");
      assert.deepEqual(pathParams("ListConnectionActiveCalls", api.requests[0].path), { connection_id: "1293384261075731499" });
      assert.equal(api.requests[0].query.get("page[limit]"), null, "no page parameter unless set");
    });

    it("takes a read from msg.action", async () => {
      const { node, out } = await load();
      node.receive({ action: "call_status", call_control_id: CALL_ID } as never);
      node.receive({ action: "list_active_calls" } as never);
      await waitFor(out, 2, "outputs");
      assert.deepEqual(api.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`).sort(), [
        `GET /calls/${CALL_ID}`,
        `GET /connections/${CONNECTION_ID}/active_calls`,
      ].sort());
    });

    for (const [action, props, input] of [
      ["call_status", {}, { call_control_id: CALL_ID }],
      ["list_active_calls", {}, {}],
    ] as const) {
      it(`${action}: a 503 then a 500 are retried, one output`, async () => {
        api.enqueue({ status: 503, body: errorBody(503) }, { status: 500, body: errorBody(500) });
        const { node, out, caught } = await load({ action, ...props });
        node.receive(input as never);
        await waitFor(out, 1, "outputs");
        await settle();
        assert.equal(api.requests.length, 3);
        for (const req of api.requests) assert.equal(req.rawBody, "");
        assert.equal(caught.length, 0);
      });
    }

    it("call status: a 404 reaches Catch with its code, not retried", async () => {
      api.enqueue({ status: 404, body: errorBody(404, "10005", "Resource not found") });
      const { node, out, caught } = await load({ action: "call_status" });
      node.receive({ call_control_id: CALL_ID } as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle();
      const error = failed.error as CaughtError;
      assert.equal(error.code, "10005");
      assert.equal(error.cause.statusCode, 404);
      assert.equal(api.requests.length, 1);
      assert.equal(out.length, 0);
    });

  });
});
