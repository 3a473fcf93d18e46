// Errors every layer may raise: the base class, and input that cannot make a valid request.
//
// Node-RED copies only `message`, `code`, `stack` and `cause` of an error onto a Catch node's
// `msg.error`, so every error puts what a flow needs to branch on in `code`, the details in
// `cause`, and writes a message that reads well on its own. No Node-RED, no `node:` modules: the
// editor bundles may use this file.

/**
 * Base of every error this package raises. Node-RED's Catch puts `err.toString()` into
 * `msg.error.message`; ours is the message alone, which already says it is about Telnyx.
 */
export abstract class TelnyxError extends Error {
  abstract readonly code: string;

  override toString(): string {
    return this.message;
  }
}

/** Input that cannot make a valid request. Raised before anything is sent. */
export class TelnyxInputError extends TelnyxError {
  override readonly name = "TelnyxInputError";
  readonly code = "ERR_TELNYX_INPUT";
  override readonly cause: { field: string; expected: string };

  constructor(field: string, expected: string, got?: string) {
    super(`${field}: expected ${expected}${got === undefined ? "" : `, got ${got}`}`);
    this.cause = { field, expected };
  }
}

/** A short description of a bad value for error messages (never the whole value: it may be long or private). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    if (value === "") return "an empty string";
    return value.length > 40 ? `"${value.slice(0, 37)}..."` : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
