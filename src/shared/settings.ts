// Reading a node's number settings (timeouts, limits) against their ranges in ./defaults: the editor's
// validators and the runtime use these same checks, so a value the dialog refuses is refused at run time
// too (a flow imported or edited by hand never reaches the dialog).
import type { NumberRange } from "./defaults";
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
