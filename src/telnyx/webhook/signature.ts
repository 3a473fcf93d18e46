// Verification of Telnyx webhook signatures.
//
// Telnyx signs every webhook (JSON events and TeXML form posts alike) with Ed25519 over the
// UTF-8 bytes of `telnyx-timestamp + "|" + raw body`, and sends the base64 signature in
// `telnyx-signature-ed25519`. We verify the exact bytes received: re-serialised JSON differs in
// whitespace, key order or escapes, and would never match.
//
// Two Ed25519 engines give the same answers: node:crypto (about 50 times faster) and tweetnacl
// (pure JS, for runtimes whose OpenSSL has no Ed25519, e.g. some FIPS builds).

import { createPublicKey, verify as cryptoVerify, type KeyObject } from "node:crypto";
import nacl from "tweetnacl";
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from "../../shared/defaults";
import { decodeBase64Strict } from "../base64";

export const SIGNATURE_HEADER = "telnyx-signature-ed25519";
export const TIMESTAMP_HEADER = "telnyx-timestamp";

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

export type Ed25519Engine = "native" | "tweetnacl";
export type EngineChoice = Ed25519Engine | "auto";

/** Raw Ed25519 verification with one public key. */
export interface Ed25519Verifier {
  readonly engine: Ed25519Engine;
  /** True when `signature` (64 bytes) is a valid signature of `message`; false otherwise, never throws. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

// ---------------------------------------------------------------------------------------------
// Public key

// The small-order points of Ed25519, compared with the top (sign) bit cleared, as libsodium does.
// Under such a "key" forged signatures verify (for the identity point, one fixed signature
// matches every message), on both engines. A real Telnyx key is never one of these, but a
// placeholder such as "AAAA...A=" (all zero bytes) is, so we refuse them.
const SMALL_ORDER_KEYS = [
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0100000000000000000000000000000000000000000000000000000000000000",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];

/**
 * Decodes the webhook public key shown in the Telnyx portal (base64 of 32 bytes).
 * Surrounding whitespace is ignored (keys are pasted); anything else wrong throws an Error whose
 * message names the field and says what was expected.
 */
export function parsePublicKey(base64: string): Uint8Array {
  const text = typeof base64 === "string" ? base64.trim() : "";
  if (text === "") {
    throw new Error("publicKey: missing; expected the base64 Ed25519 public key from the Telnyx portal");
  }
  const bytes = decodeBase64Strict(text);
  if (!bytes) {
    throw new Error("publicKey: expected base64 of a 32-byte Ed25519 key, but the text is not valid base64");
  }
  if (bytes.length !== PUBLIC_KEY_BYTES) {
    throw new Error(`publicKey: expected base64 of a 32-byte Ed25519 key, got ${bytes.length} bytes`);
  }
  const masked = Buffer.from(bytes);
  masked[31] &= 0x7f;
  if (SMALL_ORDER_KEYS.includes(masked.toString("hex"))) {
    throw new Error("publicKey: not a usable Ed25519 key (a weak placeholder value); paste the key from the Telnyx portal");
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Engines

// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 raw key bytes follow it.
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

function nativeVerifier(publicKey: Uint8Array): Ed25519Verifier {
  // Built once per key: importing the key on every call would halve the throughput.
  const key: KeyObject = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]),
    format: "der",
    type: "spki",
  });
  return {
    engine: "native",
    verify(message, signature) {
      try {
        return cryptoVerify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

function tweetnaclVerifier(publicKey: Uint8Array): Ed25519Verifier {
  const key = Uint8Array.from(publicKey);
  return {
    engine: "tweetnacl",
    verify(message, signature) {
      // tweetnacl throws on wrong sizes; a wrong size is simply "not valid" here.
      if (signature.length !== SIGNATURE_BYTES) return false;
      return nacl.sign.detached.verify(message, signature, key);
    },
  };
}

// RFC 8032 section 7.1 TEST 2: a known key, message and signature to probe the runtime with.
const PROBE = {
  publicKey: Buffer.from("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "hex"),
  message: Buffer.from("72", "hex"),
  signature: Buffer.from(
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da" +
      "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    "hex",
  ),
};

let nativeSupported: boolean | undefined;

/** Whether node:crypto verifies Ed25519 correctly on this runtime (probed once, then cached). */
export function isNativeEd25519Supported(): boolean {
  if (nativeSupported === undefined) {
    try {
      const probe = nativeVerifier(PROBE.publicKey);
      // It must accept the RFC vector and reject the same signature over another message.
      nativeSupported = probe.verify(PROBE.message, PROBE.signature) && !probe.verify(Buffer.from("73", "hex"), PROBE.signature);
    } catch {
      nativeSupported = false;
    }
  }
  return nativeSupported;
}

/** Creates a raw Ed25519 verifier for a 32-byte public key. "auto" picks native when the runtime supports it. */
export function createEd25519Verifier(publicKey: Uint8Array, engine: EngineChoice = "auto"): Ed25519Verifier {
  if (publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new Error(`publicKey: expected a 32-byte Ed25519 key, got ${publicKey.length} bytes`);
  }
  switch (engine) {
    case "auto":
      return isNativeEd25519Supported() ? nativeVerifier(publicKey) : tweetnaclVerifier(publicKey);
    case "native":
      if (!isNativeEd25519Supported()) {
        throw new Error('engine: node:crypto has no working Ed25519 on this runtime; use "tweetnacl" or "auto"');
      }
      return nativeVerifier(publicKey);
    case "tweetnacl":
      return tweetnaclVerifier(publicKey);
    default:
      throw new Error(`engine: expected "auto", "native" or "tweetnacl", got ${JSON.stringify(engine)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Webhook verification

/** Request headers as node's IncomingMessage.headers gives them (or any plain object; names in any case). */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

export interface SignatureVerifierOptions {
  /** Default "auto": node:crypto where it supports Ed25519, else tweetnacl. */
  engine?: EngineChoice;
  /** How far `telnyx-timestamp` may be from now, past or future. Default DEFAULT_SIGNATURE_TOLERANCE_SECONDS. */
  toleranceSeconds?: number;
  /** Clock in milliseconds since the epoch, like Date.now (the default). */
  now?: () => number;
}

export interface SignatureVerifier {
  readonly engine: Ed25519Engine;
  readonly toleranceSeconds: number;
  /** Checks one delivery. `rawBody` must be the bytes exactly as received. Never throws. */
  verify(headers: WebhookHeaders, rawBody: Uint8Array): VerifyResult;
}

/**
 * Creates a verifier for webhooks signed with the account's public key (base64, as shown in the
 * Telnyx portal). Throws at creation for a bad key or option, so a misconfiguration shows up at
 * deploy time rather than as rejected deliveries.
 */
export function createSignatureVerifier(publicKeyBase64: string, options: SignatureVerifierOptions = {}): SignatureVerifier {
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (typeof toleranceSeconds !== "number" || !Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError(`toleranceSeconds: expected a number of seconds >= 0, got ${String(toleranceSeconds)}`);
  }
  const now = options.now ?? Date.now;
  const ed25519 = createEd25519Verifier(parsePublicKey(publicKeyBase64), options.engine ?? "auto");

  function verify(headers: WebhookHeaders, rawBody: Uint8Array): VerifyResult {
    if (!(rawBody instanceof Uint8Array)) {
      return fail("the raw body is not a Buffer (verification needs the exact bytes received)");
    }

    const signatureHeader = readHeader(headers, SIGNATURE_HEADER);
    if (typeof signatureHeader !== "string") return fail(signatureHeader.problem);
    const timestampHeader = readHeader(headers, TIMESTAMP_HEADER);
    if (typeof timestampHeader !== "string") return fail(timestampHeader.problem);

    // parseInt("17e8") is 17 and Number(" 1700000000") is 1700000000: only plain digits are a timestamp.
    const timestamp = Number(timestampHeader);
    if (!/^\d+$/.test(timestampHeader) || !Number.isSafeInteger(timestamp)) {
      return fail(`${TIMESTAMP_HEADER} is not a Unix time in seconds: ${quote(timestampHeader)}`);
    }
    const signature = decodeBase64Strict(signatureHeader);
    if (!signature) return fail(`${SIGNATURE_HEADER} is not valid base64`);
    if (signature.length !== SIGNATURE_BYTES) {
      return fail(`signature is not 64 bytes (got ${signature.length})`);
    }

    const age = Math.floor(now() / 1000) - timestamp;
    // Written as !(<=) so that a broken clock (NaN) fails closed.
    if (!(Math.abs(age) <= toleranceSeconds)) {
      const when = age > 0 ? `${age} s in the past` : `${-age} s in the future`;
      return fail(`timestamp is ${when}, outside the ${toleranceSeconds} s tolerance (replayed, or a clock is wrong)`);
    }

    // The header text itself is signed, so use it as received rather than String(timestamp).
    const message = Buffer.concat([Buffer.from(`${timestampHeader}|`, "utf8"), rawBody]);
    if (!ed25519.verify(message, signature)) {
      return fail("signature does not match (wrong public key, or the body or timestamp was changed)");
    }
    return { ok: true, timestamp };
  }

  return { engine: ed25519.engine, toleranceSeconds, verify };
}

function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

/**
 * Finds a header by name in any letter case. An array value (or the same name in two cases) is
 * fine when every value is the same; differing values are refused rather than guessed between.
 */
/**
 * A header by lower-case name, matched case-insensitively; repeats must agree (one value or the same
 * value again), else it is a problem rather than a guess.
 */
export function readHeader(headers: WebhookHeaders, name: string): string | { problem: string } {
  const values = new Set<string>();
  if (headers !== null && typeof headers === "object") {
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() !== name) continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === "string" && item !== "") values.add(item);
      }
    }
  }
  if (values.size === 0) return { problem: `missing ${name} header` };
  if (values.size > 1) return { problem: `${values.size} different ${name} headers` };
  return values.values().next().value as string;
}

/** Quotes untrusted header text for a reason string, cut short so it cannot flood a log. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}
