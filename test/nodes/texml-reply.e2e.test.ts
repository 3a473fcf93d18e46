// End to end: a signed TeXML form POST into a telnyx-webhook node in TeXML mode, answered by a
// telnyx-texml node in reply mode; the HTTP client receives the document.
import { strict as assert } from "node:assert";
import { HttpNodeServer } from "../support/http-node";
import { account, collect, helper, nodeModule, onTab, settle, waitFor } from "../support/node-red";
import { parse, toTree } from "../support/xml";
import { fixtureBytes, makeSigner, type TestSigner } from "../support/fixtures";

describe("TeXML reply end to end: telnyx-webhook (TeXML mode) -> telnyx-texml (reply)", function () {
  let web: HttpNodeServer;
  let signer: TestSigner;

  beforeEach(async () => {
    web = await new HttpNodeServer().start();
    signer = makeSigner();
  });
  afterEach(async () => {
    await helper.unload();
    await web.close();
  });

  async function load(verbs: unknown[]) {
    // The account only supplies the webhook public key: nothing here calls the API.
    const acct = account("http://127.0.0.1:9/v2", {}, { publicKey: signer.publicKeyBase64 });
    const flow = onTab(
      acct.node,
      { id: "hook", type: "telnyx-webhook", url: "/telnyx/texml", account: "acct", mode: "texml", wires: [["texml"]] },
      { id: "texml", type: "telnyx-texml", mode: "reply", verbs, wires: [["out"]] },
      { id: "out", type: "helper" },
    );
    const modules = [nodeModule("telnyx-config"), nodeModule("telnyx-webhook"), nodeModule("telnyx-texml"), web.capture];
    await helper.load(modules as never, flow, acct.credentials);
    return { out: collect("out") };
  }

  /** POSTs the form as Telnyx does: signed over `timestamp|raw body`. */
  function post(body: Buffer, signature?: string) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    return fetch(web.url("/telnyx/texml"), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "telnyx-timestamp": timestamp,
        "telnyx-signature-ed25519": signature ?? signer.sign(timestamp, body),
      },
      body: new Uint8Array(body),
    });
  }

  /** The fixture's form body, without the file's final newline. */
  const gatherForm = () => Buffer.from(fixtureBytes("texml-callbacks/texml-gather.form.txt").toString("utf8").trimEnd());

  const verbs = [
    { verb: "Say", text: "You pressed {{payload.Digits}} and said: {{payload.SpeechResult}}" },
    { verb: "Dial", callerId: "{{payload.To}}", children: [{ noun: "Number", text: "+15557654321" }] },
    { verb: "Hangup" },
  ];

  it("answers a signed Gather callback with the document built from its fields", async () => {
    const { out } = await load(verbs);
    const res = await post(gatherForm());
    const body = await res.text();
    assert.equal(res.status, 200, body);
    assert.match(res.headers.get("content-type") ?? "", /^application\/xml\b/);
    assert.deepEqual(toTree(parse(body)).children, [
      { name: "Say", attrs: {}, text: "You pressed 1 and said: Please connect me to sales", children: [] },
      { name: "Dial", attrs: { callerId: "+12132045020" }, children: [{ name: "Number", attrs: {}, text: "+15557654321", children: [] }] },
      { name: "Hangup", attrs: {}, children: [] },
    ]);
    const [msg] = await waitFor(out, 1, "outputs");
    assert.equal(msg.payload, body);
  });

  it("keeps what a caller said as text, however hostile", async () => {
    await load(verbs);
    const said = `</Say><Redirect>https://evil.example.com</Redirect><Say> & "quotes" ]]> <![CDATA[x]]>`;
    const form = Buffer.from(new URLSearchParams({ CallSid: "v3:abc", Digits: "9", SpeechResult: said, To: "+12132045020" }).toString());
    const res = await post(form);
    const body = await res.text();
    assert.equal(res.status, 200, body);
    const [say, ...rest] = toTree(parse(body)).children;
    assert.deepEqual(say, { name: "Say", attrs: {}, text: `You pressed 9 and said: ${said}`, children: [] });
    assert.deepEqual(rest.map((el) => el.name), ["Dial", "Hangup"], "no element was injected");
  });

  it("never reaches the TeXML node with a bad signature", async () => {
    const { out } = await load(verbs);
    const res = await post(gatherForm(), Buffer.alloc(64, 1).toString("base64"));
    assert.equal(res.status, 403);
    assert.doesNotMatch(await res.text(), /<Response>/);
    await settle();
    assert.equal(out.length, 0);
  });
});
