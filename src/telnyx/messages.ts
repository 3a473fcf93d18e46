// Sending SMS and MMS: POST /messages, or POST /messages/alphanumeric_sender_id when the sender is an
// alphanumeric sender ID; or one of the send SMS node's other variants (long code, short code, number
// pool, group MMS, schedule, cancel, WhatsApp). The fields and their checks are the descriptors'
// (src/shared/operations/messaging.ts); this file picks the endpoint and counts SMS parts.
import { check, string } from "../shared/fields";
import { isAlphanumericSender, isUnset } from "../shared/formats";
import { MESSAGE_VARIANTS, SEND_ALPHANUMERIC_MESSAGE, SEND_MESSAGE, type MessageVariant } from "../shared/operations/messaging";
import { TelnyxInputError } from "../shared/errors";
import { plan, type Plan } from "./operations/request";
import { MAX_SMS_PARTS, countSmsParts } from "./sms-parts";

/** OutboundMessagePayload: the `data` of a send response (the fields a flow is likely to read). */
export interface OutboundMessage {
  id: string;
  record_type: "message";
  direction: "outbound";
  type: "SMS" | "MMS";
  to: Array<{ phone_number: string; status: string; carrier?: string; line_type?: string }>;
  [field: string]: unknown;
}

/** What the node gives for one message: API-named fields (resolved from node, msg and account) and options. */
export interface MessageInput {
  /** The node's `send` variant; "message" (POST /messages) when absent. */
  variant?: MessageVariant;
  fields: Readonly<Record<string, unknown>>;
  /** Path parameters: the cancel's message id. */
  params?: Readonly<Record<string, unknown>>;
  options?: unknown;
  /** Skip the 10-part check because the messaging profile chunks long messages. */
  allowLongText?: boolean;
}

/**
 * Checks one message and plans it. Throws TelnyxInputError naming the field when the message cannot be
 * valid; nothing is sent in that case.
 *  - `from` an alphanumeric sender ID  -> /messages/alphanumeric_sender_id (needs a messaging profile, SMS only)
 *  - `from` a number or short code     -> /messages
 *  - no `from`, a messaging profile    -> /messages (number pool)
 */
export function planMessage({ variant = "message", fields, params, options, allowLongText = false }: MessageInput): Plan {
  if (variant !== "message") {
    const request = plan(MESSAGE_VARIANTS[variant], { fields, params, options });
    // A group MMS is an MMS: its text is not cut into SMS parts.
    return variant === "group_mms" ? request : checkParts(request, allowLongText);
  }
  const from = check("from", string(), fields.from);
  if (typeof from === "string" && isAlphanumericSender(from)) {
    if (!isUnset(fields.media_urls)) throw new TelnyxInputError("media_urls", "no media: alphanumeric sender IDs send SMS only", "media");
    if (!isUnset(fields.subject)) throw new TelnyxInputError("subject", "no subject: alphanumeric sender IDs send SMS only", "a subject");
    const own = Object.fromEntries(Object.entries(fields).filter(([name]) => name in SEND_ALPHANUMERIC_MESSAGE.fields));
    return checkParts(plan(SEND_ALPHANUMERIC_MESSAGE, { fields: own, options }), allowLongText);
  }
  return checkParts(plan(SEND_MESSAGE, { fields, options }), allowLongText);
}

/** At most 10 SMS parts, unless the profile chunks long messages; MMS are not counted. */
function checkParts(request: Plan, allowLongText: boolean): Plan {
  const { text, media_urls } = (request.body ?? {}) as { text?: string; media_urls?: unknown };
  if (text === undefined || media_urls !== undefined || allowLongText) return request;
  const { parts, encoding } = countSmsParts(text);
  if (parts > MAX_SMS_PARTS) {
    throw new TelnyxInputError(
      "text",
      `at most ${MAX_SMS_PARTS} SMS parts (1,530 GSM-7 or 670 UTF-16 characters; enable chunking on the messaging profile and tick "long messages" for more)`,
      `${text.length} characters, ${parts} ${encoding} parts`,
    );
  }
  return request;
}
