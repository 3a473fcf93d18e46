// telnyx-answer: answer an incoming call (POST /calls/{call_control_id}/actions/answer).
import type { NodeAPI } from "node-red";
import { ANSWER } from "../../shared/operations/call-control";
import { registerOperationNode } from "../lib/operation-node";

export = (RED: NodeAPI) =>
  registerOperationNode(RED, "telnyx-answer", {
    operations: [ANSWER],
    status: () => ({ busy: RED._("telnyx-answer.status.answering"), done: RED._("telnyx-answer.status.answered") }),
  });
