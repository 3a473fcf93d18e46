// Any operation of the API catalogue (catalogue.json, generated from openapi.yml by scripts/catalogue.mjs):
// a request planned from loose input and checked against the operation's schema before anything is sent,
// then sent through the client, following a list's pages when asked.
//
// How a repeat is made safe follows the other nodes: reads and deletes are retried; a call command
// (/calls/{call_control_id}/actions/...) gets a command_id (new per request unless the node sets one) that
// stays the same across retries, so Telnyx runs it once; every other write is "unsafe", never repeated after
// an ambiguous failure unless the account opts in. 429 is always retried (the client's rule).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SchemaChecker, type ApiOperation, type Catalogue, type Schema } from "../../shared/catalogue";
import { TelnyxInputError, describeValue } from "../../shared/errors";
import { isUnset } from "../../shared/formats";
import { pathSegment, type TelnyxRequest, type TelnyxRequester, type TelnyxResponse } from "../client";

let loaded: { catalogue: Catalogue; byId: Map<string, ApiOperation>; checker: SchemaChecker } | undefined;

/** The catalogue file, as shipped (the admin route serves it to the editor as it is). */
export const CATALOGUE_FILE = path.join(__dirname, "catalogue.json");

/** The catalogue, read once on first use. */
export function apiCatalogue(): { catalogue: Catalogue; byId: Map<string, ApiOperation>; checker: SchemaChecker } {
  if (!loaded) {
    const catalogue = JSON.parse(fs.readFileSync(CATALOGUE_FILE, "utf8")) as Catalogue;
    loaded = { catalogue, byId: new Map(catalogue.operations.map((op) => [op.id, op])), checker: new SchemaChecker(catalogue.schemas) };
  }
  return loaded;
}

/** The operation with this operationId; an input error naming `operation` when there is none. */
export function findApiOperation(id: unknown): ApiOperation {
  const op = typeof id === "string" ? apiCatalogue().byId.get(id.trim()) : undefined;
  if (!op) throw new TelnyxInputError("operation", "an operationId of the Telnyx API (e.g. RetrieveCallStatus)", describeValue(id));
  return op;
}

/** What one request is made of, values as evaluated (unset: undefined, null or ""). */
export interface ApiInput {
  params?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  body?: Readonly<Record<string, unknown>>;
  /** The node's command_id for a call command (never one carried in msg); a UUID is made when absent. */
  commandId?: unknown;
}

export interface ApiPlan extends TelnyxRequest {
  operation: ApiOperation;
}

const CALL_COMMAND = /^\/calls\/\{call_control_id\}\/actions\//;

/** How a repeat of the operation is made safe (see the top of this file). */
export function repeatOf(op: ApiOperation): "read" | "command_id" | "unsafe" {
  if (op.method === "GET" || op.method === "DELETE") return "read";
  return CALL_COMMAND.test(op.path) ? "command_id" : "unsafe";
}

/** Checks one request against the operation's schema and plans it. Throws TelnyxInputError; nothing is sent then. */
export function planApiRequest(op: ApiOperation, input: ApiInput): ApiPlan {
  const { checker } = apiCatalogue();
  const given = { params: input.params ?? {}, query: nestQuery(input.query ?? {}) };
  const known = new Set(op.params.map((p) => `${p.in}:${p.name}`));
  for (const key of Object.keys(given.params)) {
    if (!known.has(`path:${key}`) && !isUnset(given.params[key])) throw unknownField(`params.${key}`, op, "path");
  }
  for (const key of Object.keys(given.query)) {
    if (!known.has(`query:${key}`) && !isUnset(given.query[key])) throw unknownField(`query.${key}`, op, "query");
  }

  let filled = op.path;
  const query: Array<[string, string]> = [];
  for (const param of op.params) {
    const where = param.in === "path" ? "params" : "query";
    const raw = given[where][param.name];
    const name = `${where}.${param.name}`;
    if (isUnset(raw)) {
      if (param.required) throw new TelnyxInputError(name, checker.describe(param.schema), "nothing");
      continue;
    }
    const value = checker.check(name, param.schema, raw);
    if (param.in === "path") filled = filled.replace(`{${param.name}}`, pathSegment(name, String(value)));
    else query.push(...queryPairs(param.name, value));
  }

  const plan: ApiPlan = { operation: op, method: op.method, path: filled, idempotent: repeatOf(op) !== "unsafe" };
  if (query.length) plan.query = query;
  const body = { ...(input.body ?? {}) };
  for (const key of Object.keys(body)) if (isUnset(body[key])) delete body[key];
  if (op.body && op.body.type !== "json" && op.body.type !== "form") {
    throw new TelnyxInputError("operation", "an operation with a JSON or form body (file uploads are not supported)", `${op.id} (${op.body.type})`);
  }
  if (op.body?.schema) {
    const schema: Schema = op.body.schema;
    if (repeatOf(op) === "command_id" && "command_id" in checker.properties(schema).properties) {
      body.command_id = isUnset(input.commandId) ? randomUUID() : checker.check("command_id", { type: "string" }, input.commandId);
    }
    if (Object.keys(body).length > 0 || op.body.required) plan.body = checker.check("body", schema, body);
    if (op.body.type === "form") plan.form = true;
  } else if (Object.keys(body).length > 0) {
    throw new TelnyxInputError("payload", `nothing: ${op.method} ${op.path} takes no body`, "an object");
  }
  return plan;
}

function unknownField(name: string, op: ApiOperation, where: "path" | "query"): TelnyxInputError {
  const names = op.params.filter((p) => p.in === where).map((p) => p.name);
  return new TelnyxInputError(name, names.length ? `a ${where} parameter of ${op.id} (${names.join(", ")})` : `nothing: ${op.id} has no ${where} parameters`, "an unknown parameter");
}

/** `page[number]: 2` and `page: { number: 2 }` both become `page: { number: 2 }` (deepObject parameters). */
function nestQuery(query: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const match = /^([^[\]]+)((?:\[[^[\]]+\])+)$/.exec(key);
    if (!match) {
      out[key] = value;
      continue;
    }
    let target = out;
    const steps = [match[1], ...[...match[2].matchAll(/\[([^[\]]+)\]/g)].map((m) => m[1])];
    for (const step of steps.slice(0, -1)) {
      if (typeof target[step] !== "object" || target[step] === null) target[step] = {};
      target = target[step] as Record<string, unknown>;
    }
    target[steps[steps.length - 1]] = value;
  }
  return out;
}

/** A query value as name/value pairs: objects deep (`filter[status]=x`), lists as repeated names. */
function queryPairs(name: string, value: unknown): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => queryPairs(name, item));
  if (typeof value === "object") return Object.entries(value).flatMap(([key, v]) => queryPairs(`${name}[${key}]`, v));
  return [[name, String(value)]];
}

/** One answer: the API's body (JSON), or a Buffer with its content type for a file. */
export interface ApiAnswer {
  statusCode: number;
  body: unknown;
  contentType?: string;
}

export function sendApiRequest(client: TelnyxRequester, plan: ApiPlan): Promise<ApiAnswer> {
  const { method, path: p, query, body, form, idempotent } = plan;
  return client.request<unknown>({ method, path: p, query, body, form, idempotent }).then(answerOf);
}

function answerOf(response: TelnyxResponse<unknown>): ApiAnswer {
  return { statusCode: response.statusCode, body: response.body, ...(response.contentType ? { contentType: response.contentType } : {}) };
}

export interface PagesResult {
  items: unknown[];
  pages: number;
  /** True when the cap stopped it before the last page (or cut the last page short). */
  capped: boolean;
  statusCode: number;
}

/** A list request to follow: a catalogue operation's plan, or one planned from a descriptor with a `list`. */
export type ListRequest = Pick<TelnyxRequest, "method" | "path" | "query"> & { operation: Pick<ApiOperation, "id" | "list"> };

/**
 * Sends a list request and follows its pages: page[number] until meta.total_pages, a cursor's meta.next
 * (CursorPaginationMeta: "Path to next page", given the first request's page size and filters it lacks)
 * until there is none, or next_page_uri (the TeXML REST API's,
 * also NextPageUri) until there is none. Stops at `maxItems` items (undefined: no cap).
 * A next page's address is taken as a path under the account's base URL (`baseUrl`), never as another host.
 */
export async function followPages(client: TelnyxRequester, baseUrl: string, plan: ListRequest, maxItems?: number): Promise<PagesResult> {
  const list = plan.operation.list;
  if (!list) throw new TelnyxInputError("pages", `an operation that lists (${plan.operation.id} does not)`, "follow every page");
  const items: unknown[] = [];
  let request: TelnyxRequest = { method: plan.method, path: plan.path, query: plan.query, idempotent: true };
  const first = pageNumber(plan.query);
  let pages = 0;
  let statusCode = 200;
  for (;;) {
    const answer = await client.request<Record<string, unknown>>(request);
    pages++;
    statusCode = answer.statusCode;
    const page = (answer.body ?? {}) as Record<string, unknown>;
    const found = Array.isArray(page[list.items]) ? (page[list.items] as unknown[]) : [];
    for (const item of found) {
      if (maxItems !== undefined && items.length >= maxItems) return { items, pages, capped: true, statusCode };
      items.push(item);
    }
    const next = list.style === "page" ? nextNumbered(baseUrl, request, page, first + pages - 1, plan.query) : nextByUri(baseUrl, page);
    if (!next || found.length === 0) return { items, pages, capped: false, statusCode };
    if (maxItems !== undefined && items.length >= maxItems) return { items, pages, capped: true, statusCode };
    request = next;
  }
}

function queryEntries(query: TelnyxRequest["query"]): Array<[string, string]> {
  return Array.isArray(query) ? query : Object.entries(query ?? {});
}

function pageNumber(query: TelnyxRequest["query"]): number {
  const entry = queryEntries(query).find(([name]) => name === "page[number]");
  return entry ? Number(entry[1]) || 1 : 1;
}

function nextNumbered(baseUrl: string, request: TelnyxRequest, page: Record<string, unknown>, current: number, firstQuery: TelnyxRequest["query"]): TelnyxRequest | undefined {
  const meta = (page.meta ?? {}) as Record<string, unknown>;
  // Cursor-paged lists (e.g. a connection's active calls) give the next page's path instead of a count.
  if (meta.total_pages === undefined && typeof meta.next === "string") {
    const next = nextByUri(baseUrl, { next_page_uri: meta.next });
    return next && { ...next, query: withFirstQuery(queryEntries(next.query), firstQuery) };
  }
  const total = Number(meta.total_pages);
  const number = Number(meta.page_number) || current;
  if (!Number.isFinite(total) || number >= total) return undefined;
  const query = queryEntries(request.query).filter(([name]) => name !== "page[number]");
  return { ...request, query: [...query, ["page[number]", String(number + 1)]] };
}

/** Where in the list a request starts: the cursor link states its own, never carried from the first request. */
const PAGE_POSITION = new Set(["page[after]", "page[before]", "page[number]"]);

/**
 * A cursor's meta.next may carry only page[after] (the spec's CursorPaginationMeta example does), and Telnyx
 * would then answer with its default page size and no filters: the first request's parameters the link
 * lacks (page[limit], page[size], filters) are carried over; a name the link states is left as it states it.
 */
function withFirstQuery(linkQuery: Array<[string, string]>, firstQuery: TelnyxRequest["query"]): Array<[string, string]> {
  const stated = new Set(linkQuery.map(([name]) => name));
  const carried = queryEntries(firstQuery).filter(([name]) => !stated.has(name) && !PAGE_POSITION.has(name));
  return [...linkQuery, ...carried];
}

function nextByUri(baseUrl: string, page: Record<string, unknown>): TelnyxRequest | undefined {
  const uri = page.next_page_uri ?? page.NextPageUri;
  if (typeof uri !== "string" || uri.trim() === "") return undefined;
  const base = new URL(baseUrl);
  const next = new URL(uri, base);
  if (next.origin !== base.origin) throw new Error(`The next page is at another host (${next.origin}); it was not followed`);
  const prefix = base.pathname.replace(/\/+$/, "");
  const nextPath = prefix && next.pathname.startsWith(prefix + "/") ? next.pathname.slice(prefix.length) : next.pathname;
  return { method: "GET", path: nextPath, query: [...next.searchParams.entries()], idempotent: true };
}
