// Messaging as descriptors: POST /messages (SendMessage) and POST /messages/alphanumeric_sender_id
// (SendAlphanumericSenderIdMessage), from CreateMessageRequest and the inline alphanumeric sender schema
// of the Telnyx OpenAPI spec. Neither has an idempotency key: a send is never repeated after an
// ambiguous failure unless the account opts in.
import { TelnyxInputError, describeValue } from "../errors";
import { boolean, list, oneOf, required, string, text, type Fields } from "../fields";
import { isMessageRecipient } from "../formats";
import { OUTCOMES } from "../outcomes";
import { form, operation, type NodeField } from "./descriptor";

const url = string({ format: "url" });
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
    if (body.from !== undefined && !isMessageRecipient(String(body.from))) {
      throw new TelnyxInputError(
        "from",
        "a +E.164 number, a short code, or an alphanumeric sender ID (1-11 letters, digits or spaces)",
        describeValue(body.from),
      );
    }
    if (body.from === undefined && body.messaging_profile_id === undefined) {
      throw new TelnyxInputError("from", "a sending number, or a messaging profile id to send from its number pool", "neither");
    }
    if (body.text === undefined && body.media_urls === undefined) {
      throw new TelnyxInputError("text", "non-empty text, or media_urls for an MMS", "neither");
    }
  },
  outcomes: { delivery: OUTCOMES.sms_delivery, reply: OUTCOMES.sms_reply },
});

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
