// telnyx-texml: builds a TeXML document from the configured verbs (templates filled from msg) or from
// msg.texml, then, by mode, answers the HTTP request in msg.res, puts it in msg.payload, starts a TeXML call
// with it, or acts on a live TeXML call (redirects it to the document or to a URL, or ends it).
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from "node-red";
import { buildTexml } from "../../shared/texml/builder";
import { TexmlError } from "../../shared/texml/error";
import { assertWellFormedTexml } from "../../shared/texml/well-formed";
import { isUnset } from "../../shared/formats";
import { INITIATE_TEXML_CALL, LIVE_ACTIONS, UPDATE_TEXML_CALL, type LiveAction } from "../../shared/operations/texml-calls";
import { planTexmlCall, planTexmlCallUpdate, type InitiateTexmlCallResult } from "../../telnyx/texml-call-request";
import { send as sendRequest, type PlanInput } from "../../telnyx/operations/request";
import { fillTexmlTemplates, type TemplateLookup } from "../../shared/texml/template";
import { TelnyxInputError, describeValue } from "../../shared/errors";
import { setupActionNode, type DoneFn, type SendFn } from "../lib/action";
import { keepErrorCodes } from "../lib/error-code";
import { replyWithXml } from "../lib/http-reply";
import { nodeInputs, resolveInput } from "../lib/resolve";
import { RequestStatus } from "../lib/status";

type Mode = "reply" | "output" | "call" | "live";

interface TelnyxTexmlDef extends NodeDef {
  account?: string;
  mode?: Mode;
  liveAction?: LiveAction;
  verbs?: unknown;
  [field: string]: unknown;
}

type TexmlNodeMessage = NodeMessageInFlow & { texml?: unknown; res?: unknown; to?: unknown; from?: unknown };

export = (RED: NodeAPI) => {
  function TelnyxTexmlNode(this: Node, config: TelnyxTexmlDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const mode: Mode = config.mode === "output" || config.mode === "call" || config.mode === "live" ? config.mode : "reply";
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

    if (mode === "call" || mode === "live") {
      const descriptor = mode === "call" ? INITIATE_TEXML_CALL : UPDATE_TEXML_CALL;
      const inputs = nodeInputs(config, [descriptor]);
      const action = config.liveAction || "texml";
      /** Call mode: a Url replaces the configured verbs (msg.texml with a Url is an error, from the descriptor's
       * rules); with no Url, verbs or msg.texml, the call runs the application's voice URL. */
      const startCall = (msg: TexmlNodeMessage, input: PlanInput) => {
        const useVerbs = verbs.length > 0 && isUnset(input.fields?.Url);
        const Texml = hasTexml(msg) || useVerbs ? documentFor(msg) : undefined;
        return planTexmlCall({ ...input, fields: { ...input.fields, Texml } });
      };
      /** Live mode: the document only for the redirect to TeXML, and only when there is one to send (an empty
       * `<Response/>` would hang the call up). The answer is the call resource (sid, status, ...). */
      const updateCall = (msg: TexmlNodeMessage, input: PlanInput) => {
        if (!(LIVE_ACTIONS as readonly string[]).includes(action)) {
          throw new TelnyxInputError("liveAction", `one of ${LIVE_ACTIONS.join(", ")}`, describeValue(action));
        }
        const hasDocument = action === "texml" && (hasTexml(msg) || verbs.length > 0);
        return planTexmlCallUpdate(action, input, hasDocument ? documentFor(msg) : undefined);
      };
      const [busy, done] = mode === "call" ? ["calling", "called"] : ["updating", "updated"];
      setupActionNode(
        RED,
        node,
        config.account,
        { busy: RED._(`telnyx-texml.status.${busy}`), done: RED._(`telnyx-texml.status.${done}`) },
        async (incoming, send, { account, client }) => {
          const msg = incoming as TexmlNodeMessage;
          const input = await resolveInput(RED, node, inputs, descriptor, msg, { account: account.defaults });
          msg.payload = await sendRequest<InitiateTexmlCallResult>(client, mode === "call" ? startCall(msg, input) : updateCall(msg, input));
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
