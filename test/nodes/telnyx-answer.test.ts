import { strict as assert } from "node:assert";
import { decodeClientState } from "../../src/telnyx/client-state";
import { assertMatchesRequestSchema, operation, pathParams } from "../support/spec";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { account, collect, coreNode, helper, onTab, settle, waitFor } from "../support/node-red";
import { CALL_ID, loadVoiceNode, voiceNodes, withoutCommandId, type CaughtError } from "../support/call-control-flow";

describe("telnyx-answer node", function () {
  let api: TelnyxStandIn;
  const load = (props: Record<string, unknown> = {}, accountProps: Record<string, unknown> = {}) =>
    loadVoiceNode(api, "telnyx-answer", props, accountProps);

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  it("answers the call in msg.payload.call_control_id (a webhook event's payload)", async () => {
    const { node, out } = await load();
    node.receive({ payload: { call_control_id: CALL_ID, direction: "incoming" }, topic: "keep" } as never);
    const [msg] = await waitFor(out, 1, "outputs");
    const req = api.requests[0];
    assert.equal(req.method, operation("AnswerCall").method);
    assert.deepEqual(pathParams("AnswerCall", req.path), { call_control_id: CALL_ID });
    assert.equal(req.path, `/calls/${CALL_ID}/actions/answer`, "the id's ':' stays literal");
    assert.deepEqual(withoutCommandId(req.body), {});
    assertMatchesRequestSchema("AnswerCall", req.body);
    assert.deepEqual(msg.payload, { result: "ok" });
    assert.equal(msg.call_control_id, CALL_ID);
    assert.equal(msg.topic, "keep");
  });

  it("takes the call from the node's field, then msg.payload, then msg.call_control_id", async () => {
    const { node, out } = await load({ callControlId: "override", callControlIdType: "msg" });
    node.receive({ override: "v3:from-field", payload: { call_control_id: "v3:from-payload" }, call_control_id: "v3:from-msg" } as never);
    node.receive({ payload: { call_control_id: "v3:from-payload" }, call_control_id: "v3:from-msg" } as never);
    node.receive({ payload: "not an object", call_control_id: "v3:from-msg" } as never);
    await waitFor(out, 3, "outputs");
    const ids = api.requests.map((r) => pathParams("AnswerCall", r.path)?.call_control_id).sort();
    assert.deepEqual(ids, ["v3:from-field", "v3:from-msg", "v3:from-payload"]);
  });

  it("encodes an id with reserved characters as one path segment", async () => {
    const odd = "v3:ab/cd+ef==?x";
    const { node, out } = await load();
    node.receive({ call_control_id: odd } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(api.requests[0].path, "/calls/v3:ab%2Fcd%2Bef%3D%3D%3Fx/actions/answer");
    assert.deepEqual(pathParams("AnswerCall", api.requests[0].path), { call_control_id: odd });
    assert.equal(out[0].call_control_id, odd);
  });

  it("maps the editor fields: webhook, recording, client state, command id, options", async () => {
    const { node, out } = await load({
      webhookUrl: "https://hooks.example.com/call", webhookUrlType: "str",
      record: "record-from-answer", recordType: "str",
      recordFormat: "mp3", recordFormatType: "str",
      recordChannels: "dual", recordChannelsType: "str",
      clientState: "have a nice day =]", clientStateType: "str",
      commandId: "answer-1", commandIdType: "str",
      options: '{"send_silence_when_idle": true, "preferred_codecs": "G722,PCMU,PCMA,G729,OPUS,VP8,H264", "custom_headers": [{"name": "X-A", "value": "1"}]}',
      optionsType: "json",
    });
    api.enqueue({ body: { data: { result: "ok", recording_id: "d7e9c1d4-8b2a-11eb-8e6a-02420a0f8b69" } } });
    node.receive({ payload: { call_control_id: CALL_ID } } as never);
    const [msg] = await waitFor(out, 1, "outputs");
    const body = api.requests[0].body as Record<string, unknown>;
    assert.deepEqual(body, {
      webhook_url: "https://hooks.example.com/call",
      record: "record-from-answer",
      record_format: "mp3",
      record_channels: "dual",
      client_state: "aGF2ZSBhIG5pY2UgZGF5ID1d",
      command_id: "answer-1",
      send_silence_when_idle: true,
      preferred_codecs: "G722,PCMU,PCMA,G729,OPUS,VP8,H264",
      custom_headers: [{ name: "X-A", value: "1" }],
    });
    assert.equal(decodeClientState(body.client_state as string), "have a nice day =]");
    assertMatchesRequestSchema("AnswerCall", body);
    assert.deepEqual(msg.payload, { result: "ok", recording_id: "d7e9c1d4-8b2a-11eb-8e6a-02420a0f8b69" });
  });

  it("a connection dropped after sending is retried with the same command_id", async () => {
    api.enqueue({ drop: true });
    const { node, out, caught } = await load();
    node.receive({ call_control_id: CALL_ID } as never);
    await waitFor(out, 1, "outputs");
    await settle();
    assert.equal(api.requests.length, 2);
    assert.equal(caught.length, 0);
    assert.deepEqual(api.requests[1].body, api.requests[0].body);
  });

  it("a timeout is retried with the same command_id", async () => {
    // timeoutSecs takes at least 1 s (REQUEST_TIMEOUT_SECONDS_RANGE), so the stand-in answers the first attempt later.
    api.enqueue({ delayMs: 1500 });
    const { node, out } = await load({}, { timeoutSecs: 1 });
    node.receive({ call_control_id: CALL_ID } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(api.requests.length, 2);
    assert.deepEqual(api.requests[1].body, api.requests[0].body);
  });

  for (const [code, title] of [["90018", "Call has already ended"], ["90034", "Call not answered yet"]]) {
    it(`a 422 ${code} reaches Catch with msg.error.code, cause.statusCode and a readable message`, async () => {
      api.enqueue({ status: 422, body: errorBody(422, code, title, "This call can't receive commands.") });
      const { node, out, caught } = await load();
      node.receive({ call_control_id: CALL_ID, _msgid: "m1" } as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      const error = failed.error as CaughtError;
      assert.equal(error.code, code);
      assert.equal(error.cause.statusCode, 422);
      assert.equal(error.message, `422 ${title} (${code}): This call can't receive commands.`);
      assert.equal(failed.call_control_id, CALL_ID, "Catch gets the message that failed");
      assert.equal(out.length, 0);
      assert.equal(api.requests.length, 1);
    });
  }

  it("rejects a message with no call id, naming the field, and sends nothing", async () => {
    const { node, out, caught } = await load();
    node.receive({ payload: { direction: "incoming" } } as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    await settle();
    const error = failed.error as CaughtError;
    assert.equal(error.code, "ERR_TELNYX_INPUT");
    assert.equal(error.cause.field, "call_control_id");
    assert.match(error.message, /^call_control_id: expected the call's call_control_id.*, got nothing$/);
    assert.equal(api.requests.length, 0);
    assert.equal(out.length, 0);
  });

  it("rejects an answer codec list the API does not list", async () => {
    const { node, caught } = await load({ options: '{"preferred_codecs": "PCMU"}', optionsType: "json" });
    node.receive({ call_control_id: CALL_ID } as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    assert.match((failed.error as CaughtError).message, /^options\.preferred_codecs: expected "G722,PCMU,PCMA,G729,OPUS,VP8,H264"/);
    assert.equal(api.requests.length, 0);
  });

  it("shows the command in flight, done, then the failure reason", async () => {
    api.enqueue({ delayMs: 100 }, { status: 422, body: errorBody(422, "90018", "Call has already ended") });
    const acct = account(api.baseUrl);
    const flow = onTab(
      acct.node,
      { id: "voice", type: "telnyx-answer", account: "acct", wires: [[]] },
      { id: "watch", type: "status", scope: ["voice"], wires: [["statuses"]] },
      { id: "statuses", type: "helper" },
    );
    await helper.load([...voiceNodes(), coreNode("common/25-status.js")] as never, flow, acct.credentials);
    const statuses = collect("statuses");
    helper.getNode("voice").receive({ call_control_id: CALL_ID } as never);
    await waitFor(statuses, 2, "statuses");
    helper.getNode("voice").receive({ call_control_id: CALL_ID } as never);
    await waitFor(statuses, 4, "statuses");
    const seen = statuses.map((m) => {
      const { fill, shape, text } = m.status as { fill: string; shape: string; text: string };
      return { fill, shape, text };
    });
    assert.deepEqual(seen.slice(0, 4), [
      { fill: "blue", shape: "dot", text: "answering" },
      { fill: "green", shape: "dot", text: "answered" },
      { fill: "blue", shape: "dot", text: "answering" },
      { fill: "red", shape: "ring", text: "422 Call has already ended (90018)" },
    ]);
  });
});
