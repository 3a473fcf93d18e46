// Reading a node's number settings (timeouts, limits) against their ranges in ./defaults: the editor's
// validators and the runtime use these same checks, so a value the dialog refuses is refused at run time
// too (a flow imported or edited by hand never reaches the dialog).
import {
  API_MAX_ITEMS_RANGE,
  BODY_TIMEOUT_SECONDS_RANGE,
  DEDUPE_MINUTES_RANGE,
  DEFAULT_API_MAX_ITEMS,
  DEFAULT_BODY_TIMEOUT_SECONDS,
  DEFAULT_DEDUPE_MINUTES,
  DEFAULT_MAX_ANSWER_MB,
  DEFAULT_MAX_BODY_KB,
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_MAX_SEEN_IDS,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  DEFAULT_TEXML_ANSWER_TIMEOUT_SECONDS,
  MAX_ANSWER_MB_RANGE,
  MAX_BODY_KB_RANGE,
  MAX_CONCURRENT_RANGE,
  MAX_SEEN_IDS_RANGE,
  REQUEST_TIMEOUT_SECONDS_RANGE,
  SIGNATURE_TOLERANCE_SECONDS_RANGE,
  TEXML_ANSWER_TIMEOUT_SECONDS_RANGE,
  type NumberRange,
} from "./defaults";
import { describeValue } from "./errors";
import { isUnset } from "./formats";

/** "a number from 1 to 120 (seconds)", "a whole number of at least 1", "a number greater than 0 (KB)". */
export function describeRange(range: NumberRange): string {
  const what = range.integer ? "a whole number" : "a number";
  const bounds =
    range.max !== undefined
      ? ` from ${range.min} to ${range.max}`
      : range.minExclusive
        ? ` greater than ${range.min}`
        : ` of at least ${range.min}`;
  return what + bounds + (range.unit ? ` (${range.unit})` : "");
}

/** The number `value` holds (a number, or text as the editor stores it) when it is one within `range`; else undefined. */
export function numberInRange(value: unknown, range: NumberRange): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : NaN;
  if (!Number.isFinite(n)) return undefined;
  if (range.integer && !Number.isInteger(n)) return undefined;
  if (range.minExclusive ? n <= range.min : n < range.min) return undefined;
  if (range.max !== undefined && n > range.max) return undefined;
  return n;
}

/**
 * The value a runtime uses for a number setting: `fallback` when it is not set (undefined, null, ""), the
 * setting when it is within `range`, else `fallback` with `problem` saying what was expected and given.
 */
export function readNumberSetting(value: unknown, fallback: number, range: NumberRange): { value: number; problem?: string } {
  if (isUnset(value) || (typeof value === "string" && value.trim() === "")) return { value: fallback };
  const n = numberInRange(value, range);
  if (n !== undefined) return { value: n };
  return { value: fallback, problem: `expected ${describeRange(range)}, got ${describeValue(value)}` };
}

/** A node's number setting: its default and the range it accepts (both from ./defaults). */
export interface NumberSetting {
  readonly fallback: number;
  readonly range: NumberRange;
}

/** The account's (telnyx-config) number settings, by node property: its dialog and its runtime read these. */
export const ACCOUNT_SETTINGS = {
  timeoutSecs: { fallback: DEFAULT_REQUEST_TIMEOUT_SECONDS, range: REQUEST_TIMEOUT_SECONDS_RANGE },
  maxConcurrent: { fallback: DEFAULT_MAX_CONCURRENT, range: MAX_CONCURRENT_RANGE },
  maxAnswerMB: { fallback: DEFAULT_MAX_ANSWER_MB, range: MAX_ANSWER_MB_RANGE },
} as const satisfies Record<string, NumberSetting>;

/** The webhook node's number settings, by node property. */
export const WEBHOOK_SETTINGS = {
  toleranceSecs: { fallback: DEFAULT_SIGNATURE_TOLERANCE_SECONDS, range: SIGNATURE_TOLERANCE_SECONDS_RANGE },
  dedupeMinutes: { fallback: DEFAULT_DEDUPE_MINUTES, range: DEDUPE_MINUTES_RANGE },
  maxBodyKb: { fallback: DEFAULT_MAX_BODY_KB, range: MAX_BODY_KB_RANGE },
  texmlTimeoutSecs: { fallback: DEFAULT_TEXML_ANSWER_TIMEOUT_SECONDS, range: TEXML_ANSWER_TIMEOUT_SECONDS_RANGE },
  maxSeenIds: { fallback: DEFAULT_MAX_SEEN_IDS, range: MAX_SEEN_IDS_RANGE },
  bodyTimeoutSecs: { fallback: DEFAULT_BODY_TIMEOUT_SECONDS, range: BODY_TIMEOUT_SECONDS_RANGE },
} as const satisfies Record<string, NumberSetting>;

/** The API node's number settings, by node property. */
export const API_SETTINGS = {
  maxItems: { fallback: DEFAULT_API_MAX_ITEMS, range: API_MAX_ITEMS_RANGE },
} as const satisfies Record<string, NumberSetting>;
