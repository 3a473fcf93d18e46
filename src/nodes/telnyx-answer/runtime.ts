// telnyx-answer: answer an incoming call (POST /calls/{call_control_id}/actions/answer).
import type { Node, NodeAPI, NodeDef } from "node-red";
import { ANSWER_FORM } from "../../shared/call-control";
import { planCommand } from "../../telnyx/calls";
import { setupActionNode } from "../lib/action";
import { NodeOutcomes } from "../lib/outcome";
import { readCallControlId, readCommandInput, sendCommandAndPass, voiceFields } from "../lib/call-control-node";

interface TelnyxAnswerDef extends NodeDef {
  account: string;
  [field: string]: unknown;
}

export = (RED: NodeAPI) => {
  function TelnyxAnswerNode(this: Node, config: TelnyxAnswerDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const fields = voiceFields(config, ANSWER_FORM);

    const status = setupActionNode(
      RED,
      node,
      config.account,
      { busy: RED._("telnyx-answer.status.answering"), done: RED._("telnyx-answer.status.answered") },
      async (msg, send, { client }) => {
        const [callControlId, input] = await Promise.all([
          readCallControlId(RED, node, fields, msg),
          readCommandInput(RED, node, fields, ANSWER_FORM, msg),
        ]);
        await sendCommandAndPass(client, planCommand("answer", callControlId, input), callControlId, msg, send, outcomes);
      },
    );
    const outcomes = new NodeOutcomes(RED, node, "telnyx-answer", config, status);
  }

  RED.nodes.registerType("telnyx-answer", TelnyxAnswerNode);
};
