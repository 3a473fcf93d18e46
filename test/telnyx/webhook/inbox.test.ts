import { strict as assert } from "node:assert";
import type { SeenStore } from "../../../src/telnyx/webhook/dedupe";
import { SeenDigests } from "../../../src/telnyx/webhook/seen-digests";
import { WebhookInbox, eventMessage, type InboundDecision, type Verification } from "../../../src/telnyx/webhook/inbox";
import type { TelnyxEvent } from "../../../src/telnyx/webhook/parse";
import { createSignatureVerifier, type Ed25519Engine } from "../../../src/telnyx/webhook/signature";
import { clockAt, fixtureBytes, fixtureJson, makeSigner, type TestSigner } from "../../support/fixtures";

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

describe("telnyx/webhook/inbox", () => {

  for (const engine of ENGINES) {
    describe(`WebhookInbox.decide (${engine})`, () => {
      let signer: TestSigner;
      let verification: Verification;
      const headersFor = (body: Buffer, contentType = "application/json", timestamp = TS) => ({
        "content-type": contentType,
        "telnyx-timestamp": timestamp,
        "telnyx-signature-ed25519": signer.sign(timestamp, body),
      });
      const events = (options: { eventTypes?: string; seen?: SeenDigests } = {}) => new WebhookInbox({ mode: "events", verification, ...options });
      // The store's clock is the verifier's: a signature stays valid (and its id protected) for 300 s from TS.
      const seenIds = (capacity = 100, windowMs = 0) => new SeenDigests({ capacity, windowMs, now: clockAt(NOW) });
      const texml = (trustQuery = false) => new WebhookInbox({ mode: "texml", verification, seen: seenIds(), trustQuery });
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
        const get = texml(true).decide({ method: "GET", url: "/hook?CallSid=abc&Digits=12", headers: headersFor(empty), body: empty });
        assert.deepEqual(get, { kind: "texml", message: { topic: "texml", payload: { CallSid: "abc", Digits: "12" } } }, "query fields when trusted");
      });

      it("keeps a signed GET's query out of msg.payload, and refuses a signed empty body beside a query, unless trusted", () => {
        const empty = Buffer.alloc(0);
        const headers = headersFor(empty);
        const inbox = texml();
        // The attack: a captured signed GET, replayed with a query of the attacker's choosing.
        const forged = inbox.decide({ method: "GET", url: "/hook?Digits=9&From=%2B15550009999&CallSid=evil", headers, body: empty });
        assert.match(kinds(forged), /^rejected 403: the signature covers the body, not the query string: set the TeXML application to POST/);
        const emptyPost = inbox.decide({ method: "POST", url: "/hook?Digits=9", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: empty });
        assert.match(kinds(emptyPost), /^rejected 403: the signature covers the body, not the query string/);
        const plain = inbox.decide({ method: "GET", url: "/hook", headers, body: empty });
        assert.deepEqual(plain, { kind: "texml", message: { topic: "texml", payload: {} } });
      });

      it("accepts a TeXML request's signature once: the same signature and timestamp again is refused", () => {
        const body = Buffer.from(fixtureBytes("texml-callbacks/texml-gather.form.txt").toString().trim());
        const headers = headersFor(body, "application/x-www-form-urlencoded");
        const inbox = texml();
        assert.equal(post(inbox, body, headers).kind, "texml");
        assert.match(kinds(post(inbox, body, headers)), /^rejected 403: this signature was used already \(a replayed request\)$/);
        assert.match(kinds(post(inbox, body, headers, "/hook?other=query")), /^rejected 403: this signature was used already/);
        // A signed empty GET (no query) replayed as an empty POST: the same signature, refused too.
        const empty = Buffer.alloc(0);
        const emptyHeaders = headersFor(empty, "application/x-www-form-urlencoded", String(NOW - 1));
        assert.equal(inbox.decide({ method: "GET", url: "/hook", headers: emptyHeaders, body: empty }).kind, "texml");
        assert.match(kinds(inbox.decide({ method: "POST", url: "/hook", headers: emptyHeaders, body: empty })), /^rejected 403: this signature was used already/);
      });

      it("drops a repeated event id (200, not emitted) and answers 503 when full of ids still protected", () => {
        const body = fixtureBytes("webhooks/call.hangup.json");
        const inbox = events({ seen: seenIds(1) });
        assert.equal(post(inbox, body, headersFor(body)).kind, "event");
        assert.match(kinds(post(inbox, body, headersFor(body))), /^ignored$/);
        const other = Buffer.from(body.toString().replace(/"id": ?"[^"]+"/, '"id": "another-event-id"'));
        assert.notDeepEqual(other, body);
        assert.match(kinds(post(inbox, other, headersFor(other))), /^rejected 503: too many deliveries within the signature window/);
      });

      it("refuses a TeXML POST that is not form-encoded with 415, after verifying it", () => {
        const body = fixtureBytes("webhooks/call.hangup.json");
        assert.match(kinds(post(texml(), body, headersFor(body))), /^rejected 415: expected an application\/x-www-form-urlencoded body, got application\/json/);
        assert.match(kinds(post(texml(), body, { "content-type": "application/json" })), /^rejected 403/);
      });
    });
  }

  describe("WebhookInbox replays past the bound", () => {
    it("refuses an early event replayed after 30,000 newer events (the store shrunk to 1,000 ids)", function () {
      this.timeout(120_000); // 30,000 real signatures made and checked
      const signer = makeSigner();
      const clock = { now: NOW * 1000 };
      const verifier = createSignatureVerifier(signer.publicKeyBase64, { engine: "native", now: () => clock.now });
      const inbox = new WebhookInbox({ mode: "events", verification: { kind: "verify", verifier }, seen: new SeenDigests({ capacity: 1_000, windowMs: 600_000, now: () => clock.now }) });
      const delivery = (id: string) => {
        const body = Buffer.from(JSON.stringify({ data: { event_type: "call.answered", id, payload: {} } }));
        const timestamp = String(Math.floor(clock.now / 1000));
        return { method: "POST", url: "/hook", headers: { "content-type": "application/json", "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signer.sign(timestamp, body) }, body };
      };
      const early = delivery("early-event");
      assert.equal(inbox.decide(early).kind, "event");
      const answers: Record<string, number> = {};
      for (let i = 0; i < 30_000; i++) {
        clock.now += 5; // 200 per second: all 30,000 within the 300 s tolerance of the early one
        const kind = kinds(inbox.decide(delivery(`newer-${i}`))).split(":")[0];
        answers[kind] = (answers[kind] ?? 0) + 1;
      }
      assert.deepEqual(answers, { event: 999, "rejected 503": 29_001 });
      assert.equal(inbox.decide(early).kind, "ignored", "the replay is dropped, not emitted again");
    });
  });

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
      const ids = new Set<string>();
      const shared: SeenStore = { checkAndRemember: async (id) => ids.has(id) || (ids.add(id), false) };
      const inbox = new WebhookInbox({ mode: "events", verification, shared });
      assert.deepEqual(await inbox.isNew("a"), { isNew: true });
      assert.deepEqual(await inbox.isNew("a"), { isNew: false });
      assert.deepEqual(await inbox.isNew("b"), { isNew: true });
      const none = new WebhookInbox({ mode: "events", verification });
      assert.deepEqual(await none.isNew("a"), { isNew: true });
      assert.deepEqual(await none.isNew("a"), { isNew: true });
    });

    it("counts an event as new when the store fails, and hands back the error", async () => {
      const broken: SeenStore = { checkAndRemember: () => Promise.reject(new Error("store down")) };
      const result = await new WebhookInbox({ mode: "events", verification, shared: broken }).isNew("a");
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

});
