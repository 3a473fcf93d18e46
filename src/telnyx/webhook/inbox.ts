// One inbound webhook request, from the bytes received to the HTTP answer and what to emit.
// No Node-RED and no Express here: the telnyx-webhook node reads the request (./raw-body), asks
// `decide` for the answer, answers, and emits.
//
//   WebhookInbox        method -> signature (./signature) -> parse (./parse) -> event-type filter ->
//                       repeats (./seen-digests in memory; `isNew` for a shared store, ./dedupe)
//   eventMessage        the msg fields of a verified event
//
// Order for a JSON event: verify the raw bytes, parse, drop repeats, answer 200 (Telnyx wants an answer
// within about 2 s), then run the flow. A TeXML request is answered by the flow instead (with a fallback
// document if it does not), so its decision carries no status.
//
// Replays. A signature covers `timestamp|body` and stays valid for the tolerance, so within it a captured
// delivery could be sent again: event ids and TeXML signatures are remembered at least until their
// signature expires (./seen-digests), and a full store refuses with 503 rather than forget one. The
// query string of a TeXML request is not signed: its fields reach msg.payload only when the node trusts
// them, and a signed request with an empty body but a query is refused unless it does.

import { decodeClientState } from "../client-state";
import type { SeenStore } from "./dedupe";
import type { SeenDigests } from "./seen-digests";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, readHeader, type SignatureVerifier, type WebhookHeaders } from "./signature";
import {
  compileEventFilter,
  parseEvent,
  parseForm,
  parseQuery,
  type FormFields,
  type TelnyxEvent,
  type TelnyxEventMeta,
} from "./parse";

export type WebhookMode = "events" | "texml";

// ---------------------------------------------------------------------------------------------
// Deciding the answer

/** How deliveries are authenticated. */
export type Verification =
  | { kind: "verify"; verifier: SignatureVerifier }
  /** Testing only: every request is taken as genuine. */
  | { kind: "skip" }
  /** Fail closed: no usable public key, so nothing is accepted; `reason` says why. */
  | { kind: "unavailable"; reason: string };

export interface InboundRequest {
  method: string;
  /** Path and query as received (the query matters for a TeXML GET). */
  url: string;
  headers: WebhookHeaders;
  /** The body exactly as received. */
  body: Uint8Array;
}

/** The msg fields of a verified Telnyx event. */
export interface EventMessage {
  topic: string;
  payload: Record<string, unknown>;
  event: { id: string; event_type: string; occurred_at?: string; record_type?: string };
  meta?: TelnyxEventMeta;
  clientState?: unknown;
}

/** The msg fields of a verified TeXML request: its form (POST) or query (GET) fields. */
export interface TexmlRequestMessage {
  topic: "texml";
  payload: FormFields;
}

export type InboundDecision =
  /** Refused: answer `status` with `reason`; nothing is emitted. `allow` goes in the Allow header of a 405. */
  | { kind: "rejected"; status: 400 | 403 | 405 | 413 | 415 | 503; reason: string; allow?: string }
  /** A verified event whose type the node does not want, or a repeat: acknowledged, not emitted (`event`, when set, is for waiting nodes). */
  | { kind: "ignored"; status: 200; reason: string; repeat?: true; event?: TelnyxEvent }
  /** A verified event: answer 200, then emit `message` if `isNew(id)`. */
  | { kind: "event"; status: 200; id: string; message: EventMessage; event: TelnyxEvent }
  /** A verified TeXML request: emit `message`; the flow (or the fallback) answers. Its signature is accepted once. */
  | { kind: "texml"; message: TexmlRequestMessage };

export interface WebhookInboxOptions {
  mode: WebhookMode;
  verification: Verification;
  /** Event types to emit, wildcards allowed ("call.*"); empty emits every type. Events mode only. */
  eventTypes?: string | readonly string[];
  /**
   * Event ids (TeXML mode: signatures) seen, in memory: a repeat is refused before the answer, and a
   * full store answers 503. None (only without verification and with repeats off) accepts every delivery.
   */
  seen?: SeenDigests;
  /** Event ids in a store several instances share: checked after the answer, through `isNew`. */
  shared?: SeenStore;
  /** TeXML mode: put a GET's query fields in msg.payload although the signature does not cover them. */
  trustQuery?: boolean;
}

const ALLOWED_METHODS: Record<WebhookMode, readonly string[]> = {
  events: ["POST"],
  texml: ["GET", "POST"],
};

const FORM_TYPE = "application/x-www-form-urlencoded";

export class WebhookInbox {
  readonly mode: WebhookMode;
  private readonly verification: Verification;
  private readonly wanted: (eventType: string) => boolean;
  private readonly seen: SeenDigests | undefined;
  private readonly shared: SeenStore | undefined;
  private readonly trustQuery: boolean;

  constructor(options: WebhookInboxOptions) {
    this.mode = options.mode;
    this.verification = options.verification;
    this.wanted = compileEventFilter(options.eventTypes);
    this.seen = options.seen;
    this.shared = options.shared;
    this.trustQuery = options.trustQuery === true;
  }

  /** The answer to one request. Synchronous and never throws: bad input only ever gives a 4xx. */
  decide(request: InboundRequest): InboundDecision {
    const method = String(request.method).toUpperCase();
    const allowed = ALLOWED_METHODS[this.mode];
    if (!allowed.includes(method)) {
      return { kind: "rejected", status: 405, reason: `method ${method} is not accepted here`, allow: allowed.join(", ") };
    }

    const verification = this.verification;
    if (verification.kind === "unavailable") {
      return { kind: "rejected", status: 503, reason: verification.reason };
    }
    // Until when a replay of this request would still verify (0 when nothing is verified).
    let signedUntilMs = 0;
    if (verification.kind === "verify") {
      const result = verification.verifier.verify(request.headers, request.body);
      if (!result.ok) return { kind: "rejected", status: 403, reason: result.reason };
      signedUntilMs = (result.timestamp + verification.verifier.toleranceSeconds + 1) * 1000;
    }

    return this.mode === "texml" ? this.texml(request, method, signedUntilMs) : this.event(request, signedUntilMs);
  }

  /**
   * Whether a verified event is seen for the first time (and remembers it). A store that fails
   * counts as "new", with the error: an event already acknowledged is better emitted twice than lost.
   */
  async isNew(id: string): Promise<{ isNew: boolean; storeError?: Error }> {
    if (!this.shared) return { isNew: true };
    try {
      return { isNew: !(await this.shared.checkAndRemember(id)) };
    } catch (err) {
      return { isNew: true, storeError: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  /** Forgets an event that was refused after `decide` accepted it, so that its next delivery is not a repeat. */
  forgetEvent(id: string): void {
    this.seen?.forget(`event ${id}`);
  }

  private event(request: InboundRequest, signedUntilMs: number): InboundDecision {
    const parsed = parseEvent(request.body);
    if (!parsed.ok) return { kind: "rejected", status: 400, reason: parsed.reason };
    const data = parsed.event.data;
    if (!this.wanted(data.event_type)) {
      return { kind: "ignored", status: 200, reason: `event type ${data.event_type} is not in the node's list`, event: parsed.event };
    }
    const seen = this.seen?.checkAndRemember(`event ${data.id}`, signedUntilMs);
    // A repeat carries no event: waiting nodes were offered it on its first delivery.
    if (seen === "seen") return { kind: "ignored", status: 200, reason: `event ${data.id} was delivered already`, repeat: true };
    if (seen === "full") return { kind: "rejected", status: 503, reason: FULL };
    return { kind: "event", status: 200, id: data.id, message: eventMessage(parsed.event), event: parsed.event };
  }

  private texml(request: InboundRequest, method: string, signedUntilMs: number): InboundDecision {
    const type = mediaType(request.headers);
    if (method === "POST" && request.body.length > 0 && type !== FORM_TYPE) {
      return { kind: "rejected", status: 415, reason: `expected an ${FORM_TYPE} body, got ${type || "no content type"}` };
    }
    const query = parseQuery(request.url);
    const hasQuery = Object.keys(query).length > 0;
    const signed = signedUntilMs > 0;
    // The signature covers the body only: an empty signed body says nothing about the query beside it.
    if (signed && !this.trustQuery && request.body.length === 0 && hasQuery) {
      return { kind: "rejected", status: 403, reason: UNSIGNED_QUERY };
    }
    const signature = readHeader(request.headers, SIGNATURE_HEADER);
    const timestamp = readHeader(request.headers, TIMESTAMP_HEADER);
    const seen = signed ? this.seen?.checkAndRemember(`signature ${String(timestamp)} ${String(signature)}`, signedUntilMs) : "new";
    if (seen === "seen") return { kind: "rejected", status: 403, reason: "this signature was used already (a replayed request)" };
    if (seen === "full") return { kind: "rejected", status: 503, reason: FULL };
    const payload = method === "GET" ? (this.trustQuery || !signed ? query : {}) : parseForm(request.body);
    return { kind: "texml", message: { topic: "texml", payload } };
  }
}

/** The msg fields of an event: topic = event type, payload = data.payload, client_state decoded. */
export function eventMessage(event: TelnyxEvent): EventMessage {
  const { data, meta } = event;
  const payload = data.payload ?? {};
  const message: EventMessage = {
    topic: data.event_type,
    payload,
    event: { id: data.id, event_type: data.event_type, occurred_at: data.occurred_at, record_type: data.record_type },
  };
  if (meta !== undefined) message.meta = meta;
  const clientState = typeof payload.client_state === "string" ? decodeClientState(payload.client_state) : undefined;
  if (clientState !== undefined) message.clientState = clientState;
  return message;
}

const FULL = "too many deliveries within the signature window to remember them all; try again later";
const UNSIGNED_QUERY =
  "the signature covers the body, not the query string: set the TeXML application to POST, or let the node trust query fields";

/** The media type of the Content-Type header, lower-cased, without parameters; "" when absent. */
function mediaType(headers: WebhookHeaders): string {
  const value = readHeader(headers, "content-type");
  return typeof value === "string" ? value.split(";")[0].trim().toLowerCase() : "";
}
