// The Telnyx applications a webhook node's URL can be set on, by the webhook node's mode: Call Control
// applications and messaging profiles send events (JSON), TeXML applications fetch TeXML (their voice URL).
// Shared by the editor (the link dialog) and the runtime (the admin routes).

export const APPLICATION_KINDS = ["call-control", "messaging", "texml"] as const;

export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export function isApplicationKind(value: unknown): value is ApplicationKind {
  return typeof value === "string" && (APPLICATION_KINDS as readonly string[]).includes(value);
}

/** The kinds whose webhook URL a webhook node in this mode can serve. */
export function applicationKindsFor(mode: string): ApplicationKind[] {
  return mode === "texml" ? ["texml"] : ["call-control", "messaging"];
}

/** What the editor shows of one application; `url` is the field the link sets (null when unset). */
export interface ApplicationSummary {
  kind: ApplicationKind;
  id: string;
  name: string;
  url: string | null;
  /** The webhook format the application sends (Call Control and messaging): the node reads API v2. */
  apiVersion?: string;
}
