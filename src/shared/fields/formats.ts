// The string formats the API's prose documents, each with its test and its wording. The patterns
// themselves live in ../formats (shared with the webhook and messaging code).
import { ALPHANUMERIC_SENDER_ID, E164, HTTP_URL, SIP_URI, UUID, isMessageRecipient } from "../formats";

/** from_display_name and TeXML CallerId: "containing only letters, numbers, spaces, and -_~!.+". */
export const MAX_DISPLAY_NAME_CHARS = 128;

/** A number to dial, optionally with `,<digits>` to send once answered ("+15551234567,200"). */
const E164_WITH_DIGITS = /^\+[1-9]\d{1,14}(?:,[0-9A-DwW*#]+)?$/;

export const FORMATS = {
  e164: { test: (s: string) => E164.test(s), expected: "a +E.164 number (e.g. +15551234567)" },
  "e164-or-sip": {
    test: (s: string) => E164.test(s) || SIP_URI.test(s),
    expected: "a +E.164 number (e.g. +15551234567) or a SIP URI (sip:user@host)",
  },
  destination: {
    test: (s: string) => E164_WITH_DIGITS.test(s) || SIP_URI.test(s),
    expected: "a +E.164 number (e.g. +15551234567, optionally with ,<digits> to send on answer) or a SIP URI (sip:user@host)",
  },
  "sip-uri": { test: (s: string) => SIP_URI.test(s), expected: "a SIP URI (sip:user@host)" },
  recipient: { test: isMessageRecipient, expected: "a +E.164 number (e.g. +15551234567) or a short code" },
  /** What a message can be sent from (the node picks the alphanumeric sender operation for the last). */
  sender: {
    test: (s: string) => isMessageRecipient(s) || ALPHANUMERIC_SENDER_ID.test(s),
    expected: "a +E.164 number, a short code, or an alphanumeric sender ID (1-11 letters, digits or spaces)",
  },
  url: { test: (s: string) => HTTP_URL.test(s), expected: "an http(s) URL" },
  uuid: { test: (s: string) => UUID.test(s), expected: "a UUID" },
  "date-time": { test: (s: string) => !Number.isNaN(Date.parse(s)), expected: "an ISO 8601 date-time" },
  "display-name": {
    test: (s: string) => /^[A-Za-z0-9 \-_~!.+]+$/.test(s),
    expected: `at most ${MAX_DISPLAY_NAME_CHARS} letters, digits, spaces and -_~!.+`,
  },
  dtmf: { test: (s: string) => /^[0-9A-DwW*#]+$/.test(s), expected: "DTMF digits (0-9, A-D, * and #, with w and W for pauses)" },
  digits: { test: (s: string) => /^[0-9A-D*#]+$/.test(s), expected: "DTMF digits (0-9, A-D, * and #)" },
  digit: { test: (s: string) => /^[0-9A-D*#]$/.test(s), expected: "one DTMF digit (0-9, A-D, * or #)" },
  /** A call id as webhooks and dial results give it ("v3:..."): no spaces. */
  "call-id": { test: (s: string) => !/\s/.test(s), expected: "the call's call_control_id (e.g. v3:..., as in a webhook's payload or a dial's result)" },
  /** TeXML status callback event names (a list of words: see describe). */
  word: { test: (s: string) => /^[a-z][a-z-]*$/i.test(s), expected: "event names" },
} as const satisfies Record<string, { test: (s: string) => boolean; expected: string }>;

export type FormatName = keyof typeof FORMATS;
