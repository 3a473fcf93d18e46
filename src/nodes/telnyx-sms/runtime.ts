// telnyx-sms: send an SMS or MMS for each message; an array of recipients sends to each of them.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from "node-red";
import { planMessage, sendMessage, type MessageInput, type SendMessagePlan } from "../../telnyx/messages";
import { TelnyxInputError, describeValue } from "../../shared/errors";
import { setupActionNode } from "../lib/action";
import { evaluateField, firstSet, typedField } from "../lib/properties";

interface TelnyxSmsDef extends NodeDef {
  account: string;
  allowLongText?: boolean;
  [field: string]: unknown;
}

type SmsMessage = NodeMessageInFlow & {
  to?: unknown;
  from?: unknown;
  media_urls?: unknown;
  subject?: unknown;
  messaging_profile_id?: unknown;
};

export = (RED: NodeAPI) => {
  function TelnyxSmsNode(this: Node, config: TelnyxSmsDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const fields = {
      to: typedField(config, "to"),
      from: typedField(config, "from"),
      text: typedField(config, "text"),
      mediaUrls: typedField(config, "mediaUrls"),
      subject: typedField(config, "subject"),
      messagingProfileId: typedField(config, "messagingProfileId"),
      webhookUrl: typedField(config, "webhookUrl"),
      options: typedField(config, "options"),
    };

    setupActionNode(
      RED,
      node,
      config.account,
      { busy: RED._("telnyx-sms.status.sending"), done: RED._("telnyx-sms.status.sent") },
      async (incoming, send, { account, client, error }) => {
        const msg = incoming as SmsMessage;
        const read = (name: keyof typeof fields) => evaluateField(RED, node, fields[name], msg);
        const [to, from, text, mediaUrls, subject, profile, webhookUrl, options] = await Promise.all([
          read("to"), read("from"), read("text"), read("mediaUrls"),
          read("subject"), read("messagingProfileId"), read("webhookUrl"), read("options"),
        ]);
        const common: Omit<MessageInput, "to"> = {
          from: firstSet(from, msg.from, account.defaults.fromNumber),
          text: firstSet(text, typeof msg.payload === "string" ? msg.payload : undefined),
          mediaUrls: firstSet(mediaUrls, msg.media_urls),
          subject: firstSet(subject, msg.subject),
          messagingProfileId: firstSet(profile, msg.messaging_profile_id, account.defaults.messagingProfileId),
          webhookUrl,
          options,
          allowLongText: config.allowLongText === true,
        };
        const recipients = firstSet(to, msg.to);

        if (!Array.isArray(recipients)) {
          msg.payload = await sendMessage(client, planMessage({ ...common, to: recipients }));
          send(msg);
          return;
        }

        // Several recipients: check every one before sending any, then one output message per recipient.
        if (recipients.length === 0) throw new TelnyxInputError("to", RED._("telnyx-sms.errors.no-recipients"), describeValue(recipients));
        const plans = recipients.map((recipient, i) => planFor(common, recipient, i));
        const results = await Promise.allSettled(plans.map((plan) => sendMessage(client, plan)));
        let failures = 0;
        results.forEach((result, i) => {
          const out = RED.util.cloneMessage(msg) as SmsMessage;
          out.to = plans[i].body.to;
          if (result.status === "fulfilled") {
            out.payload = result.value;
            send(out);
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
  }

  function planFor(common: Omit<MessageInput, "to">, recipient: unknown, index: number): SendMessagePlan {
    try {
      return planMessage({ ...common, to: recipient });
    } catch (err) {
      if (err instanceof TelnyxInputError && err.cause.field === "to") {
        throw new TelnyxInputError(`to[${index}]`, err.cause.expected, describeValue(recipient));
      }
      throw err;
    }
  }

  RED.nodes.registerType("telnyx-sms", TelnyxSmsNode);
};
