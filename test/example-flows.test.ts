// The example flows run end to end, imported as shipped (examples/*.json): in a Node-RED runtime, driven by
// signed webhook events (the spec's example payloads, real Ed25519 signatures over the bytes sent) and their
// inject nodes, against the stand-in. Each test asserts the exact requests the flow sends (method, path,
// body, checked against the spec's request schema) and what comes out. Only the account's base URL (the
// stand-in) and what a user is told to set change; debug nodes become helpers with the same ids.
import { strict as assert } from "node:assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CALL_ID, withoutCommandId } from "./support/call-control-flow";
import { CORE_TYPES, loadExample, type ExampleNode } from "./support/examples";
import { TEST_API_KEY, collect, coreNode, helper, nodeModule, settle, waitFor } from "./support/node-red";
import { assertMatchesRequestSchema } from "./support/spec";
import { TelnyxStandIn } from "./support/telnyx-standin";
import { WebhookPoster } from "./support/webhook-post";

type Msg = Record<string, unknown>;

/** The registry and hubs the built nodes share, to end waits a failed test leaves. */
const builtWaits = require(path.join(__dirname, "..", "nodes", "lib", "nodes", "lib", "waits.js")) as {
  waitRegistry: { settle(): void };
};

describe("example flows, end to end", function () {
  let api: TelnyxStandIn;
  let poster: WebhookPoster;

  before(async () => {
    poster = await new WebhookPoster().start();
  });
  after(async () => {
    await poster.close();
  });
  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    builtWaits.waitRegistry.settle();
    await api.close();
  });

  /**
   * Runs an example as shipped: its account pointed at the stand-in with an API key and the poster's
   * public key, `change` applied to what the example tells the user to set, debug nodes as helpers.
   */
  async function run(name: string, change: (node: ExampleNode) => ExampleNode = (n) => n) {
    const example = loadExample(name);
    const tab = String(example.find((n) => n.z)?.z);
    const account = example.find((n) => n.type === "telnyx-config")!;
    const types = new Set(example.map((n) => n.type));
    const coreFiles = [...new Set([...types].map((t) => CORE_TYPES[t]).filter((f): f is string => typeof f === "string"))];
    const modules = [poster.mount, ...[...types].filter((t) => t.startsWith("telnyx-")).map((t) => nodeModule(t)), ...coreFiles.map((f) => coreNode(f))];
    const flow = [
      { id: tab, type: "tab", label: name },
      ...example.map((n) => (n.type === "debug" ? { id: n.id, z: n.z, type: "helper" } : n.id === account.id ? { ...n, baseUrl: api.baseUrl } : change(n))),
    ];
    await helper.load(modules as never, flow as never, { [account.id]: { apiKey: TEST_API_KEY, publicKey: poster.signer.publicKeyBase64 } });
    const byName = (type: string, nodeName: string) => {
      const node = example.find((n) => n.type === type && n.name === nodeName);
      assert.ok(node, `${name}: no ${type} named "${nodeName}"`);
      return node;
    };
    return {
      example,
      /** The messages that reach the debug node of this name. */
      debug: (nodeName: string) => collect(byName("debug", nodeName).id) as Msg[],
      /** Presses the inject node of this name. */
      press: (nodeName: string) => helper.getNode(byName("inject", nodeName).id).receive({} as never),
      hook: (nodeName: string) => String(byName("telnyx-webhook", nodeName).url),
      node: byName,
    };
  }

  /** "METHOD path" of each request, the call's id as CALL. */
  const sent = () => api.requests.map((r) => `${r.method} ${decodeURIComponent(r.path).replace(CALL_ID, "CALL")}`);

  describe("Record a call and save the recording file", () => {
    let folder: string;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), "telnyx-recordings-"));
    });
    afterEach(() => {
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it("answers, greets, records; on call.recording.saved downloads the file and writes the bytes served to the folder set", async () => {
      const flow = await run("Record a call and save the recording file", (n) =>
        n.type === "change" && n.name === "where to save"
          ? { ...n, rules: (n.rules as Array<Record<string, unknown>>).map((r) => (r.p === "folder" ? { ...r, to: folder } : r)) }
          : n,
      );
      const saved = flow.debug("saved");
      const failed = flow.debug("failed");
      const hook = flow.hook("call events");
      const session = "428c31b6-7af4-4bcb-b7f5-5013ef9657c1";
      const onCall = (type: string, payload: Record<string, unknown> = {}) => poster.event(type, { call_control_id: CALL_ID, call_session_id: session, ...payload });

      assert.equal(await poster.post(hook, onCall("call.initiated", { direction: "incoming", state: "parked" })), 200);
      await api.waitForRequests(1);
      await poster.post(hook, onCall("call.answered"));
      await api.waitForRequests(2);
      await poster.post(hook, onCall("call.speak.ended", { status: "completed" }));
      await api.waitForRequests(3);

      // The recording as Telnyx's storage serves it: any bytes, not text.
      const audio = Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00]), Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 256))]);
      api.enqueue({ path: /^\/recordings\//, raw: audio, headers: { "content-type": "audio/mpeg" } });
      const link = `http://127.0.0.1:${api.port}/recordings/4b1b9ae0-5aa2-4bd7-8b4f-0f3e0e6c1d2e.mp3?X-Amz-Signature=abc`;
      // The spec's call.recording.saved: no call_control_id in its payload, the links in recording_urls.
      const event = poster.event("call.recording.saved", {
        call_session_id: session,
        recording_started_at: "2026-11-29T18:00:00.123Z",
        recording_urls: { mp3: link, wav: null },
      });
      assert.equal("call_control_id" in event.data.payload, false);
      assert.equal(await poster.post(hook, event), 200);

      await waitFor(saved, 1, "saved recordings");
      const file = path.join(folder, `${session}-20261129180000123.mp3`);
      assert.equal(saved[0].filename, file);
      assert.ok(fs.readFileSync(file).equals(audio), "the file holds exactly the bytes served");
      assert.deepEqual(sent(), [
        "POST /calls/CALL/actions/answer",
        "POST /calls/CALL/actions/speak",
        "POST /calls/CALL/actions/record_start",
        "GET /recordings/4b1b9ae0-5aa2-4bd7-8b4f-0f3e0e6c1d2e.mp3",
      ]);
      assert.equal(api.requests[3].query.get("X-Amz-Signature"), "abc", "the link is fetched as given");
      assert.equal(api.requests[3].headers.authorization, undefined, "the API key is not sent to the storage link");
      assert.deepEqual(withoutCommandId(api.requests[2].body), { format: "mp3", channels: "single", max_length: 120, play_beep: true });
      assertMatchesRequestSchema("StartCallRecord", api.requests[2].body);
      assert.match(String((api.requests[1].body as Msg).payload), /leave a message after the beep/);
      assert.deepEqual(failed, []);
    });

    it("a link that no longer answers 200 goes to 'download failed'; nothing is written", async () => {
      const flow = await run("Record a call and save the recording file", (n) =>
        n.type === "change" && n.name === "where to save"
          ? { ...n, rules: (n.rules as Array<Record<string, unknown>>).map((r) => (r.p === "folder" ? { ...r, to: folder } : r)) }
          : n,
      );
      const notSaved = flow.debug("download failed");
      api.enqueue({ path: /^\/recordings\//, status: 403, raw: Buffer.from("<Error><Code>AccessDenied</Code></Error>"), headers: { "content-type": "application/xml" } });
      const event = poster.event("call.recording.saved", { recording_urls: { mp3: `http://127.0.0.1:${api.port}/recordings/expired.mp3`, wav: null } });
      assert.equal(await poster.post(flow.hook("call events"), event), 200);
      await waitFor(notSaved, 1, "failed downloads");
      assert.equal(notSaved[0].statusCode, 403);
      await settle();
      assert.deepEqual(fs.readdirSync(folder), []);
    });
  });
});
