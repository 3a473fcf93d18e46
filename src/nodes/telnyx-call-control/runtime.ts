// telnyx-call-control: one command on a live call per message (hangup, reject, transfer, bridge, gather,
// playback, recording, DTMF), the action set in the node or, when it is left empty, taken from msg.action.
import type { Node, NodeAPI, NodeDef, NodeMessage } from "node-red";
import { CALL_ACTION_FORMS, type FormField } from "../../shared/call-control";
import { callAction, planCommand } from "../../telnyx/calls";
import { setupActionNode } from "../lib/action";
import { NodeOutcomes } from "../lib/outcome";
import { readCallControlId, readCommandInput, sendCommandAndPass, voiceFields } from "../lib/call-control-node";

interface TelnyxCallControlDef extends NodeDef {
  account: string;
  action?: string;
  [field: string]: unknown;
}

/** Every action's form entries, once per property (actions share some, e.g. the digit settings). */
const ALL_ENTRIES: FormField[] = [
  ...new Map(Object.values(CALL_ACTION_FORMS).flat().map((entry) => [entry.property, entry])).values(),
];

export = (RED: NodeAPI) => {
  function TelnyxCallControlNode(this: Node, config: TelnyxCallControlDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const fields = voiceFields(config, ALL_ENTRIES);
    const fixedAction = typeof config.action === "string" && config.action !== "" ? config.action : undefined;
    const label = fixedAction ? RED._(`telnyx-call-control.action.${fixedAction}`) : RED._("telnyx-call-control.status.command");

    const status = setupActionNode(
      RED,
      node,
      config.account,
      { busy: label, done: RED._("telnyx-call-control.status.done", { action: label }) },
      async (msg, send, { client }) => {
        const action = callAction(fixedAction ?? (msg as { action?: unknown }).action);
        const entries = CALL_ACTION_FORMS[action];
        const [callControlId, input] = await Promise.all([
          readCallControlId(RED, node, fields, msg),
          readCommandInput(RED, node, fields, entries, msg, fixedAction === undefined),
        ]);
        const plan = planCommand(action, callControlId, input);
        // Waiting needs the action fixed in the node (its outputs are the action's outcomes).
        const waits = fixedAction !== undefined ? outcomes : undefined;
        await sendCommandAndPass(client, plan, callControlId, msg, send, waits, waitTarget(action, plan.body, msg));
      },
    );
    const outcomes = new NodeOutcomes(RED, node, "telnyx-call-control", config, status);
  }

  /** What a wait watches besides the call: the other call of a bridge, the call session of a transfer (its leg B). */
  function waitTarget(action: string, body: object, msg: NodeMessage): { otherCallControlId?: string; callSessionId?: string } {
    if (action === "bridge") return { otherCallControlId: String((body as { call_control_id?: unknown }).call_control_id ?? "") || undefined };
    if (action !== "transfer") return {};
    const payload = (msg as { payload?: unknown }).payload;
    const session = payload !== null && typeof payload === "object" ? (payload as { call_session_id?: unknown }).call_session_id : undefined;
    return typeof session === "string" && session !== "" ? { callSessionId: session } : {};
  }

  RED.nodes.registerType("telnyx-call-control", TelnyxCallControlNode);
};
