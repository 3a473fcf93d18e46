// telnyx-speak: text to speech on a live call (POST /calls/{call_control_id}/actions/speak).
import type { Node, NodeAPI, NodeDef } from "node-red";
import { SPEAK_FORM } from "../../shared/call-control";
import { planCommand } from "../../telnyx/calls";
import { setupActionNode } from "../lib/action";
import { NodeOutcomes } from "../lib/outcome";
import { readCallControlId, readCommandInput, sendCommandAndPass, voiceFields } from "../lib/call-control-node";

interface TelnyxSpeakDef extends NodeDef {
  account: string;
  [field: string]: unknown;
}

export = (RED: NodeAPI) => {
  function TelnyxSpeakNode(this: Node, config: TelnyxSpeakDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const fields = voiceFields(config, SPEAK_FORM);

    const status = setupActionNode(
      RED,
      node,
      config.account,
      { busy: RED._("telnyx-speak.status.speaking"), done: RED._("telnyx-speak.status.queued") },
      async (msg, send, { client }) => {
        const [callControlId, input] = await Promise.all([
          readCallControlId(RED, node, fields, msg),
          readCommandInput(RED, node, fields, SPEAK_FORM, msg),
        ]);
        await sendCommandAndPass(client, planCommand("speak", callControlId, input), callControlId, msg, send, outcomes);
      },
    );
    const outcomes = new NodeOutcomes(RED, node, "telnyx-speak", config, status);
  }

  RED.nodes.registerType("telnyx-speak", TelnyxSpeakNode);
};
