// The one resolver: reads a node's fields for an operation, each from the node (a typedInput, evaluated with
// RED.util.evaluateNodeProperty), else from the msg properties its descriptor names, else from the account's
// default, else from the descriptor's default. Every action node reads its input through here.
import type { Node, NodeAPI, NodeMessage } from "node-red";
import { isUnset } from "../../shared/formats";
import { inputKey, type Descriptor, type NodeField } from "../../shared/operations/descriptor";
import type { PlanInput } from "../../telnyx/operations/request";
import type { AccountDefaults } from "./account";
import { evaluateField, typedField, type TypedField } from "./properties";

/** Node properties every operation node may have besides its form: client state, command id, options. */
const COMMON = ["clientState", "commandId", "options"] as const;

/** A node's typedInputs, read once from its configuration. */
export type NodeInputs = Readonly<Record<string, TypedField>>;

/** The typedInputs of the forms of these descriptors (a node serving several reads them all) and the common ones. */
export function nodeInputs(config: Record<string, unknown>, descriptors: readonly Descriptor[]): NodeInputs {
  const inputs: Record<string, TypedField> = {};
  for (const property of [...COMMON, ...descriptors.flatMap((d) => d.form.map((entry) => entry.property))]) {
    inputs[property] ??= typedField(config, property);
  }
  return inputs;
}

type AnyMessage = NodeMessage & Record<string, unknown>;

/** A msg property by dotted path; msg.payload itself counts only when it is a string (text to send or speak). */
export function msgValue(msg: NodeMessage, path: string): unknown {
  let value: unknown = msg;
  for (const step of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return path === "payload" && typeof value !== "string" ? undefined : value;
}

export interface ResolveOptions {
  account?: AccountDefaults;
  /** Every field may also come from msg.<its API name> (the call-control node with its action from msg.action). */
  fromMsg?: boolean;
}

/**
 * One request's input for the descriptor: path parameters and body fields by API name, the node's options
 * object and client state, and its command id. Client state, command id and options come from the node
 * only: a command_id carried along a flow would make Telnyx ignore the next command on the same call.
 */
export async function resolveInput(
  RED: NodeAPI,
  node: Node,
  inputs: NodeInputs,
  descriptor: Descriptor,
  msg: NodeMessage,
  { account, fromMsg = false }: ResolveOptions = {},
): Promise<PlanInput> {
  const evaluate = (property: string) => evaluateField(RED, node, inputs[property] ?? { value: undefined, type: "str" }, msg);
  const [clientState, commandId, options, ...values] = await Promise.all([
    evaluate("clientState"),
    evaluate("commandId"),
    evaluate("options"),
    ...descriptor.form.map((entry) => evaluate(entry.property)),
  ]);
  const params: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  descriptor.form.forEach((entry, i) => {
    const candidates = [values[i], ...fallbacks(entry, msg as AnyMessage, fromMsg), entry.account && account?.[entry.account], entry.default];
    (entry.in === "path" ? params : entry.in === "query" ? query : fields)[inputKey(entry)] = candidates.find((v) => !isUnset(v));
  });
  if ("client_state" in descriptor.fields) fields.client_state = clientState;
  return { params, query, fields, options, commandId };
}

function fallbacks(entry: NodeField, msg: AnyMessage, fromMsg: boolean): unknown[] {
  const paths = [...(entry.msg ?? [])];
  if (fromMsg && entry.in === undefined) paths.push(entry.msgKey ?? entry.field);
  return paths.map((path) => msgValue(msg, path));
}
