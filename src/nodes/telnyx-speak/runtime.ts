// telnyx-speak: text to speech on a live call (POST /calls/{call_control_id}/actions/speak).
import type { NodeAPI } from "node-red";
import { SPEAK } from "../../shared/operations/call-control";
import { registerOperationNode } from "../lib/operation-node";

export = (RED: NodeAPI) =>
  registerOperationNode(RED, "telnyx-speak", {
    operations: [SPEAK],
    status: () => ({ busy: RED._("telnyx-speak.status.speaking"), done: RED._("telnyx-speak.status.queued") }),
  });
