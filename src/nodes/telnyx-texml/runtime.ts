// telnyx-texml: builds a TeXML document from the configured verbs (templates filled from msg) or from
// msg.texml, then, by mode, answers the HTTP request in msg.res, puts it in msg.payload, or starts a
// TeXML call with it.
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from "node-red";
import { buildTexml } from "../../shared/texml/builder";
import { TexmlError } from "../../shared/texml/error";
import { assertWellFormedTexml } from "../../shared/texml/well-formed";
import { initiateTexmlCall, planTexmlCall } from "../../telnyx/texml-call-request";
import { fillTexmlTemplates, type TemplateLookup } from "../../shared/texml/template";
import { TelnyxInputError, describeValue } from "../../shared/errors";
import { setupActionNode, type DoneFn, type SendFn } from "../lib/action";
import { keepErrorCodes } from "../lib/error-code";
import { replyWithXml } from "../lib/http-reply";
import { evaluateField, firstSet, typedField } from "../lib/properties";
import { RequestStatus } from "../lib/status";

type Mode = "reply" | "output" | "call";

interface TelnyxTexmlDef extends NodeDef {
  account?: string;
  mode?: Mode;
  verbs?: unknown;
  [field: string]: unknown;
}

type TexmlNodeMessage = NodeMessageInFlow & { texml?: unknown; res?: unknown; to?: unknown; from?: unknown };

/** The editor fields of call mode, each a typedInput. */
const CALL_FIELDS = [
  "to", "from", "accountSid", "applicationId", "url", "statusCallback", "statusCallbackEvent",
  "machineDetection", "record", "callerId", "timeout", "timeLimit", "options",
] as const;

export = (RED: NodeAPI) => {
  function TelnyxTexmlNode(this: Node, config: TelnyxTexmlDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const mode: Mode = config.mode === "output" || config.mode === "call" ? config.mode : "reply";
    const verbs = Array.isArray(config.verbs) ? config.verbs : [];

    /** The document: msg.texml when present (a document, or a verb list used as it is), else the configured verbs. */
    function documentFor(msg: TexmlNodeMessage): string {
      if (!hasTexml(msg)) return buildTexml(fillTexmlTemplates(verbs, messageLookup(msg)));
      const texml = msg.texml;
      try {
        if (typeof texml === "string") {
          assertWellFormedTexml(texml);
          return texml;
        }
        if (Array.isArray(texml)) return buildTexml(texml);
      } catch (err) {
        // Say which input was wrong: the configured list and msg.texml report the same paths.
        if (err instanceof TexmlError) err.message = `msg.texml: ${err.message}`;
        throw err;
      }
      throw new TelnyxInputError("msg.texml", RED._("telnyx-texml.errors.bad-texml"), describeValue(texml));
    }

    /**
     * `{{payload.a.b}}` reads msg like RED.util.getMessageProperty, except that a missing step gives
     * undefined (getMessageProperty throws a TypeError on `payload.a.b` when `payload.a` is unset).
     */
    function messageLookup(msg: NodeMessage): TemplateLookup {
      return (path) => {
        let value: unknown = msg;
        for (const part of RED.util.normalisePropertyExpression(path, msg)) {
          if (value === undefined || value === null) return undefined;
          value = (value as Record<string | number, unknown>)[part];
        }
        return value;
      };
    }

    if (mode === "call") {
      const fields = Object.fromEntries(CALL_FIELDS.map((name) => [name, typedField(config, name)]));
      setupActionNode(
        RED,
        node,
        config.account,
        { busy: RED._("telnyx-texml.status.calling"), done: RED._("telnyx-texml.status.called") },
        async (incoming, send, { account, client }) => {
          const msg = incoming as TexmlNodeMessage;
          const v = Object.fromEntries(
            await Promise.all(CALL_FIELDS.map(async (name) => [name, await evaluateField(RED, node, fields[name], msg)] as const)),
          ) as Record<(typeof CALL_FIELDS)[number], unknown>;
          // A Url replaces the configured verbs (msg.texml with a Url is an error, from planTexmlCall); with no
          // Url, verbs or msg.texml, the call runs the application's voice URL.
          const useVerbs = verbs.length > 0 && firstSet(v.url) === undefined;
          const Texml = hasTexml(msg) || useVerbs ? documentFor(msg) : undefined;
          const plan = planTexmlCall({
            accountSid: firstSet(v.accountSid, account.defaults.texmlAccountSid),
            ApplicationSid: firstSet(v.applicationId, account.defaults.texmlApplicationId),
            To: firstSet(v.to, msg.to),
            From: firstSet(v.from, msg.from, account.defaults.fromNumber),
            Texml,
            Url: v.url,
            StatusCallback: v.statusCallback,
            StatusCallbackEvent: v.statusCallbackEvent,
            MachineDetection: v.machineDetection,
            Record: v.record,
            CallerId: v.callerId,
            Timeout: v.timeout,
            TimeLimit: v.timeLimit,
            options: v.options,
          });
          msg.payload = await initiateTexmlCall(client, plan);
          send(msg);
        },
      );
      return;
    }

    keepErrorCodes(RED, node);
    const status = new RequestStatus(node, "", RED._(mode === "reply" ? "telnyx-texml.status.replied" : "telnyx-texml.status.built"));
    node.on("input", (incoming: NodeMessageInFlow, send: SendFn, done: DoneFn) => {
      const msg = incoming as TexmlNodeMessage;
      try {
        const xml = documentFor(msg);
        if (mode === "reply") replyWithXml(msg.res, xml);
        msg.payload = xml;
        status.succeeded();
        send(msg);
        done();
      } catch (err) {
        status.failed((err as Error).message);
        done(err as Error);
      }
    });
    node.on("close", () => status.close());
  }

  RED.nodes.registerType("telnyx-texml", TelnyxTexmlNode);
};

function hasTexml(msg: TexmlNodeMessage): boolean {
  return msg.texml !== undefined && msg.texml !== null;
}
