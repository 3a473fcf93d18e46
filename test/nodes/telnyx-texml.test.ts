import { strict as assert } from "node:assert";
import { TEXML_SCHEMA } from "../../src/shared/texml/schema";
import type { TexmlElementSpec, TexmlItem } from "../../src/shared/texml/types";
import { HttpNodeServer } from "../support/http-node";
import { account, collect, coreNode, helper, nodeModule, onTab, settle, waitFor, type FlowNode } from "../support/node-red";
import { assertMatchesRequestSchema, operation, pathParams } from "../support/spec";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { parse, toTree, type Tree } from "../support/xml";

const SID = "6a9a7976-012e-45d2-9258-6f5dc68d861e";
const APP = "1684641123236054244";

/** Every verb, and every noun in each place it may stand, with values the builder writes unchanged. */
const EVERY_ELEMENT: TexmlItem[] = [
  { verb: "Say", voice: "Polly.Joanna", language: "en-US", loop: "2", text: "Welcome" },
  { verb: "Play", loop: "1", continueOnError: "true", text: "https://example.com/hello.mp3" },
  {
    verb: "Gather", action: "https://example.com/gather", input: "dtmf speech", numDigits: "1", timeout: "5",
    children: [{ verb: "Say", text: "Press 1" }, { verb: "Play", digits: "1w2" }],
  },
  {
    verb: "Dial", callerId: "+15550001111", timeout: "30", record: "record-from-answer",
    children: [
      { noun: "Number", statusCallbackEvent: "initiated ringing answered completed", text: "+15557654321" },
      { noun: "Sip", username: "u", password: "p", text: "sip:alice@example.com" },
      { noun: "Queue", url: "https://example.com/whisper", text: "support" },
      { noun: "Conference", beep: "onEnter", maxParticipants: "10", text: "room-1" },
    ],
  },
  { verb: "Record", action: "https://example.com/recording", maxLength: "60", playBeep: "false", format: "wav" },
  { verb: "Redirect", method: "GET", text: "https://example.com/next" },
  { verb: "Pause", length: "2" },
  { verb: "Reject", reason: "busy" },
  { verb: "Refer", action: "https://example.com/refer", children: [{ noun: "Sip", text: "sip:bob@example.com" }] },
  { verb: "Enqueue", waitUrl: "https://example.com/wait", text: "support" },
  { verb: "Leave" },
  {
    verb: "Start",
    children: [
      { noun: "Stream", url: "wss://example.com/audio", track: "both_tracks", children: [{ noun: "Parameter", name: "caller", value: "x" }] },
      { noun: "Transcription", language: "en", transcriptionTracks: "both" },
      { noun: "Suppression", direction: "inbound" },
      { noun: "Recording", channels: "dual", track: "both" },
      { noun: "Siprec", connectorName: "recorder", name: "s1" },
    ],
  },
  { verb: "Stop", children: [{ noun: "Stream" }, { noun: "Transcription" }, { noun: "Suppression" }, { noun: "Siprec", name: "s1" }] },
  {
    verb: "Connect",
    children: [{
      noun: "ConversationRelay", url: "wss://example.com/relay", interruptible: "speech",
      children: [{ noun: "Language", code: "en-US", voice: "alice" }, { noun: "Parameter", name: "k", value: "v" }],
    }],
  },
  { verb: "Connect", children: [{ noun: "Stream", url: "wss://example.com/sync" }] },
  { verb: "Hangup" },
];

/** The element tree an item list should produce. */
function expectedTree(items: TexmlItem[]): Tree[] {
  return items.map((item) => {
    const { verb, noun, text, children, ...attrs } = item;
    const tree: Tree = { name: String(verb ?? noun), attrs: attrs as Record<string, string>, children: expectedTree(children ?? []) };
    if (text !== undefined) tree.text = String(text);
    return tree;
  });
}

/** "Parent>Child" for every place the schema allows an element, and for every place the items use. */
function places(specs: Readonly<Record<string, TexmlElementSpec>>, parent = "Response", seen = new Set<string>()): Set<string> {
  for (const [name, spec] of Object.entries(specs)) {
    const place = `${parent}>${name}`;
    if (seen.has(place)) continue;
    seen.add(place);
    if (spec.children) places(spec.children, name, seen);
  }
  return seen;
}
function usedPlaces(items: TexmlItem[], parent = "Response", used = new Set<string>()): Set<string> {
  for (const item of items) {
    const name = String(item.verb ?? item.noun);
    used.add(`${parent}>${name}`);
    usedPlaces(item.children ?? [], name, used);
  }
  return used;
}

/** The verbs of a document, as trees. */
function verbsOf(xml: unknown): Tree[] {
  assert.equal(typeof xml, "string");
  const root = toTree(parse(xml as string));
  assert.equal(root.name, "Response");
  return root.children;
}

describe("telnyx-texml node", function () {
  let api: TelnyxStandIn;
  const modules = () => [nodeModule("telnyx-config"), nodeModule("telnyx-texml"), coreNode("common/25-catch.js"), coreNode("network/21-httpin.js")];

  /** The TeXML node wired to `out`, a catch node to `caught`; `extra` nodes join the flow (an account when `withAccount`). */
  async function load(props: Record<string, unknown>, options: { withAccount?: boolean; accountProps?: Record<string, unknown>; extra?: FlowNode[]; capture?: HttpNodeServer } = {}) {
    const acct = account(api.baseUrl, { fromNumber: "+15550001111", texmlAccountSid: SID, texmlApplicationId: APP, ...options.accountProps });
    const flow = onTab(
      ...(options.withAccount === false ? [] : [acct.node]),
      // Not "texml": a node id equal to a property value (liveAction "texml") reads as a config node reference.
      { id: "texml-node", type: "telnyx-texml", account: options.withAccount === false ? "" : "acct", wires: [["out"]], ...props },
      { id: "out", type: "helper" },
      { id: "catcher", type: "catch", scope: null, uncaught: false, wires: [["caught"]] },
      { id: "caught", type: "helper" },
      ...(options.extra ?? []),
    );
    await helper.load([...modules(), ...(options.capture ? [options.capture.capture] : [])] as never, flow, acct.credentials);
    return { texml: helper.getNode("texml-node"), out: collect("out"), caught: collect("caught") };
  }

  /** Sends `msg` and expects an error: returns it, after checking nothing was output or sent. */
  async function failure(props: Record<string, unknown>, msg: Record<string, unknown>, options: Parameters<typeof load>[1] = {}) {
    const { texml, out, caught } = await load(props, options);
    texml.receive(msg as never);
    const [failed] = await waitFor(caught, 1, "caught errors");
    await settle();
    assert.equal(out.length, 0, "no output");
    assert.equal(api.requests.length, 0, "nothing sent to Telnyx");
    return failed.error as { message: string; code: string; cause?: Record<string, unknown> };
  }

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  describe("output mode", () => {
    it("builds every verb and noun, parsed back with the expected element tree and attributes", async () => {
      assert.deepEqual([...places(TEXML_SCHEMA)].filter((p) => !usedPlaces(EVERY_ELEMENT).has(p)), [], "the list uses every element in every place");
      const { texml, out } = await load({ mode: "output", verbs: EVERY_ELEMENT }, { withAccount: false });
      texml.receive({ payload: "replaced", topic: "keep me" } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.deepEqual(verbsOf(msg.payload), expectedTree(EVERY_ELEMENT));
      assert.match(msg.payload as string, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Response>\n/);
      assert.equal(msg.topic, "keep me", "the rest of msg is kept");
    });

    it("fills {{...}} references from msg, in text and attributes, at every depth", async () => {
      const verbs = [
        { verb: "Say", text: "You pressed {{payload.Digits}}, {{msg.payload.name}}", voice: "{{voice}}", loop: "{{payload.times}}" },
        { verb: "Gather", action: "https://example.com/menu?from={{payload.From}}", numDigits: "{{payload.n}}", children: [{ verb: "Say", text: "{{payload.list[1]}}" }] },
        { verb: "Say", text: "Hi", language: "{{payload.unset}}" },
      ];
      const { texml, out } = await load({ mode: "output", verbs }, { withAccount: false });
      texml.receive({ payload: { Digits: "7", name: "Ada", times: 2, From: "+15557654321", n: 3, list: ["a", "b"] }, voice: "alice" } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.deepEqual(verbsOf(msg.payload), [
        { name: "Say", attrs: { voice: "alice", loop: "2" }, text: "You pressed 7, Ada", children: [] },
        { name: "Gather", attrs: { action: "https://example.com/menu?from=+15557654321", numDigits: "3" }, children: [{ name: "Say", attrs: {}, text: "b", children: [] }] },
        { name: "Say", attrs: {}, text: "Hi", children: [] },
      ]);
    });

    const hostile = ["</Say><Hangup/>", "a & b < c > d", "]]>", `"double" 'single'`, "<![CDATA[x]]>", "&amp;&#60;", "{{payload.secret}}"];
    for (const value of hostile) {
      it(`keeps the hostile value ${JSON.stringify(value)} as text, in text and attributes`, async () => {
        const verbs = [
          { verb: "Say", text: "You said {{payload.SpeechResult}}" },
          { verb: "Redirect", text: "https://example.com/next?q={{payload.SpeechResult}}" },
          { verb: "Start", children: [{ noun: "Stream", url: "wss://example.com/s", children: [{ noun: "Parameter", name: "said", value: "{{payload.SpeechResult}}" }] }] },
        ];
        const { texml, out } = await load({ mode: "output", verbs }, { withAccount: false });
        texml.receive({ payload: { SpeechResult: value, secret: "leaked" } } as never);
        const [msg] = await waitFor(out, 1, "outputs");
        assert.deepEqual(verbsOf(msg.payload), [
          { name: "Say", attrs: {}, text: `You said ${value}`, children: [] },
          { name: "Redirect", attrs: {}, text: `https://example.com/next?q=${value}`, children: [] },
          {
            name: "Start", attrs: {},
            children: [{ name: "Stream", attrs: { url: "wss://example.com/s" }, children: [{ name: "Parameter", attrs: { name: "said", value }, children: [] }] }],
          },
        ]);
      });
    }

    it("takes msg.texml as a verb list instead of the configured one, used as given", async () => {
      const { texml, out } = await load({ mode: "output", verbs: [{ verb: "Say", text: "configured" }] }, { withAccount: false });
      texml.receive({ texml: [{ verb: "Say", text: "from msg {{payload}}" }, { verb: "Hangup" }], payload: "not filled" } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.deepEqual(verbsOf(msg.payload), [
        { name: "Say", attrs: {}, text: "from msg {{payload}}", children: [] },
        { name: "Hangup", attrs: {}, children: [] },
      ]);
    });

    it("passes a well-formed msg.texml document on exactly as given", async () => {
      const xml = `<?xml version="1.0"?>\n<Response><Say voice="alice">Hi &amp; bye</Say><Custom a="1"/></Response>`;
      const { texml, out } = await load({ mode: "output", verbs: [] }, { withAccount: false });
      texml.receive({ texml: xml } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.equal(msg.payload, xml);
    });

    const invalid: Array<[string, unknown[], Record<string, unknown>, string, RegExp]> = [
      ["an unknown verb", [{ verb: "Sya", text: "x" }], {}, "ERR_TEXML_INVALID", /^verbs\[0\]: unknown verb "Sya"; TeXML verbs are Say, Play, Gather/],
      ["an unknown attribute", [{ verb: "Say", text: "x", colour: "red" }], {}, "ERR_TEXML_INVALID", /^verbs\[0\] \(Say\): unknown attribute "colour"; Say takes voice, language/],
      ["a value outside the documented range", [{ verb: "Gather", timeout: "{{payload.t}}" }], { payload: { t: 500 } }, "ERR_TEXML_INVALID", /^verbs\[0\] \(Gather\): attribute "timeout": expected an integer from 1 to 120 \(s\), got "500"$/],
      ["a noun in the wrong place", [{ verb: "Gather", children: [{ noun: "Number", text: "+15551234567" }] }], {}, "ERR_TEXML_INVALID", /^verbs\[0\]\.children\[0\] \(Number\): Number is not allowed inside Gather; Gather takes Say, Play; Number belongs inside Dial$/],
      ["missing text", [{ verb: "Say", text: "{{payload.unset}}" }], {}, "ERR_TEXML_INVALID", /^verbs\[0\] \(Say\): missing text \(the words to speak\)$/],
      ["a reference that is no property path", [{ verb: "Say", text: "{{payload..x}}" }], {}, "ERR_TEXML_INVALID", /^verbs\[0\] \(Say\): text: \{\{payload\.\.x\}\} is not a property path/],
      ["an invalid msg.texml list", [], { texml: [{ verb: "Play" }] }, "ERR_TEXML_INVALID", /^msg\.texml: verbs\[0\] \(Play\): needs one of: text, attribute "digits", attribute "ringTone"$/],
      ["a malformed msg.texml document", [], { texml: "<Response><Say>a & b</Say></Response>" }, "ERR_TEXML_MALFORMED", /^msg\.texml: TeXML document is not well-formed: bare '&' \(write &amp; for a literal '&'\) at line 1, column 18$/],
      ["a msg.texml document with another root", [], { texml: "<Say>x</Say>" }, "ERR_TEXML_MALFORMED", /^msg\.texml: .*the root element is <Say>, expected <Response>/],
      ["a msg.texml of another type", [], { texml: { verb: "Say" } }, "ERR_TELNYX_INPUT", /^msg\.texml: expected a TeXML document \(a string\) or a verb list like .*, got an object$/],
    ];
    for (const [what, verbs, msg, code, message] of invalid) {
      it(`rejects ${what} with its message, outputting nothing`, async () => {
        const error = await failure({ mode: "output", verbs }, msg, { withAccount: false });
        assert.match(error.message, message);
        assert.equal(error.code, code);
      });
    }
  });

  describe("reply mode", () => {
    let web: HttpNodeServer;
    beforeEach(async () => {
      web = await new HttpNodeServer().start();
    });
    afterEach(async () => {
      await web.close();
    });

    it("answers an http in request with the document: 200, application/xml, caller input kept as text", async () => {
      const verbs = [
        { verb: "Say", text: "You pressed {{payload.Digits}} and said {{payload.SpeechResult}}" },
        { verb: "Gather", action: "https://example.com/next?from={{payload.From}}", children: [{ verb: "Say", text: "Again?" }] },
      ];
      const { out } = await load({ mode: "reply", verbs }, {
        withAccount: false,
        capture: web,
        extra: [{ id: "in", type: "http in", url: "/texml", method: "post", wires: [["texml-node"]] }],
      });
      const form = new URLSearchParams({ Digits: "1", SpeechResult: "</Say><Hangup/> & ]]>", From: "+15557654321" });
      const res = await fetch(web.url("/texml"), { method: "POST", body: form });
      const body = await res.text();
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^application\/xml\b/);
      assert.deepEqual(verbsOf(body), [
        { name: "Say", attrs: {}, text: "You pressed 1 and said </Say><Hangup/> & ]]>", children: [] },
        { name: "Gather", attrs: { action: "https://example.com/next?from=+15557654321" }, children: [{ name: "Say", attrs: {}, text: "Again?", children: [] }] },
      ]);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.equal(msg.payload, body, "the output carries the document that was sent");
    });

    it("without msg.res is an error, not silence", async () => {
      const error = await failure({ mode: "reply", verbs: [{ verb: "Hangup" }] }, { payload: {} }, { withAccount: false });
      assert.match(error.message, /^msg\.res: expected the HTTP request to answer, as a telnyx-webhook node in TeXML mode or an http in node puts it on the message, got nothing$/);
      assert.equal(error.code, "ERR_TELNYX_INPUT");
    });

    it("is an error when the request was answered already, and answers nothing", async () => {
      const calls: string[] = [];
      const answered = { headersSent: true, status: () => calls.push("status"), set: () => calls.push("set"), send: () => calls.push("send") };
      const error = await failure({ mode: "reply", verbs: [{ verb: "Hangup" }] }, { res: { _res: answered } }, { withAccount: false });
      assert.match(error.message, /^msg\.res: expected an HTTP request not answered yet, got one already answered$/);
      assert.deepEqual(calls, []);
    });

    it("does not answer when the list is invalid", async () => {
      const calls: string[] = [];
      const fresh = { headersSent: false, status: () => calls.push("status"), set: () => calls.push("set"), send: () => calls.push("send") };
      const error = await failure({ mode: "reply", verbs: [{ verb: "Say" }] }, { res: { _res: fresh } }, { withAccount: false });
      assert.match(error.message, /^verbs\[0\] \(Say\): missing text/);
      assert.deepEqual(calls, []);
    });
  });

  describe("call mode", () => {
    /** The request checked against the spec (whose oneOf forbids Url with Texml), and returned. */
    function callRequest(index = 0) {
      const req = api.requests[index];
      assert.ok(req, `request ${index} was sent`);
      assert.equal(req.method, "POST");
      assertMatchesRequestSchema("InitiateTexmlCall", req.body);
      const body = req.body as Record<string, unknown>;
      assert.ok(!("Url" in body && "Texml" in body), "never Url and Texml together");
      return { path: req.path, body };
    }

    it("starts a call with the document as Texml: msg.to, then the account's number, SID and app", async () => {
      const { texml, out } = await load({ mode: "call", verbs: [{ verb: "Say", text: "Your code is {{payload.code}}" }] });
      texml.receive({ payload: { code: "4711" }, to: "+15557654321", topic: "keep me" } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      const { path, body } = callRequest();
      assert.equal(path, `/texml/Accounts/${SID}/Calls`);
      const { Texml, ...rest } = body;
      assert.deepEqual(rest, { ApplicationSid: APP, To: "+15557654321", From: "+15550001111" });
      assert.deepEqual(verbsOf(Texml), [{ name: "Say", attrs: {}, text: "Your code is 4711", children: [] }]);
      assert.deepEqual(msg.payload, { from: "+15550001111", status: "queued", to: "+15557654321" }, "the API's answer, no data wrapper");
      assert.equal(msg.topic, "keep me");
    });

    it("maps every field, evaluating typed inputs, and takes msg.texml", async () => {
      const { texml, out } = await load({
        mode: "call",
        verbs: [{ verb: "Hangup" }],
        to: "callee", toType: "msg",
        from: "+15552223333", fromType: "str",
        accountSid: "acct-from-node", accountSidType: "str",
        applicationId: "'app-' & payload.app", applicationIdType: "jsonata",
        statusCallback: "https://example.com/status", statusCallbackType: "str",
        statusCallbackEvent: "initiated answered completed", statusCallbackEventType: "str",
        machineDetection: "Enable", machineDetectionType: "str",
        record: "true", recordType: "str",
        callerId: "Acme Support", callerIdType: "str",
        timeout: "timeout", timeoutType: "msg",
        timeLimit: "600", timeLimitType: "str",
        options: '{"StatusCallbackMethod":"GET","DetectionMode":"Premium","RecordingChannels":"dual","CustomHeaders":[{"name":"X-Ref","value":"42"}]}',
        optionsType: "json",
      });
      texml.receive({ callee: "sip:alice@example.sip.telnyx.com", timeout: 45, payload: { app: "7" }, texml: [{ verb: "Say", text: "from msg" }] } as never);
      await waitFor(out, 1, "outputs");
      const { path, body } = callRequest();
      assert.equal(path, "/texml/Accounts/acct-from-node/Calls");
      const { Texml, ...rest } = body;
      assert.deepEqual(rest, {
        ApplicationSid: "app-7",
        To: "sip:alice@example.sip.telnyx.com",
        From: "+15552223333",
        StatusCallback: "https://example.com/status",
        StatusCallbackEvent: "initiated answered completed",
        MachineDetection: "Enable",
        Record: true,
        CallerId: "Acme Support",
        Timeout: 45,
        TimeLimit: 600,
        StatusCallbackMethod: "GET",
        DetectionMode: "Premium",
        RecordingChannels: "dual",
        CustomHeaders: [{ name: "X-Ref", value: "42" }],
      });
      assert.deepEqual(verbsOf(Texml), [{ name: "Say", attrs: {}, text: "from msg", children: [] }]);
    });

    it("sends a Url instead of the verbs when one is set", async () => {
      const { texml, out } = await load({ mode: "call", verbs: [{ verb: "Say", text: "not used" }], url: "https://example.com/texml.xml", urlType: "str" });
      texml.receive({ to: "+15557654321" } as never);
      await waitFor(out, 1, "outputs");
      assert.deepEqual(callRequest().body, { ApplicationSid: APP, To: "+15557654321", From: "+15550001111", Url: "https://example.com/texml.xml" });
    });

    it("sends neither Url nor Texml with no verbs, so the application's voice URL runs", async () => {
      const { texml, out } = await load({ mode: "call", verbs: [] });
      texml.receive({ to: "+15557654321", from: "+15559998888" } as never);
      await waitFor(out, 1, "outputs");
      assert.deepEqual(callRequest().body, { ApplicationSid: APP, To: "+15557654321", From: "+15559998888" });
    });

    const invalid: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, string, RegExp]> = [
      ["a Url together with msg.texml", { url: "https://example.com/t.xml", urlType: "str" }, {}, { to: "+15557654321", texml: [{ verb: "Hangup" }] }, "ERR_TELNYX_INPUT", /^Url: expected either a Url .* not both, got both$/],
      ["no To", {}, {}, {}, "ERR_TELNYX_INPUT", /^To: expected a \+E\.164 number or a SIP URI to call, got nothing$/],
      ["a malformed To", {}, {}, { to: "555-1234" }, "ERR_TELNYX_INPUT", /^To: expected a \+E\.164 number/],
      ["no From anywhere", {}, { fromNumber: "" }, { to: "+15557654321" }, "ERR_TELNYX_INPUT", /^From: expected a \+E\.164 number to call from, got nothing$/],
      ["no account SID anywhere", {}, { texmlAccountSid: "" }, { to: "+15557654321" }, "ERR_TELNYX_INPUT", /^account_sid: expected the TeXML account SID/],
      ["no application anywhere", {}, { texmlApplicationId: "" }, { to: "+15557654321" }, "ERR_TELNYX_INPUT", /^ApplicationSid: expected the TeXML application id/],
      ["a timeout out of range", { timeout: "3", timeoutType: "str" }, {}, { to: "+15557654321" }, "ERR_TELNYX_INPUT", /^Timeout: expected an integer from 5 to 120, got "3"$/],
      ["an unknown option", { options: '{"Foo":1}', optionsType: "json" }, {}, { to: "+15557654321" }, "ERR_TELNYX_INPUT", /^options\.Foo: expected a field InitiateTexmlCall documents, got an unknown field$/],
      ["an invalid verb list", { verbs: [{ verb: "Dial" }] }, {}, { to: "+15557654321" }, "ERR_TEXML_INVALID", /^verbs\[0\] \(Dial\): needs one of: text, children \(Number, Sip, Queue, Conference\)$/],
    ];
    for (const [what, props, accountProps, msg, code, message] of invalid) {
      it(`rejects ${what} with a clear error and sends nothing`, async () => {
        const error = await failure({ mode: "call", verbs: [{ verb: "Hangup" }], ...props }, msg, { accountProps });
        assert.match(error.message, message);
        assert.equal(error.code, code);
      });
    }

    it("fails with a clear reason when there is no account, sending nothing", async () => {
      const error = await failure({ mode: "call", verbs: [{ verb: "Hangup" }] }, { to: "+15557654321" }, { withAccount: false });
      assert.equal(error.code, "ERR_TELNYX_ACCOUNT");
      assert.match(error.message, /No Telnyx account selected/);
    });

    it("does not repeat a call start after a 500 (it could ring twice)", async () => {
      api.enqueue({ status: 500, body: errorBody(500, "10007", "Unexpected error") });
      const { texml, out, caught } = await load({ mode: "call", verbs: [{ verb: "Hangup" }] });
      texml.receive({ to: "+15557654321" } as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle(300);
      assert.equal(api.requests.length, 1);
      assert.equal(out.length, 0);
      assert.equal((failed.error as { code: string }).code, "10007");
    });

    it("retries a 429 after the delay Telnyx asks for: one call started", async () => {
      api.enqueue({ status: 429, headers: { "retry-after": "0.05" }, body: errorBody(429, "90103", "Too many dials") });
      const { texml, out, caught } = await load({ mode: "call", verbs: [{ verb: "Hangup" }] });
      texml.receive({ to: "+15557654321" } as never);
      await waitFor(out, 1, "outputs");
      await settle();
      assert.equal(api.requests.length, 2);
      assert.equal(caught.length, 0);
      callRequest(1);
    });

    it("reports an API error with its code and a readable message", async () => {
      api.enqueue({ status: 422, body: { errors: [{ code: "10026", title: "Invalid parameter type", detail: "The 'To' parameter must be of type 'string'", source: { pointer: "/To" } }] } });
      const { texml, caught } = await load({ mode: "call", verbs: [{ verb: "Hangup" }] });
      texml.receive({ to: "+15557654321" } as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      const error = failed.error as { message: string; code: string; cause: { statusCode: number } };
      assert.equal(error.message, "422 Invalid parameter type (10026): The 'To' parameter must be of type 'string' [/To]");
      assert.equal(error.code, "10026");
      assert.equal(error.cause.statusCode, 422);
    });
  });
  describe("live call mode", () => {
    const CALL_SID = "v3:KBnLO0ZK3DhKM5s7bE9VluaSmKsOchKht_fUYvxcp8ysbmzCCtpkmA";

    /** The one request: POST form-encoded to the call, its body checked against UpdateCallRequest. */
    function updateRequest(index = 0) {
      const req = api.requests[index];
      assert.ok(req, `request ${index} was sent`);
      assert.equal(req.method, operation("UpdateTexmlCall").method);
      assert.equal(req.headers["content-type"], operation("UpdateTexmlCall").requestContentType);
      const body = Object.fromEntries(new URLSearchParams(req.rawBody));
      assertMatchesRequestSchema("UpdateTexmlCall", body);
      return { params: pathParams("UpdateTexmlCall", req.path), body };
    }

    it("redirects to the node's verbs (templates filled from msg): Texml, the call from msg.callSid, the account's SID", async () => {
      const { texml, out } = await load({ mode: "live", liveAction: "texml", verbs: [{ verb: "Say", text: "Hello {{payload.name}}" }, { verb: "Hangup" }] });
      texml.receive({ callSid: CALL_SID, payload: { name: "Ada" }, topic: "keep me" } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.equal(api.requests.length, 1);
      const { params, body } = updateRequest();
      assert.deepEqual(params, { account_sid: SID, call_sid: CALL_SID });
      assert.deepEqual(Object.keys(body), ["Texml"]);
      assert.deepEqual(verbsOf(body.Texml), [
        { name: "Say", attrs: {}, text: "Hello Ada", children: [] },
        { name: "Hangup", attrs: {}, children: [] },
      ]);
      const payload = msg.payload as Record<string, unknown>;
      assert.equal(payload.sid, CALL_SID, "the API's call resource");
      assert.equal(payload.status, "in-progress");
      assert.equal(msg.topic, "keep me");
    });

    it("takes msg.texml, and the CallSid of a TeXML request's payload", async () => {
      const { texml, out } = await load({ mode: "live", liveAction: "texml", verbs: [{ verb: "Hangup" }] });
      texml.receive({ payload: { CallSid: CALL_SID, AccountSid: "not-used" }, texml: '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Moved</Say></Response>' } as never);
      await waitFor(out, 1, "outputs");
      const { params, body } = updateRequest();
      assert.deepEqual(params, { account_sid: SID, call_sid: CALL_SID });
      assert.deepEqual(body, { Texml: '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Moved</Say></Response>' });
    });

    it("redirects to msg.texml when the node has no verbs", async () => {
      const { texml, out } = await load({ mode: "live", liveAction: "texml", verbs: [] });
      texml.receive({ callSid: CALL_SID, texml: [{ verb: "Say", text: "Moved" }] } as never);
      await waitFor(out, 1, "outputs");
      assert.deepEqual(verbsOf(updateRequest().body.Texml), [{ name: "Say", attrs: {}, text: "Moved", children: [] }]);
    });

    it("redirects to a URL with its method; the node's Call SID and Account SID before msg and the account", async () => {
      const { texml, out } = await load({
        mode: "live", liveAction: "url", verbs: [{ verb: "Say", text: "not used" }],
        url: "https://example.com/texml/next", urlType: "str", method: "GET", methodType: "str",
        callSid: "sid", callSidType: "msg", accountSid: "acct-from-node", accountSidType: "str",
        options: '{"StatusCallback":"https://example.com/status","StatusCallbackMethod":"POST"}', optionsType: "json",
      });
      texml.receive({ sid: "v3:from-node-field", callSid: CALL_SID } as never);
      await waitFor(out, 1, "outputs");
      const { params, body } = updateRequest();
      assert.deepEqual(params, { account_sid: "acct-from-node", call_sid: "v3:from-node-field" });
      assert.deepEqual(body, { Url: "https://example.com/texml/next", Method: "GET", StatusCallback: "https://example.com/status", StatusCallbackMethod: "POST" });
    });

    it("ends the call: Status completed and nothing else", async () => {
      const { texml, out } = await load({ mode: "live", liveAction: "end", verbs: [{ verb: "Say", text: "not used" }] });
      texml.receive({ callSid: CALL_SID } as never);
      const [msg] = await waitFor(out, 1, "outputs");
      assert.deepEqual(updateRequest().body, { Status: "completed" });
      assert.equal((msg.payload as Record<string, unknown>).status, "completed");
    });

    const invalid: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, string, RegExp]> = [
      ["no call SID anywhere", { liveAction: "end" }, {}, { payload: { From: "+15557654321" } }, "call_sid", /^call_sid: expected the live call's CallSid/],
      ["no account SID anywhere", { liveAction: "end" }, { texmlAccountSid: "" }, { callSid: CALL_SID }, "account_sid", /^account_sid: expected the TeXML account SID/],
      ["the URL action with no Url", { liveAction: "url" }, {}, { callSid: CALL_SID }, "Url", /^Url: expected the URL to fetch the call's new TeXML from/],
      ["a Url that is not a URL", { liveAction: "url", url: "example.com/next", urlType: "str" }, {}, { callSid: CALL_SID }, "Url", /^Url: expected an? .*URL/],
      ["a Method other than GET or POST", { liveAction: "url", url: "https://example.com/next", urlType: "str", method: "PUT", methodType: "str" }, {}, { callSid: CALL_SID }, "Method", /^Method: expected one of "GET" or "POST", got "PUT"$/],
      // The Url is the one to remove: the action gives Texml or Status, and hides the Url row.
      ["a Url beside ending the call", { liveAction: "end", url: "https://example.com/next", urlType: "str" }, {}, { callSid: CALL_SID }, "Url", /^Url: expected no Url when ending the call \(Status completed\): leave it empty, or choose "redirect to a URL", got "https:\/\/example\.com\/next"$/],
      ["a Url beside the verbs", { liveAction: "texml", url: "https://example.com/next", urlType: "str" }, {}, { callSid: CALL_SID }, "Url", /^Url: expected no Url when redirecting to TeXML \(the verbs or msg\.texml\): leave it empty, or choose "redirect to a URL", got "https:\/\/example\.com\/next"$/],
      // An empty <Response/> would hang the call up: redirecting needs something to redirect to.
      ["redirecting to no verbs and no msg.texml", { liveAction: "texml", verbs: [] }, {}, { callSid: CALL_SID }, "Texml", /^Texml: expected verbs in the node's list, or a TeXML document in msg\.texml, to redirect the call to, got neither$/],
      ["Status through options", { liveAction: "texml", options: '{"Status":"completed"}', optionsType: "json" }, {}, { callSid: CALL_SID }, "options.Status", /has a field of its own/],
      ["an unknown option", { liveAction: "end", options: '{"Foo":1}', optionsType: "json" }, {}, { callSid: CALL_SID }, "options.Foo", /a field UpdateTexmlCall documents/],
      ["an unknown action", { liveAction: "pause" }, {}, { callSid: CALL_SID }, "liveAction", /^liveAction: expected one of texml, url, end, got "pause"$/],
    ];
    for (const [what, props, accountProps, msg, field, message] of invalid) {
      it(`rejects ${what} with an error naming ${field}, and sends nothing`, async () => {
        const error = await failure({ mode: "live", verbs: [{ verb: "Hangup" }], ...props }, msg, { accountProps });
        assert.equal(error.code, "ERR_TELNYX_INPUT");
        assert.equal(error.cause?.field, field);
        assert.match(error.message, message);
      });
    }

    it("rejects an invalid verb list with its TeXML error, and sends nothing", async () => {
      const error = await failure({ mode: "live", liveAction: "texml", verbs: [{ verb: "Dial" }] }, { callSid: CALL_SID });
      assert.equal(error.code, "ERR_TEXML_INVALID");
    });

    it("does not repeat a redirect after a 500 (the new instructions would start over)", async () => {
      api.enqueue({ status: 500, body: errorBody(500, "10007", "Unexpected error") });
      const { texml, out, caught } = await load({ mode: "live", liveAction: "end", verbs: [] });
      texml.receive({ callSid: CALL_SID } as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      await settle(300);
      assert.equal(api.requests.length, 1);
      assert.equal(out.length, 0);
      assert.equal((failed.error as { code: string }).code, "10007");
    });

    it("a 404 for a call that is gone reaches Catch with its code", async () => {
      api.enqueue({ status: 404, body: errorBody(404, "10005", "Resource not found") });
      const { texml, caught } = await load({ mode: "live", liveAction: "end", verbs: [] });
      texml.receive({ callSid: CALL_SID } as never);
      const [failed] = await waitFor(caught, 1, "caught errors");
      const error = failed.error as { code: string; cause: { statusCode: number } };
      assert.equal(error.code, "10005");
      assert.equal(error.cause.statusCode, 404);
    });
  });
});
