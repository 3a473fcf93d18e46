import { strict as assert } from "node:assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  createEd25519Verifier,
  createSignatureVerifier,
  isNativeEd25519Supported,
  parsePublicKey,
  type Ed25519Engine,
  type VerifyResult,
  type WebhookHeaders,
} from "../../../src/telnyx/webhook/signature";
import { clockAt, fixtureBytes, fixtureFiles, fixtureJson, makeSigner, type TestSigner } from "../../support/fixtures";

interface SignatureVector {
  id: string;
  public_key_base64: string;
  headers: { "telnyx-timestamp": string; "telnyx-signature-ed25519": string };
  raw_body: string;
  raw_body_base64: string;
  expected_valid_signature: boolean;
}

interface RfcVector {
  name: string;
  public_key_base64: string;
  public_key_hex: string;
  message_hex: string;
  signature_hex: string;
}

const vectors = fixtureJson<{ vectors: SignatureVector[] }>("signature-vectors.json").vectors;
const rfcVectors = fixtureJson<RfcVector[]>("ed25519-rfc8032.json");
const ENGINES: Ed25519Engine[] = ["native", "tweetnacl"];

// The reason each invalid fixture vector must fail with: the right check has to catch it.
const EXPECTED_REASON: Record<string, RegExp> = {
  "invalid-tampered-body": /signature does not match/,
  "invalid-reparsed-json": /signature does not match/,
  "invalid-wrong-timestamp-header": /signature does not match/,
  "invalid-wrong-public-key": /signature does not match/,
  "invalid-signature-flipped-bit": /signature does not match/,
  "invalid-signature-not-64-bytes": /signature is not 64 bytes \(got 63\)/,
  "invalid-signature-not-base64": /telnyx-signature-ed25519 is not valid base64/,
};

function assertOk(result: VerifyResult, timestamp?: number): void {
  assert.ok(result.ok, `expected ok, got: ${result.ok ? "" : result.reason}`);
  if (timestamp !== undefined) assert.equal(result.timestamp, timestamp);
}

function assertRejected(result: VerifyResult, reason: RegExp): void {
  assert.equal(result.ok, false, "expected the delivery to be rejected");
  if (!result.ok) assert.match(result.reason, reason);
}

describe("telnyx/webhook/signature", () => {
  describe("parsePublicKey", () => {
    const signer = fixtureJson<{ signer: { public_key_base64: string; public_key_hex: string } }>("signature-vectors.json").signer;

    it("decodes the portal's base64 key to its 32 bytes", () => {
      const key = parsePublicKey(signer.public_key_base64);
      assert.equal(Buffer.from(key).toString("hex"), signer.public_key_hex);
    });

    it("ignores whitespace around a pasted key", () => {
      const key = parsePublicKey(`  ${signer.public_key_base64}\n`);
      assert.equal(Buffer.from(key).toString("hex"), signer.public_key_hex);
    });

    it("rejects 31 and 33 bytes, naming the field and the length", () => {
      for (const length of [31, 33]) {
        const text = Buffer.alloc(length, 7).toString("base64");
        assert.throws(() => parsePublicKey(text), {
          message: `publicKey: expected base64 of a 32-byte Ed25519 key, got ${length} bytes`,
        });
      }
    });

    it("rejects text that is not canonical base64 instead of decoding what it can", () => {
      const good = signer.public_key_base64;
      const cases = [
        "not a key at all",
        `${good.slice(0, 10)}!${good.slice(10)}`, // Buffer.from would skip the "!" and give 32 bytes
        good.replace(/=$/, ""), // padding removed
        Buffer.from(signer.public_key_hex, "hex").toString("base64url"), // base64url alphabet
        Buffer.from(signer.public_key_hex, "hex").toString("hex"), // hex is not base64 of 32 bytes either
      ];
      for (const text of cases) {
        assert.throws(() => parsePublicKey(text), /^Error: publicKey: expected base64 of a 32-byte Ed25519 key/, text);
      }
      // The stray-character case really would slip through a lenient decoder.
      assert.equal(Buffer.from(cases[1], "base64").length, 32);
    });

    it("rejects an empty or missing key", () => {
      for (const text of ["", "   ", undefined as unknown as string]) {
        assert.throws(() => parsePublicKey(text), /^Error: publicKey: missing/);
      }
    });

    it("rejects small-order keys, under which forged signatures verify on both engines", () => {
      const identity = Buffer.from(`01${"00".repeat(31)}`, "hex");
      const forged = Buffer.concat([identity, Buffer.alloc(32)]);
      for (const engine of ENGINES) {
        // Why the check exists: one fixed signature "matches" any message under this key.
        const raw = createEd25519Verifier(identity, engine);
        assert.equal(raw.verify(Buffer.from('1700000000|{"forged":true}'), forged), true, engine);
      }
      const placeholders = [
        Buffer.alloc(32).toString("base64"), // "AAAA...A=": all zero bytes
        identity.toString("base64"),
        Buffer.from(`ee${"ff".repeat(30)}ff`, "hex").toString("base64"), // non-canonical 1 with the sign bit set
      ];
      for (const text of placeholders) {
        assert.throws(() => parsePublicKey(text), /publicKey: not a usable Ed25519 key/, text);
        assert.throws(() => createSignatureVerifier(text), /publicKey: not a usable Ed25519 key/, text);
      }
    });
  });

  describe("engine selection", () => {
    const key = fixtureJson<{ signer: { public_key_base64: string } }>("signature-vectors.json").signer.public_key_base64;

    it("finds native Ed25519 on this runtime and picks it by default", () => {
      assert.equal(isNativeEd25519Supported(), true);
      assert.equal(createSignatureVerifier(key).engine, "native");
      assert.equal(createSignatureVerifier(key, { engine: "auto" }).engine, "native");
      assert.equal(createEd25519Verifier(parsePublicKey(key)).engine, "native");
    });

    it("uses tweetnacl or native when asked", () => {
      assert.equal(createSignatureVerifier(key, { engine: "tweetnacl" }).engine, "tweetnacl");
      assert.equal(createSignatureVerifier(key, { engine: "native" }).engine, "native");
    });

    it("refuses an unknown engine or a raw key of the wrong size", () => {
      assert.throws(() => createSignatureVerifier(key, { engine: "openssl" as Ed25519Engine }), /engine: expected "auto", "native" or "tweetnacl"/);
      assert.throws(() => createEd25519Verifier(new Uint8Array(31), "tweetnacl"), /got 31 bytes/);
    });

    it("refuses a tolerance that is negative or not a number", () => {
      for (const toleranceSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        assert.throws(() => createSignatureVerifier(key, { toleranceSeconds }), RangeError);
      }
    });
  });

  for (const engine of ENGINES) {
    describe(`RFC 8032 vectors through the raw ${engine} verifier`, () => {
      for (const vector of rfcVectors) {
        it(vector.name, () => {
          const verifier = createEd25519Verifier(parsePublicKey(vector.public_key_base64), engine);
          assert.equal(verifier.engine, engine);
          const message = Buffer.from(vector.message_hex, "hex");
          const signature = Buffer.from(vector.signature_hex, "hex");
          assert.equal(verifier.verify(message, signature), true);

          // One more byte of message, one flipped bit of signature, wrong lengths: all false, no throw.
          assert.equal(verifier.verify(Buffer.concat([message, Buffer.from([0])]), signature), false);
          const flipped = Buffer.from(signature);
          flipped[10] ^= 0x01;
          assert.equal(verifier.verify(message, flipped), false);
          assert.equal(verifier.verify(message, signature.subarray(0, 63)), false);
          assert.equal(verifier.verify(message, Buffer.concat([signature, Buffer.from([0])])), false);
        });
      }
    });

    describe(`Telnyx-format fixture vectors (${engine})`, () => {
      for (const vector of vectors) {
        it(`${vector.id}: ${vector.expected_valid_signature ? "accepted" : "rejected"}`, () => {
          const body = Buffer.from(vector.raw_body_base64, "base64");
          assert.ok(body.equals(Buffer.from(vector.raw_body, "utf8")), "raw_body and raw_body_base64 disagree");
          const timestamp = Number(vector.headers["telnyx-timestamp"]);
          const verifier = createSignatureVerifier(vector.public_key_base64, { engine, now: clockAt(timestamp) });
          const result = verifier.verify(vector.headers, body);
          if (vector.expected_valid_signature) {
            assertOk(result, timestamp);
          } else {
            const reason = EXPECTED_REASON[vector.id];
            assert.ok(reason, `no expected reason written down for ${vector.id}`);
            assertRejected(result, reason);
          }
        });
      }
    });

    describe(`deliveries signed in the test (${engine})`, () => {
      const NOW = 1_750_000_000;
      const TS = String(NOW);
      let signer: TestSigner;
      let verify: (headers: WebhookHeaders, body: Buffer) => VerifyResult;
      const body = fixtureBytes("webhooks/call.initiated.json");

      function headersFor(timestamp: string, signature: string): Record<string, string> {
        return { "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signature, "content-type": "application/json" };
      }

      before(() => {
        signer = makeSigner();
        const verifier = createSignatureVerifier(signer.publicKeyBase64, { engine, now: clockAt(NOW) });
        assert.equal(verifier.engine, engine);
        verify = (headers, raw) => verifier.verify(headers, raw);
      });

      for (const file of [...fixtureFiles("webhooks", ".json"), ...fixtureFiles("sdk-test-payloads", ".json")]) {
        if (file.endsWith("headers.example.json")) continue;
        it(`accepts ${file} as received, and rejects it compact or re-indented`, () => {
          const raw = fixtureBytes(file);
          assertOk(verify(headersFor(TS, signer.sign(TS, raw)), raw), NOW);

          // Same JSON value, different bytes: the signature covers bytes, not meaning.
          const value: unknown = JSON.parse(raw.toString("utf8"));
          const compact = Buffer.from(JSON.stringify(value), "utf8");
          const reindented = Buffer.from(JSON.stringify(value, null, 4), "utf8");
          assert.notDeepEqual(compact, raw);
          assertRejected(verify(headersFor(TS, signer.sign(TS, raw)), compact), /signature does not match/);
          assertRejected(verify(headersFor(TS, signer.sign(TS, raw)), reindented), /signature does not match/);
          // ...and the other way round: signed compact, received pretty.
          assertOk(verify(headersFor(TS, signer.sign(TS, compact)), compact));
          assertRejected(verify(headersFor(TS, signer.sign(TS, compact)), raw), /signature does not match/);
        });
      }

      for (const file of fixtureFiles("texml-callbacks", ".form.txt")) {
        it(`accepts the TeXML form body ${file}`, () => {
          const raw = Buffer.from(fixtureBytes(file).toString("utf8").replace(/\n$/, ""), "utf8");
          assertOk(verify(headersFor(TS, signer.sign(TS, raw)), raw), NOW);
          const tampered = Buffer.from(raw.toString("utf8").replace("From=", "From=1"), "utf8");
          assertRejected(verify(headersFor(TS, signer.sign(TS, raw)), tampered), /signature does not match/);
        });
      }

      it("rejects a tampered body: one changed byte, or one added newline", () => {
        const signature = signer.sign(TS, body);
        const changed = Buffer.from(body);
        changed[changed.indexOf("+35319605860")] = "-".charCodeAt(0);
        assertRejected(verify(headersFor(TS, signature), changed), /signature does not match/);
        assertRejected(verify(headersFor(TS, signature), Buffer.concat([body, Buffer.from("\n")])), /signature does not match/);
        assertOk(verify(headersFor(TS, signature), body));
      });

      it("rejects a signature made with another key", () => {
        const other = makeSigner();
        assertRejected(verify(headersFor(TS, other.sign(TS, body)), body), /signature does not match/);
      });

      it("rejects a valid signature moved to another timestamp", () => {
        const signature = signer.sign(TS, body);
        assertRejected(verify(headersFor(String(NOW + 1), signature), body), /signature does not match/);
      });

      it("accepts exactly 300 s either side and rejects 301 s, past and future", () => {
        for (const offset of [-300, 300, -1, 1, 0]) {
          const ts = String(NOW + offset);
          assertOk(verify(headersFor(ts, signer.sign(ts, body)), body), NOW + offset);
        }
        const stale = String(NOW - 301);
        assertRejected(verify(headersFor(stale, signer.sign(stale, body)), body), /^timestamp is 301 s in the past, outside the 300 s tolerance/);
        const future = String(NOW + 301);
        assertRejected(verify(headersFor(future, signer.sign(future, body)), body), /^timestamp is 301 s in the future, outside the 300 s tolerance/);
      });

      it("honours a custom tolerance and a clock that moves", () => {
        let nowMs = NOW * 1000;
        const verifier = createSignatureVerifier(signer.publicKeyBase64, { engine, toleranceSeconds: 10, now: () => nowMs });
        const headers = headersFor(TS, signer.sign(TS, body));
        assertOk(verifier.verify(headers, body));
        nowMs += 10_999; // 10.999 s later still counts as 10 whole seconds
        assertOk(verifier.verify(headers, body));
        nowMs += 1;
        assertRejected(verifier.verify(headers, body), /11 s in the past, outside the 10 s tolerance/);
      });

      it("fails closed when the clock is broken", () => {
        const verifier = createSignatureVerifier(signer.publicKeyBase64, { engine, now: () => Number.NaN });
        assertRejected(verifier.verify(headersFor(TS, signer.sign(TS, body)), body), /outside the 300 s tolerance/);
      });

      it("rejects missing headers by name", () => {
        const signature = signer.sign(TS, body);
        assertRejected(verify({ "telnyx-timestamp": TS }, body), /^missing telnyx-signature-ed25519 header$/);
        assertRejected(verify({ "telnyx-signature-ed25519": signature }, body), /^missing telnyx-timestamp header$/);
        assertRejected(verify({ "telnyx-timestamp": TS, "telnyx-signature-ed25519": "" }, body), /^missing telnyx-signature-ed25519 header$/);
        assertRejected(verify({ "telnyx-timestamp": undefined, "telnyx-signature-ed25519": signature }, body), /^missing telnyx-timestamp header$/);
        assertRejected(verify({ "telnyx-timestamp": [], "telnyx-signature-ed25519": signature }, body), /^missing telnyx-timestamp header$/);
        assertRejected(verify({}, body), /^missing telnyx-signature-ed25519 header$/);
      });

      it("rejects timestamps that are not plain digits, even when correctly signed", () => {
        // Each is signed over its own text and the clock is set to what a lax parser would read,
        // so only the digits-only rule can reject them.
        const cases: Array<[string, number]> = [
          ["17e8", 17e8],
          [" 1700000000", 1_700_000_000],
          ["1700000000 ", 1_700_000_000],
          ["-5", -5],
          ["+1700000000", 1_700_000_000],
          ["1700000000.0", 1_700_000_000],
          ["0x6553F100", 0x6553f100],
          ["1,700,000,000", 1],
        ];
        for (const [ts, laxValue] of cases) {
          const verifier = createSignatureVerifier(signer.publicKeyBase64, { engine, now: clockAt(laxValue) });
          const result = verifier.verify(headersFor(ts, signer.sign(ts, body)), body);
          assertRejected(result, /^telnyx-timestamp is not a Unix time in seconds: /);
        }
      });

      it("accepts leading zeros, since the signed text is the header as sent", () => {
        const ts = `00${TS}`;
        assertOk(verify(headersFor(ts, signer.sign(ts, body)), body), NOW);
      });

      it("rejects 63- and 65-byte signatures and non-base64 signatures", () => {
        const signature = Buffer.from(signer.sign(TS, body), "base64");
        const short = signature.subarray(0, 63).toString("base64");
        const long = Buffer.concat([signature, Buffer.from([0])]).toString("base64");
        assertRejected(verify(headersFor(TS, short), body), /^signature is not 64 bytes \(got 63\)$/);
        assertRejected(verify(headersFor(TS, long), body), /^signature is not 64 bytes \(got 65\)$/);

        const text = signature.toString("base64");
        const notBase64 = ["invalid_signature", `${text.slice(0, 20)}*${text.slice(20)}`, text.replace(/=+$/, ""), signature.toString("base64url")];
        for (const bad of notBase64) {
          assertRejected(verify(headersFor(TS, bad), body), /^telnyx-signature-ed25519 is not valid base64$/);
        }
        // Hex happens to be in the base64 alphabet, so it decodes, to the wrong length.
        assertRejected(verify(headersFor(TS, signature.toString("hex")), body), /^signature is not 64 bytes \(got 96\)$/);
        // A lenient decoder would have recovered the real signature from the "*" case.
        assert.ok(Buffer.from(notBase64[1], "base64").equals(signature));
      });

      it("finds headers in any letter case", () => {
        const signature = signer.sign(TS, body);
        assertOk(verify({ "Telnyx-Signature-Ed25519": signature, "TELNYX-TIMESTAMP": TS }, body), NOW);
        assertOk(verify({ "telnyx-SIGNATURE-ed25519": signature, "Telnyx-Timestamp": TS }, body), NOW);
      });

      it("handles array-valued headers: one value or repeats of it are fine, differing values are refused", () => {
        const signature = signer.sign(TS, body);
        const other = makeSigner().sign(TS, body);
        assertOk(verify({ "telnyx-signature-ed25519": [signature], "telnyx-timestamp": [TS] }, body), NOW);
        assertOk(verify({ "telnyx-signature-ed25519": [signature, signature], "telnyx-timestamp": TS }, body), NOW);
        assertRejected(verify({ "telnyx-signature-ed25519": [other, signature], "telnyx-timestamp": TS }, body), /^2 different telnyx-signature-ed25519 headers$/);
        assertRejected(verify({ "telnyx-signature-ed25519": signature, "Telnyx-Signature-Ed25519": other, "telnyx-timestamp": TS }, body), /^2 different telnyx-signature-ed25519 headers$/);
        assertRejected(verify({ "telnyx-signature-ed25519": signature, "telnyx-timestamp": [TS, String(NOW - 1)] }, body), /^2 different telnyx-timestamp headers$/);
      });

      it("accepts a plain Uint8Array body and refuses anything that is not bytes, without throwing", () => {
        const headers = headersFor(TS, signer.sign(TS, body));
        assertOk(verify(headers, new Uint8Array(body) as Buffer));
        for (const notBytes of [body.toString("utf8"), JSON.parse(body.toString("utf8")) as unknown, undefined, null]) {
          assertRejected(verify(headers, notBytes as Buffer), /raw body is not a Buffer/);
        }
      });

      it("never throws on junk headers", () => {
        const junk: unknown[] = [null, undefined, "telnyx-timestamp", 42, { "telnyx-timestamp": 1, "telnyx-signature-ed25519": {} }];
        for (const headers of junk) {
          const result = verify(headers as WebhookHeaders, body);
          assertRejected(result, /^missing telnyx-/);
        }
        // Digits, but too many to be a time: refused, and the reason quotes only the start of it.
        const longTs = "9".repeat(400);
        const result = verify(headersFor(longTs, signer.sign(longTs, body)), body);
        assertRejected(result, /^telnyx-timestamp is not a Unix time in seconds: "9{40}\.\.\."$/);
        const garbage = verify(headersFor(`${TS}x${"y".repeat(100)}`, signer.sign(TS, body)), body);
        assertRejected(garbage, /^telnyx-timestamp is not a Unix time in seconds: "1750000000xy{29}\.\.\."$/);
      });
    });
  }

  describe("with a real HTTP request", () => {
    it("verifies IncomingMessage.headers and the bytes read from the socket", async () => {
      const signer = makeSigner();
      const verifier = createSignatureVerifier(signer.publicKeyBase64);
      const body = fixtureBytes("sdk-test-payloads/message.received.special-chars.json");
      const ts = String(Math.floor(Date.now() / 1000));
      const results: VerifyResult[] = [];

      const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          results.push(verifier.verify(req.headers, Buffer.concat(chunks)));
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const send = (signature: string): Promise<void> =>
          new Promise((resolve, reject) => {
            const req = http.request(
              {
                host: "127.0.0.1",
                port,
                method: "POST",
                path: "/telnyx",
                // Mixed case on the wire; node lower-cases the names.
                headers: { "Telnyx-Signature-Ed25519": signature, "Telnyx-Timestamp": ts, "Content-Type": "application/json" },
              },
              (res) => {
                res.resume();
                res.on("end", resolve);
              },
            );
            req.on("error", reject);
            // Send the body in two pieces, split inside a multi-byte character.
            const split = body.indexOf(Buffer.from("中", "utf8")) + 1;
            req.write(body.subarray(0, split));
            req.end(body.subarray(split));
          });
        await send(signer.sign(ts, body));
        await send(makeSigner().sign(ts, body));
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      assert.equal(results.length, 2);
      assertOk(results[0], Number(ts));
      assertRejected(results[1], /signature does not match/);
    });
  });
});
