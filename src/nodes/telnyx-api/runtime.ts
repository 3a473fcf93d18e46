// telnyx-api: any operation of the Telnyx API, chosen from the catalogue generated from openapi.yml. Path
// parameters, query and body come from the node's fields and msg (msg.params, msg.query, msg.payload), are
// checked against the operation's schema before anything is sent, and the answer comes out as msg.payload
// with msg.statusCode (a file as a Buffer with msg.contentType). Lists may follow every page.
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from "node-red";
import type { Request, Response } from "express";
import { API_SETTINGS } from "../../shared/settings";
import { isUnset } from "../../shared/formats";
import { CATALOGUE_FILE, findApiOperation, followPages, planApiRequest, sendApiRequest } from "../../telnyx/operations/api";
import { setupActionNode } from "../lib/action";
import { evaluateField, type TypedField } from "../lib/properties";
import { numberSetting } from "../lib/settings";

/** The editor loads the catalogue from here on demand (never inlined into the node's HTML). */
const CATALOGUE_ROUTE = "/telnyx-api/catalogue";

interface TelnyxApiDef extends NodeDef {
  account: string;
  operation: string;
  /** The dialog's fields: "path:<name>", "query:<name>" or "body:<name>" -> a typedInput. */
  values?: Record<string, { value?: unknown; type?: string }>;
  /** "": one request; "all": every page into one message; "each": every page, one message per item. */
  pages?: "" | "all" | "each";
  maxItems?: unknown;
}

type ApiMessage = NodeMessageInFlow & { params?: unknown; query?: unknown; statusCode?: number; contentType?: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

export = (RED: NodeAPI) => {
  function TelnyxApiNode(this: Node, config: TelnyxApiDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const fields = Object.entries(config.values ?? {}).map(([key, field]) => {
      const at = key.indexOf(":");
      const typed: TypedField = { value: field?.value === undefined ? undefined : String(field.value), type: field?.type || "str" };
      return { where: key.slice(0, at) as "path" | "query" | "body", name: key.slice(at + 1), typed };
    });
    const maxItems = numberSetting(RED, node, "maxItems", config.maxItems, API_SETTINGS.maxItems);

    const texts = { busy: RED._("telnyx-api.status.sending"), done: RED._("telnyx-api.status.done") };
    setupActionNode(RED, node, config.account, texts, async (incoming, send, { account, client }) => {
      const msg = incoming as ApiMessage;
      const operation = findApiOperation(config.operation);
      const own = { path: {} as Record<string, unknown>, query: {} as Record<string, unknown>, body: {} as Record<string, unknown> };
      const values = await Promise.all(fields.map((f) => evaluateField(RED, node, f.typed, msg)));
      fields.forEach((f, i) => {
        if (!isUnset(values[i]) && own[f.where]) own[f.where][f.name] = values[i];
      });
      // The node's command_id is the only one used: one carried along in msg would make Telnyx ignore the next command.
      const { command_id: commandId, ...ownBody } = own.body;
      const fromPayload = operation.body && isObject(msg.payload) ? { ...msg.payload } : {};
      delete fromPayload.command_id;
      const plan = planApiRequest(operation, {
        params: { ...(isObject(msg.params) ? msg.params : {}), ...own.path },
        query: { ...(isObject(msg.query) ? msg.query : {}), ...own.query },
        body: { ...fromPayload, ...ownBody },
        commandId,
      });

      if (config.pages && operation.list) {
        const result = await followPages(client, account.client!.baseUrl, plan, maxItems === 0 ? undefined : maxItems);
        const summary = { pages: result.pages, items: result.items.length, capped: result.capped };
        if (config.pages === "each") {
          const id = RED.util.generateId();
          result.items.forEach((item, index) => {
            const out = RED.util.cloneMessage(msg) as ApiMessage & { parts?: Record<string, unknown>; pages?: unknown };
            out.payload = item;
            out.statusCode = result.statusCode;
            out.pages = summary;
            out.parts = { id, index, count: result.items.length, type: "array" };
            send(out as unknown as NodeMessage);
          });
          return;
        }
        Object.assign(msg, { payload: result.items, statusCode: result.statusCode, pages: summary });
        send(msg);
        return;
      }

      const answer = await sendApiRequest(client, plan);
      msg.payload = answer.body;
      msg.statusCode = answer.statusCode;
      if (Buffer.isBuffer(answer.body)) msg.contentType = answer.contentType;
      else delete msg.contentType;
      send(msg);
    });
  }

  RED.nodes.registerType("telnyx-api", TelnyxApiNode);

  // The catalogue is public API documentation, not a secret: reading it needs only read permission.
  RED.httpAdmin.get(CATALOGUE_ROUTE, RED.auth.needsPermission("telnyx-api.read"), (_req: Request, res: Response) => {
    res.sendFile(CATALOGUE_FILE, { headers: { "content-type": "application/json" } });
  });
};
