// telnyx-call-control: one command on a live call per message (hangup, reject, transfer, bridge, gather,
// playback, recording, DTMF), the action set in the node or, when it is left empty, taken from msg.action.
import type { Node, NodeAPI, NodeDef } from "node-red";
import { CALL_ACTION_FORMS, type FormField } from "../../shared/call-control";
import { callAction, planCommand } from "../../telnyx/calls";
import { setupActionNode } from "../lib/action";
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

    setupActionNode(
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
        await sendCommandAndPass(client, planCommand(action, callControlId, input), callControlId, msg, send);
      },
    );
  }

  RED.nodes.registerType("telnyx-call-control", TelnyxCallControlNode);
};
