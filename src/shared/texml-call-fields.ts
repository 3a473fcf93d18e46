// The optional fields of InitiateCallRequest (POST /texml/Accounts/{account_sid}/Calls) and the one check
// of each: the runtime applies it before sending, the editor to literal values. Names, enums and ranges
// come from the Telnyx OpenAPI spec; nothing here is invented. No node:* and no DOM.
import { HTTP_URL } from "./formats";

export type TexmlCallFieldSpec =
  | { type: "url" }
  | { type: "text"; pattern?: RegExp; hint?: string }
  | { type: "integer"; min?: number; max?: number }
  | { type: "boolean" }
  | { type: "enum"; values: readonly string[] }
  /** One or more words separated by spaces (event lists); only `values` when given. */
  | { type: "words"; values?: readonly string[] }
  /** CustomHeaders: an array of { name, value } strings. */
  | { type: "headers" };

const url = { type: "url" } as const;
const text = { type: "text" } as const;
const bool = { type: "boolean" } as const;
const method = { type: "enum", values: ["GET", "POST"] } as const;
const int = (min?: number, max?: number) => ({ type: "integer" as const, min, max });
const oneOf = (...values: string[]) => ({ type: "enum" as const, values });

export const TEXML_CALL_FIELDS = {
  // The node has a field of its own for these.
  Url: url,
  StatusCallback: url,
  StatusCallbackEvent: { type: "words" },
  MachineDetection: oneOf("Enable", "Disable", "DetectMessageEnd"),
  Record: bool,
  // The spec's CallerId is the caller's display name (SIP From display name), not a number.
  CallerId: { type: "text", pattern: /^[A-Za-z0-9 \-_~!.+]{1,128}$/, hint: "a display name of at most 128 letters, digits, spaces and -_~!.+" },
  Timeout: int(5, 120),
  TimeLimit: int(30, 14400),
  // The rest are set through Options.
  UrlMethod: method,
  FallbackUrl: url,
  StatusCallbackMethod: method,
  DetectionMode: oneOf("Premium", "Regular", "PremiumCallScreening"),
  MachineDetectionTimeout: int(500, 60000),
  MachineDetectionSpeechThreshold: int(),
  MachineDetectionSpeechEndThreshold: int(),
  MachineDetectionSilenceTimeout: int(),
  MachineDetectionPromptEndTimeout: int(1000, 120000),
  AsyncAmd: bool,
  AsyncAmdStatusCallback: url,
  AsyncAmdStatusCallbackMethod: method,
  CancelPlaybackOnMachineDetection: bool,
  CancelPlaybackOnDetectMessageEnd: bool,
  RecordingChannels: oneOf("mono", "dual"),
  RecordingStatusCallback: url,
  RecordingStatusCallbackEvent: { type: "words", values: ["in-progress", "completed", "absent"] },
  RecordingStatusCallbackMethod: method,
  RecordingTimeout: int(0),
  RecordingTrack: oneOf("inbound", "outbound", "both"),
  Trim: oneOf("trim-silence", "do-not-trim"),
  SendRecordingUrl: bool,
  SipAuthUsername: text,
  SipAuthPassword: text,
  SipRegion: oneOf("US", "Europe", "Canada", "Australia", "Middle East"),
  MediaEncryption: oneOf("disabled", "SRTP", "DTLS"),
  PreferredCodecs: text,
  CustomHeaders: { type: "headers" },
  DeepfakeDetection: oneOf("Enable"),
  DeepfakeDetectionCallbackUrl: url,
  DeepfakeDetectionCallbackMethod: method,
  SuperviseCallSid: text,
  SupervisingRole: oneOf("barge", "whisper", "monitor"),
} satisfies Record<string, TexmlCallFieldSpec>;

export type TexmlCallField = keyof typeof TEXML_CALL_FIELDS;

/** The fields the node has an editor field of its own for; the others go through its Options. */
export const OWN_TEXML_CALL_FIELDS: readonly TexmlCallField[] = [
  "Url", "StatusCallback", "StatusCallbackEvent", "MachineDetection", "Record", "CallerId", "Timeout", "TimeLimit",
];

export type TexmlCallFieldValue = string | number | boolean | Array<{ name: string; value: string }>;

/** The value as the API takes it, or what was expected instead. Unset values are the caller's business. */
export function checkTexmlCallField(name: TexmlCallField, value: unknown): { ok: TexmlCallFieldValue } | { expected: string } {
  const spec: TexmlCallFieldSpec = TEXML_CALL_FIELDS[name];
  const expected = { expected: describeTexmlCallField(spec) };
  const asText = typeof value === "string" ? value.trim() : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
  switch (spec.type) {
    case "url":
      return asText !== undefined && HTTP_URL.test(asText) ? { ok: asText } : expected;
    case "text":
      return asText !== undefined && asText !== "" && (!spec.pattern || spec.pattern.test(asText)) ? { ok: asText } : expected;
    case "integer": {
      const n = typeof value === "number" ? value : asText !== undefined && /^[+-]?\d+$/.test(asText) ? Number(asText) : NaN;
      const inRange = Number.isInteger(n) && (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
      return inRange ? { ok: n } : expected;
    }
    case "boolean":
      if (typeof value === "boolean") return { ok: value };
      return asText !== undefined && /^(true|false)$/i.test(asText) ? { ok: asText.toLowerCase() === "true" } : expected;
    case "enum": {
      const found = asText === undefined ? undefined : spec.values.find((v) => v.toLowerCase() === asText.toLowerCase());
      return found !== undefined ? { ok: found } : expected;
    }
    case "words": {
      const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(/\s+/).filter((w) => w !== "") : undefined;
      if (!list || list.length === 0 || !list.every((w) => typeof w === "string")) return expected;
      const words: string[] = [];
      for (const word of list as string[]) {
        const found = spec.values ? spec.values.find((v) => v.toLowerCase() === word.toLowerCase()) : /^[a-z][a-z-]*$/i.test(word) ? word : undefined;
        if (found === undefined) return expected;
        if (words.indexOf(found) < 0) words.push(found);
      }
      return { ok: words.join(" ") };
    }
    case "headers": {
      const isHeader = (h: unknown) =>
        h !== null && typeof h === "object" && typeof (h as { name?: unknown }).name === "string" && (h as { name: string }).name !== "" &&
        typeof (h as { value?: unknown }).value === "string" && Object.keys(h as object).every((k) => k === "name" || k === "value");
      return Array.isArray(value) && value.every(isHeader) ? { ok: value as Array<{ name: string; value: string }> } : expected;
    }
  }
}

/** What a field accepts, e.g. "an integer from 5 to 120". */
export function describeTexmlCallField(spec: TexmlCallFieldSpec): string {
  switch (spec.type) {
    case "url":
      return "an http(s) URL";
    case "text":
      return spec.hint ?? "non-empty text";
    case "integer":
      if (spec.min !== undefined && spec.max !== undefined) return `an integer from ${spec.min} to ${spec.max}`;
      return spec.min !== undefined ? `an integer of at least ${spec.min}` : "an integer";
    case "boolean":
      return "true or false";
    case "enum":
      return `one of ${spec.values.map((v) => `"${v}"`).join(", ")}`;
    case "words":
      return spec.values
        ? `one or more of ${spec.values.map((v) => `"${v}"`).join(", ")} separated by spaces`
        : "one or more event names separated by spaces";
    case "headers":
      return 'an array of { "name": "...", "value": "..." } strings';
  }
}
