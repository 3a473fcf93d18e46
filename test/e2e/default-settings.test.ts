// A real Node-RED (node_modules/node-red/red.js) with default settings: the editor and the node routes
// share "/", so the editor's body parsers run before any httpNode route. The webhook node must still
// see the exact bytes Telnyx signed.
import { strict as assert } from "node:assert";
import { fixtureBytes, makeSigner } from "../support/fixtures";
import { settle } from "../support/node-red";
import { startRealNodeRed, type RealNodeRed } from "../support/real-node-red";

const XML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello from Node-RED</Say></Response>';

describe("telnyx-webhook in a real Node-RED with default settings", function () {
  this.timeout(60_000);
  const signer = makeSigner();
  let red: RealNodeRed;

  function flows(label: string) {
    // Flow nodes need x and y: Node-RED takes a node without them for a config node.
    const at = (x: number) => ({ z: "tab", x, y: 100 });
    return [
      { id: "tab", type: "tab", label },
      { id: "acct", type: "telnyx-config", name: "account" },
      { id: "hook", type: "telnyx-webhook", ...at(100), account: "acct", url: "/telnyx/events", wires: [["seen"]] },
      // The debug node logs each emitted event's id to the console, where the test counts them.
      { id: "seen", type: "debug", ...at(300), name: "seen", active: true, tosidebar: false, console: true, complete: "event.id", wires: [] },
      { id: "texml", type: "telnyx-webhook", ...at(100), account: "acct", mode: "texml", url: "/telnyx/texml", wires: [["reply"]] },
      { id: "reply", type: "change", ...at(300), rules: [{ t: "set", p: "payload", pt: "msg", to: XML, tot: "str" }], wires: [["respond"]] },
      { id: "respond", type: "http response", ...at(500), statusCode: "", headers: { "content-type": "application/xml" }, wires: [] },
    ];
  }

  function post(path: string, body: Buffer, contentType: string, signedBody = body) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    return fetch(new URL(path, red.url), {
      method: "POST",
      headers: {
        "content-type": contentType,
        "telnyx-timestamp": timestamp,
        "telnyx-signature-ed25519": signer.sign(timestamp, signedBody),
      },
      body: new Uint8Array(body),
    });
  }

  /** Log lines of the debug node that name this event id. */
  const emitted = (id: string) => red.logSince(0).filter((line) => line.includes("[debug:seen]") && line.includes(id));

  before(async () => {
    red = await startRealNodeRed({
      flows: flows("webhooks"),
      credentials: { acct: { publicKey: signer.publicKeyBase64 } },
    });
    await red.waitForLog(/Started flows/);
  });
  after(async () => {
    await red?.stop();
  });

  it("runs with httpAdminRoot and httpNodeRoot both at /", async () => {
    const editor = await fetch(red.url);
    assert.equal(editor.status, 200);
    assert.match(await editor.text(), /Node-RED/);
    const settings = (await (await fetch(new URL("settings", red.url))).json()) as { httpNodeRoot: string };
    assert.equal(settings.httpNodeRoot, "/");
  });

  it("accepts a signed JSON delivery and refuses a tampered one", async () => {
    const body = fixtureBytes("webhooks/call.answered.json");
    const id = (JSON.parse(body.toString()) as { data: { id: string } }).data.id;

    const good = await post("/telnyx/events", body, "application/json");
    assert.equal(good.status, 200, await good.text());
    const tampered = Buffer.from(body.toString().replace('"state": "answered"', '"state": "hijacked"'));
    assert.notDeepEqual(tampered, body);
    const bad = await post("/telnyx/events", tampered, "application/json", body);
    assert.equal(bad.status, 403);
    assert.match(await bad.text(), /signature does not match/);

    await red.waitForLog(/\[debug:seen\]/);
    await settle(300); // a quiet window: a second emit would show up in it
    assert.equal(emitted(id).length, 1, red.log());
  });

  it("answers a signed TeXML form POST through a core http response node, and refuses a tampered one", async () => {
    const form = Buffer.from(fixtureBytes("texml-callbacks/texml-gather.form.txt").toString("utf8").trim());
    const good = await post("/telnyx/texml", form, "application/x-www-form-urlencoded");
    assert.equal(good.status, 200);
    assert.match(good.headers.get("content-type") ?? "", /^application\/xml/);
    assert.equal(await good.text(), XML);

    const tampered = Buffer.from(form.toString().replace("Digits=1", "Digits=2"));
    const bad = await post("/telnyx/texml", tampered, "application/x-www-form-urlencoded", form);
    assert.equal(bad.status, 403);
  });

  it("leaves the editor's API working, and still delivers once after a deploy through it", async () => {
    await red.deploy(flows("webhooks, deployed again"));
    const deployed = await red.flows();
    assert.ok(deployed.some((n) => n.label === "webhooks, deployed again"), "the admin API parsed the deploy's JSON body");

    const body = fixtureBytes("webhooks/message.received.json");
    const id = (JSON.parse(body.toString()) as { data: { id: string } }).data.id;
    const res = await post("/telnyx/events", body, "application/json");
    assert.equal(res.status, 200);
    await red.waitForLog(new RegExp(`\\[debug:seen\\] ${id}`));
    await settle(300); // a quiet window: a second emit would show up in it
    assert.equal(emitted(id).length, 1);
  });
});
