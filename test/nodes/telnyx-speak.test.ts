import { strict as assert } from "node:assert";
import { assertMatchesRequestSchema, pathParams } from "../support/spec";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { helper, settle, waitFor } from "../support/node-red";
import { CALL_ID, loadVoiceNode, withoutCommandId, type CaughtError } from "../support/call-control-flow";

describe("telnyx-speak node", function () {
  let api: TelnyxStandIn;
  const load = (props: Record<string, unknown> = {}) => loadVoiceNode(api, "telnyx-speak", props);

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  it("speaks msg.payload on msg.call_control_id with the default voice", async () => {
    const { node, out } = await load();
    node.receive({ payload: "Thanks for calling.", call_control_id: CALL_ID } as never);
    const [msg] = await waitFor(out, 1, "outputs");
    const req = api.requests[0];
    assert.equal(req.method, "POST");
    assert.deepEqual(pathParams("SpeakCall", req.path), { call_control_id: CALL_ID });
    assert.deepEqual(withoutCommandId(req.body), { payload: "Thanks for calling.", voice: "Telnyx.KokoroTTS.af" });
    assertMatchesRequestSchema("SpeakCall", req.body);
    assert.deepEqual(msg.payload, { result: "ok" });
    assert.equal(msg.call_control_id, CALL_ID);
  });

  it("maps every editor field onto the request", async () => {
    const { node, out } = await load({
      text: '"<speak>Hello " & payload.name & "</speak>"', textType: "jsonata",
      voice: "AWS.Polly.Joanna-Neural", voiceType: "str",
      payloadType: "ssml", payloadTypeType: "str",
      language: "en-GB", languageType: "str",
      serviceLevel: "premium", serviceLevelType: "str",
      stop: "current", stopType: "str",
      targetLegs: "both", targetLegsType: "str",
      voiceSettings: '{"type": "aws"}', voiceSettingsType: "json",
      clientState: "menu", clientStateType: "str",
      commandId: "speak-1", commandIdType: "str",
      options: '{"loop": "infinity"}', optionsType: "json",
    });
    node.receive({ payload: { name: "Ada", call_control_id: CALL_ID } } as never);
    await waitFor(out, 1, "outputs");
    const body = api.requests[0].body;
    assert.deepEqual(body, {
      payload: "<speak>Hello Ada</speak>",
      voice: "AWS.Polly.Joanna-Neural",
      payload_type: "ssml",
      language: "en-GB",
      service_level: "premium",
      stop: "current",
      target_legs: "both",
      voice_settings: { type: "aws" },
      client_state: Buffer.from("menu").toString("base64"),
      command_id: "speak-1",
      loop: "infinity",
    });
    assertMatchesRequestSchema("SpeakCall", body);
  });

  it("sends the Telnyx voice settings and a loop count the spec accepts", async () => {
    const { node, out } = await load({
      text: "Hold on", textType: "str",
      voiceSettings: '{"type": "telnyx", "voice_speed": 1.5}', voiceSettingsType: "json",
      options: '{"loop": "3"}', optionsType: "json",
    });
    node.receive({ call_control_id: CALL_ID } as never);
    await waitFor(out, 1, "outputs");
    const body = api.requests[0].body as Record<string, unknown>;
    assert.deepEqual(body.voice_settings, { type: "telnyx", voice_speed: 1.5 });
    assert.equal(body.loop, 3);
    assertMatchesRequestSchema("SpeakCall", body);
  });

  it("accepts exactly 3,000 characters", async () => {
    const { node, out } = await load();
    node.receive({ payload: "a".repeat(3000), call_control_id: CALL_ID } as never);
    await waitFor(out, 1, "outputs");
    assert.equal((api.requests[0].body as { payload: string }).payload.length, 3000);
  });

  it("500 then 200: spoken once, two attempts with the same command_id", async () => {
    api.enqueue({ status: 500, body: errorBody(500, "10007", "Unexpected error") });
    const { node, out, caught } = await load();
    node.receive({ payload: "x", call_control_id: CALL_ID } as never);
    await waitFor(out, 1, "outputs");
    await settle();
    assert.equal(api.requests.length, 2);
    withoutCommandId(api.requests[0].body);
    assert.deepEqual(api.requests[1].body, api.requests[0].body);
    assert.equal(caught.length, 0);
  });

  it("a 422 90034 (call not answered yet) reaches Catch", async () => {
    api.enqueue({ status: 422, body: errorBody(422, "90034", "Call not answered yet", "The call must be answered first.") });
    const { node, caught } = await load();
    node.receive({ payload: "x", call_control_id: CALL_ID } as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    const error = failed.error as CaughtError;
    assert.equal(error.code, "90034");
    assert.equal(error.cause.statusCode, 422);
    assert.equal(error.message, "422 Call not answered yet (90034): The call must be answered first.");
  });

  const invalid: Array<[string, Record<string, unknown>, Record<string, unknown>, string, RegExp]> = [
    ["no text (payload not a string)", {}, { payload: { call_control_id: CALL_ID } }, "payload", /^payload: expected text or SSML of at most 3,000 characters, got nothing$/],
    ["text over 3,000 characters", {}, { payload: "a".repeat(3001), call_control_id: CALL_ID }, "payload", /^payload: expected at most 3,000 characters, got 3,001 characters$/],
    ["no call", {}, { payload: "x" }, "call_control_id", /^call_control_id: expected/],
    ["an unknown language", { language: "payload", languageType: "msg" }, { payload: "en-XX", call_control_id: CALL_ID }, "language", /^language: expected one of the 29 documented values/],
    ["an unknown service level", { serviceLevel: "gold", serviceLevelType: "str" }, { payload: "x", call_control_id: CALL_ID }, "service_level", /^service_level: expected one of "basic" or "premium", got "gold"$/],
    ["an unknown leg", { targetLegs: "all", targetLegsType: "str" }, { payload: "x", call_control_id: CALL_ID }, "target_legs", /^target_legs: expected one of "self", "opposite" or "both"/],
    ["an unknown payload type", { payloadType: "html", payloadTypeType: "str" }, { payload: "x", call_control_id: CALL_ID }, "payload_type", /^payload_type:/],
    ["an unknown stop", { stop: "everything", stopType: "str" }, { payload: "x", call_control_id: CALL_ID }, "stop", /^stop: expected one of "current" or "all"/],
    ["voice settings with no type", { voiceSettings: '{"voice_speed": 2}', voiceSettingsType: "json" }, { payload: "x", call_control_id: CALL_ID }, "voice_settings.type", /^voice_settings\.type: expected one of "elevenlabs", "telnyx"/],
    ["basic with SSML", { serviceLevel: "basic", serviceLevelType: "str", payloadType: "ssml", payloadTypeType: "str" }, { payload: "<speak/>", call_control_id: CALL_ID }, "payload_type", /^payload_type: expected "text" with service_level "basic"/],
  ];
  for (const [what, props, input, field, message] of invalid) {
    it(`rejects ${what} with an error naming ${field}, and sends nothing`, async () => {
      const { node, out, caught } = await load(props);
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
});
