// Sending SMS and MMS: POST /messages and POST /messages/alphanumeric_sender_id.
// Field names and types follow CreateMessageRequest, the inline alphanumeric sender schema and
// OutboundMessagePayload in the Telnyx OpenAPI spec.
import { HTTP_URL, UUID, isAlphanumericSender, isMessageRecipient, isUnset } from "../shared/formats";
import { ALPHANUMERIC_OPTION_FIELDS, MESSAGE_OPTION_FIELDS, type MessageOptionField } from "../shared/messaging";
import type { TelnyxRequest, TelnyxRequester } from "./client";
import { TelnyxInputError, describeValue } from "../shared/errors";
import { optionalString, readOptionsObject, requireString } from "./flow-input";
import { MAX_SMS_PARTS, countSmsParts } from "./sms-parts";

/** CreateMessageRequest (POST /messages). */
export interface CreateMessageRequest {
  to: string;
  from?: string;
  messaging_profile_id?: string;
  text?: string;
  media_urls?: string[];
  subject?: string;
  type?: "SMS" | "MMS";
  webhook_url?: string;
  webhook_failover_url?: string;
  use_profile_webhooks?: boolean;
  auto_detect?: boolean;
  encoding?: "auto" | "gsm7" | "ucs2";
  send_at?: string | null;
}

/** Request body of POST /messages/alphanumeric_sender_id (SMS only). */
export interface AlphanumericSenderMessageRequest {
  from: string;
  messaging_profile_id: string;
  text: string;
  to: string;
  use_profile_webhooks?: boolean;
  webhook_url?: string | null;
  webhook_failover_url?: string | null;
}

/** OutboundMessagePayload: the `data` of a send response (the fields a flow is likely to read). */
export interface OutboundMessage {
  id: string;
  record_type: "message";
  direction: "outbound";
  type: "SMS" | "MMS";
  messaging_profile_id?: string;
  organization_id?: string;
  from?: { phone_number?: string; carrier?: string; line_type?: string };
  to: Array<{ phone_number: string; status: string; carrier?: string; line_type?: string }>;
  cc?: unknown[];
  text?: string;
  subject?: string | null;
  media?: Array<{ url?: string; content_type?: string | null; sha256?: string | null; size?: number | null }>;
  encoding?: string;
  parts?: number;
  num_chars?: number;
  cost?: { amount?: string; currency?: string } | null;
  errors?: unknown[];
  received_at?: string;
  sent_at?: string | null;
  completed_at?: string | null;
  valid_until?: string | null;
  webhook_url?: string | null;
  webhook_failover_url?: string | null;
  [field: string]: unknown;
}

/** What a flow provides for one message; the node fills it from its fields, `msg` and the account. */
export interface MessageInput {
  to: unknown;
  from?: unknown;
  text?: unknown;
  mediaUrls?: unknown;
  subject?: unknown;
  messagingProfileId?: unknown;
  webhookUrl?: unknown;
  /** Further documented request fields (see MESSAGE_OPTION_FIELDS). */
  options?: unknown;
  /** Skip the 10-part check because the messaging profile chunks long messages. */
  allowLongText?: boolean;
}

/** The check of each option field (see MESSAGE_OPTION_FIELDS): what was expected, or undefined when fine. */
const OPTION_CHECKS: Record<MessageOptionField, (value: unknown) => string | undefined> = {
  type: (v) => (v === "SMS" || v === "MMS" ? undefined : '"SMS" or "MMS"'),
  webhook_failover_url: (v) => (typeof v === "string" && HTTP_URL.test(v) ? undefined : "an http(s) URL"),
  use_profile_webhooks: (v) => (typeof v === "boolean" ? undefined : "true or false"),
  auto_detect: (v) => (typeof v === "boolean" ? undefined : "true or false"),
  encoding: (v) => (v === "auto" || v === "gsm7" || v === "ucs2" ? undefined : '"auto", "gsm7" or "ucs2"'),
  send_at: (v) =>
    v === null || (typeof v === "string" && !Number.isNaN(Date.parse(v))) ? undefined : "an ISO 8601 date-time",
};

export type SendMessagePlan =
  | { path: "/messages"; body: CreateMessageRequest }
  | { path: "/messages/alphanumeric_sender_id"; body: AlphanumericSenderMessageRequest };

/**
 * Checks one message and decides where it goes. Throws TelnyxInputError naming the field when the
 * message cannot be valid; nothing is sent in that case.
 *  - `from` an alphanumeric sender ID  -> /messages/alphanumeric_sender_id (needs a messaging profile, SMS only)
 *  - `from` a number or short code     -> /messages
 *  - no `from`, a messaging profile    -> /messages (number pool)
 */
export function planMessage(input: MessageInput): SendMessagePlan {
  const to = requireString(input.to, "to", "a +E.164 number or a short code");
  if (!isMessageRecipient(to)) throw new TelnyxInputError("to", "a +E.164 number (e.g. +15551234567) or a short code", describeValue(to));

  const from = optionalString(input.from, "from");
  const profile = optionalString(input.messagingProfileId, "messaging_profile_id");
  const text = optionalString(input.text, "text", { isText: true });
  const subject = optionalString(input.subject, "subject");
  const webhookUrl = optionalString(input.webhookUrl, "webhook_url");
  const mediaUrls = readMediaUrls(input.mediaUrls);
  const options = readOptions(input.options);

  if (webhookUrl !== undefined && !HTTP_URL.test(webhookUrl)) {
    throw new TelnyxInputError("webhook_url", "an http(s) URL", describeValue(webhookUrl));
  }
  if (text === undefined && mediaUrls === undefined) {
    throw new TelnyxInputError("text", "non-empty text, or media_urls for an MMS", "neither");
  }
  if (text !== undefined && mediaUrls === undefined && !input.allowLongText) {
    const { parts, encoding } = countSmsParts(text);
    if (parts > MAX_SMS_PARTS) {
      throw new TelnyxInputError(
        "text",
        `at most ${MAX_SMS_PARTS} SMS parts (1,530 GSM-7 or 670 UTF-16 characters; enable chunking on the messaging profile and tick "long messages" for more)`,
        `${text.length} characters, ${parts} ${encoding} parts`,
      );
    }
  }

  if (from !== undefined && isAlphanumericSender(from)) {
    if (profile === undefined || !UUID.test(profile)) {
      throw new TelnyxInputError(
        "messaging_profile_id",
        "the messaging profile id (a UUID) that owns the alphanumeric sender ID",
        describeValue(profile),
      );
    }
    if (mediaUrls !== undefined) throw new TelnyxInputError("media_urls", "no media: alphanumeric sender IDs send SMS only", "media");
    if (subject !== undefined) throw new TelnyxInputError("subject", "no subject: alphanumeric sender IDs send SMS only", "a subject");
    if (text === undefined) throw new TelnyxInputError("text", "non-empty text", "nothing");
    for (const key of Object.keys(options)) {
      if (!ALPHANUMERIC_OPTION_FIELDS.includes(key as MessageOptionField)) {
        throw new TelnyxInputError(`options.${key}`, `one of ${ALPHANUMERIC_OPTION_FIELDS.join(", ")} with an alphanumeric sender`, "a field that endpoint does not take");
      }
    }
    const body: AlphanumericSenderMessageRequest = { from, messaging_profile_id: profile, text, to, ...options };
    if (webhookUrl !== undefined) body.webhook_url = webhookUrl;
    return { path: "/messages/alphanumeric_sender_id", body };
  }

  if (from !== undefined && !isMessageRecipient(from)) {
    throw new TelnyxInputError(
      "from",
      "a +E.164 number, a short code, or an alphanumeric sender ID (1-11 letters, digits or spaces)",
      describeValue(from),
    );
  }
  if (from === undefined && profile === undefined) {
    throw new TelnyxInputError("from", "a sending number, or a messaging profile id to send from its number pool", "neither");
  }

  const body: CreateMessageRequest = { to };
  if (from !== undefined) body.from = from;
  if (profile !== undefined) body.messaging_profile_id = profile;
  if (text !== undefined) body.text = text;
  if (mediaUrls !== undefined) body.media_urls = mediaUrls;
  if (subject !== undefined) body.subject = subject;
  if (webhookUrl !== undefined) body.webhook_url = webhookUrl;
  Object.assign(body, options);
  return { path: "/messages", body };
}

/**
 * Sends one message. Message sends carry no idempotency key, so the client never repeats one after an
 * ambiguous failure unless the account opts in.
 */
export async function sendMessage(client: TelnyxRequester, plan: SendMessagePlan): Promise<OutboundMessage> {
  const request: TelnyxRequest = { method: "POST", path: plan.path, body: plan.body, idempotent: false };
  const response = await client.request<{ data: OutboundMessage }>(request);
  return response.body.data;
}

function readMediaUrls(value: unknown): string[] | undefined {
  if (isUnset(value)) return undefined;
  const list = typeof value === "string" ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(list)) throw new TelnyxInputError("media_urls", "an array of http(s) URLs", describeValue(value));
  if (list.length === 0) return undefined;
  list.forEach((url, i) => {
    if (typeof url !== "string" || !HTTP_URL.test(url)) {
      throw new TelnyxInputError(`media_urls[${i}]`, "an http(s) URL", describeValue(url));
    }
  });
  return list as string[];
}

function readOptions(value: unknown): Record<string, unknown> {
  const options = readOptionsObject(value);
  for (const [key, fieldValue] of Object.entries(options)) {
    if (!(MESSAGE_OPTION_FIELDS as readonly string[]).includes(key)) {
      throw new TelnyxInputError(`options.${key}`, `one of ${MESSAGE_OPTION_FIELDS.join(", ")}`, "an unknown field");
    }
    const check = OPTION_CHECKS[key as MessageOptionField];
    const problem = check(fieldValue);
    if (problem) throw new TelnyxInputError(`options.${key}`, problem, describeValue(fieldValue));
  }
  return options;
}
