// Parsing inbound webhook bodies: JSON events, TeXML form/query requests, and the event-type filter.
// The raw bytes are verified (./signature) before anything here reads them.

import { TextDecoder } from "node:util";

/** `data` of a Call Control / Messaging event. Only event_type and id are checked; the rest is as sent. */
export interface TelnyxEventData {
  event_type: string;
  id: string;
  record_type?: string;
  occurred_at?: string;
  payload?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Delivery details Telnyx adds to some events (attempt may be a number or a string). */
export interface TelnyxEventMeta {
  attempt?: number | string;
  delivered_to?: string;
  [key: string]: unknown;
}

export interface TelnyxEvent {
  data: TelnyxEventData;
  meta?: TelnyxEventMeta;
  [key: string]: unknown;
}

export type ParseEventResult = { ok: true; event: TelnyxEvent } | { ok: false; reason: string };

// fatal: a body that is not UTF-8 is reported, not silently patched with U+FFFD.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a JSON event body (the raw bytes). Never throws: failures come back with a reason. */
export function parseEvent(rawBody: Uint8Array): ParseEventResult {
  let text: string;
  try {
    text = utf8.decode(rawBody);
  } catch {
    return { ok: false, reason: "body is not UTF-8 text" };
  }
  if (text.trim() === "") return { ok: false, reason: "body is empty" };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `body is not valid JSON: ${(err as Error).message}` };
  }

  if (!isObject(parsed)) return { ok: false, reason: "body is not a JSON object" };
  const data = parsed.data;
  if (!isObject(data)) return { ok: false, reason: "body has no data object" };
  for (const field of ["event_type", "id"] as const) {
    if (typeof data[field] !== "string" || data[field] === "") {
      return { ok: false, reason: `body is missing data.${field}` };
    }
  }
  if (data.payload !== undefined && !isObject(data.payload)) {
    return { ok: false, reason: "data.payload is not an object" };
  }
  return { ok: true, event: parsed as TelnyxEvent };
}

/**
 * Fields of a form body or query string. A name sent once maps to a string; a name sent more than
 * once maps to an array of its values in order (the same shape Node-RED's http-in node gives).
 */
export type FormFields = Record<string, string | string[]>;

/**
 * Parses an application/x-www-form-urlencoded body (TeXML callbacks and instruction requests).
 * Accepts the raw bytes or a string; a leading "?" is ignored, so a query string works too.
 */
export function parseForm(body: Uint8Array | string): FormFields {
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  const fields = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(text)) {
    const earlier = fields.get(name);
    if (earlier === undefined) fields.set(name, value);
    else if (Array.isArray(earlier)) earlier.push(value);
    else fields.set(name, [earlier, value]);
  }
  // fromEntries defines own properties, so a field named "__proto__" stays an ordinary field.
  return Object.fromEntries(fields);
}

/** Parses the query string of a request URL such as "/texml?CallSid=...&From=..."; {} when it has none. */
export function parseQuery(url: string): FormFields {
  const start = url.indexOf("?");
  if (start < 0) return {};
  const end = url.indexOf("#", start);
  return parseForm(url.slice(start + 1, end < 0 ? undefined : end));
}

/**
 * Compiles event-type patterns such as ["call.*", "message.received"] into a predicate.
 * `*` matches any run of characters (including dots); matching ignores letter case. A string is
 * split at commas and whitespace. No patterns means every event passes.
 */
export function compileEventFilter(patterns: string | readonly string[] | undefined): (eventType: string) => boolean {
  const list = (typeof patterns === "string" ? patterns.split(/[\s,]+/) : patterns ?? [])
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== "");
  if (list.length === 0) return () => true;

  const alternatives = list.map((pattern) => pattern.split("*").map(escapeRegExp).join(".*"));
  const regex = new RegExp(`^(?:${alternatives.join("|")})$`, "i");
  return (eventType) => regex.test(eventType);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
