// A whole call in a flow: the spec's own call.initiated example drives answer -> speak -> gather -> hangup.
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import { assertMatchesRequestSchema, pathParams } from "../support/spec";
import { TelnyxStandIn } from "../support/telnyx-standin";
import { account, collect, helper, onTab, settle, waitFor } from "../support/node-red";
import { UUID_V4, voiceNodes } from "../support/call-control-flow";

const initiated = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "telnyx", "fixtures", "webhooks", "call.initiated.json"), "utf8"),
) as { data: { event_type: string; payload: Record<string, string> } };

describe("voice flow", function () {
  let api: TelnyxStandIn;

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  // Node ids differ from every property value: Node-RED takes a value equal to a node id for a reference.
  async function load(...nodes: Array<Record<string, unknown> & { id: string; type: string }>) {
    const acct = account(api.baseUrl, { fromNumber: "+15550001111", connectionId: "1494404757140276705" });
    const flow = onTab(
      acct.node,
      ...nodes.map((n) => ({ account: "acct", ...n })),
      { id: "out", type: "helper" },
      { id: "catcher", type: "catch", scope: null, uncaught: false, wires: [["caught"]] },
      { id: "caught", type: "helper" },
    );
    await helper.load(voiceNodes() as never, flow, acct.credentials);
    return { out: collect("out"), caught: collect("caught") };
  }

  it("answers, speaks, gathers and hangs up the call of a call.initiated webhook", async () => {
    assert.equal(initiated.data.event_type, "call.initiated");
    const callId = initiated.data.payload.call_control_id;
    const { out, caught } = await load(
      { id: "answering", type: "telnyx-answer", clientState: '{"step": "answered"}', clientStateType: "json", wires: [["speaking"]] },
      { id: "speaking", type: "telnyx-speak", text: "Welcome to ACME.", textType: "str", wires: [["gathering"]] },
      {
        id: "gathering",
        type: "telnyx-call-control",
        action: "gather_using_speak",
        text: "Press 1 for sales or 2 for support.", textType: "str",
        validDigits: "12", validDigitsType: "str",
        maximumDigits: "1", maximumDigitsType: "str",
        wires: [["hanging-up"]],
      },
      { id: "hanging-up", type: "telnyx-call-control", action: "hangup", wires: [["out"]] },
    );
    // What the webhook node emits for this event: msg.payload = data.payload.
    helper.getNode("answering").receive({ payload: initiated.data.payload, topic: "call.initiated" } as never);

    const [done] = await waitFor(out, 1, "outputs");
    await settle();
    assert.equal(caught.length, 0, JSON.stringify(caught.map((c) => c.error)));
    assert.deepEqual(
      api.requests.map((r) => `${r.method} ${r.path}`),
      ["answer", "speak", "gather_using_speak", "hangup"].map((action) => `POST /calls/${callId}/actions/${action}`),
    );
    const [answer, speak, gather, hangup] = api.requests.map((r) => r.body as Record<string, unknown>);
    const operations = ["AnswerCall", "SpeakCall", "GatherUsingSpeak", "HangupCall"];
    api.requests.forEach((req, i) => {
      assert.deepEqual(pathParams(operations[i], req.path), { call_control_id: callId });
      assertMatchesRequestSchema(operations[i], req.body);
    });

    const commandIds = [answer, speak, gather, hangup].map((body) => body.command_id as string);
    for (const id of commandIds) assert.match(id, UUID_V4);
    assert.equal(new Set(commandIds).size, 4, "one command_id per command: Telnyx would drop a repeat");

    const { command_id: _a, ...answerRest } = answer;
    assert.deepEqual(answerRest, { client_state: Buffer.from('{"step":"answered"}').toString("base64") });
    const { command_id: _s, ...speakRest } = speak;
    assert.deepEqual(speakRest, { payload: "Welcome to ACME.", voice: "Telnyx.KokoroTTS.af" });
    const { command_id: _g, ...gatherRest } = gather;
    assert.deepEqual(gatherRest, { payload: "Press 1 for sales or 2 for support.", voice: "Telnyx.KokoroTTS.af", valid_digits: "12", maximum_digits: 1 });
    const { command_id: _h, ...hangupRest } = hangup;
    assert.deepEqual(hangupRest, {}, "the webhook's client_state is not sent back unasked");

    assert.equal(done.call_control_id, callId);
    assert.deepEqual(done.payload, { result: "ok" });
    assert.equal(done.topic, "call.initiated", "the message travels the whole flow");
  });

  it("speaks on the call a dial node just placed", async () => {
    const { out, caught } = await load(
      { id: "dialing", type: "telnyx-dial", wires: [["speaking"]] },
      { id: "speaking", type: "telnyx-speak", text: "This is your reminder.", textType: "str", wires: [["out"]] },
    );
    helper.getNode("dialing").receive({ to: "+15557654321" } as never);
    await waitFor(out, 1, "outputs");
    assert.equal(caught.length, 0);
    const [dialReq, speakReq] = api.requests;
    assert.equal(dialReq.path, "/calls");
    const dialed = out[0].call_control_id as string;
    assert.match(dialed, /^v3:standin-call-/);
    assert.deepEqual(pathParams("SpeakCall", speakReq.path), { call_control_id: dialed });
    assertMatchesRequestSchema("SpeakCall", speakReq.body);
  });
});
