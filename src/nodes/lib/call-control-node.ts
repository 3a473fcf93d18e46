// What the voice nodes share: reading their form (typed fields with their msg fallbacks), finding the
// call a command goes to, and passing the result on.
import type { Node, NodeAPI, NodeMessage } from "node-red";
import type { FormField } from "../../shared/call-control";
import type { CommandInput, CommandResult, CallPlan } from "../../telnyx/calls";
import { sendCommand } from "../../telnyx/calls";
import type { TelnyxRequester } from "../../telnyx/client";
import type { SendFn } from "./action";
import { evaluateField, firstSet, typedField, type TypedField } from "./properties";

/** Node properties every voice node has besides its form (dial has no callControlId). */
const COMMON_PROPERTIES = ["callControlId", "clientState", "commandId", "options"];

export type VoiceFields = Record<string, TypedField>;

/** The typed fields of a voice node: its form entries (by property) and the common ones. */
export function voiceFields(config: Record<string, unknown>, entries: readonly FormField[]): VoiceFields {
  const fields: VoiceFields = {};
  for (const property of [...COMMON_PROPERTIES, ...entries.map((e) => e.property)]) fields[property] = typedField(config, property);
  return fields;
}

type AnyMessage = NodeMessage & Record<string, unknown>;

/** A msg property as a fallback; `payload` counts only when it is a string (the text to speak). */
function msgValue(msg: AnyMessage, key: string): unknown {
  const value = msg[key];
  return key === "payload" && typeof value !== "string" ? undefined : value;
}

/**
 * Reads one message into a CommandInput. Each form field comes from the node, else from its declared msg
 * fallback; with `fromMsg` (call-control with the action from msg.action) from msg.<API name> as well.
 * Client state, command id and options come from the node only: a command_id carried along a flow would
 * make Telnyx ignore the next command on the same call.
 */
export async function readCommandInput(
  RED: NodeAPI,
  node: Node,
  fields: VoiceFields,
  entries: readonly FormField[],
  msg: NodeMessage,
  fromMsg = false,
): Promise<CommandInput> {
  const m = msg as AnyMessage;
  const evaluate = (property: string) => evaluateField(RED, node, fields[property], msg);
  const [clientState, commandId, options, ...values] = await Promise.all([
    evaluate("clientState"),
    evaluate("commandId"),
    evaluate("options"),
    ...entries.map((e) => evaluate(e.property)),
  ]);
  const input: Record<string, unknown> = {};
  entries.forEach((entry, i) => {
    const fallback = entry.fallback ?? (fromMsg ? (entry.msgKey ?? entry.field) : undefined);
    input[entry.field] = firstSet(values[i], fallback === undefined ? undefined : msgValue(m, fallback));
  });
  return { fields: input, clientState, commandId, options };
}

/** The call a command goes to: the node's field, else msg.payload.call_control_id, else msg.call_control_id. */
export async function readCallControlId(RED: NodeAPI, node: Node, fields: VoiceFields, msg: NodeMessage): Promise<unknown> {
  const m = msg as AnyMessage;
  const payload = m.payload;
  const fromPayload = typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>).call_control_id : undefined;
  return firstSet(await evaluateField(RED, node, fields.callControlId, msg), fromPayload, m.call_control_id);
}

/**
 * Sends a checked command and passes the message on: msg.payload is the API's `data` ({ result: "ok" },
 * plus recording_id for answer with recording), and msg.call_control_id the call, so the next command
 * node finds it.
 */
export async function sendCommandAndPass(
  client: TelnyxRequester,
  plan: CallPlan<Exclude<CallPlan["operation"], "dial">>,
  callControlId: unknown,
  msg: NodeMessage,
  send: SendFn,
): Promise<CommandResult> {
  const result = await sendCommand(client, plan);
  const m = msg as AnyMessage;
  m.payload = result;
  m.call_control_id = String(callControlId).trim();
  send(msg);
  return result;
}
