// telnyx-sms: send an SMS or MMS for each message; an array of recipients sends to each of them. Its `send`
// property picks the variant: a message (the default), the long code, short code or number pool endpoint,
// a group MMS, a scheduled message or the cancelling of one, or a WhatsApp template or text.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from "node-red";
import { MESSAGE_VARIANTS, messageVariant, type MessageVariant } from "../../shared/operations/messaging";
import { smsSendCanWait } from "../../shared/node-outcomes";
import { TelnyxInputError, describeValue } from "../../shared/errors";
import { planMessage, type MessageInput, type OutboundMessage } from "../../telnyx/messages";
import { send as sendRequest, type Plan } from "../../telnyx/operations/request";
import { setupActionNode } from "../lib/action";
import { NodeOutcomes } from "../lib/outcome";
import { nodeInputs, resolveInput } from "../lib/resolve";

interface TelnyxSmsDef extends NodeDef {
  account: string;
  send?: string;
  waitFor?: string;
  allowLongText?: boolean;
  [field: string]: unknown;
}

export = (RED: NodeAPI) => {
  function TelnyxSmsNode(this: Node, config: TelnyxSmsDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const inputs = nodeInputs(config, Object.values(MESSAGE_VARIANTS));
    const allowLongText = config.allowLongText === true;
    // The status says what the variant does: scheduling or cancelling is not sending.
    const [busy, done] = config.send === "schedule" ? ["scheduling", "scheduled"] : config.send === "cancel" ? ["cancelling", "cancelled"] : ["sending", "sent"];
    // A flow edited by hand may ask a schedule or a cancel to wait: say so once; it sends without waiting.
    if ((config.waitFor === "delivery" || config.waitFor === "reply") && !smsSendCanWait(config.send)) {
      node.warn(RED._("telnyx-sms.errors.no-wait", { send: String(config.send) }));
    }

    const status = setupActionNode(
      RED,
      node,
      config.account,
      { busy: RED._(`telnyx-sms.status.${busy}`), done: RED._(`telnyx-sms.status.${done}`) },
      async (msg, send, { account, client, error }) => {
        const variant = messageVariant(config.send);
        const { fields = {}, params, options } = await resolveInput(RED, node, inputs, MESSAGE_VARIANTS[variant], msg, { account: account.defaults });
        const recipients = fields.to;
        // Waiting for delivery or a reply: the message goes out later, on its outcome's output.
        const since = outcomes.begin();
        const pass = (out: NodeMessageInFlow, sent: OutboundMessage, plan: Plan) => {
          out.payload = sent;
          if (since === undefined) return send(out);
          const body = (plan.body ?? {}) as { to?: string | string[]; from?: string };
          const sender = (sent.from as { phone_number?: string } | undefined)?.phone_number ?? body.from;
          if (!Array.isArray(body.to)) {
            outcomes.wait(out, since, { messageId: sent.id, recipient: sent.to?.[0]?.phone_number ?? body.to, sender });
            return;
          }
          // A group MMS is one message to several: one wait (and one output message) per recipient.
          for (const recipient of body.to) {
            const each = RED.util.cloneMessage(out) as NodeMessageInFlow & { to?: unknown };
            each.to = recipient;
            outcomes.wait(each, since, { messageId: sent.id, recipient, sender });
          }
        };

        if (!Array.isArray(recipients) || variant === "group_mms") {
          const plan = planMessage({ variant, fields, params, options, allowLongText });
          pass(msg, await sendRequest<OutboundMessage>(client, plan), plan);
          return;
        }

        // Several recipients: check every one before sending any, then one output message per recipient.
        if (recipients.length === 0) throw new TelnyxInputError("to", RED._("telnyx-sms.errors.no-recipients"), describeValue(recipients));
        const plans = recipients.map((recipient, i) => planFor({ variant, fields: { ...fields, to: recipient }, options, allowLongText }, i));
        const results = await Promise.allSettled(plans.map((plan) => sendRequest<OutboundMessage>(client, plan)));
        let failures = 0;
        results.forEach((result, i) => {
          const out = RED.util.cloneMessage(msg) as NodeMessageInFlow & { to?: unknown };
          out.to = (plans[i].body as { to: string }).to;
          if (result.status === "fulfilled") {
            pass(out, result.value, plans[i]);
          } else {
            // Each failed recipient reaches a Catch node with its own copy of the message.
            error(result.reason, out);
            failures++;
          }
        });
        if (failures > 0) {
          return { partialFailure: RED._("telnyx-sms.status.some-failed", { failed: failures, total: plans.length }) };
        }
      },
    );
    const outcomes = new NodeOutcomes(RED, node, "telnyx-sms", config, status);
  }

  /** One recipient of a list: its errors name its place (to[2]). */
  function planFor(input: MessageInput & { variant: MessageVariant }, index: number): Plan {
    try {
      return planMessage(input);
    } catch (err) {
      if (err instanceof TelnyxInputError && err.cause.field === "to") {
        throw new TelnyxInputError(`to[${index}]`, err.cause.expected, describeValue(input.fields.to));
      }
      throw err;
    }
  }

  RED.nodes.registerType("telnyx-sms", TelnyxSmsNode);
};
