// Formats shared by the runtime checks and the editor's validators (no node:* and no DOM here).

/** +E.164: a plus, a non-zero country digit, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** Short codes are 3 to 8 digits depending on the country (5 or 6 in the US). */
export const SHORT_CODE = /^\d{3,8}$/;

/** Alphanumeric sender IDs: 1 to 11 letters, digits or spaces, at least one letter. */
export const ALPHANUMERIC_SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** A SIP URI as Telnyx accepts it for dialing: sip:user@host, optionally with ;params. */
export const SIP_URI = /^sips?:[^\s@]+@[^\s@]+$/i;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An absolute http(s) URL. */
export const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

/** What a message can be sent to: a +E.164 number or a short code. */
export function isMessageRecipient(value: string): boolean {
  return E164.test(value) || SHORT_CODE.test(value);
}

/** A sender that is neither a number nor a short code must be an alphanumeric sender ID. */
export function isAlphanumericSender(value: string): boolean {
  return !E164.test(value) && !SHORT_CODE.test(value) && ALPHANUMERIC_SENDER_ID.test(value);
}

/**
 * A path the telnyx-webhook node serves: "/" then segments of letters, digits and - . _ ~
 * (no route parameters, wildcards or query), optionally ending in "/". Literal paths keep the
 * node's raw-body capture and its Express route matching the same requests.
 */
export const WEBHOOK_PATH = /^(\/[A-Za-z0-9\-._~]+)+\/?$/;

/** Joins URL path parts with one "/" between them: joinUrlPath("/", "/telnyx/events") is "/telnyx/events". */
export function joinUrlPath(...parts: string[]): string {
  const inner = parts.map((part) => part.replace(/^\/+|\/+$/g, "")).filter((part) => part !== "");
  return "/" + inner.join("/");
}

/** Values that mean "not set here" (an empty field, a missing msg property), so the next fallback applies. */
export function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}
