// Reading and setting the webhook URL of a Telnyx application (a Call Control application, a messaging
// profile or a TeXML application). Paths and fields are the Telnyx OpenAPI spec's:
//   GET   /call_control_applications       PATCH /call_control_applications/{id}  webhook_event_url
//   GET   /messaging_profiles              PATCH /messaging_profiles/{id}         webhook_url
//   GET   /texml_applications              PATCH /texml_applications/{id}         voice_url
// The Call Control and TeXML update requests require the application's name (application_name,
// friendly_name) beside the URL, so a PATCH repeats the name the application has.
import type { ApplicationKind, ApplicationSummary } from "../shared/applications";
import { pathSegment, type TelnyxRequest, type TelnyxRequester } from "./client";

interface KindFields {
  path: string;
  /** The field holding the application's name; `nameRequired`: the update request requires it. */
  name: string;
  nameRequired: boolean;
  /** The field holding the URL Telnyx sends webhooks (or TeXML requests) to. */
  url: string;
  /** The field choosing the webhook format, where there is one: the webhook node reads API v2 events. */
  apiVersion?: string;
}

const FIELDS: Record<ApplicationKind, KindFields> = {
  "call-control": { path: "/call_control_applications", name: "application_name", nameRequired: true, url: "webhook_event_url", apiVersion: "webhook_api_version" },
  messaging: { path: "/messaging_profiles", name: "name", nameRequired: false, url: "webhook_url", apiVersion: "webhook_api_version" },
  texml: { path: "/texml_applications", name: "friendly_name", nameRequired: true, url: "voice_url" },
};

/** The webhook format the webhook node reads. */
export const WEBHOOK_API_VERSION = "2";

/** Largest page the three list operations allow. */
const PAGE_SIZE = 250;
/** At most this many pages are read (1,000 applications of a kind); `truncated` says when there are more. */
const MAX_PAGES = 4;

export interface ApplicationList {
  items: ApplicationSummary[];
  truncated: boolean;
}

/** Every application of a kind on the account (up to 1,000), in the API's order. */
export async function listApplications(client: TelnyxRequester, kind: ApplicationKind): Promise<ApplicationList> {
  const items: ApplicationSummary[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { body } = await client.request<{ data?: unknown; meta?: { total_pages?: unknown } }>({
      method: "GET",
      path: FIELDS[kind].path,
      query: { "page[number]": String(page), "page[size]": String(PAGE_SIZE) },
      idempotent: true,
    });
    const data = Array.isArray(body?.data) ? body.data : [];
    for (const item of data) {
      const summary = summarize(kind, item);
      if (summary) items.push(summary);
    }
    const totalPages = typeof body?.meta?.total_pages === "number" ? body.meta.total_pages : 1;
    if (page >= totalPages || data.length === 0) return { items, truncated: false };
  }
  return { items, truncated: true };
}

/**
 * The PATCH that points an application at `url`: the URL field, the name where the update requires it,
 * and the webhook format when the application sends another than the node reads. Nothing else changes.
 */
export function linkRequest(application: ApplicationSummary, url: string): TelnyxRequest {
  const fields = FIELDS[application.kind];
  const body: Record<string, string> = {};
  if (fields.nameRequired) body[fields.name] = application.name;
  body[fields.url] = url;
  if (fields.apiVersion && application.apiVersion !== WEBHOOK_API_VERSION) body[fields.apiVersion] = WEBHOOK_API_VERSION;
  // The same body sent twice leaves the same application: safe to retry.
  return { method: "PATCH", path: `${fields.path}/${pathSegment("id", application.id)}`, body, idempotent: true };
}

/** Sets the application's URL; resolves with the application as Telnyx now has it. */
export async function linkApplication(client: TelnyxRequester, application: ApplicationSummary, url: string): Promise<ApplicationSummary> {
  const { body } = await client.request<{ data?: unknown }>(linkRequest(application, url));
  return summarize(application.kind, body?.data) ?? { ...application, url };
}

/** The editor's view of one application from the API's object; undefined when it has no id. */
function summarize(kind: ApplicationKind, item: unknown): ApplicationSummary | undefined {
  if (!item || typeof item !== "object") return undefined;
  const record = item as Record<string, unknown>;
  const fields = FIELDS[kind];
  const id = typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : "";
  if (id === "") return undefined;
  const summary: ApplicationSummary = {
    kind,
    id,
    name: typeof record[fields.name] === "string" ? (record[fields.name] as string) : "",
    url: typeof record[fields.url] === "string" && record[fields.url] !== "" ? (record[fields.url] as string) : null,
  };
  if (fields.apiVersion && typeof record[fields.apiVersion] === "string") summary.apiVersion = record[fields.apiVersion] as string;
  return summary;
}
