// telnyx-dial: place an outbound call (POST /calls) for each message.
import type { Node, NodeAPI, NodeDef } from "node-red";
import { DIAL_FORM } from "../../shared/call-control";
import { dialOutcomes } from "../../shared/outcomes";
import { dial, planDial } from "../../telnyx/calls";
import { setupActionNode } from "../lib/action";
import { NodeOutcomes } from "../lib/outcome";
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

    const status = setupActionNode(
      RED,
      node,
      config.account,
      { busy: RED._("telnyx-dial.status.dialing"), done: RED._("telnyx-dial.status.dialed") },
      async (msg, send, { account, client }) => {
        const input = await readCommandInput(RED, node, fields, DIAL_FORM, msg);
        const values = input.fields ?? {};
        values.from = firstSet(values.from, account.defaults.fromNumber);
        values.connection_id = firstSet(values.connection_id, account.defaults.connectionId);
        const plan = planDial(input);
        const since = outcomes.begin();
        const call = await dial(client, plan);
        const out = msg as typeof msg & { call_control_id?: string };
        out.payload = call;
        out.call_control_id = call.call_control_id;
        // With machine detection on, its result decides answered or machine.
        if (since === undefined) send(out);
        else outcomes.wait(out, since, { callControlId: call.call_control_id }, dialOutcomes(plan.body));
      },
    );
    const outcomes = new NodeOutcomes(RED, node, "telnyx-dial", config, status);
  }

  RED.nodes.registerType("telnyx-dial", TelnyxDialNode);
};
