// telnyx-webhook: serves a path on Node-RED's httpNode and turns signed Telnyx deliveries into messages.
// Events mode: JSON Call Control / Messaging events, acknowledged with 200 before the flow runs,
// repeats dropped. TeXML mode: form (or query) requests answered by the flow through msg.res, or by a
// fallback document when the flow does not answer in time.
//
// The decisions (verify, parse, filter, repeats) live in src/telnyx/webhook/; the raw-body route in
// lib/raw-body-routes.ts. This file reads the configuration, wires them and reports.
//
// Every verified event (also those outside the node's event types) is offered to the account's event
// hub, where nodes waiting for an outcome find theirs (lib/waits.ts). Unverified events never are.
import type { ServerResponse } from "node:http";
import type { Node, NodeAPI, NodeDef } from "node-red";
import type { Request, RequestHandler, Response } from "express";
import { WEBHOOK_PATH } from "../../shared/formats";
import { DEFAULT_DEDUPE_MAX_ENTRIES, DEFAULT_TEXML_FALLBACK } from "../../shared/defaults";
import { WEBHOOK_SETTINGS } from "../../shared/settings";
import { KeyValueSeenStore, type SeenStore } from "../../telnyx/webhook/dedupe";
import { SeenDigests } from "../../telnyx/webhook/seen-digests";
import { WebhookInbox, type InboundDecision, type TexmlRequestMessage, type Verification } from "../../telnyx/webhook/inbox";
import { createSignatureVerifier } from "../../telnyx/webhook/signature";
import type { RedisClaims } from "../../telnyx/redis/claims";
import { assertWellFormedTexml } from "../../shared/texml/well-formed";
import { findAccount, type TelnyxAccountNode } from "../lib/account";
import { contextStoreNames, globalContextStore } from "../lib/global-context-store";
import { DeployWarnings } from "../lib/deploy-warnings";
import { addRawBodyRoute, responseWrapper, type RawBodyRoute, type RouteBody } from "../lib/raw-body-routes";
import { ListenerStatus } from "../lib/listener-status";
import { accountHub } from "../lib/waits";
import { numberSetting } from "../lib/settings";

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
  /** Events that end a node's wait go only to that node, not out of this one. */
  handOffWaited?: boolean;
  /** TeXML mode: put a GET's (unsigned) query fields in msg.payload. */
  trustQuery?: boolean;
  maxSeenIds?: string | number;
  bodyTimeoutSecs?: string | number;
}

export = (RED: NodeAPI) => {
  const settings = RED.settings as {
    httpNodeRoot?: string | false;
    httpAdminRoot?: string | false;
    httpNodeMiddleware?: RequestHandler | RequestHandler[];
  };

  // Every webhook node of an account without a usable public key refuses every delivery: one log line per
  // deploy lists them all (each node's status says so too), rather than a debug-sidebar warning per node.
  const refusingAll = new DeployWarnings(RED, (problems) =>
    RED._("telnyx-webhook.errors.refusing-all", {
      count: problems.reduce((sum, problem) => sum + problem.nodes.length, 0),
      problems: problems.map(({ reason, nodes }) => `${reason} [${nodes.join(", ")}]`).join("; "),
    }),
  );

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
    const verification = verificationFor(node, config);
    // Several instances: with Redis on the account, repeats are settled there, before answering.
    const redis = mode === "events" ? findAccount(RED, config.account)?.redis : undefined;
    const claims = redis ? redisClaimsFor(node, config, redis, verification) : undefined;
    // Only verified events go to the other instances' waits: with verification skipped, anyone could post.
    const share = verification.kind === "verify" ? redis : undefined;
    const inbox = new WebhookInbox({
      mode,
      verification,
      eventTypes: config.eventTypes,
      // Replays are refused in memory whatever else is set; repeats by id in Redis when the account has it.
      ...seenStoresFor(node, config, mode, verification.kind === "verify", claims !== undefined),
      trustQuery: config.trustQuery === true,
    });
    const texml = mode === "texml" ? texmlResponder(node, config) : undefined;
    const hub = verification.kind === "verify" && typeof config.account === "string" && config.account !== "" ? accountHub(config.account) : undefined;
    const handOffWaited = config.handOffWaited === true;

    let route: RawBodyRoute;
    try {
      route = addRawBodyRoute(RED.httpNode, {
        path,
        owner: `telnyx-webhook node ${node.name ? `"${node.name}" ` : ""}(${node.id})`,
        limits: {
          maxBytes: Math.floor(numberSetting(RED, node, "maxBodyKb", config.maxBodyKb, WEBHOOK_SETTINGS.maxBodyKb) * 1024),
          timeoutMs: numberSetting(RED, node, "bodyTimeoutSecs", config.bodyTimeoutSecs, WEBHOOK_SETTINGS.bodyTimeoutSecs) * 1000,
        },
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

    if (verification.kind === "unavailable") refusingAll.add(node, verification.reason);
    const showStanding = () => {
      if (verification.kind === "unavailable") status.problem(verification.status);
      else if (redis?.problem) status.problem(t("status.redis-settings"));
      else if (redis?.link && redis.link.state !== "ready") status.problem(t(`status.redis-${redis.link.state}`));
      else if (verification.kind === "skip") status.warning(t("status.verification-off", { path: route.fullPath }));
      else status.listening(t("status.listening", { path: route.fullPath }));
    };
    showStanding();
    const unwatchRedis = redis?.link?.watch(showStanding);

    let closed = false;
    node.on("close", () => {
      closed = true;
      route.close();
      texml?.closeAll();
      unwatchRedis?.();
      claims?.close();
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
          // Not for this node's flow, but perhaps for a wait here or on another instance (a repeat was offered
          // and shared already, and carries no event).
          if (decision.event) hub?.offer(decision.event);
          if (!decision.repeat) share?.publish(body.bytes);
          return answer(res, 200);
        case "event":
          // Asked to share with other instances and cannot: refuse rather than risk emitting twice.
          if (redis?.problem) {
            inbox.forgetEvent(decision.id); // refused: Telnyx delivers it again, and that is no repeat
            return refuse(res, { status: 503, reason: redis.problem });
          }
          if (claims) return void claimThenEmit(claims, res, decision, body.bytes);
          answer(res, 200); // before the flow runs: Telnyx wants its answer within about 2 s
          void emitIfNew(decision, endedAWait(decision));
          return;
        case "texml":
          return texml?.emit(req, res, decision.message);
      }
    }

    function refuse(res: ServerResponse, refusal: { status: number; reason: string; allow?: string }): void {
      answer(res, refusal.status, refusal.reason, refusal.allow ? { allow: refusal.allow } : undefined);
      status.refused(`${refusal.status} ${refusal.reason}`);
    }

    /**
     * Several instances: the instance that claims the id in Redis emits the event and tells the others
     * (for their waits); the rest answer 200 and drop it. No answer from Redis: 503, emit nothing, and
     * Telnyx delivers again. A round trip to Redis on loopback or a LAN stays far inside Telnyx's 2 s.
     */
    async function claimThenEmit(claims: RedisClaims, res: ServerResponse, decision: Extract<InboundDecision, { kind: "event" }>, body: Uint8Array): Promise<void> {
      let verdict: "claimed" | "repeat";
      try {
        verdict = await claims.claim(decision.id);
      } catch (err) {
        return refuse(res, { status: 503, reason: (err as Error).message });
      }
      if (verdict === "claimed" && closed) {
        // Closed while claiming: nobody is left to run the flow. Give the claim back for the retry.
        await claims.release(decision.id);
        return answer(res, 503, t("errors.closing"));
      }
      answer(res, 200);
      if (verdict !== "claimed") return;
      share?.publish(body);
      if (!endedAWait(decision)) node.send({ ...decision.message });
    }

    /** Offers the event to the account's waits; true when it ended one and goes only to that node. */
    function endedAWait(decision: Extract<InboundDecision, { kind: "event" }>): boolean {
      const ended = hub?.offer(decision.event).ended ?? 0;
      return handOffWaited && ended > 0;
    }

    /** `handedOff`: the event ended a wait and goes only to the waiting node (still remembered as seen). */
    async function emitIfNew(decision: Extract<InboundDecision, { kind: "event" }>, handedOff: boolean): Promise<void> {
      const { isNew, storeError } = await inbox.isNew(decision.id);
      if (storeError) node.warn(t("errors.store-failed", { reason: storeError.message }));
      if (isNew && !handedOff) node.send({ ...decision.message });
    }
  }

  /**
   * Fail closed: without a usable public key nothing is accepted, unless verification is skipped on
   * purpose. When unavailable, `reason` is the log's and the 503's explanation, `status` the node's.
   */
  function verificationFor(
    node: Node,
    config: TelnyxWebhookDef,
  ): Exclude<Verification, { kind: "unavailable" }> | { kind: "unavailable"; reason: string; status: string } {
    if (config.skipVerification === true) return { kind: "skip" };
    const account = findAccount(RED, config.account);
    if (!account) return { kind: "unavailable", reason: RED._("telnyx.errors.no-account"), status: RED._("telnyx.status.no-account") };
    const unusable = RED._("telnyx-webhook.status.bad-public-key");
    if (!account.publicKey) {
      return { kind: "unavailable", reason: RED._("telnyx-webhook.errors.no-public-key"), status: RED._("telnyx-webhook.status.no-public-key") };
    }
    if (account.publicKeyProblem) {
      return { kind: "unavailable", reason: RED._("telnyx-webhook.errors.bad-public-key", { reason: account.publicKeyProblem }), status: unusable };
    }
    try {
      const toleranceSeconds = numberSetting(RED, node, "toleranceSecs", config.toleranceSecs, WEBHOOK_SETTINGS.toleranceSecs);
      return { kind: "verify", verifier: createSignatureVerifier(account.publicKey, { toleranceSeconds }) };
    } catch (err) {
      return { kind: "unavailable", reason: (err as Error).message, status: unusable };
    }
  }

  /**
   * Claims in Redis, each for the repeat window and at least until its signature expires (so a replay is
   * refused even with repeats off); none when the settings are unusable.
   */
  function redisClaimsFor(
    node: Node,
    config: TelnyxWebhookDef,
    redis: NonNullable<TelnyxAccountNode["redis"]>,
    verification: Verification | { kind: "unavailable" },
  ): RedisClaims | undefined {
    if (redis.problem) return undefined;
    const minutes = numberSetting(RED, node, "dedupeMinutes", config.dedupeMinutes, WEBHOOK_SETTINGS.dedupeMinutes);
    const signatureWindowMs = verification.kind === "verify" ? (verification.verifier.toleranceSeconds * 2 + 1) * 1000 : 0;
    const windowMs = Math.max(minutes * 60_000, signatureWindowMs);
    return windowMs > 0 ? redis.claimsFor(node.id, windowMs) : undefined;
  }

  /**
   * Where repeats are caught. In memory: event ids for the Repeats window, and every id (TeXML mode: every
   * signature) at least until its signature expires, whatever the Repeats setting (replays). In a named
   * context store, when one is chosen: event ids for the window, shared by instances that share the store.
   * With Redis claims, Redis catches repeats and replays alike (a claim lasts at least the signature
   * window), and a delivery answered 503 there can come again: nothing is kept in memory for events.
   */
  function seenStoresFor(
    node: Node,
    config: TelnyxWebhookDef,
    mode: "events" | "texml",
    verifying: boolean,
    claimedInRedis: boolean,
  ): { seen?: SeenDigests; shared?: SeenStore } {
    if (mode === "events" && claimedInRedis) return {};
    const minutes = mode === "events" ? numberSetting(RED, node, "dedupeMinutes", config.dedupeMinutes, WEBHOOK_SETTINGS.dedupeMinutes) : 0;
    const capacity = numberSetting(RED, node, "maxSeenIds", config.maxSeenIds, WEBHOOK_SETTINGS.maxSeenIds);
    const windowMs = minutes * 60_000;
    let store = typeof config.dedupeStore === "string" ? config.dedupeStore.trim() : "";
    if (store !== "" && !contextStoreNames(RED).includes(store)) {
      node.warn(RED._("telnyx-webhook.errors.unknown-store", { store }));
      store = "";
    }
    if (minutes > 0 && store !== "") {
      const shared = new KeyValueSeenStore(globalContextStore(node, store), { windowMs, maxEntries: DEFAULT_DEDUPE_MAX_ENTRIES });
      return { shared, seen: verifying ? new SeenDigests({ capacity, windowMs: 0 }) : undefined };
    }
    return verifying || windowMs > 0 ? { seen: new SeenDigests({ capacity, windowMs }) } : {};
  }

  /**
   * TeXML requests: emitted with msg.req and msg.res (see responseWrapper) for the flow to answer. A
   * request nobody has answered after the timeout, or when the node closes, gets the fallback document.
   */
  function texmlResponder(node: Node, config: TelnyxWebhookDef) {
    const timeoutMs = numberSetting(RED, node, "texmlTimeoutSecs", config.texmlTimeoutSecs, WEBHOOK_SETTINGS.texmlTimeoutSecs) * 1000;
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

