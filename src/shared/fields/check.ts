// The one field language, part 2: checking a value against its declaration. `test` answers without
// throwing (the editor's validators); `check` throws the one input error, worded
// `<field>: expected <what>, got <value>` (with "did you mean" for a near miss).
import { TelnyxInputError, describeValue } from "../errors";
import { isUnset } from "../formats";
import type { Field } from "./declare";
import { describe, oneOfText } from "./describe";
import { FORMATS } from "./formats";

export type Checked =
  /** `value` is what to send; undefined means the field is not set (e.g. a blank string). */
  | { ok: true; value: unknown }
  /** `at` extends the field's name (".key", "[2]") when the problem is inside the value. */
  | { ok: false; expected: string; got?: string; at?: string; hint?: string };

const fail = (expected: string, extra: { got?: string; at?: string; hint?: string } = {}): Checked => ({ ok: false, expected, ...extra });

/** Checks a value that is set (not undefined, null or "") and returns what to send. */
export function test(field: Field, value: unknown): Checked {
  switch (field.kind) {
    case "string":
      return testString(field, value);
    case "integer":
    case "number":
      return testNumber(field, value);
    case "boolean":
      if (typeof value === "boolean") return { ok: true, value };
      if (typeof value === "string" && (value.trim() === "true" || value.trim() === "false")) return { ok: true, value: value.trim() === "true" };
      return fail(describe(field), { hint: typeof value === "string" ? didYouMean(value, ["true", "false"], false) : undefined });
    case "enum":
      return testEnum(field.values, value, () => describe(field));
    case "object":
      return testObject(value, field.keys, () => describe(field));
    case "headers":
      return testHeaders(field.names, value, () => describe(field));
    case "list":
      return testList(field, value);
    case "either": {
      const results = field.options.map((option) => test(option, value));
      // A problem inside the value (a list's third item) says more than "expected this or that".
      return results.find((r) => r.ok) ?? results.find((r) => !r.ok && (r.at ?? r.got) !== undefined) ?? fail(describe(field));
    }
    case "variant": {
      if (!isPlainObject(value)) return fail(describe(field));
      const tags = Object.keys(field.variants);
      const tag = testEnum(tags, value[field.tag], () => oneOfText(tags));
      if (!tag.ok) return { ...tag, at: `.${field.tag}`, got: describeValue(value[field.tag]) };
      const keys = [field.tag, ...field.variants[tag.value as string]];
      return testObject(value, keys, () => `a key ${String(tag.value)} settings take: ${keys.slice(1).join(", ") || "none besides " + field.tag}`);
    }
    case "base64":
      if (typeof value === "string") return { ok: true, value: value.trim() === "" ? undefined : encodeBase64(value) };
      if (isPlainObject(value) || Array.isArray(value)) return { ok: true, value: encodeBase64(JSON.stringify(value)) };
      return fail(describe(field));
  }
}

/**
 * The checked value of a field, or undefined when it is not set. Throws TelnyxInputError naming the
 * field (and where inside it) when the value does not fit.
 */
export function check(name: string, field: Field, value: unknown): unknown {
  if (isUnset(value)) return undefined;
  const result = test(field, value);
  if (result.ok) return result.value;
  throw inputError(name, result, value);
}

/** The one input error for a failed check. */
export function inputError(name: string, result: Extract<Checked, { ok: false }>, value: unknown): TelnyxInputError {
  const got = result.got ?? (result.at ? undefined : describeValue(value));
  const hint = result.hint ? ` (did you mean ${result.hint}?)` : "";
  return new TelnyxInputError(name + (result.at ?? ""), result.expected, got === undefined ? (hint ? hint.trim() : undefined) : got + hint);
}

function testString(field: Extract<Field, { kind: "string" }>, value: unknown): Checked {
  if (typeof value === "number" && Number.isFinite(value)) value = String(value);
  if (typeof value !== "string") return fail(describe(field));
  const text = field.keep ? value : value.trim();
  if (text.trim() === "") return { ok: true, value: undefined };
  const length = Array.from(text).length; // characters, not UTF-16 units
  if (field.max !== undefined && length > field.max) {
    return fail(`at most ${field.max.toLocaleString("en-US")} characters`, { got: `${length.toLocaleString("en-US")} characters` });
  }
  if (field.min !== undefined && length < field.min) return fail(`at least ${field.min} characters`);
  if (field.format && !FORMATS[field.format].test(text)) return fail(describe(field));
  if (field.pattern !== undefined && !new RegExp(field.pattern).test(text)) return fail(describe(field));
  return { ok: true, value: text };
}

function testNumber(field: Extract<Field, { kind: "integer" | "number" }>, value: unknown): Checked {
  const integer = field.kind === "integer";
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && (integer ? /^\s*[+-]?\d+\s*$/ : /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/).test(value)) n = Number(value);
  else n = Number.NaN;
  const fits =
    Number.isFinite(n) &&
    (!integer || Number.isInteger(n)) &&
    (field.min === undefined || n >= field.min) &&
    (field.max === undefined || n <= field.max);
  return fits ? { ok: true, value: n } : fail(describe(field));
}

/** `expected` words the failure, made only then: an enum's wording stringifies each of its values (hundreds, for some). */
function testEnum(values: readonly (string | number)[], value: unknown, expected: () => string): Checked {
  const numeric = values.length > 0 && values.every((v) => typeof v === "number");
  if (numeric) {
    const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    return values.includes(n as number) ? { ok: true, value: n } : fail(expected());
  }
  // Like strings, numbers and booleans count by their text (an attribute documented as "true" or "onEnter").
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") value = String(value);
  if (typeof value !== "string") return fail(expected());
  const given = value.trim();
  if (values.includes(given)) return { ok: true, value: given };
  return fail(expected(), { hint: didYouMean(given, values.map(String)) });
}

/**
 * The documented spelling a near miss was probably meant as: the same letters in another case or with
 * other separators ("us" for "US", "record_from_answer"), or one or two letters off in a longer word.
 */
export function didYouMean(given: string, values: readonly string[], quote = true): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, "");
  const near = values.filter((v) => squash(v) === squash(given));
  const candidates = near.length > 0 ? near : given.length >= 4 ? values.filter((v) => distance(v.toLowerCase(), given.toLowerCase()) <= 2) : [];
  if (candidates.length !== 1) return undefined;
  return quote ? JSON.stringify(candidates[0]) : candidates[0];
}

/** Levenshtein distance (short strings only: enum values and keys). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function testObject(value: unknown, keys: readonly string[] | undefined, expected: () => string): Checked {
  if (!isPlainObject(value)) return fail(expected());
  for (const key of keys ? Object.keys(value) : []) {
    if (!keys!.includes(key)) return fail(`one of the documented keys: ${keys!.join(", ")}`, { got: JSON.stringify(key), at: `.${key}`, hint: didYouMean(key, keys!) });
  }
  return { ok: true, value };
}

function testHeaders(names: readonly string[] | undefined, value: unknown, expected: () => string): Checked {
  const entries = isPlainObject(value) ? Object.entries(value).map(([name, v]) => ({ name, value: v })) : value;
  if (!Array.isArray(entries)) return fail(expected());
  if (entries.length === 0) return { ok: true, value: undefined };
  const out: Array<{ name: string; value: string }> = [];
  for (let i = 0; i < entries.length; i++) {
    const header: unknown = entries[i];
    if (!isPlainObject(header) || Object.keys(header).some((k) => k !== "name" && k !== "value")) {
      return fail('a header {"name": ..., "value": ...}', { at: `[${i}]` });
    }
    const { name } = header;
    const headerValue = typeof header.value === "number" ? String(header.value) : header.value;
    if (typeof name !== "string" || name.trim() === "") return fail("a header name", { at: `[${i}].name` });
    if (names && !names.includes(name)) return fail(oneOfText(names), { got: JSON.stringify(name), at: `[${i}].name`, hint: didYouMean(name, names) });
    if (typeof headerValue !== "string") return fail("a string", { at: `[${i}].value` });
    out.push({ name, value: headerValue });
  }
  return { ok: true, value: out };
}

function testList(field: Extract<Field, { kind: "list" }>, value: unknown): Checked {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === "string" && field.split) items = value.split(field.split === "words" ? /\s+/ : /[\s,]+/).filter((s) => s !== "");
  else {
    // One item given on its own stands for a list of one.
    const one = field.split ? fail(describe(field)) : test(field.of, value);
    return one.ok ? { ok: true, value: one.value === undefined ? undefined : [one.value] } : fail(describe(field));
  }
  if (items.length === 0) return field.min ? fail(describe(field), { got: "an empty list" }) : { ok: true, value: undefined };
  if (field.max !== undefined && items.length > field.max) return fail(`at most ${field.max} items`, { got: `${items.length}` });
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = isUnset(items[i]) ? fail(describe(field.of)) : test(field.of, items[i]);
    // Words are one value ("initiated ringing"): the error shows it whole; list items are named by place.
    if (!item.ok && field.split === "words") return fail(describe(field), { got: describeValue(value), hint: item.hint });
    if (!item.ok) return { ...item, at: `[${i}]${item.at ?? ""}`, got: item.got ?? describeValue(items[i]) };
    if (field.split !== "words" || !out.includes(item.value)) out.push(item.value);
  }
  return { ok: true, value: field.split === "words" ? out.join(" ") : out };
}

/** Base64 of the text's UTF-8 bytes (client_state must be base64), without node:* so editors can use it. */
function encodeBase64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
