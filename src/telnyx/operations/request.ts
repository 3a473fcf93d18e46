// The one request path: every operation is planned from its descriptor and sent through the client.
//
// Planning checks the path parameters and the body (src/shared/operations/body.ts) and, for operations
// made safe by a command_id, keeps the node's command_id or makes a new UUID. The client sends the same
// body on every attempt, so retries (5xx, timeouts, dropped connections, 429) keep the command_id and
// Telnyx runs the command once. Operations declared `unsafe` (message sends, TeXML call starts) are never
// repeated after an ambiguous failure unless the account opts in (the client's rule for idempotent: false).
import { randomUUID } from "node:crypto";
import { check, missingText, type BodyOf, type Fields } from "../../shared/fields";
import { buildBody, type RequestInput } from "../../shared/operations/body";
import type { Descriptor } from "../../shared/operations/descriptor";
import { pathSegment, type TelnyxRequest, type TelnyxRequester } from "../client";
import { TelnyxInputError, describeValue } from "../../shared/errors";

/** A checked request, ready to send. */
export interface Plan<F extends Fields = Fields> extends TelnyxRequest {
  operation: string;
  /** The checked body; none for a GET or an empty DELETE (they send no body and no content type). */
  body?: BodyOf<F>;
  answer: "data" | "body";
}

export interface PlanInput extends RequestInput {
  /** The node's command_id (never one carried along in msg); a UUID is made when absent. */
  commandId?: unknown;
}

/** The path with its parameters checked and filled in, each one through pathSegment (no . or .. ids). */
export function buildPath(descriptor: Descriptor, params: Readonly<Record<string, unknown>> = {}): string {
  return descriptor.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const field = descriptor.params[name];
    if (!field) throw new Error(`${descriptor.operationId}: no declaration for path parameter ${name}`);
    const value = check(name, field, params[name]);
    if (value === undefined) throw new TelnyxInputError(name, missingText(field), describeValue(params[name]));
    return pathSegment(name, String(value));
  });
}

/** The query parameters the descriptor declares, checked, as name/value pairs (unset ones left out). */
export function buildQuery(descriptor: Descriptor, given: Readonly<Record<string, unknown>> = {}): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, field] of Object.entries(descriptor.query ?? {})) {
    const value = check(name, field, given[name]);
    if (value !== undefined) pairs.push([name, String(value)]);
  }
  return pairs;
}

/** Checks one request and plans it. Throws TelnyxInputError naming the field; nothing is sent then. */
export function plan<F extends Fields>(descriptor: Descriptor<F>, input: PlanInput = {}): Plan<F> {
  const path = buildPath(descriptor, input.params);
  const query = buildQuery(descriptor, input.query);
  const where = { operation: descriptor.name, path, ...(query.length ? { query } : {}), answer: descriptor.answer ?? "data" } as const;
  // Checked even for a read, so options given to it are refused as for any operation; then left out: a GET,
  // or a DELETE with nothing to say (cancelling a scheduled message), goes without a body or content type.
  const body = buildBody(descriptor, input);
  const idempotent = descriptor.repeat !== "unsafe";
  if (descriptor.method === "GET" || (descriptor.method === "DELETE" && Object.keys(body).length === 0)) {
    return { ...where, method: descriptor.method, idempotent };
  }
  if (descriptor.repeat === "command_id") {
    const given = check("command_id", descriptor.fields.command_id ?? { kind: "string" }, input.commandId);
    (body as Record<string, unknown>).command_id = given ?? randomUUID();
  }
  return { ...where, method: descriptor.method, body, ...(descriptor.encoding === "form" ? { form: true } : {}), idempotent };
}

/** Sends a planned request; resolves the answer's payload (`data`, or the whole body for TeXML). */
export async function send<T>(client: TelnyxRequester, request: Plan): Promise<T> {
  const { method, path, query, body, form, idempotent } = request;
  const response = await client.request<{ data: T } & T>({ method, path, body, idempotent, ...(query ? { query } : {}), ...(form ? { form } : {}) });
  return request.answer === "data" ? response.body.data : response.body;
}
