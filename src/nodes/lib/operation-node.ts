// A node that sends one API operation per message, from its descriptor: its fields read through the one
// resolver, the request planned and sent through the one request path, the answer passed on. Dial, answer,
// speak and call control are this and their descriptors; a new Call Control operation node is too
// (`npm run new-node`).
import type { Node, NodeAPI, NodeDef, NodeMessage } from "node-red";
import type { Descriptor } from "../../shared/operations/descriptor";
import { plan, send } from "../../telnyx/operations/request";
import { setupActionNode } from "./action";
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

    setupActionNode(RED, node, config.account, { busy, done }, async (msg, sendOut, { account, client }) => {
      const { operation, fromMsg } = choose(config, msg);
      const input = await resolveInput(RED, node, inputs, operation, msg, { account: account.defaults, fromMsg });
      const answer = await send<Answer>(client, plan(operation, input));
      const out = msg as NodeMessage & { call_control_id?: unknown };
      out.payload = answer;
      const callId = answer?.call_control_id ?? input.params?.call_control_id;
      if (typeof callId === "string") out.call_control_id = callId.trim();
      sendOut(out);
    });
  }
  RED.nodes.registerType(type, OperationNode);
}
