import { strict as assert } from "node:assert";
import { decodeClientState } from "../../src/telnyx/client-state";
import { assertMatchesRequestSchema, operation } from "../support/spec";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { helper, settle, waitFor } from "../support/node-red";
import { CONNECTION_ID, loadVoiceNode, withoutCommandId, type CaughtError } from "../support/call-control-flow";

describe("telnyx-dial node", function () {
  let api: TelnyxStandIn;
  const load = (props: Record<string, unknown> = {}, accountProps: Record<string, unknown> = {}) =>
    loadVoiceNode(api, "telnyx-dial", props, accountProps);

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  it("dials msg.to from the account's number and connection, and outputs the API's data", async () => {
    const { node, out } = await load();
    node.receive({ to: "+15557654321", topic: "keep me" } as never);
    const [msg] = await waitFor(out, 1, "outputs");
    assert.equal(api.requests.length, 1);
    const req = api.requests[0];
    assert.equal(req.method, operation("DialCall").method);
    assert.equal(req.path, "/calls");
    assert.deepEqual(withoutCommandId(req.body), { to: "+15557654321", from: "+15550001111", connection_id: CONNECTION_ID });
    assertMatchesRequestSchema("DialCall", req.body);
    const payload = msg.payload as { call_control_id: string; call_leg_id: string; call_session_id: string };
    assert.match(payload.call_control_id, /^v3:standin-call-/);
    assert.ok(payload.call_leg_id && payload.call_session_id);
    assert.equal(msg.call_control_id, payload.call_control_id, "the next command node finds the call");
    assert.equal(msg.topic, "keep me", "the rest of msg is kept");
  });

  it("maps every editor field onto the request, evaluating typed inputs", async () => {
    const { node, out } = await load({
      to: "destinations", toType: "msg",
      from: "+15552223333", fromType: "str",
      connectionId: "2222222222", connectionIdType: "str",
      fromDisplayName: "ACME Support", fromDisplayNameType: "str",
      timeoutSecs: "45", timeoutSecsType: "str",
      timeLimitSecs: "payload.limit", timeLimitSecsType: "msg",
      answeringMachineDetection: "detect_words", answeringMachineDetectionType: "str",
      answeringMachineDetectionConfig: '{"total_analysis_time_millis": 5000, "greeting_duration_millis": 3000}',
      answeringMachineDetectionConfigType: "json",
      audioUrl: "https://example.com/hello.mp3", audioUrlType: "str",
      record: "record-from-answer", recordType: "str",
      recordFormat: "wav", recordFormatType: "str",
      recordChannels: "single", recordChannelsType: "str",
      customHeaders: '{"X-Order": "42"}', customHeadersType: "json",
      webhookUrl: "https://hooks.example.com/calls", webhookUrlType: "str",
      clientState: '{"order": 42, "step": "greeting"}', clientStateType: "json",
      commandId: "dial-order-42", commandIdType: "str",
      options: '{"sip_region": "Europe", "media_encryption": "SRTP", "retry_on_timeout": false}', optionsType: "json",
    });
    node.receive({ destinations: ["+15550000001", "sip:desk@pbx.example.com"], payload: { limit: 600 } } as never);
    await waitFor(out, 1, "outputs");
    const body = api.requests[0].body as Record<string, unknown>;
    assert.deepEqual(body, {
      to: ["+15550000001", "sip:desk@pbx.example.com"],
      from: "+15552223333",
      connection_id: "2222222222",
      from_display_name: "ACME Support",
      timeout_secs: 45,
      time_limit_secs: 600,
      answering_machine_detection: "detect_words",
      answering_machine_detection_config: { total_analysis_time_millis: 5000, greeting_duration_millis: 3000 },
      audio_url: "https://example.com/hello.mp3",
      record: "record-from-answer",
      record_format: "wav",
      record_channels: "single",
      custom_headers: [{ name: "X-Order", value: "42" }],
      webhook_url: "https://hooks.example.com/calls",
      client_state: Buffer.from('{"order":42,"step":"greeting"}').toString("base64"),
      command_id: "dial-order-42",
      sip_region: "Europe",
      media_encryption: "SRTP",
      retry_on_timeout: false,
    });
    assert.deepEqual(decodeClientState(body.client_state as string), { order: 42, step: "greeting" }, "client state round-trips");
    assertMatchesRequestSchema("DialCall", body);
  });

  it("takes msg.from and msg.connection_id before the account's", async () => {
    const { node, out } = await load();
    node.receive({ to: "sip:alice@example.com", from: "+15553334444", connection_id: "3333333333" } as never);
    await waitFor(out, 1, "outputs");
    assert.deepEqual(withoutCommandId(api.requests[0].body), { to: "sip:alice@example.com", from: "+15553334444", connection_id: "3333333333" });
  });

  it("500 then 200: one call, two attempts with the same command_id", async () => {
    api.enqueue({ status: 500, body: errorBody(500, "10007", "Unexpected error") });
    const { node, out, caught } = await load();
    node.receive({ to: "+15557654321" } as never);
    await waitFor(out, 1, "outputs");
    await settle();
    assert.equal(api.requests.length, 2);
    const [first, second] = api.requests.map((r) => r.body as { command_id: string });
    withoutCommandId(first);
    assert.equal(second.command_id, first.command_id);
    assert.deepEqual(second, first, "the same body each attempt");
    assert.equal(out.length, 1);
    assert.equal(caught.length, 0);
  });

  it("a 429 over the dial rate (90103) is retried after the delay Telnyx asks for", async () => {
    api.enqueue({ status: 429, headers: { "retry-after": "0.05" }, body: errorBody(429, "90103", "Too many dials") });
    const { node, out } = await load();
    node.receive({ to: "+15557654321" } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(api.requests.length, 2);
    assert.equal((api.requests[0].body as { command_id: string }).command_id, (api.requests[1].body as { command_id: string }).command_id);
  });

  it("maps a 422 to Catch with its code, status and a readable message", async () => {
    api.enqueue({
      status: 422,
      body: { errors: [{ code: "10015", title: "Invalid connection_id", detail: "The connection_id is not valid.", source: { pointer: "/connection_id" } }] },
    });
    const { node, caught, out } = await load();
    node.receive({ to: "+15557654321" } as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    const error = failed.error as CaughtError;
    assert.equal(error.code, "10015");
    assert.equal(error.cause.statusCode, 422);
    assert.equal(error.message, "422 Invalid connection_id (10015): The connection_id is not valid. [/connection_id]");
    assert.equal(out.length, 0);
    assert.equal(api.requests.length, 1, "a 4xx is not retried");
  });

  const invalid: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
    ["no destination", {}, {}, {}, /^to: expected a \+E\.164 number or SIP URI to call/],
    ["a malformed number", {}, { to: "555-1234" }, {}, /^to: expected a \+E\.164 number/],
    ["a bad destination in a list", {}, { to: ["+15550000001", "nope"] }, {}, /^to\[1\]: expected/],
    ["a from that is not +E.164", { from: "5550001111", fromType: "str" }, { to: "+15557654321" }, {}, /^from: expected a \+E\.164 number/],
    ["no connection anywhere", {}, { to: "+15557654321" }, { connectionId: "" }, /^connection_id: expected the Call Control application id/],
    ["a caller name over 128 characters", { fromDisplayName: "a".repeat(129), fromDisplayNameType: "str" }, { to: "+15557654321" }, {}, /^from_display_name: expected at most 128 characters/],
    ["a time limit over 4 hours", { timeLimitSecs: "14401", timeLimitSecsType: "str" }, { to: "+15557654321" }, {}, /^time_limit_secs: expected an integer from 30 to 14400/],
    ["an unknown detection mode", { answeringMachineDetection: "ai", answeringMachineDetectionType: "str" }, { to: "+15557654321" }, {}, /^answering_machine_detection: expected one of "premium"/],
    ["an unknown option", { options: '{"caller_id_name": "x"}', optionsType: "json" }, { to: "+15557654321" }, {}, /^options\.caller_id_name: expected a field DialCall documents/],
    ["a number as client state", { clientState: "payload", clientStateType: "msg" }, { to: "+15557654321", payload: 7 }, {}, /^client_state: expected a string or an object/],
  ];
  for (const [what, props, input, accountProps, message] of invalid) {
    it(`rejects ${what} with a field error and sends nothing`, async () => {
      const { node, out, caught } = await load(props, accountProps);
      node.receive(input as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle();
      const error = failed.error as CaughtError;
      assert.match(error.message, message);
      assert.equal(error.code, "ERR_TELNYX_INPUT");
      assert.equal(api.requests.length, 0, "nothing sent");
      assert.equal(out.length, 0);
    });
  }
});

