import { strict as assert } from "node:assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import {
  DEFAULT_MAX_BODY_BYTES,
  KeyValueSeenStore,
  SEEN_KEY_PREFIX,
  WebhookInbox,
  eventMessage,
  readRawBody,
  seenKey,
  type InboundDecision,
  type KeyValueStore,
  type Verification,
} from "../../src/telnyx/inbound";
import { MemorySeenStore, type SeenStore } from "../../src/telnyx/dedupe";
import { createSignatureVerifier, type Ed25519Engine } from "../../src/telnyx/signature";
import type { TelnyxEvent } from "../../src/telnyx/webhook";
import { clockAt, fixtureBytes, fixtureJson, makeSigner, type TestSigner } from "./helpers";

const NOW = 1_750_000_000;
const TS = String(NOW);
const ENGINES: Ed25519Engine[] = ["native", "tweetnacl"];

interface SignatureVector {
  id: string;
  public_key_base64: string;
  headers: Record<string, string>;
  raw_body_base64: string;
  expected_valid_signature: boolean;
}
const vectors = fixtureJson<{ vectors: SignatureVector[] }>("signature-vectors.json").vectors;

function kinds(decision: InboundDecision): string {
  return decision.kind === "rejected" ? `rejected ${decision.status}: ${decision.reason}` : decision.kind;
}

/** A Map as a KeyValueStore, counting calls. */
class MapStore implements KeyValueStore {
  readonly map = new Map<string, unknown>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: unknown) {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, value);
  }
  async keys() {
    return [...this.map.keys()];
  }
}

describe("telnyx/inbound", () => {
  describe("readRawBody", () => {
    function streamOf(...chunks: Array<string | Buffer>): PassThrough {
      const stream = new PassThrough();
      setImmediate(() => {
        for (const chunk of chunks) stream.write(chunk);
        stream.end();
      });
      return stream;
    }

    it("gives the exact bytes, across chunks, including bytes that are not UTF-8", async () => {
      const result = await readRawBody(streamOf(Buffer.from([0x7b, 0xff]), "é", Buffer.from([0x00, 0x7d])), 100);
      assert.ok(result.ok);
      assert.deepEqual([...result.bytes], [0x7b, 0xff, 0xc3, 0xa9, 0x00, 0x7d]);
    });

    it("accepts exactly the limit and refuses one byte more with 413, draining the rest", async () => {
      const exact = await readRawBody(streamOf("a".repeat(60), "b".repeat(40)), 100);
      assert.ok(exact.ok);
      assert.equal(exact.bytes.length, 100);

      const stream = streamOf("a".repeat(60), "b".repeat(41), "c".repeat(1000));
      const over = await readRawBody(stream, 100);
      assert.deepEqual(over, { ok: false, status: 413, reason: "body is larger than the limit of 100 bytes" });
      // The rest is read and thrown away.
      if (!stream.readableEnded) await new Promise((resolve) => stream.on("end", resolve));
      assert.equal(stream.readableEnded, true);
    });

    it("refuses a declared Content-Length over the limit before reading anything", async () => {
      const stream = new PassThrough();
      const result = await readRawBody(stream, 100, "101");
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.status, 413);
      assert.equal(readRawBody.length, 3);
    });

    it("defaults to a 1 MB limit in the node", () => {
      assert.equal(DEFAULT_MAX_BODY_BYTES, 1_048_576);
    });

    it("reports a stream that closes early or fails as 400, without throwing", async () => {
      const closed = new PassThrough();
      setImmediate(() => {
        closed.write("partial");
        closed.destroy();
      });
      assert.deepEqual(await readRawBody(closed, 100), { ok: false, status: 400, reason: "the connection closed before the whole body arrived" });

      const failed = new PassThrough();
      setImmediate(() => failed.destroy(new Error("boom")));
      const result = await readRawBody(failed, 100);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : "", /boom|closed/);
    });

    it("reads a real HTTP request body byte for byte, and answers a 413 the client receives", async () => {
      const seen: Array<{ ok: boolean; length?: number; status?: number }> = [];
      const server = http.createServer(async (req, res) => {
        const result = await readRawBody(req, 1000, req.headers["content-length"]);
        seen.push(result.ok ? { ok: true, length: result.bytes.length } : { ok: false, status: result.status });
        res.statusCode = result.ok ? 200 : result.status;
        res.end(result.ok ? result.bytes : "no");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      try {
        const body = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0x0a, 0xff]);
        const ok = await fetch(url, { method: "POST", body: new Uint8Array(body) });
        assert.deepEqual(Buffer.from(await ok.arrayBuffer()), body);
        const big = await fetch(url, { method: "POST", body: new Uint8Array(Buffer.alloc(200_000, 0x61)) });
        assert.equal(big.status, 413);
        assert.deepEqual(seen, [{ ok: true, length: 7 }, { ok: false, status: 413 }]);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  for (const engine of ENGINES) {
    describe(`WebhookInbox.decide (${engine})`, () => {
      let signer: TestSigner;
      let verification: Verification;
      const headersFor = (body: Buffer, contentType = "application/json", timestamp = TS) => ({
        "content-type": contentType,
        "telnyx-timestamp": timestamp,
        "telnyx-signature-ed25519": signer.sign(timestamp, body),
      });
      const events = (options: { eventTypes?: string; seen?: SeenStore } = {}) => new WebhookInbox({ mode: "events", verification, ...options });
      const texml = () => new WebhookInbox({ mode: "texml", verification });
      const post = (inbox: WebhookInbox, body: Buffer, headers: Record<string, string>, url = "/hook") =>
        inbox.decide({ method: "POST", url, headers, body });

      before(() => {
        signer = makeSigner();
        verification = { kind: "verify", verifier: createSignatureVerifier(signer.publicKeyBase64, { engine, now: clockAt(NOW) }) };
      });

      it("accepts a signed event: 200, with the message to emit", () => {
        const body = fixtureBytes("webhooks/call.answered.json");
        const decision = post(events(), body, headersFor(body));
        assert.equal(decision.kind, "event");
        if (decision.kind !== "event") return;
        assert.equal(decision.status, 200);
        assert.equal(decision.id, "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
        assert.equal(decision.message.topic, "call.answered");
        assert.equal(decision.message.clientState, "have a nice day =]");
      });

      it("runs the Telnyx-format signature vectors to the same verdicts", () => {
        for (const vector of vectors) {
          const inbox = new WebhookInbox({
            mode: vector.id.includes("texml") ? "texml" : "events",
            verification: {
              kind: "verify",
              verifier: createSignatureVerifier(vector.public_key_base64, { engine, now: clockAt(Number(vector.headers["telnyx-timestamp"])) }),
            },
          });
          const type = vector.id.includes("texml") ? "application/x-www-form-urlencoded" : "application/json";
          const decision = post(inbox, Buffer.from(vector.raw_body_base64, "base64"), { ...vector.headers, "content-type": type });
          if (vector.expected_valid_signature) assert.notEqual(decision.kind, "rejected", `${vector.id}: ${kinds(decision)}`);
          else assert.equal(decision.kind === "rejected" && decision.status, 403, `${vector.id}: ${kinds(decision)}`);
        }
      });

      it("refuses bad signatures with 403 and the verifier's reason", () => {
        const body = fixtureBytes("webhooks/call.hangup.json");
        const tampered = Buffer.from(body.toString().replace("hangup", "hangux"));
        assert.match(kinds(post(events(), tampered, headersFor(body))), /^rejected 403: signature does not match/);
        assert.match(kinds(post(events(), body, headersFor(body, "application/json", String(NOW - 301)))), /^rejected 403: timestamp is 301 s in the past/);
        assert.match(kinds(post(events(), body, { "content-type": "application/json" })), /^rejected 403: missing telnyx-signature-ed25519/);
      });

      it("refuses a signed body that does not parse with 400", () => {
        for (const text of ["{", "", '{"data":{}}']) {
          const body = Buffer.from(text);
          assert.match(kinds(post(events(), body, headersFor(body))), /^rejected 400: /);
        }
      });

      it("checks the method first: 405 with what is allowed", () => {
        const body = fixtureBytes("webhooks/call.hangup.json");
        assert.deepEqual(events().decide({ method: "get", url: "/hook", headers: headersFor(body), body }), {
          kind: "rejected", status: 405, reason: "method GET is not accepted here", allow: "POST",
        });
        const put = texml().decide({ method: "PUT", url: "/hook", headers: {}, body: Buffer.alloc(0) });
        assert.equal(put.kind === "rejected" && put.allow, "GET, POST");
      });

      it("acknowledges events outside the type list without a message", () => {
        const body = fixtureBytes("webhooks/message.received.json");
        const decision = post(events({ eventTypes: "call.*" }), body, headersFor(body));
        assert.deepEqual(decision, {
          kind: "ignored",
          status: 200,
          reason: "event type message.received is not in the node's list",
          event: JSON.parse(body.toString("utf8")), // still offered to the account's event hub for waiting nodes
        });
        assert.equal(post(events({ eventTypes: "message.*" }), body, headersFor(body)).kind, "event");
      });

      it("turns a signed TeXML form POST and a GET query into fields", () => {
        const body = Buffer.from(fixtureBytes("texml-callbacks/texml-gather.form.txt").toString().trim());
        const decision = post(texml(), body, headersFor(body, "application/x-www-form-urlencoded; charset=utf-8"));
        assert.equal(decision.kind, "texml");
        assert.equal(decision.kind === "texml" && decision.message.payload.Digits, "1");

        const empty = Buffer.alloc(0);
        const get = texml().decide({ method: "GET", url: "/hook?CallSid=abc&Digits=12", headers: headersFor(empty), body: empty });
        assert.deepEqual(get, { kind: "texml", message: { topic: "texml", payload: { CallSid: "abc", Digits: "12" } } });
      });

      it("refuses a TeXML POST that is not form-encoded with 415, after verifying it", () => {
        const body = fixtureBytes("webhooks/call.hangup.json");
        assert.match(kinds(post(texml(), body, headersFor(body))), /^rejected 415: expected an application\/x-www-form-urlencoded body, got application\/json/);
        assert.match(kinds(post(texml(), body, { "content-type": "application/json" })), /^rejected 403/);
      });
    });
  }

  describe("WebhookInbox without a verifier", () => {
    const body = fixtureBytes("webhooks/call.hangup.json");

    it("fails closed: 503 with the reason when verification is unavailable", () => {
      const inbox = new WebhookInbox({ mode: "events", verification: { kind: "unavailable", reason: "no public key" } });
      assert.deepEqual(inbox.decide({ method: "POST", url: "/", headers: {}, body }), { kind: "rejected", status: 503, reason: "no public key" });
    });

    it("accepts unsigned events only when verification is skipped", () => {
      const inbox = new WebhookInbox({ mode: "events", verification: { kind: "skip" } });
      assert.equal(inbox.decide({ method: "POST", url: "/", headers: {}, body }).kind, "event");
    });
  });

  describe("WebhookInbox.isNew", () => {
    const verification: Verification = { kind: "skip" };

    it("says new once per id, and always without a store", async () => {
      const inbox = new WebhookInbox({ mode: "events", verification, seen: new MemorySeenStore() });
      assert.deepEqual(await inbox.isNew("a"), { isNew: true });
      assert.deepEqual(await inbox.isNew("a"), { isNew: false });
      assert.deepEqual(await inbox.isNew("b"), { isNew: true });
      const none = new WebhookInbox({ mode: "events", verification });
      assert.deepEqual(await none.isNew("a"), { isNew: true });
      assert.deepEqual(await none.isNew("a"), { isNew: true });
    });

    it("counts an event as new when the store fails, and hands back the error", async () => {
      const broken: SeenStore = { checkAndRemember: () => Promise.reject(new Error("store down")) };
      const result = await new WebhookInbox({ mode: "events", verification, seen: broken }).isNew("a");
      assert.equal(result.isNew, true);
      assert.equal(result.storeError?.message, "store down");
    });
  });

  describe("eventMessage", () => {
    it("keeps meta and decodes client_state as text or JSON", () => {
      const event = fixtureJson<TelnyxEvent>("sdk-test-payloads/call.answered.e2e.json");
      const message = eventMessage(event);
      assert.deepEqual(message.meta, event.meta);
      assert.deepEqual(Object.keys(message.event), ["id", "event_type", "occurred_at", "record_type"]);

      const withJson = structuredClone(event);
      withJson.data.payload = { client_state: Buffer.from('{"a":[1]}').toString("base64") };
      assert.deepEqual(eventMessage(withJson).clientState, { a: [1] });
      withJson.data.payload = { client_state: "not base64!" };
      assert.equal(eventMessage(withJson).clientState, "not base64!");
      withJson.data.payload = {};
      assert.equal("clientState" in eventMessage(withJson), false);
    });

    it("gives an empty payload and no meta when the event has neither", () => {
      const message = eventMessage({ data: { event_type: "fax.queued", id: "f1" } });
      assert.deepEqual(message, { topic: "fax.queued", payload: {}, event: { id: "f1", event_type: "fax.queued", occurred_at: undefined, record_type: undefined } });
    });
  });

  describe("KeyValueSeenStore", () => {
    const MINUTE = 60_000;
    function storeWithClock(kv = new MapStore(), options: { maxEntries?: number; sweepEvery?: number } = {}) {
      const clock = { now: 1_700_000_000_000 };
      const store = new KeyValueSeenStore(kv, { windowMs: 10 * MINUTE, maxEntries: options.maxEntries ?? 1000, sweepEvery: options.sweepEvery, now: () => clock.now });
      return { kv, store, clock };
    }

    it("reports repeats within the window, and an id as new after it", async () => {
      const { kv, store, clock } = storeWithClock();
      assert.equal(await store.checkAndRemember("evt-1"), false);
      assert.equal(await store.checkAndRemember("evt-1"), true);
      assert.equal(await store.checkAndRemember("evt-2"), false);
      assert.equal(kv.map.get(`${SEEN_KEY_PREFIX}evt-1`), clock.now);
      clock.now += 10 * MINUTE;
      assert.equal(await store.checkAndRemember("evt-1"), false);
    });

    it("shares ids between stores on the same key-value store (two instances, one shared context)", async () => {
      const kv = new MapStore();
      const a = storeWithClock(kv).store;
      const b = storeWithClock(kv).store;
      assert.equal(await a.checkAndRemember("evt"), false);
      assert.equal(await b.checkAndRemember("evt"), true);
    });

    it("stays bounded after many distinct ids, keeping the newest", async () => {
      const { kv, store, clock } = storeWithClock(new MapStore(), { maxEntries: 100, sweepEvery: 10 });
      for (let i = 0; i < 5000; i++) {
        clock.now += 1;
        assert.equal(await store.checkAndRemember(`id-${i}`), false);
        assert.ok(kv.map.size <= 110, `size ${kv.map.size} after ${i + 1} ids`);
      }
      assert.equal(await store.checkAndRemember("id-4999"), true, "recent ids are kept");
      assert.equal(await store.checkAndRemember("id-0"), false, "the oldest were dropped");
    });

    it("sweeps expired ids and leaves other keys alone", async () => {
      const { kv, store, clock } = storeWithClock(new MapStore(), { sweepEvery: 1000 });
      await kv.set("someone-else", 1);
      for (let i = 0; i < 20; i++) await store.checkAndRemember(`old-${i}`);
      clock.now += 11 * MINUTE;
      await store.checkAndRemember("new");
      await store.sweep();
      assert.deepEqual([...kv.map.keys()].sort(), ["someone-else", `${SEEN_KEY_PREFIX}new`]);
    });

    it("refuses nonsense options", () => {
      assert.throws(() => new KeyValueSeenStore(new MapStore(), { windowMs: 0, maxEntries: 10 }), /windowMs/);
      assert.throws(() => new KeyValueSeenStore(new MapStore(), { windowMs: 1000, maxEntries: 0 }), /maxEntries/);
    });

    it("makes keys Node-RED context reads as one name: plain ids as they are, others hashed", () => {
      assert.equal(seenKey("0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"), `${SEEN_KEY_PREFIX}0ccc7b54-4df3-4bca-a65a-3da1ecc777f0`);
      for (const odd of ["a.b", "x[0]", "with space", "h_abc", "é", "a".repeat(200)]) {
        assert.match(seenKey(odd), /^telnyxSeen_h_[0-9a-f]{64}$/, odd);
      }
      assert.notEqual(seenKey("a.b"), seenKey("a_b"));
    });
  });
});
