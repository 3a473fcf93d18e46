import { strict as assert } from "node:assert";
import { isDeepStrictEqual } from "node:util";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { fixtureBytes, fixtureFiles, makeSigner, type TestSigner } from "../support/fixtures";
import { DEFAULT_DEDUPE_MINUTES, DEFAULT_MAX_BODY_KB, DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from "../../src/shared/defaults";
import { collect, coreNode, helper, nodeModule, onTab, root, setFlows, settle, until, waitFor, type FlowNode } from "../support/node-red";
import { OUTCOMES } from "../../src/shared/outcomes";
import type { EventHub, WaitEnd } from "../../src/telnyx/webhook/event-hub";

/** The event hubs the built nodes use (nodes/lib: the module instance the running flows share). */
const builtWaits = require(path.join(root, "nodes", "lib", "nodes", "lib", "waits.js")) as { accountHub(id: string): EventHub };

// The test helper's RED.httpNode is an Express app mounted nowhere, and its RED.httpAdmin parses
// JSON and form bodies first, as Node-RED's editor does. Mounting httpNode inside that admin app,
// after its body parsers, and serving the admin app on a real HTTP server is Node-RED's default setup
// (httpAdminRoot = httpNodeRoot = "/") in small: a route only sees the raw bytes if its capture runs
// first.
interface ExpressLike {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  use(path: string, app: unknown): void;
  _router?: { stack: unknown[] };
}
let adminApp: ExpressLike | undefined;
let nodeApp: ExpressLike;
function mountLikeDefaultSettings(RED: { httpAdmin: ExpressLike; httpNode: ExpressLike }) {
  adminApp = RED.httpAdmin;
  nodeApp = RED.httpNode;
  adminApp.use("/", nodeApp);
}
const server = http.createServer((req, res) => (adminApp ? adminApp(req, res) : res.writeHead(503).end()));
let baseUrl: string;

const PATH = "/telnyx/events";
const now = () => String(Math.floor(Date.now() / 1000));

interface Delivery {
  body: Buffer | string;
  headers?: Record<string, string>;
  method?: "post" | "get" | "put";
  path?: string;
}

/** Sends one request, with exactly these bytes, to the mounted routes; resolves with status, headers and text. */
async function deliver({ body, headers = {}, method = "post", path: target = PATH }: Delivery) {
  const res = await fetch(baseUrl + target, {
    method: method.toUpperCase(),
    headers,
    body: method === "get" ? undefined : new Uint8Array(typeof body === "string" ? Buffer.from(body) : body),
  });
  const answerHeaders: Record<string, string> = {};
  res.headers.forEach((value, name) => (answerHeaders[name] = value));
  return { status: res.status, headers: answerHeaders, text: await res.text() };
}

/** Headers of a delivery signed the way Telnyx signs: Ed25519 over `timestamp|body`. */
function signed(signer: TestSigner, body: Buffer | string, timestamp = now(), contentType = "application/json") {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  return {
    "content-type": contentType,
    "telnyx-timestamp": timestamp,
    "telnyx-signature-ed25519": signer.sign(timestamp, bytes),
  };
}

function statusesOf(nodeId: string): Array<{ fill?: string; shape?: string; text?: string }> {
  const node = helper.getNode(nodeId) as unknown as { status: { args?: unknown[][] } };
  return ((node.status as unknown as { args: unknown[][] }).args ?? []).map(([s]) => s as { fill?: string; text?: string });
}

/** Waits (polling, so a loaded machine only makes it slower) until the node's latest status is `expected`. */
async function untilStatus(nodeId: string, expected: { fill?: string; shape?: string; text?: string }, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!isDeepStrictEqual(statusesOf(nodeId).at(-1), expected)) {
    if (Date.now() - start > timeoutMs) assert.deepEqual(statusesOf(nodeId).at(-1), expected, "latest status");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function logged(level: number, pattern: RegExp): string[] {
  return (helper.log() as unknown as { args: Array<[{ level: number; msg: unknown }]> }).args
    .map(([entry]) => entry)
    .filter((entry) => entry.level === level && pattern.test(String(entry.msg)))
    .map((entry) => String(entry.msg));
}
const ERROR = 20;
const WARN = 30;

/** Waits until at least `count` log entries of `level` match (logging can trail the answer that caused it). */
function untilLogged(level: number, pattern: RegExp, count = 1): Promise<void> {
  return until(() => logged(level, pattern).length >= count, `${count} log entries matching ${pattern}`);
}

describe("telnyx-webhook node", function () {
  let signer: TestSigner;
  const nodes = () => [
    mountLikeDefaultSettings,
    nodeModule("telnyx-config"),
    nodeModule("telnyx-webhook"),
    coreNode("network/21-httpin.js"),
    coreNode("function/15-change.js"),
    coreNode("function/89-delay.js"),
  ];

  function accountNode(publicKey: string | undefined = signer.publicKeyBase64) {
    return {
      node: { id: "acct", type: "telnyx-config", name: "test account" } as FlowNode,
      credentials: { acct: publicKey === undefined ? {} : { publicKey } } as Record<string, Record<string, string>>,
    };
  }

  /** A webhook node (id "hook") wired to a helper node "out", plus any extra nodes. */
  async function load(props: Record<string, unknown> = {}, extra: FlowNode[] = [], publicKey?: string) {
    const acct = accountNode(publicKey);
    const flow = onTab(
      acct.node,
      { id: "hook", type: "telnyx-webhook", account: "acct", url: PATH, wires: [["out"]], ...props },
      { id: "out", type: "helper" },
      ...extra,
    );
    await helper.load(nodes() as never, flow, acct.credentials);
    return { flow, credentials: acct.credentials, out: collect("out") };
  }

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    signer = makeSigner();
  });
  afterEach(async () => {
    await helper.unload();
  });

  describe("slow senders", () => {
    it("cuts 400 bodies trickling in with 408 after Body within, while a valid delivery gets its 200", async function () {
      this.timeout(60_000);
      const { out } = await load({ bodyTimeoutSecs: 2 });
      const { port } = new URL(baseUrl);
      const slow: Array<{ socket: net.Socket; answer: string; closed: boolean }> = [];
      for (let i = 0; i < 400; i++) {
        const conn = { socket: net.connect(Number(port), "127.0.0.1"), answer: "", closed: false };
        conn.socket.setEncoding("latin1");
        conn.socket.on("data", (text: string) => (conn.answer += text));
        conn.socket.on("close", () => (conn.closed = true));
        conn.socket.on("error", () => undefined);
        conn.socket.write(`POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{`);
        slow.push(conn);
      }
      // One byte every 100 ms on each: the body would take 1,000 s to arrive.
      const trickle = setInterval(() => slow.forEach((c) => c.closed || c.socket.write(" ")), 100);
      try {
        await until(() => slow.every((c) => c.socket.readyState === "open"), "400 slow connections open");
        const body = fixtureBytes("webhooks/call.answered.json");
        const delivered = await deliver({ body, headers: signed(signer, body) });
        assert.equal(delivered.status, 200);
        await waitFor(out, 1, "messages");
        await until(() => slow.every((c) => c.closed), "every slow connection cut", 30_000);
        const statuses = new Set(slow.map((c) => c.answer.split("\r\n")[0]));
        assert.deepEqual([...statuses], ["HTTP/1.1 408 Request Timeout"]);
        assert.match(slow[0].answer, /the body did not arrive within 2 s$/);
      } finally {
        clearInterval(trickle);
        for (const c of slow) c.socket.destroy();
      }
    });
  });

  describe("events", () => {
    for (const file of fixtureFiles("webhooks", ".json")) {
      it(`emits ${path.basename(file)}, signed and posted as is, as exactly one message`, async () => {
        const { out } = await load();
        const body = fixtureBytes(file);
        const expected = JSON.parse(body.toString("utf8")) as { data: Record<string, unknown> & { payload: Record<string, unknown> } };
        const res = await deliver({ body, headers: signed(signer, body) });
        assert.equal(res.status, 200, res.text);
        const [msg] = await waitFor(out, 1, "messages");
        await settle();
        assert.equal(out.length, 1);
        assert.equal(msg.topic, expected.data.event_type);
        assert.deepEqual(msg.payload, expected.data.payload);
        assert.deepEqual(msg.event, {
          id: expected.data.id,
          event_type: expected.data.event_type,
          occurred_at: expected.data.occurred_at,
          record_type: expected.data.record_type,
        });
        assert.equal("meta" in msg, false, "the spec examples have no meta");
        const clientState = expected.data.payload.client_state;
        if (typeof clientState === "string") {
          assert.equal(msg.clientState, Buffer.from(clientState, "base64").toString("utf8"));
        } else {
          assert.equal("clientState" in msg, false);
        }
      });
    }

    it("passes meta on and decodes a JSON client_state into an object", async () => {
      const { out } = await load();
      const event = JSON.parse(fixtureBytes("sdk-test-payloads/call.answered.e2e.json").toString("utf8"));
      event.data.payload.client_state = Buffer.from(JSON.stringify({ step: "greeting", n: 2 })).toString("base64");
      const body = JSON.stringify(event, null, 2);
      assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
      const [msg] = await waitFor(out, 1, "messages");
      assert.deepEqual(msg.meta, event.meta);
      assert.deepEqual(msg.clientState, { step: "greeting", n: 2 });
    });

    it("shows that it is listening, with the path", async () => {
      await load();
      await untilStatus("hook", { fill: "green", shape: "dot", text: `listening ${PATH}` });
    });

    describe("refuses bad deliveries with a 4xx, emitting nothing", () => {
      const body = fixtureBytes("webhooks/call.initiated.json");
      const stale = () => String(Math.floor(Date.now() / 1000) - 301);
      // The node's clock moves on between signing and verifying: 301 s ahead becomes 300 s (accepted) when a
      // second boundary passes in between. A minute past the tolerance cannot race; the exact 300/301 s edges
      // are tested with a fixed clock in test/telnyx/webhook/signature.test.ts.
      const future = () => String(Math.floor(Date.now() / 1000) + 360);
      const cases: Array<[string, () => Delivery, number, RegExp]> = [
        ["a tampered body", () => ({ body: Buffer.from(body.toString().replace("+35319605860", "+35319605861")), headers: signed(signer, body) }), 403, /signature does not match/],
        ["a signature made with another key", () => ({ body, headers: signed(makeSigner(), body) }), 403, /signature does not match/],
        ["a stale timestamp (301 s old)", () => ({ body, headers: signed(signer, body, stale()) }), 403, /s in the past/],
        ["a future timestamp (360 s ahead)", () => ({ body, headers: signed(signer, body, future()) }), 403, /s in the future/],
        ["no signature header", () => ({ body, headers: { "content-type": "application/json", "telnyx-timestamp": now() } }), 403, /missing telnyx-signature-ed25519/],
        ["no timestamp header", () => {
          const { "telnyx-timestamp": _, ...headers } = signed(signer, body);
          return { body, headers };
        }, 403, /missing telnyx-timestamp/],
        ["a timestamp that is not a number", () => {
          const ts = `${now()}.5`;
          return { body, headers: signed(signer, body, ts) };
        }, 403, /not a Unix time/],
        ["a short signature (63 bytes)", () => {
          const headers = signed(signer, body);
          headers["telnyx-signature-ed25519"] = Buffer.from(headers["telnyx-signature-ed25519"], "base64").subarray(0, 63).toString("base64");
          return { body, headers };
        }, 403, /not 64 bytes/],
        ["the same JSON re-serialised (the raw bytes are what is checked)", () => {
          const pretty = fixtureBytes("webhooks/call.answered.json");
          return { body: JSON.stringify(JSON.parse(pretty.toString())), headers: signed(signer, pretty) };
        }, 403, /signature does not match/],
        ["malformed JSON, correctly signed", () => ({ body: '{"data": {', headers: signed(signer, '{"data": {') }), 400, /not valid JSON/],
        ["a signed body that is not a Telnyx event", () => ({ body: "[]", headers: signed(signer, "[]") }), 400, /not a JSON object/],
        ["a body over 1 MB", () => {
          const big = Buffer.from(JSON.stringify({ data: { event_type: "call.hangup", id: "big", pad: "x".repeat(1024 * 1024) } }));
          return { body: big, headers: signed(signer, big) };
        }, 413, /larger than the limit of 1048576 bytes/],
      ];
      for (const [what, delivery, status, reason] of cases) {
        it(`${what}: ${status}`, async () => {
          const { out } = await load();
          const res = await deliver(delivery());
          assert.equal(res.status, status, res.text);
          assert.match(res.text, reason);
          await untilLogged(WARN, /^Refused/);
          await settle();
          assert.equal(out.length, 0, "nothing emitted");
          const warnings = logged(WARN, /^Refused/);
          assert.equal(warnings.length, 1);
          assert.match(warnings[0], reason, "the log says why");
        });
      }
    });

    it("counts refusals in the status and still accepts good deliveries", async () => {
      const { out } = await load();
      const body = fixtureBytes("webhooks/call.hangup.json");
      for (let i = 0; i < 3; i++) assert.equal((await deliver({ body, headers: signed(makeSigner(), body) })).status, 403);
      // The status is redrawn at most once a second.
      await untilStatus("hook", { fill: "green", shape: "dot", text: `listening ${PATH} · 3 rejected` });
      assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
      await waitFor(out, 1, "messages");
    });

    it("honours a smaller body limit and a custom tolerance", async () => {
      const { out } = await load({ maxBodyKb: 1, toleranceSecs: 10 });
      const body = fixtureBytes("webhooks/call.answered.json"); // 700 bytes
      const big = Buffer.concat([body, Buffer.alloc(400, 0x20)]);
      assert.equal((await deliver({ body: big, headers: signed(signer, big) })).status, 413);
      const eleven = String(Math.floor(Date.now() / 1000) - 11);
      assert.equal((await deliver({ body, headers: signed(signer, body, eleven) })).status, 403);
      assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
      await waitFor(out, 1, "messages");
    });

    it("refuses settings outside the dialog's ranges by name, and keeps the defaults", async () => {
      const { out } = await load({ maxBodyKb: "0", toleranceSecs: "-5", dedupeMinutes: "ten" });
      assert.deepEqual(logged(ERROR, /using the default/), [
        `toleranceSecs: expected a number of at least 0 (seconds), got "-5"; using the default, ${DEFAULT_SIGNATURE_TOLERANCE_SECONDS}`,
        `dedupeMinutes: expected a number of at least 0 (minutes), got "ten"; using the default, ${DEFAULT_DEDUPE_MINUTES}`,
        `maxBodyKb: expected a number greater than 0 (KB), got "0"; using the default, ${DEFAULT_MAX_BODY_KB}`,
      ]);
      // The defaults apply: a 700-byte event passes the body limit and the signature check.
      const body = fixtureBytes("webhooks/call.answered.json");
      assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
      await waitFor(out, 1, "messages");
    });

    it("answers 405 with Allow: POST to other methods", async () => {
      const { out } = await load();
      const res = await deliver({ method: "get", body: "" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, "POST");
      const body = fixtureBytes("webhooks/call.hangup.json");
      assert.equal((await deliver({ method: "put", body, headers: signed(signer, body) })).status, 405);
      await settle();
      assert.equal(out.length, 0);
    });

    it("acknowledges events outside the event-type list without emitting them", async () => {
      const { out } = await load({ eventTypes: "call.*, message.sent" });
      for (const file of ["webhooks/message.received.json", "webhooks/call.hangup.json", "webhooks/message.sent.json"]) {
        const body = fixtureBytes(file);
        assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
      }
      await waitFor(out, 2, "messages");
      await settle();
      assert.deepEqual(out.map((m) => m.topic), ["call.hangup", "message.sent"]);
    });

    it("acknowledges a repeated event id and emits it once", async () => {
      const { out } = await load();
      const body = fixtureBytes("webhooks/call.answered.json");
      const [first, second] = await Promise.all([
        deliver({ body, headers: signed(signer, body) }),
        deliver({ body, headers: signed(signer, body) }),
      ]);
      const third = await deliver({ body, headers: signed(signer, body) });
      assert.deepEqual([first.status, second.status, third.status], [200, 200, 200]);
      await waitFor(out, 1, "messages");
      await settle(200);
      assert.equal(out.length, 1);
    });

    it("drops a replayed delivery even when the repeat window is 0: ids are kept while their signature is valid", async () => {
      const { out } = await load({ dedupeMinutes: 0 });
      const body = fixtureBytes("webhooks/call.answered.json");
      const headers = signed(signer, body);
      assert.equal((await deliver({ body, headers })).status, 200);
      assert.equal((await deliver({ body, headers })).status, 200, "acknowledged");
      // Messages leave in order: had the replay been emitted, it would come before this one.
      const other = Buffer.from(body.toString().replace(/"id": ?"[^"]+"/, '"id": "another-event"'));
      await deliver({ body: other, headers: signed(signer, other) });
      await waitFor(out, 2, "messages");
      assert.equal((out[1].event as { id: string }).id, "another-event");
    });

    it("answers 503 rather than forget an id still within its signature window (Remember ids shrunk to 2)", async () => {
      const { out } = await load({ maxSeenIds: 2 });
      const event = (id: string) => Buffer.from(fixtureBytes("webhooks/call.answered.json").toString().replace(/"id": ?"[^"]+"/, `"id": "${id}"`));
      const early = event("early-id");
      const earlyHeaders = signed(signer, early);
      assert.equal((await deliver({ body: early, headers: earlyHeaders })).status, 200);
      assert.equal((await deliver({ body: event("second"), headers: signed(signer, event("second")) })).status, 200);
      const third = await deliver({ body: event("third"), headers: signed(signer, event("third")) });
      assert.equal(third.status, 503);
      assert.match(third.text, /too many deliveries within the signature window/);
      assert.equal((await deliver({ body: early, headers: earlyHeaders })).status, 200, "the replay is acknowledged");
      await waitFor(out, 2, "messages");
      assert.deepEqual(out.map((m) => (m.event as { id: string }).id), ["early-id", "second"], "and not emitted");
    });

    it("shares seen ids through a named context store (as instances sharing a store do)", async () => {
      helper.settings({ contextStorage: { default: { module: "memory" }, shared: { module: "memory" } } });
      try {
        // Two nodes on two paths stand in for two Node-RED instances behind a load balancer.
        const { out } = await load({ dedupeStore: "shared" }, [
          { id: "hook2", type: "telnyx-webhook", account: "acct", url: "/telnyx/other", dedupeStore: "shared", wires: [["out"]] },
        ]);
        // The helper skips the runtime's loading of context stores; load the ones set above.
        await (helper as unknown as { _context: { load(): Promise<void> } })._context.load();
        const body = fixtureBytes("webhooks/message.received.json");
        assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
        await waitFor(out, 1, "messages");
        assert.equal((await deliver({ body, headers: signed(signer, body), path: "/telnyx/other" })).status, 200);
        await settle(200);
        assert.equal(out.length, 1, "the second node recognised the id the first one stored");
        const id = (JSON.parse(body.toString()) as { data: { id: string } }).data.id;
        const stored = helper.getNode("hook").context().global.get(`telnyxSeen_${id}`, "shared");
        assert.equal(typeof stored, "number");
        assert.equal(helper.getNode("hook").context().global.get(`telnyxSeen_${id}`, "default"), undefined, "only in the chosen store");
      } finally {
        helper.settings({ contextStorage: undefined });
      }
    });

    it("warns and remembers in memory when the context store is not defined", async () => {
      const { out } = await load({ dedupeStore: "nowhere" });
      await untilLogged(WARN, /Context store "nowhere" is not defined/);
      assert.equal(logged(WARN, /Context store "nowhere" is not defined/).length, 1);
      const body = fixtureBytes("webhooks/call.answered.json");
      await deliver({ body, headers: signed(signer, body) });
      await deliver({ body, headers: signed(signer, body) });
      await waitFor(out, 1, "messages");
      await settle();
      assert.equal(out.length, 1);
    });

    it("answers 200 before a slow flow downstream has finished", async () => {
      const { out } = await load({ wires: [["slow"]] }, [
        { id: "slow", type: "delay", pauseType: "delay", timeout: "2", timeoutUnits: "seconds", wires: [["out"]] },
      ]);
      const body = fixtureBytes("webhooks/call.initiated.json");
      const res = await deliver({ body, headers: signed(signer, body) });
      assert.equal(res.status, 200);
      assert.equal(out.length, 0, "the flow was still running when the answer came");
      await waitFor(out, 1, "messages", 5_000);
    });
  });

  describe("failing closed", () => {
    it("refuses everything with 503, and says why, when the account has no public key", async () => {
      const { out } = await load({}, [], "");
      const body = fixtureBytes("webhooks/call.hangup.json");
      const res = await deliver({ body, headers: signed(signer, body) });
      assert.equal(res.status, 503);
      assert.match(res.text, /no webhook public key/);
      await untilLogged(WARN, /refuse every delivery: The account has no webhook public key/);
      await settle();
      assert.equal(out.length, 0);
      // Said once at start, in Node-RED's log (the refused delivery is then counted and logged like any other refusal).
      assert.equal(logged(WARN, /refuse every delivery: The account has no webhook public key/).length, 1);
      assert.deepEqual(statusesOf("hook").find((s) => s.fill === "red"), { fill: "red", shape: "ring", text: "no public key: refusing all" });
    });

    it("logs one warning per deploy for all the nodes that refuse everything, not one per node in the debug sidebar", async () => {
      const hooks = ["a", "b", "c"].map((name) => ({ id: `hook-${name}`, type: "telnyx-webhook", name, account: "acct", url: `/telnyx/${name}`, wires: [] }));
      const acct = accountNode("");
      const flow = onTab(acct.node, ...hooks);
      // Every warning about the key, from the runtime or a node: exactly one per deploy.
      const warnings = () =>
        (helper.log() as unknown as { args: Array<[{ level: number; msg: unknown; id?: string }]> }).args
          .map(([entry]) => entry)
          .filter((entry) => entry.level === WARN && /public key|refuse every delivery/.test(String(entry.msg)));
      const untilWarnings = async (count: number) => {
        await until(() => warnings().length >= count, `${count} warnings`);
        await settle();
        assert.equal(warnings().length, count, warnings().map((e) => String(e.msg)).join("\n"));
      };

      await helper.load(nodes() as never, flow, acct.credentials);
      await untilWarnings(1);
      const [warning] = warnings();
      assert.equal(warning.id, undefined, "logged by the runtime (RED.log), not by a node (node.warn reaches the debug sidebar)");
      assert.match(
        String(warning.msg),
        /^3 telnyx-webhook node\(s\) refuse every delivery: The account has no webhook public key.* \["a" \(hook-a\), "b" \(hook-b\), "c" \(hook-c\)\]$/,
      );
      for (const hook of hooks) assert.deepEqual(statusesOf(hook.id).at(-1), { fill: "red", shape: "ring", text: "no public key: refusing all" });

      // A full redeploy: one more line, not three.
      await setFlows(flow, "full", acct.credentials);
      await untilWarnings(2);

      // Different reasons in one deploy still make one line.
      const noAccount = { id: "hook-d", type: "telnyx-webhook", name: "d", account: "missing", url: "/telnyx/d", wires: [] };
      await setFlows(onTab(acct.node, ...hooks, noAccount), "full", acct.credentials);
      await untilWarnings(3);
      assert.match(String(warnings()[2].msg), /^4 telnyx-webhook node\(s\) refuse every delivery: .*; No Telnyx account selected.* \["d" \(hook-d\)\]$/);
      await untilStatus("hook-d", { fill: "red", shape: "ring", text: "no account" });
    });

    it("refuses everything when the account's public key is unusable", async () => {
      const { out } = await load({}, [], "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
      const body = fixtureBytes("webhooks/call.hangup.json");
      const res = await deliver({ body, headers: signed(signer, body) });
      assert.equal(res.status, 503);
      assert.match(res.text, /public key is unusable/);
      await settle();
      assert.equal(out.length, 0);
    });

    it("accepts unsigned deliveries only with verification skipped, showing a warning", async () => {
      const { out } = await load({ skipVerification: true, account: "" }, [], "");
      await untilStatus("hook", { fill: "yellow", shape: "ring", text: `verification off: ${PATH}` });
      const body = fixtureBytes("webhooks/call.hangup.json");
      const res = await deliver({ body, headers: { "content-type": "application/json" } });
      assert.equal(res.status, 200, res.text);
      await waitFor(out, 1, "messages");
    });
  });

  describe("the account's event hub (nodes waiting for outcomes)", () => {
    /** A fixture event with a fresh id (the hub outlives each test and drops ids it has seen) and call. */
    let fresh = 0;
    function freshEvent(file: string, callControlId: string): Buffer {
      const event = JSON.parse(fixtureBytes(file).toString("utf8"));
      event.data.id = `${event.data.id.slice(0, 24)}${String(Date.now() % 1e9).padStart(9, "0")}${String(++fresh).padStart(3, "0")}`;
      event.data.payload.call_control_id = callControlId;
      return Buffer.from(JSON.stringify(event));
    }
    function waitOnSpeak(callControlId: string): WaitEnd[] {
      const hub = builtWaits.accountHub("acct");
      const ends: WaitEnd[] = [];
      hub.wait({ table: OUTCOMES.speak, target: { callControlId }, since: hub.mark(), timeoutMs: 10_000, onEnd: (end) => ends.push(end) });
      return ends;
    }

    it("offers every verified event to its account's hub, also one outside its event types, and still emits it", async () => {
      const { out } = await load({ eventTypes: "call.hangup" });
      const callControlId = `v3:hub-${Date.now()}`;
      const ends = waitOnSpeak(callControlId);
      const body = freshEvent("webhooks/call.speak.ended.json", callControlId);
      assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
      await waitFor(ends, 1, "wait endings");
      assert.equal(ends[0].kind === "output" && ends[0].outcome, "finished");
      const hangup = freshEvent("webhooks/call.hangup.json", `${callControlId}-other`);
      await deliver({ body: hangup, headers: signed(signer, hangup) });
      await waitFor(out, 1, "messages");
      assert.deepEqual(out.map((m) => m.topic), ["call.hangup"]);
    });

    it("with 'send only to that node', leaves out events that ended a wait and emits the rest", async () => {
      const { out } = await load({ handOffWaited: true });
      const callControlId = `v3:handoff-${Date.now()}`;
      const ends = waitOnSpeak(callControlId);
      const ending = freshEvent("webhooks/call.speak.ended.json", callControlId);
      const started = freshEvent("webhooks/call.speak.started.json", callControlId);
      await deliver({ body: started, headers: signed(signer, started) });
      await deliver({ body: ending, headers: signed(signer, ending) });
      await waitFor(ends, 1, "wait endings");
      await waitFor(out, 1, "messages");
      await settle();
      assert.deepEqual(out.map((m) => m.topic), ["call.speak.started"]);
    });

    it("never offers an unverified event (verification skipped)", async () => {
      const { out } = await load({ skipVerification: true });
      const callControlId = `v3:unsigned-${Date.now()}`;
      const ends = waitOnSpeak(callControlId);
      const body = freshEvent("webhooks/call.speak.ended.json", callControlId);
      assert.equal((await deliver({ body, headers: { "content-type": "application/json" } })).status, 200);
      await waitFor(out, 1, "messages");
      await settle();
      assert.deepEqual(ends, [], "a forged event must not end a wait");
      builtWaits.accountHub("acct").clear();
    });
  });

  describe("TeXML", () => {
    const form = () => Buffer.from(fixtureBytes("texml-callbacks/texml-gather.form.txt").toString("utf8").trim());
    const formType = "application/x-www-form-urlencoded";
    const XML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Connecting you to sales</Say></Response>';

    it("emits a signed form POST whose msg.res a core http response node answers", async () => {
      const { out } = await load({ mode: "texml", url: "/telnyx/texml", wires: [["out", "reply"]] }, [
        { id: "reply", type: "change", rules: [{ t: "set", p: "payload", pt: "msg", to: XML, tot: "str" }], wires: [["respond"]] },
        { id: "respond", type: "http response", statusCode: "", headers: { "content-type": "application/xml" }, wires: [] },
      ]);
      const body = form();
      const res = await deliver({ path: "/telnyx/texml", body, headers: signed(signer, body, now(), formType) });
      assert.equal(res.status, 200);
      assert.match(res.headers["content-type"], /^application\/xml/);
      assert.equal(res.text, XML);
      const [msg] = await waitFor(out, 1, "messages");
      assert.equal(msg.topic, "texml");
      assert.deepEqual(msg.payload, {
        AccountSid: "cb6cfbbc-eb00-41af-a3f3-0d7b32009e4b",
        CallSid: "v2:DPNqxVjTNtQYaKdcKbU0QgRFrQ3YzuAQrVYC4Ggcuq7zTpDkUB7A4w",
        CallSidLegacy: "v2:DPNqxVjTNtQYaKdcKbU0QgRFrQ3YzuAQrVYC4Ggcuq7zTpDkUB7A4w",
        From: "Defaultj35z6@sip.telnyx.com",
        To: "+12132045020",
        Confidence: "0.95",
        Digits: "1",
        SpeechResult: "Please connect me to sales",
      });
      assert.equal((msg.req as { headers: Record<string, string> }).headers["telnyx-timestamp"] !== undefined, true);
    });

    it("emits a signed GET with its query fields only when the node trusts them", async () => {
      const { out } = await load({ mode: "texml", url: "/telnyx/texml", trustQuery: true, wires: [["out", "respond"]] }, [
        { id: "respond", type: "http response", statusCode: "204", headers: {}, wires: [] },
      ]);
      const query = "/telnyx/texml?CallSid=fcc47bc6&From=%2B15552010091&To=%2B15552010090&CallStatus=in-progress";
      const res = await deliver({ method: "get", path: query, body: "", headers: signed(signer, "", now(), formType) });
      assert.equal(res.status, 204);
      const [msg] = await waitFor(out, 1, "messages");
      assert.deepEqual(msg.payload, { CallSid: "fcc47bc6", From: "+15552010091", To: "+15552010090", CallStatus: "in-progress" });
    });

    it("refuses a captured signed GET replayed with another query, and as an empty-body POST; accepts each signature once", async () => {
      const { out } = await load({ mode: "texml", url: "/telnyx/texml", wires: [["out", "respond"]] }, [
        { id: "respond", type: "http response", statusCode: "204", headers: {}, wires: [] },
      ]);
      const headers = signed(signer, "", now(), formType);
      const genuine = await deliver({ method: "get", path: "/telnyx/texml?CallSid=fcc47bc6&From=%2B15552010091", body: "", headers });
      assert.equal(genuine.status, 403, "a signed GET's query is not signed: refused unless trusted");
      assert.match(genuine.text, /set the TeXML application to POST/);
      const forged = await deliver({ method: "get", path: "/telnyx/texml?Digits=9&From=%2B15550009999&CallSid=evil", body: "", headers });
      assert.equal(forged.status, 403);
      const emptyPost = await deliver({ path: "/telnyx/texml?Digits=9", body: "", headers });
      assert.equal(emptyPost.status, 403);
      // A form POST (what Telnyx sends when the TeXML application uses POST) is accepted once.
      const body = form();
      const postHeaders = signed(signer, body, now(), formType);
      assert.equal((await deliver({ path: "/telnyx/texml?Digits=9", body, headers: postHeaders })).status, 204);
      const replay = await deliver({ path: "/telnyx/texml", body, headers: postHeaders });
      assert.equal(replay.status, 403);
      assert.match(replay.text, /this signature was used already/);
      const [msg] = await waitFor(out, 1, "messages");
      assert.equal((msg.payload as Record<string, unknown>).Digits, new URLSearchParams(body.toString()).get("Digits") ?? undefined, "fields from the signed body, not the query");
      assert.deepEqual((msg.req as { query: unknown }).query, { Digits: "9" }, "the query stays in msg.req.query");
      assert.equal(out.length, 1);
    });

    it("gives msg.res methods that chain, and _res, for the TeXML node", async () => {
      const { out } = await load({ mode: "texml", url: "/telnyx/texml" });
      const body = form();
      const pending = deliver({ path: "/telnyx/texml", body, headers: signed(signer, body, now(), formType) });
      const [msg] = await waitFor(out, 1, "messages");
      const res = msg.res as { _res: { headersSent: boolean }; status(code: number): { set(k: string, v: string): { send(b: string): unknown } } };
      assert.equal(res._res.headersSent, false);
      res.status(200).set("content-type", "application/xml").send(XML);
      const answer = await pending;
      assert.equal(answer.status, 200);
      assert.equal(answer.text, XML);
    });

    it("answers with the fallback document when nothing answers in time", async () => {
      const fallback = "<Response><Say>Please call back later</Say><Hangup/></Response>";
      const { out } = await load({ mode: "texml", url: "/telnyx/texml", texmlTimeoutSecs: 0.3, texmlFallback: fallback });
      const body = form();
      const res = await deliver({ path: "/telnyx/texml", body, headers: signed(signer, body, now(), formType) });
      assert.equal(res.status, 200);
      assert.match(res.headers["content-type"], /^application\/xml/);
      assert.equal(res.text, fallback);
      assert.equal(out.length, 1, "the request was emitted");
      await untilLogged(WARN, /No answer to a TeXML request within 0.3 s/);
      await settle();
      assert.equal(logged(WARN, /No answer to a TeXML request within 0.3 s/).length, 1);
    });

    it("answers waiting requests with the fallback when the node closes", async () => {
      const { out } = await load({ mode: "texml", url: "/telnyx/texml", texmlTimeoutSecs: 30 });
      const body = form();
      const pending = deliver({ path: "/telnyx/texml", body, headers: signed(signer, body, now(), formType) });
      await waitFor(out, 1, "messages");
      await helper.unload();
      const res = await pending;
      assert.equal(res.status, 200);
      assert.match(res.text, /<Response><Say>Sorry, we cannot take your call right now/);
    });

    it("uses the default fallback, with an error, when the configured one is not well-formed", async () => {
      await load({ mode: "texml", url: "/telnyx/texml", texmlTimeoutSecs: 0.1, texmlFallback: "<Response><Say>oops</Response>" });
      await untilLogged(ERROR, /TeXML fallback is not well-formed/);
      assert.equal(logged(ERROR, /TeXML fallback is not well-formed/).length, 1);
      const body = form();
      const res = await deliver({ path: "/telnyx/texml", body, headers: signed(signer, body, now(), formType) });
      assert.match(res.text, /Sorry, we cannot take your call/);
    });

    it("refuses a tampered form, JSON bodies and other methods", async () => {
      const { out } = await load({ mode: "texml", url: "/telnyx/texml" });
      const body = form();
      const tampered = Buffer.from(body.toString().replace("Digits=1", "Digits=9"));
      assert.equal((await deliver({ path: "/telnyx/texml", body: tampered, headers: signed(signer, body, now(), formType) })).status, 403);
      const json = fixtureBytes("webhooks/call.hangup.json");
      assert.equal((await deliver({ path: "/telnyx/texml", body: json, headers: signed(signer, json) })).status, 415);
      const put = await deliver({ method: "put", path: "/telnyx/texml", body, headers: signed(signer, body, now(), formType) });
      assert.equal(put.status, 405);
      assert.equal(put.headers.allow, "GET, POST");
      await settle();
      assert.equal(out.length, 0);
    });
  });

  describe("lifecycle", () => {
    it("after five redeploys, one delivery gives exactly one message, and no routes pile up", async () => {
      const { flow, credentials } = await load();
      const adminLayers = adminApp!._router!.stack.length;
      const nodeLayers = nodeApp._router!.stack.length;
      for (let i = 1; i <= 5; i++) {
        const edited = flow.map((n) => (n.id === "hook" ? { ...n, name: `deploy ${i}` } : n));
        await setFlows(edited, i % 2 ? "nodes" : "full", credentials);
      }
      assert.equal(adminApp!._router!.stack.length, adminLayers, "one raw-body capture at the root, not one per deploy");
      assert.equal(nodeApp._router!.stack.length, nodeLayers, "one route, not one per deploy");
      const out = collect("out");
      const body = fixtureBytes("webhooks/call.speak.ended.json");
      assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
      await waitFor(out, 1, "messages");
      await settle(200);
      assert.equal(out.length, 1);
    });

    it("removes its route and the capture on close", async () => {
      const before = { admin: 0, node: 0 };
      await load();
      before.admin = adminApp!._router!.stack.length;
      before.node = nodeApp._router!.stack.length;
      await setFlows(onTab({ id: "out", type: "helper" }), "full");
      assert.equal(adminApp!._router!.stack.length, before.admin - 1, "capture removed");
      assert.equal(nodeApp._router!.stack.length, before.node - 1, "route removed");
      const body = fixtureBytes("webhooks/call.hangup.json");
      assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 404);
    });

    it("refuses a second webhook node on the same path with a clear error", async () => {
      const { out } = await load({}, [
        { id: "hook2", type: "telnyx-webhook", account: "acct", url: "/Telnyx/Events/", wires: [["out"]] },
      ]);
      await untilLogged(ERROR, /already served/);
      await untilStatus("hook2", { fill: "red", shape: "ring", text: "path unavailable" });
      const errors = logged(ERROR, /already served/);
      assert.equal(errors.length, 1);
      assert.match(errors[0], /^path \/Telnyx\/Events is already served by telnyx-webhook node \(hook\)$/);
      assert.deepEqual(statusesOf("hook2").at(-1), { fill: "red", shape: "ring", text: "path unavailable" });
      const body = fixtureBytes("webhooks/call.hangup.json");
      assert.equal((await deliver({ body, headers: signed(signer, body) })).status, 200);
      await waitFor(out, 1, "messages");
      await settle(200);
      assert.equal(out.length, 1);
    });

    it("reads raw bodies on an httpNode mounted nowhere (its own stack gets the capture)", async () => {
      const acct = accountNode();
      const flow = onTab(acct.node, { id: "hook", type: "telnyx-webhook", account: "acct", url: PATH, wires: [["out"]] }, { id: "out", type: "helper" });
      const remember = (RED: { httpNode: ExpressLike }) => void (nodeApp = RED.httpNode);
      await helper.load([remember, nodeModule("telnyx-config"), nodeModule("telnyx-webhook")] as never, flow, acct.credentials);
      const out = collect("out");
      const direct = http.createServer((req, res) => nodeApp(req, res));
      await new Promise<void>((resolve) => direct.listen(0, "127.0.0.1", resolve));
      try {
        const body = fixtureBytes("webhooks/call.hangup.json");
        const res = await fetch(`http://127.0.0.1:${(direct.address() as AddressInfo).port}${PATH}`, {
          method: "POST",
          headers: signed(signer, body),
          body: new Uint8Array(body),
        });
        assert.equal(res.status, 200, await res.text());
        await waitFor(out, 1, "messages");
      } finally {
        direct.closeAllConnections();
        await new Promise((resolve) => direct.close(resolve));
      }
    });

    it("refuses with 500 and an error, never guessing, when a parser ahead of it consumed the body", async () => {
      const { out } = await load();
      // Another package moving its own JSON parser to the very top, ahead of this node's capture.
      const stack = adminApp!._router!.stack as Array<{ name: string }>;
      stack.unshift(stack.find((layer) => layer.name === "jsonParser")!);
      const body = fixtureBytes("webhooks/call.hangup.json");
      const res = await deliver({ body, headers: signed(signer, body) });
      assert.equal(res.status, 500);
      assert.match(res.text, /another body parser read the request/);
      await deliver({ body, headers: signed(signer, body) });
      await settle();
      assert.equal(out.length, 0);
      assert.equal(logged(ERROR, /another body parser read the request/).length, 1, "said once");
    });

    it("refuses paths that are not literal, and paths the editor uses", async () => {
      helper.settings({ httpAdminRoot: "/" });
      try {
        await load({ url: "/telnyx/:id" }, [
          { id: "hook2", type: "telnyx-webhook", account: "acct", url: "/flows", wires: [[]] },
          { id: "hook3", type: "telnyx-webhook", account: "acct", url: "/flows-in", wires: [[]] },
        ]);
        await untilLogged(ERROR, /./, 2);
        await untilStatus("hook3", { fill: "green", shape: "dot", text: "listening /flows-in" });
        await settle();
        assert.deepEqual(logged(ERROR, /./), [
          'Path must start with / and use only letters, digits and - . _ ~ (got "/telnyx/:id")',
          "path /flows is used by the Node-RED editor; choose another",
        ]);
        assert.deepEqual(statusesOf("hook3").at(-1), { fill: "green", shape: "dot", text: "listening /flows-in" });
      } finally {
        helper.settings({ httpAdminRoot: undefined });
      }
    });
  });
});
