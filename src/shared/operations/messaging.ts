// Messaging as descriptors, each from its own request schema in the Telnyx OpenAPI spec: POST /messages
// (SendMessage, CreateMessageRequest) and its alphanumeric sender ID form, the dedicated long code, short
// code and number pool endpoints, group MMS, scheduling (ScheduleMessage) and cancelling a scheduled
// message (CancelMessage), and WhatsApp (SendWhatsappMessage: a template or free text). No send has an
// idempotency key: a send is never repeated after an ambiguous failure unless the account opts in; the
// cancel (a DELETE) may be.
import { TelnyxInputError, describeValue } from "../errors";
import { FORMATS, boolean, list, object, oneOf, required, string, text, variant, type Fields } from "../fields";
import { isMessageRecipient } from "../formats";
import { OUTCOMES } from "../outcomes";
import { form, operation, type Descriptor, type NodeField } from "./descriptor";

const url = string({ format: "url" });

/** What a message sent now can wait for: its delivery receipts, or the recipient's reply (a group MMS: per recipient). */
const MESSAGE_OUTCOMES = { delivery: OUTCOMES.sms_delivery, reply: OUTCOMES.sms_reply };
const TO = required(string({ format: "recipient" }), "a +E.164 number or a short code");

/** The send-SMS node's fields; `from` is a number, a short code or an alphanumeric sender ID (see telnyx/messages.ts). */
const MESSAGE_FORM: readonly NodeField[] = form(
  { field: "to", msg: ["to"], icon: "fa-mobile" },
  { field: "from", msg: ["from"], account: "fromNumber", icon: "fa-phone" },
  { field: "text", msg: ["payload"], icon: "fa-comment" },
  { field: "media_urls", msg: ["media_urls"] },
  { field: "subject", msg: ["subject"] },
  { field: "messaging_profile_id", msg: ["messaging_profile_id"], account: "messagingProfileId" },
  "webhook_url",
);

const MESSAGE_FIELDS = {
  to: TO,
  from: string({ format: "sender" }),
  messaging_profile_id: string(),
  text: text(),
  media_urls: list(url, { split: "items" }),
  subject: string(),
  type: oneOf(["SMS", "MMS"]),
  webhook_url: url,
  webhook_failover_url: url,
  use_profile_webhooks: boolean(),
  auto_detect: boolean(),
  encoding: oneOf(["auto", "gsm7", "ucs2"]),
  send_at: string({ format: "date-time" }),
} as const satisfies Fields;

export const SEND_MESSAGE = operation({
  name: "send_message",
  operationId: "SendMessage",
  method: "POST",
  path: "/messages",
  params: {},
  repeat: "unsafe",
  fields: MESSAGE_FIELDS,
  form: MESSAGE_FORM,
  rules: (body) => {
    // An alphanumeric sender ID goes to its own operation (telnyx/messages.ts), so here it is refused.
    if (body.from !== undefined && !isMessageRecipient(String(body.from))) {
      throw new TelnyxInputError("from", FORMATS.sender.expected, describeValue(body.from));
    }
    needsSenderAndContent(body);
  },
  outcomes: MESSAGE_OUTCOMES,
});

/** A message needs a sender, or a messaging profile whose number pool sends it, and text or media. */
function needsSenderAndContent(body: Readonly<Record<string, unknown>>): void {
  if (body.from === undefined && body.messaging_profile_id === undefined) {
    throw new TelnyxInputError("from", "a sending number, or a messaging profile id to send from its number pool", "neither");
  }
  needsContent(body);
}

/** SMS only, from an alphanumeric sender ID owned by the messaging profile. */
const ALPHANUMERIC_FIELDS = {
  to: TO,
  from: required(string()),
  messaging_profile_id: required(string({ format: "uuid" }), "the messaging profile id (a UUID) that owns the alphanumeric sender ID"),
  text: required(text(), "non-empty text"),
  use_profile_webhooks: boolean(),
  webhook_url: url,
  webhook_failover_url: url,
} as const satisfies Fields;

export const SEND_ALPHANUMERIC_MESSAGE = operation({
  name: "send_alphanumeric_message",
  operationId: "SendAlphanumericSenderIdMessage",
  method: "POST",
  path: "/messages/alphanumeric_sender_id",
  params: {},
  repeat: "unsafe",
  fields: ALPHANUMERIC_FIELDS,
  form: MESSAGE_FORM.filter((entry) => entry.field in ALPHANUMERIC_FIELDS),
});

// ---------------------------------------------------------------------------------------------------
// The send SMS node's other variants (its `send` property)

/** What every send endpoint takes besides its addresses (CreateLongCodeMessageRequest and its siblings). */
const CONTENT_FIELDS = {
  text: text(),
  media_urls: list(url, { split: "items" }),
  subject: string(),
  use_profile_webhooks: boolean(),
  webhook_url: url,
  webhook_failover_url: url,
} as const satisfies Fields;

/** ... and what the one-recipient endpoints add: the protocol and the encoding. */
const ONE_RECIPIENT_FIELDS = {
  ...CONTENT_FIELDS,
  to: TO,
  type: oneOf(["SMS", "MMS"]),
  auto_detect: boolean(),
  encoding: oneOf(["auto", "gsm7", "ucs2"]),
} as const satisfies Fields;

/** A message must carry something: text ("Required for SMS") or media_urls ("Required for MMS"). */
function needsContent(body: Readonly<Record<string, unknown>>): void {
  if (body.text === undefined && body.media_urls === undefined) {
    throw new TelnyxInputError("text", "non-empty text, or media_urls for an MMS", "neither");
  }
}

const CONTENT_FORM = MESSAGE_FORM.filter((entry) => ["text", "media_urls", "subject", "webhook_url"].includes(entry.field));
const TO_ENTRY = MESSAGE_FORM.find((entry) => entry.field === "to")!;
const FROM_ENTRY = MESSAGE_FORM.find((entry) => entry.field === "from")!;
const PROFILE_ENTRY = MESSAGE_FORM.find((entry) => entry.field === "messaging_profile_id")!;

/** POST /messages/long_code: from one of your numbers (+E.164). */
export const SEND_LONG_CODE_MESSAGE = operation({
  name: "send_long_code_message",
  operationId: "CreateLongCodeMessage",
  method: "POST",
  path: "/messages/long_code",
  params: {},
  repeat: "unsafe",
  fields: { ...ONE_RECIPIENT_FIELDS, from: required(string({ format: "e164" }), "your sending number (+E.164): the From field, msg.from or the account's number") },
  form: [TO_ENTRY, FROM_ENTRY, ...CONTENT_FORM],
  rules: needsContent,
  outcomes: MESSAGE_OUTCOMES,
});

/** POST /messages/short_code: from one of your short codes. */
export const SEND_SHORT_CODE_MESSAGE = operation({
  name: "send_short_code_message",
  operationId: "CreateShortCodeMessage",
  method: "POST",
  path: "/messages/short_code",
  params: {},
  repeat: "unsafe",
  fields: { ...ONE_RECIPIENT_FIELDS, from: required(string({ format: "recipient" }), "your short code: the From field, msg.from or the account's number") },
  form: [TO_ENTRY, FROM_ENTRY, ...CONTENT_FORM],
  rules: needsContent,
  outcomes: MESSAGE_OUTCOMES,
});

/** POST /messages/number_pool: the messaging profile's number pool picks the sender. */
export const SEND_NUMBER_POOL_MESSAGE = operation({
  name: "send_number_pool_message",
  operationId: "CreateNumberPoolMessage",
  method: "POST",
  path: "/messages/number_pool",
  params: {},
  repeat: "unsafe",
  fields: {
    ...ONE_RECIPIENT_FIELDS,
    messaging_profile_id: required(string(), "the messaging profile whose number pool sends: the Profile field, msg.messaging_profile_id or the account's"),
  },
  form: [TO_ENTRY, PROFILE_ENTRY, ...CONTENT_FORM],
  rules: needsContent,
  outcomes: MESSAGE_OUTCOMES,
});

/** CreateGroupMMSMessageRequest: "A list of destinations. No more than 8 destinations are allowed." */
export const MAX_GROUP_MMS_RECIPIENTS = 8;

/** POST /messages/group_mms: one MMS to a group (up to 8), who see each other's replies. */
export const SEND_GROUP_MMS = operation({
  name: "send_group_mms",
  operationId: "CreateGroupMmsMessage",
  method: "POST",
  path: "/messages/group_mms",
  params: {},
  repeat: "unsafe",
  fields: {
    ...CONTENT_FIELDS,
    to: required(list(string({ format: "recipient" }), { min: 1, max: MAX_GROUP_MMS_RECIPIENTS, split: "items" }), "a list of 1 to 8 recipients (+E.164 or short codes)"),
    from: required(string({ format: "e164" }), "your sending number (+E.164): the From field, msg.from or the account's number"),
  },
  form: [TO_ENTRY, FROM_ENTRY, ...CONTENT_FORM],
  rules: needsContent,
  outcomes: MESSAGE_OUTCOMES,
});

/** POST /messages/schedule: CreateMessageRequest without encoding, sent at `send_at` ("accurate up till a minute"). */
export const SCHEDULE_MESSAGE = operation({
  name: "schedule_message",
  operationId: "ScheduleMessage",
  method: "POST",
  path: "/messages/schedule",
  params: {},
  repeat: "unsafe",
  fields: {
    ...CONTENT_FIELDS,
    to: TO,
    from: string({ format: "sender" }),
    messaging_profile_id: string(),
    type: oneOf(["SMS", "MMS"]),
    auto_detect: boolean(),
    // The request is "Message payload with send_at set": without it there is nothing to schedule.
    send_at: required(string({ format: "date-time" }), "when to send it, an ISO 8601 date-time (e.g. 2030-01-01T09:00:00Z): the Send at field or msg.send_at"),
  },
  form: [...MESSAGE_FORM, ...form({ field: "send_at", msg: ["send_at"] })],
  // As POST /messages, but its `from` takes an alphanumeric sender ID itself (the format checks it).
  rules: needsSenderAndContent,
});

/**
 * DELETE /messages/{id}: "Only messages with status=scheduled and send_at more than a minute from now can
 * be cancelled." The id: the node's field, else msg.messageId, else msg.payload.id (a scheduled message as
 * this node outputs it). A repeat is safe (a second DELETE cannot cancel anything else), but not always
 * answered as a success: after a first DELETE that worked and whose answer was lost, the retry's is an
 * error (the message is no longer scheduled). The spec's GetMessage lists no "cancelled" status to confirm
 * it by, so the README and help say so rather than guess.
 */
export const CANCEL_SCHEDULED_MESSAGE = operation({
  name: "cancel_scheduled_message",
  operationId: "CancelMessage",
  method: "DELETE",
  path: "/messages/{id}",
  params: { id: required(string({ format: "uuid" }), "the scheduled message's id (a UUID): the Message id field, msg.messageId or msg.payload.id") },
  repeat: "read",
  fields: {},
  form: form({ field: "id", in: "path", property: "messageId", msg: ["messageId", "payload.id"] }),
  // The spec answers OutboundMessagePayloadCancelled itself, not under `data`.
  answer: "body",
});

/** WhatsappMessage's top-level fields; `whatsapp_message` (WhatsappMessageContent) is built from the parts below. */
const WHATSAPP_FIELDS = {
  to: required(string({ format: "e164" }), "the recipient's WhatsApp number (+E.164): the To field or msg.to"),
  from: required(string({ format: "e164" }), "your WhatsApp business number (+E.164): the From field, msg.from or the account's number"),
  messaging_profile_id: string({ format: "uuid" }),
  // "Message type - must be set to WHATSAPP": the node sets it.
  type: oneOf(["WHATSAPP"]),
  webhook_url: url,
  whatsapp_message: required(object()),
} as const satisfies Fields;

/** WhatsappMessageContent, the parts the node has rows for (by where they go in the body). */
const WHATSAPP_PARTS = {
  "whatsapp_message.type": oneOf(["template", "text"]),
  "whatsapp_message.template.name": required(string(), "the template's name as registered with Meta"),
  "whatsapp_message.template.language.code": required(string(), "the template's language code (e.g. en_US)"),
  // Template parameter values for header, body and button components ("index: required for button components").
  "whatsapp_message.template.components": list(variant("type", { header: ["parameters"], body: ["parameters"], button: ["sub_type", "index", "parameters"] })),
  "whatsapp_message.text.body": required(text(), "the text to send"),
} as const satisfies Fields;

const WHATSAPP_FORM = form(
  { field: "to", msg: ["to"] },
  { field: "from", msg: ["from"], account: "fromNumber" },
  { field: "messaging_profile_id", msg: ["messaging_profile_id"], account: "messagingProfileId" },
  "webhook_url",
);

function whatsapp(name: string, kind: "template" | "text", rows: readonly NodeField[]): Descriptor<typeof WHATSAPP_FIELDS> {
  const own = Object.fromEntries(Object.entries(WHATSAPP_PARTS).filter(([at]) => at === "whatsapp_message.type" || at.startsWith(`whatsapp_message.${kind}.`)));
  return operation({
    name,
    operationId: "SendWhatsappMessage",
    method: "POST",
    path: "/messages/whatsapp",
    params: {},
    repeat: "unsafe",
    fields: WHATSAPP_FIELDS,
    parts: own,
    form: [...WHATSAPP_FORM.slice(0, 2), ...rows, ...WHATSAPP_FORM.slice(2)],
    fixed: { type: "WHATSAPP", "whatsapp_message.type": kind },
  });
}

/** A template message (the only kind a business may start a conversation with). */
export const SEND_WHATSAPP_TEMPLATE = whatsapp(
  "send_whatsapp_template",
  "template",
  form(
    { field: "whatsapp_message", at: "template.name", property: "templateName", msg: ["template"] },
    { field: "whatsapp_message", at: "template.language.code", property: "templateLanguage", msg: ["language"] },
    { field: "whatsapp_message", at: "template.components", property: "templateComponents", msg: ["components"] },
  ),
);

/** Free text: "Can only be sent within a 24-hour customer service window." */
export const SEND_WHATSAPP_TEXT = whatsapp(
  "send_whatsapp_text",
  "text",
  form({ field: "whatsapp_message", at: "text.body", property: "text", msg: ["payload"] }),
);

/**
 * The send SMS node's `send` property: which operation each message goes out as. "message" (also an empty
 * or missing property: flows from before it existed) is POST /messages, routed to the alphanumeric sender
 * endpoint for such a sender (telnyx/messages.ts).
 */
export const MESSAGE_VARIANTS = {
  message: SEND_MESSAGE,
  long_code: SEND_LONG_CODE_MESSAGE,
  short_code: SEND_SHORT_CODE_MESSAGE,
  number_pool: SEND_NUMBER_POOL_MESSAGE,
  group_mms: SEND_GROUP_MMS,
  schedule: SCHEDULE_MESSAGE,
  cancel: CANCEL_SCHEDULED_MESSAGE,
  whatsapp_template: SEND_WHATSAPP_TEMPLATE,
  whatsapp_text: SEND_WHATSAPP_TEXT,
} as const satisfies Record<string, Descriptor>;

export type MessageVariant = keyof typeof MESSAGE_VARIANTS;
export const MESSAGE_VARIANT_NAMES = Object.keys(MESSAGE_VARIANTS) as MessageVariant[];

export function isMessageVariant(value: unknown): value is MessageVariant {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(MESSAGE_VARIANTS, value);
}

/** The node's variant: its `send` property, "message" when empty or missing; undefined when it names none. */
export function variantOf(send: unknown): MessageVariant | undefined {
  if (send === undefined || send === null || send === "") return "message";
  return isMessageVariant(send) ? send : undefined;
}

/** The node's variant, as variantOf, or an error naming `send` when it names none. */
export function messageVariant(send: unknown): MessageVariant {
  const variant = variantOf(send);
  if (variant !== undefined) return variant;
  throw new TelnyxInputError("send", `one of ${MESSAGE_VARIANT_NAMES.map((v) => `"${v}"`).join(", ")}`, describeValue(send));
}
