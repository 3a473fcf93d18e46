// telnyx-webhook: serves a path on Node-RED's httpNode and turns signed Telnyx deliveries into messages.
// Events mode: JSON Call Control / Messaging events, acknowledged with 200 before the flow runs,
// repeats dropped. TeXML mode: form (or query) requests answered by the flow through msg.res, or by a
// fallback document when the flow does not answer in time.
//
// The decisions (verify, parse, filter, repeats) live in src/telnyx/webhook/; the raw-body route in
// lib/raw-body-routes.ts. This file reads the configuration, wires them and reports.
import type { ServerResponse } from "node:http";
import type { Node, NodeAPI, NodeDef } from "node-red";
import type { Request, RequestHandler, Response } from "express";
import { WEBHOOK_PATH } from "../../shared/formats";
import { DEFAULT_DEDUPE_MAX_ENTRIES, KeyValueSeenStore, MemorySeenStore, type SeenStore } from "../../telnyx/webhook/dedupe";
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TEXML_FALLBACK,
  DEFAULT_TEXML_TIMEOUT_MS,
  WebhookInbox,
  type InboundDecision,
  type TexmlRequestMessage,
  type Verification,
} from "../../telnyx/webhook/inbox";
import { DEFAULT_TOLERANCE_SECONDS, createSignatureVerifier } from "../../telnyx/webhook/signature";
import { assertWellFormedTexml } from "../../shared/texml/well-formed";
import { findAccount } from "../lib/account";
import { contextStoreNames, globalContextStore } from "../lib/global-context-store";
import { addRawBodyRoute, responseWrapper, type RawBodyRoute, type RouteBody } from "../lib/raw-body-routes";
import { ListenerStatus } from "../lib/listener-status";

interface TelnyxWebhookDef extends NodeDef {
  url?: string;
  account?: string;
  mode?: string;
  eventTypes?: string;
  toleranceSecs?: string | number;
  dedupeMinutes?: string | number;
  dedupeStore?: string;
  maxBodyKb?: string | number;
  texmlFallback?: string;
  texmlTimeoutSecs?: string | number;
  skipVerification?: boolean;
}

const DEFAULT_DEDUPE_MINUTES = 10;

export = (RED: NodeAPI) => {
  const settings = RED.settings as {
    httpNodeRoot?: string | false;
    httpAdminRoot?: string | false;
    httpNodeMiddleware?: RequestHandler | RequestHandler[];
  };

  function TelnyxWebhookNode(this: Node, config: TelnyxWebhookDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const t = (key: string, vars?: Record<string, string | number>) => RED._(`telnyx-webhook.${key}`, vars);
    const status = new ListenerStatus(node, {
      rejected: (count) => t("status.rejected", { count }),
      logRejected: (count, reason) => t("errors.rejected", { count, reason }),
    });
    node.on("close", (_removed: boolean, done: () => void) => {
      status.close();
      done();
    });

    if (settings.httpNodeRoot === false) {
      node.warn(t("errors.http-disabled"));
      status.problem(t("status.http-disabled"));
      return;
    }
    const path = typeof config.url === "string" ? config.url.trim() : "";
    if (!WEBHOOK_PATH.test(path)) {
      node.error(t("errors.bad-path", { path }));
      status.problem(t("status.bad-path"));
      return;
    }

    const mode = config.mode === "texml" ? "texml" : "events";
    const verification = verificationFor(config);
    const inbox = new WebhookInbox({
      mode,
      verification,
      eventTypes: config.eventTypes,
      // TeXML requests carry no event id, and a retried instruction fetch must be answered again.
      seen: mode === "events" ? seenStoreFor(node, config) : undefined,
    });
    const texml = mode === "texml" ? texmlResponder(node, config) : undefined;

    let route: RawBodyRoute;
    try {
      route = addRawBodyRoute(RED.httpNode, {
        path,
        owner: `telnyx-webhook node ${node.name ? `"${node.name}" ` : ""}(${node.id})`,
        limit: Math.floor(number(config.maxBodyKb, DEFAULT_MAX_BODY_BYTES / 1024, false) * 1024),
        adminRoot: settings.httpAdminRoot,
        middleware: settings.httpNodeMiddleware,
        handle,
      });
    } catch (err) {
      node.error((err as Error).message);
      status.problem(t("status.path-unavailable"));
      return;
    }
    if (!route.captureInstalled) node.warn(t("errors.no-capture"));

    if (verification.kind === "skip") status.warning(t("status.verification-off", { path: route.fullPath }));
    else if (verification.kind === "unavailable") {
      // A setup problem the status shows too: a warning, like core nodes that lack their config.
      node.warn(verification.reason);
      status.problem(findAccount(RED, config.account) ? t("status.not-verifying") : RED._("telnyx.status.no-account"));
    } else status.listening(t("status.listening", { path: route.fullPath }));

    let closed = false;
    node.on("close", () => {
      closed = true;
      route.close();
      texml?.closeAll();
    });

    let reportedLostBody = false;
    function handle(req: Request, res: Response, body: RouteBody): void {
      // A request whose body was still arriving when the node closed: nobody is left to run the flow.
      if (closed) return answer(res, 503, t("errors.closing"));
      if (!body.ok) {
        // A 500 means the setup lost the raw bytes (see lib/raw-body-routes.ts): say so once, loudly.
        if (body.status === 500 && !reportedLostBody) node.error(body.reason);
        reportedLostBody ||= body.status === 500;
        return refuse(res, body);
      }
      const decision = inbox.decide({ method: req.method, url: req.url, headers: req.headers, body: body.bytes });
      switch (decision.kind) {
        case "rejected":
          return refuse(res, decision);
        case "ignored":
          return answer(res, 200);
        case "event":
          answer(res, 200); // before the flow runs: Telnyx wants its answer within about 2 s
          void emitIfNew(decision);
          return;
        case "texml":
          return texml?.emit(req, res, decision.message);
      }
    }

    function refuse(res: ServerResponse, refusal: { status: number; reason: string; allow?: string }): void {
      answer(res, refusal.status, refusal.reason, refusal.allow ? { allow: refusal.allow } : undefined);
      status.refused(`${refusal.status} ${refusal.reason}`);
    }

    async function emitIfNew(decision: Extract<InboundDecision, { kind: "event" }>): Promise<void> {
      const { isNew, storeError } = await inbox.isNew(decision.id);
      if (storeError) node.warn(t("errors.store-failed", { reason: storeError.message }));
      if (isNew) node.send({ ...decision.message });
    }
  }

  /** Fail closed: without a usable public key nothing is accepted, unless verification is skipped on purpose. */
  function verificationFor(config: TelnyxWebhookDef): Verification {
    if (config.skipVerification === true) return { kind: "skip" };
    const account = findAccount(RED, config.account);
    if (!account) return { kind: "unavailable", reason: RED._("telnyx.errors.no-account") };
    if (!account.publicKey) return { kind: "unavailable", reason: RED._("telnyx-webhook.errors.no-public-key") };
    if (account.publicKeyProblem) {
      return { kind: "unavailable", reason: RED._("telnyx-webhook.errors.bad-public-key", { reason: account.publicKeyProblem }) };
    }
    try {
      const toleranceSeconds = number(config.toleranceSecs, DEFAULT_TOLERANCE_SECONDS);
      return { kind: "verify", verifier: createSignatureVerifier(account.publicKey, { toleranceSeconds }) };
    } catch (err) {
      return { kind: "unavailable", reason: (err as Error).message };
    }
  }

  /** In memory by default; in a named context store when one is chosen (shared by instances that share the store). */
  function seenStoreFor(node: Node, config: TelnyxWebhookDef): SeenStore | undefined {
    const minutes = number(config.dedupeMinutes, DEFAULT_DEDUPE_MINUTES);
    if (minutes === 0) return undefined;
    const windowMs = minutes * 60_000;
    const store = typeof config.dedupeStore === "string" ? config.dedupeStore.trim() : "";
    if (store === "") return new MemorySeenStore({ windowMs });
    if (!contextStoreNames(RED).includes(store)) {
      node.warn(RED._("telnyx-webhook.errors.unknown-store", { store }));
      return new MemorySeenStore({ windowMs });
    }
    return new KeyValueSeenStore(globalContextStore(node, store), { windowMs, maxEntries: DEFAULT_DEDUPE_MAX_ENTRIES });
  }

  /**
   * TeXML requests: emitted with msg.req and msg.res (see responseWrapper) for the flow to answer. A
   * request nobody has answered after the timeout, or when the node closes, gets the fallback document.
   */
  function texmlResponder(node: Node, config: TelnyxWebhookDef) {
    const timeoutMs = number(config.texmlTimeoutSecs, DEFAULT_TEXML_TIMEOUT_MS / 1000, false) * 1000;
    let fallback = typeof config.texmlFallback === "string" && config.texmlFallback.trim() !== "" ? config.texmlFallback.trim() : DEFAULT_TEXML_FALLBACK;
    try {
      assertWellFormedTexml(fallback);
    } catch (err) {
      node.error(RED._("telnyx-webhook.errors.bad-fallback", { reason: (err as Error).message }));
      fallback = DEFAULT_TEXML_FALLBACK;
    }
    const waiting = new Set<Response>();

    function answerWithFallback(res: Response, why: string): void {
      waiting.delete(res);
      if (res.headersSent || res.writableEnded) return;
      node.warn(why);
      answer(res, 200, fallback, { "content-type": "application/xml; charset=utf-8" });
    }

    return {
      emit(req: Request, res: Response, message: TexmlRequestMessage): void {
        // As core http in does: headers are lazily computed and hidden from the debug sidebar otherwise.
        Object.defineProperty(req, "headers", { value: req.headers, enumerable: true });
        waiting.add(res);
        const timer = setTimeout(() => answerWithFallback(res, RED._("telnyx-webhook.errors.texml-timeout", { seconds: timeoutMs / 1000 })), timeoutMs);
        const settled = () => {
          clearTimeout(timer);
          waiting.delete(res);
        };
        res.once("finish", settled);
        res.once("close", settled);
        node.send({ ...message, req, res: responseWrapper(res) });
      },
      closeAll(): void {
        for (const res of [...waiting]) answerWithFallback(res, RED._("telnyx-webhook.errors.texml-closed"));
      },
    };
  }

  RED.nodes.registerType("telnyx-webhook", TelnyxWebhookNode);
};

/** Answers with plain node http calls (no Express helpers needed), unless someone answered already. */
function answer(res: ServerResponse, status: number, text?: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (text === undefined) {
    res.end();
    return;
  }
  if (!res.hasHeader("content-type")) res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(text);
}

/** A number from an editor field (>= 0, or > 0 when zero makes no sense), else the default. */
function number(value: unknown, fallback: number, zeroAllowed = true): number {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && (zeroAllowed ? n >= 0 : n > 0) ? n : fallback;
}
