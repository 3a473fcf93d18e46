// Messaging data shared by the runtime checks and the editor (no node:* and no DOM here).

/** Documented CreateMessageRequest fields the send-SMS node takes through its "options" object. */
export const MESSAGE_OPTION_FIELDS = [
  "type",
  "webhook_failover_url",
  "use_profile_webhooks",
  "auto_detect",
  "encoding",
  "send_at",
] as const;

export type MessageOptionField = (typeof MESSAGE_OPTION_FIELDS)[number];

/** The alphanumeric sender endpoint documents only these of them. */
export const ALPHANUMERIC_OPTION_FIELDS: readonly MessageOptionField[] = ["use_profile_webhooks", "webhook_failover_url"];
