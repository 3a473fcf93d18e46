// client_state: an opaque string Telnyx attaches to every later webhook of a call. The API requires
// it to be base64, so we encode text (objects as JSON) on the way out and decode it on the way in.

import { TextDecoder } from "node:util";
import { isUnset } from "../shared/formats";
import { decodeBase64Strict } from "./base64";

// fatal: bytes that are not UTF-8 mean the value was not text we (or anyone) encoded.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Base64 of the text, or of the object's JSON. */
export function encodeClientState(value: string | object): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return Buffer.from(text, "utf8").toString("base64");
}

/**
 * Reverses encodeClientState. Returns:
 * - undefined for undefined, null or "";
 * - the parsed value when the decoded text is a JSON object or array;
 * - otherwise the decoded text (so "42" or "true" stay strings, as they were sent);
 * - the input unchanged when it is not base64 of UTF-8 text (someone else's format).
 */
export function decodeClientState(value: string | null | undefined): unknown {
  if (isUnset(value)) return undefined;
  if (typeof value !== "string") return value;

  const bytes = decodeBase64Strict(value);
  if (!bytes) return value;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return value;
  }

  const start = text.trimStart()[0];
  if (start === "{" || start === "[") {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Text that merely starts with a brace.
    }
  }
  return text;
}
