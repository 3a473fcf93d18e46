// telnyx-call-control: one command on a live call per message (every action of CALL_COMMANDS), or a read (a
// call's status, a connection's active calls), the action set in the node or, when it is left empty, taken
// from msg.action (every field may then come from msg too).
import type { NodeAPI } from "node-red";
import { CALL_CONTROL_ACTIONS, callAction, isCallAction } from "../../shared/operations/call-control";
import { registerOperationNode } from "../lib/operation-node";

export = (RED: NodeAPI) =>
  registerOperationNode(RED, "telnyx-call-control", {
    operations: Object.values(CALL_CONTROL_ACTIONS),
    choose: (config, msg) => {
      const fixed = typeof config.action === "string" && config.action !== "" ? config.action : undefined;
      return { operation: CALL_CONTROL_ACTIONS[callAction(fixed ?? (msg as { action?: unknown }).action)], fromMsg: fixed === undefined };
    },
    status: (config) => {
      const label = isCallAction(config.action)
        ? RED._(`telnyx-call-control.action.${config.action}`)
        : RED._("telnyx-call-control.status.command");
      return { busy: label, done: RED._("telnyx-call-control.status.done", { action: label }) };
    },
  });
