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
  body: BodyOf<F>;
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

/** Checks one request and plans it. Throws TelnyxInputError naming the field; nothing is sent then. */
export function plan<F extends Fields>(descriptor: Descriptor<F>, input: PlanInput = {}): Plan<F> {
  const path = buildPath(descriptor, input.params);
  const body = buildBody(descriptor, input);
  if (descriptor.repeat === "command_id") {
    const given = check("command_id", descriptor.fields.command_id ?? { kind: "string" }, input.commandId);
    (body as Record<string, unknown>).command_id = given ?? randomUUID();
  }
  return {
    operation: descriptor.name,
    method: descriptor.method,
    path,
    body,
    idempotent: descriptor.repeat !== "unsafe",
    answer: descriptor.answer ?? "data",
  };
}

/** Sends a planned request; resolves the answer's payload (`data`, or the whole body for TeXML). */
export async function send<T>(client: TelnyxRequester, request: Plan): Promise<T> {
  const { method, path, idempotent } = request;
  // A GET or DELETE with nothing to say (cancelling a scheduled message) goes without a body.
  const body = (method === "GET" || method === "DELETE") && Object.keys(request.body ?? {}).length === 0 ? undefined : request.body;
  const response = await client.request<{ data: T } & T>({ method, path, body, idempotent });
  return request.answer === "data" ? response.body.data : response.body;
}
