// A node that sends one API operation per message, from its descriptor: its fields read through the one
// resolver, the request planned and sent through the one request path, the answer passed on. Dial, answer,
// speak and call control are this and their descriptors; a new Call Control operation node is too
// (`npm run new-node`).
import type { Node, NodeAPI, NodeDef, NodeMessage } from "node-red";
import type { Descriptor } from "../../shared/operations/descriptor";
import { DEFAULT_API_MAX_ITEMS } from "../../shared/defaults";
import { followPages } from "../../telnyx/operations/api";
import { plan, send } from "../../telnyx/operations/request";
import { setupActionNode } from "./action";
import { NodeOutcomes } from "./outcome";
import { nodeInputs, resolveInput } from "./resolve";

interface OperationNodeDef extends NodeDef {
  account: string;
  [field: string]: unknown;
}

export interface OperationNodeSpec {
  /** Every operation the node may send (their forms are the node's fields). */
  operations: readonly Descriptor[];
  /** The operation for a message; `fromMsg` lets every field come from msg.<API name> too. Default: the only one. */
  choose?: (config: OperationNodeDef, msg: NodeMessage) => { operation: Descriptor; fromMsg?: boolean };
  /** Status texts (catalog keys of the node): while sending and once sent. */
  status: (config: OperationNodeDef) => { busy: string; done: string };
}

type Answer = Record<string, unknown> & { call_control_id?: unknown };

/**
 * Registers the node type. Each message gets msg.payload = the API's answer and, for calls,
 * msg.call_control_id (the dialled call's, or the one the command went to) so the next node finds it.
 */
export function registerOperationNode(RED: NodeAPI, type: string, spec: OperationNodeSpec): void {
  function OperationNode(this: Node, config: OperationNodeDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const inputs = nodeInputs(config, spec.operations);
    const choose = spec.choose ?? ((): { operation: Descriptor; fromMsg?: boolean } => ({ operation: spec.operations[0] }));
    const { busy, done } = spec.status(config);

    const status = setupActionNode(RED, node, config.account, { busy, done }, async (msg, sendOut, { account, client }) => {
      const { operation, fromMsg } = choose(config, msg);
      const input = await resolveInput(RED, node, inputs, operation, msg, { account: account.defaults, fromMsg });
      const planned = plan(operation, input);
      // Waiting for the outcome needs the operation fixed in the node (its outputs are its outcomes).
      const since = fromMsg ? undefined : outcomes.begin();
      const body = (planned.body ?? {}) as Record<string, unknown>;
      const alsoOn = waitsAlsoOn(operation.name, body, msg); // before msg.payload becomes the answer
      const leg = legInPayload(msg);
      const out = msg as NodeMessage & { call_control_id?: unknown; pages?: unknown };
      if (operation.list) {
        // A list: every page followed (as the API node does), up to the API node's default cap of items.
        const list = { ...planned, operation: { id: operation.operationId, list: operation.list } };
        const result = await followPages(client, account.client!.baseUrl, list, DEFAULT_API_MAX_ITEMS);
        out.payload = result.items;
        out.pages = { pages: result.pages, items: result.items.length, capped: result.capped };
        return sendOut(out);
      }
      const answer = await send<Answer>(client, planned);
      out.payload = answer;
      const callId = answer?.call_control_id ?? input.params?.call_control_id;
      // The event that ends a transfer or bridge may be the other call's (its payload then names that
      // call): msg.call_control_id always names the call this node acted, and waits, on.
      if (typeof callId === "string") out.call_control_id = callId.trim();
      if (since === undefined || typeof callId !== "string") return sendOut(out);
      // Where the request decides which events count (dial with machine detection on).
      const callLegId = leg && leg.callControlId === callId.trim() ? leg.callLegId : undefined;
      outcomes.wait(out, since, { callControlId: callId.trim(), ...(callLegId ? { callLegId } : {}), ...alsoOn }, operation.outcomes?.forRequest?.(body));
    });
    const outcomes = new NodeOutcomes(RED, node, type, config, status);
  }
  RED.nodes.registerType(type, OperationNode);
}

/**
 * The call and leg the incoming msg.payload (the event the flow acts on) names. A wait on that call also
 * watches its leg: the spec's call.recording.saved names the leg, not the call_control_id.
 */
function legInPayload(msg: NodeMessage): { callControlId: string; callLegId: string } | undefined {
  const payload = (msg as { payload?: unknown }).payload;
  if (payload === null || typeof payload !== "object") return undefined;
  const { call_control_id: id, call_leg_id: leg } = payload as { call_control_id?: unknown; call_leg_id?: unknown };
  return typeof id === "string" && typeof leg === "string" && leg !== "" ? { callControlId: id.trim(), callLegId: leg } : undefined;
}

/** What a wait watches besides its call: the other call of a bridge, the call session of a transfer (its leg B). */
function waitsAlsoOn(operation: string, body: Record<string, unknown>, msg: NodeMessage): { otherCallControlId?: string; callSessionId?: string } {
  if (operation === "bridge") return typeof body.call_control_id === "string" ? { otherCallControlId: body.call_control_id } : {};
  if (operation !== "transfer") return {};
  const payload = (msg as { payload?: unknown }).payload;
  const session = payload !== null && typeof payload === "object" ? (payload as { call_session_id?: unknown }).call_session_id : undefined;
  return typeof session === "string" && session !== "" ? { callSessionId: session } : {};
}
