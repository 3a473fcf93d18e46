// Reading the loosely typed values a flow hands to a request builder. Every builder reads its strings and
// its "options" object through these, so blank fields and bad types are treated alike everywhere.
import { isUnset } from "../shared/formats";
import { TelnyxInputError, describeValue } from "../shared/errors";

/**
 * A blank string counts as "not given", so empty editor fields fall through to their defaults.
 * Identifiers are trimmed (a number is taken as its digits); text (`isText`) is kept exactly as written.
 */
export function optionalString(value: unknown, field: string, { isText = false } = {}): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && !isText) value = String(value);
  if (typeof value !== "string") throw new TelnyxInputError(field, "a string", describeValue(value));
  if (value.trim() === "") return undefined;
  return isText ? value : value.trim();
}

/** Like optionalString, but a value must be given. */
export function requireString(value: unknown, field: string, expected: string): string {
  const text = optionalString(value, field);
  if (text === undefined) throw new TelnyxInputError(field, expected, describeValue(value));
  return text;
}

/** The "options" object of further request fields: nothing gives {}, anything but a plain object is an error. */
export function readOptionsObject(value: unknown): Record<string, unknown> {
  if (isUnset(value)) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new TelnyxInputError("options", "an object of further request fields", describeValue(value));
  }
  return value as Record<string, unknown>;
}
