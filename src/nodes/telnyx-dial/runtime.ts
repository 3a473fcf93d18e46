// telnyx-dial: place an outbound call (POST /calls) for each message.
import type { Node, NodeAPI, NodeDef } from "node-red";
import { DIAL_FORM } from "../../shared/call-control";
import { dial, planDial } from "../../telnyx/calls";
import { setupActionNode } from "../lib/action";
import { readCommandInput, voiceFields } from "../lib/call-control-node";
import { firstSet } from "../lib/properties";

interface TelnyxDialDef extends NodeDef {
  account: string;
  [field: string]: unknown;
}

export = (RED: NodeAPI) => {
  function TelnyxDialNode(this: Node, config: TelnyxDialDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const fields = voiceFields(config, DIAL_FORM);

    setupActionNode(
      RED,
      node,
      config.account,
      { busy: RED._("telnyx-dial.status.dialing"), done: RED._("telnyx-dial.status.dialed") },
      async (msg, send, { account, client }) => {
        const input = await readCommandInput(RED, node, fields, DIAL_FORM, msg);
        const values = input.fields ?? {};
        values.from = firstSet(values.from, account.defaults.fromNumber);
        values.connection_id = firstSet(values.connection_id, account.defaults.connectionId);
        const call = await dial(client, planDial(input));
        const out = msg as typeof msg & { call_control_id?: string };
        out.payload = call;
        out.call_control_id = call.call_control_id;
        send(out);
      },
    );
  }

  RED.nodes.registerType("telnyx-dial", TelnyxDialNode);
};
