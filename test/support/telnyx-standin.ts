// A stand-in for the Telnyx API: a real HTTP server on loopback that records every request and answers
// like Telnyx does, or as a test tells it to (slowly, with error bodies, 429 + Retry-After, 5xx, or by
// dropping the connection). Nothing in the tests talks to the real API.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path under /v2, without the query string, still percent-encoded as sent. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
}

export interface Behaviour {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Read the request, then destroy the socket without answering (a reset after sending). */
  drop?: boolean;
  /** Answer these bytes as they are (a file), with `headers`' content-type. */
  raw?: Buffer;
  /**
   * Answer with a JSON body of this many bytes, streamed in chunks as the client reads them (chunked, no
   * Content-Length unless `declareLength`). `streamedBytes` tells how much of it was written.
   */
  answerBytes?: number;
  declareLength?: boolean;
  /** Only consume this behaviour for requests whose path matches. */
  path?: RegExp;
}

/** The applications a webhook URL can be set on, as the stand-in keeps them, under their list paths. */
export interface StandInApplications {
  "/call_control_applications": Array<Record<string, unknown>>;
  "/messaging_profiles": Array<Record<string, unknown>>;
  "/texml_applications": Array<Record<string, unknown>>;
}

/**
 * Two of each kind, shaped like the spec's CallControlApplication, MessagingProfile and TexmlApplication
 * (test/stand-in.test.ts checks them against the response schemas). Fictional names and URLs.
 */
export function sampleApplications(): StandInApplications {
  return {
    "/call_control_applications": [
      callControlApplication("1293384261075731401", "Front desk IVR", "https://old.example.com/telnyx/events", "2"),
      callControlApplication("1293384261075731402", "Outbound dialer", "https://example.com/dialer", "1"),
    ],
    "/messaging_profiles": [
      messagingProfile("40017f8e-49bd-4f2a-9a51-2c3b1f0e0001", "Support SMS", "https://old.example.com/telnyx/events"),
      messagingProfile("40017f8e-49bd-4f2a-9a51-2c3b1f0e0002", "Marketing", null),
    ],
    "/texml_applications": [
      texmlApplication("1293384261075731501", "TeXML menu", "https://example.com/texml"),
      texmlApplication("1293384261075731502", "TeXML voicemail", "https://example.com/voicemail"),
    ],
  };
}

function callControlApplication(id: string, name: string, url: string, version: "1" | "2") {
  return {
    id,
    record_type: "call_control_application",
    application_name: name,
    active: true,
    webhook_event_url: url,
    webhook_event_failover_url: null,
    webhook_api_version: version,
    webhook_timeout_secs: null,
    created_at: "2026-11-01T10:00:00.000Z",
    updated_at: "2026-11-01T10:00:00.000Z",
  };
}

function messagingProfile(id: string, name: string, url: string | null) {
  return {
    id,
    record_type: "messaging_profile",
    name,
    enabled: true,
    webhook_url: url,
    webhook_failover_url: null,
    webhook_api_version: "2",
    whitelisted_destinations: ["US"],
    created_at: "2026-11-01T10:00:00.000Z",
    updated_at: "2026-11-01T10:00:00.000Z",
  };
}

function texmlApplication(id: string, name: string, url: string) {
  return {
    id,
    record_type: "texml_application",
    friendly_name: name,
    active: true,
    voice_url: url,
    voice_method: "post",
    created_at: "2026-11-01T10:00:00.000Z",
    updated_at: "2026-11-01T10:00:00.000Z",
  };
}

export class TelnyxStandIn {
  readonly requests: RecordedRequest[] = [];
  /** What GET lists and PATCH changes; tests may replace or extend it. */
  applications: StandInApplications = sampleApplications();
  /** Most requests that were being answered at the same moment. */
  maxInFlight = 0;
  /** What GET /connections/{id}/active_calls lists (cursor-paged, as Telnyx does); tests may replace it. */
  activeCalls: Array<Record<string, unknown>> = sampleActiveCalls();
  /** Delay for requests without a scripted behaviour (a slow API). */
  defaultDelayMs = 0;
  /** Bytes of the last `answerBytes` answer written before it finished or the client hung up. */
  streamedBytes = 0;
  private inFlight = 0;
  private readonly script: Behaviour[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  /** Starts on an ephemeral loopback port. */
  async start(): Promise<this> {
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What the account's "API base URL" should be. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v2`;
  }

  /** Open TCP connections from clients. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** The next matching requests get these answers, in order; the rest get the default answers. */
  enqueue(...behaviours: Behaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  /** Resolves once `count` requests in all have arrived. */
  waitForRequests(count: number, timeoutMs = 5_000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`stand-in: waited for ${count} requests, got ${this.requests.length}`)),
        timeoutMs,
      );
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
    this.maxInFlight = 0;
    this.applications = sampleApplications();
    this.activeCalls = sampleActiveCalls();
    this.defaultDelayMs = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://stand-in");
    const path = url.pathname.replace(/^\/v2/, "");
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = rawBody;
    }
    const recorded: RecordedRequest = { method: req.method ?? "", path, query: url.searchParams, headers: req.headers, rawBody, body };
    this.requests.push(recorded);
    this.waiters = this.waiters.filter((w) => (this.requests.length >= w.count ? (w.resolve(), false) : true));

    const index = this.script.findIndex((b) => !b.path || b.path.test(path));
    const behaviour = index >= 0 ? this.script.splice(index, 1)[0] : {};
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const delayMs = behaviour.delayMs ?? this.defaultDelayMs;
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (behaviour.drop) {
        req.socket.destroy();
        return;
      }
      if (behaviour.raw) {
        res.writeHead(behaviour.status ?? 200, { "content-type": "application/octet-stream", ...behaviour.headers });
        res.end(behaviour.raw);
        return;
      }
      if (behaviour.answerBytes) {
        await this.streamAnswer(res, behaviour.status ?? 200, behaviour.answerBytes, behaviour.declareLength === true);
        return;
      }
      const known = defaultAnswer(recorded) ?? applicationAnswer(recorded, this.applications) ?? activeCallsAnswer(recorded, this.activeCalls);
      const status = behaviour.status ?? (known === undefined ? 404 : 200);
      const answer =
        behaviour.body !== undefined
          ? behaviour.body
          : status < 300
            ? known
            : status === 404
              ? errorBody(404, "10005", "Resource not found")
              : errorBody(status);
      res.writeHead(status, {
        "content-type": "application/json",
        "x-ratelimit-limit": "100",
        "x-ratelimit-remaining": "99",
        "x-ratelimit-reset": "1",
        ...behaviour.headers,
      });
      res.end(JSON.stringify(answer));
    } finally {
      this.inFlight--;
    }
  }

  /** `{"data":{"pad":"xxx…"}}` of exactly `size` bytes, written with backpressure, 64 kB at a time. */
  private async streamAnswer(res: http.ServerResponse, status: number, size: number, declareLength: boolean): Promise<void> {
    const head = Buffer.from('{"data":{"pad":"');
    const tail = Buffer.from('"}}');
    const chunk = Buffer.alloc(64 * 1024, "x");
    res.writeHead(status, { "content-type": "application/json", ...(declareLength ? { "content-length": String(size) } : {}) });
    this.streamedBytes = 0;
    let hungUp = false;
    res.once("close", () => (hungUp = true));
    const write = async (buf: Buffer) => {
      this.streamedBytes += buf.length;
      if (res.write(buf) || hungUp) return;
      await new Promise<void>((resolve) => {
        const go = () => {
          res.off("drain", go);
          res.off("close", go);
          resolve();
        };
        res.on("drain", go);
        res.on("close", go);
      });
    };
    await write(head);
    let left = size - head.length - tail.length;
    while (left > 0 && !hungUp) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      await write(piece);
    }
    if (!hungUp) {
      this.streamedBytes += tail.length;
      res.end(tail);
    }
  }
}

/** Telnyx's error envelope. */
export function errorBody(status: number, code = "10007", title = "Unexpected error", detail?: string) {
  const error: Record<string, unknown> = { code, title };
  if (detail) error.detail = detail;
  return { errors: [error] };
}

let sequence = 0;

/** The last group of a UUID, unique per answer however many a test makes. */
function hex12(n: number): string {
  return n.toString(16).padStart(12, "0");
}

/** Answers shaped like the spec's 200 responses for the operations the nodes use. */
function defaultAnswer(req: RecordedRequest): unknown {
  const body = (req.body ?? {}) as Record<string, unknown>;
  sequence++;
  if (req.method === "POST" && req.path === "/messages/whatsapp") {
    return {
      data: {
        id: `40385f64-5717-4562-b3fc-${hex12(sequence)}`,
        record_type: "message",
        direction: "outbound",
        type: "WHATSAPP",
        body: body.whatsapp_message,
        from: { phone_number: body.from },
        to: [{ phone_number: body.to, status: "queued" }],
        received_at: "2026-11-23T10:00:00.000+00:00",
      },
    };
  }
  const cancel = req.method === "DELETE" ? /^\/messages\/([^/]+)$/.exec(req.path) : null;
  if (cancel) {
    // OutboundMessagePayloadCancelled: the message itself, not under `data`.
    return {
      id: decodeURIComponent(cancel[1]),
      record_type: "message",
      direction: "outbound",
      type: "SMS",
      from: { phone_number: "+15550001111" },
      to: [{ phone_number: "+15557654321", status: "cancelled" }],
      errors: [],
      sent_at: null,
    };
  }
  if (req.method === "POST" && req.path.startsWith("/messages")) {
    // A group MMS goes to a list; a scheduled message waits for its send_at.
    const status = req.path === "/messages/schedule" || body.send_at ? "scheduled" : "queued";
    return {
      data: {
        id: `40385f64-5717-4562-b3fc-${hex12(sequence)}`,
        record_type: "message",
        direction: "outbound",
        type: body.media_urls || Array.isArray(body.to) ? "MMS" : "SMS",
        messaging_profile_id: body.messaging_profile_id ?? "4000eba1-a0c0-4563-9925-b25e842a7cb6",
        from: { phone_number: body.from ?? "+15550001111", carrier: "Telnyx", line_type: "VoIP" },
        to: [body.to].flat().map((to) => ({ phone_number: to, status, carrier: "T-MOBILE USA, INC.", line_type: "Wireless" })),
        text: body.text,
        media: ((body.media_urls as string[] | undefined) ?? []).map((url) => ({ url, content_type: null, sha256: null, size: null })),
        encoding: "GSM-7",
        parts: 1,
        cost: null,
        errors: [],
        received_at: "2026-11-23T10:00:00.000+00:00",
        sent_at: null,
        completed_at: null,
        webhook_url: body.webhook_url ?? null,
      },
    };
  }
  if (req.method === "POST" && req.path === "/calls") {
    return {
      data: {
        call_control_id: `v3:standin-call-${sequence}`,
        call_leg_id: `2dc6fc34-f9e0-11ea-b68e-${hex12(sequence)}`,
        call_session_id: `2dc1b3c8-f9e0-11ea-bc5a-${hex12(sequence)}`,
        client_state: body.client_state,
        is_alive: false,
        record_type: "call",
      },
    };
  }
  if (req.method === "POST" && /^\/calls\/[^/]+\/actions\//.test(req.path)) return { data: { result: "ok" } };
  if (req.method === "POST" && /^\/texml\/Accounts\/[^/]+\/Calls$/.test(req.path)) {
    return { from: body.From, status: "queued", to: body.To };
  }
  if (req.method === "GET" && /^\/calls\/[^/]+$/.test(req.path)) {
    // Call (RetrieveCallStatus): the call asked about, alive.
    return {
      data: {
        call_control_id: decodeURIComponent(req.path.slice("/calls/".length)),
        call_leg_id: `2dc6fc34-f9e0-11ea-b68e-${hex12(sequence)}`,
        call_session_id: `2dc1b3c8-f9e0-11ea-bc5a-${hex12(sequence)}`,
        is_alive: true,
        call_duration: 50,
        start_time: "2026-11-29T10:00:00.000Z",
        record_type: "call",
      },
    };
  }
  const texmlCall = /^\/texml\/Accounts\/([^/]+)\/Calls\/([^/]+)$/.exec(req.path);
  if (req.method === "POST" && texmlCall) {
    // CallResource (UpdateTexmlCall): the form body read as the API reads it.
    const form = new URLSearchParams(req.rawBody);
    const [accountSid, callSid] = [decodeURIComponent(texmlCall[1]), decodeURIComponent(texmlCall[2])];
    return {
      account_sid: accountSid,
      sid: callSid,
      direction: "inbound",
      from: "+15550001111",
      to: "+15557654321",
      status: form.get("Status") === "completed" ? "completed" : "in-progress",
      date_updated: "Sun, 29 Nov 2026 10:00:00 +0000",
      uri: `/v2/texml/Accounts/${accountSid}/Calls/${callSid}.json`,
    };
  }
  if (req.method === "GET" && req.path === "/balance") {
    return { data: { record_type: "balance", balance: "300.00", currency: "USD", credit_limit: "100.00", available_credit: "400.00", pending: "0.00" } };
  }
  return undefined;
}

/** Three live calls (ActiveCall), fictional ids. */
export function sampleActiveCalls(count = 3): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    call_control_id: `v3:standin-active-${i + 1}`,
    call_leg_id: `2dc6fc34-f9e0-11ea-b68e-${hex12(i + 1)}`,
    call_session_id: `2dc1b3c8-f9e0-11ea-bc5a-${hex12(i + 1)}`,
    client_state: "",
    call_duration: 10 * (i + 1),
    record_type: "call",
  }));
}

/**
 * ListConnectionActiveCalls, cursor-paged as the spec's CursorPaginationMeta says: page[limit] (or
 * page[size]) per page, page[after] the cursor of the next page, meta.next its path (absent on the last).
 * As in the spec's example, meta.next carries only page[after]: a request without a page size gets 20.
 */
function activeCallsAnswer(req: RecordedRequest, calls: Array<Record<string, unknown>>): unknown {
  const match = /^\/connections\/([^/]+)\/active_calls$/.exec(req.path);
  if (req.method !== "GET" || !match) return undefined;
  const size = Number(req.query.get("page[limit]") ?? req.query.get("page[size]") ?? 20);
  const after = req.query.get("page[after]");
  const start = after ? Number(after.replace(/^cursor-/, "")) : 0;
  const data = calls.slice(start, start + size);
  const end = start + data.length;
  const meta: Record<string, unknown> = { total_items: calls.length, cursors: {} };
  if (end < calls.length) {
    (meta.cursors as Record<string, string>).after = `cursor-${end}`;
    meta.next = `/v2/connections/${match[1]}/active_calls?page[after]=cursor-${end}`;
  }
  return { data, meta };
}

/**
 * Lists (paged with page[number] and page[size], as all three list operations are) and PATCHes of the
 * applications: a PATCH merges the body into the stored one and answers it, like Telnyx's 200.
 */
function applicationAnswer(req: RecordedRequest, applications: StandInApplications): unknown {
  const [, collection, id, rest] = /^(\/[a-z_]+)(?:\/([^/]+))?(\/.*)?$/.exec(req.path) ?? [];
  if (rest !== undefined || !(collection in applications)) return undefined;
  const items = applications[collection as keyof StandInApplications];
  if (req.method === "GET" && id === undefined) {
    const size = Number(req.query.get("page[size]") ?? 20);
    const number = Number(req.query.get("page[number]") ?? 1);
    return {
      data: items.slice((number - 1) * size, number * size),
      meta: { page_number: number, page_size: size, total_pages: Math.max(1, Math.ceil(items.length / size)), total_results: items.length },
    };
  }
  if (req.method === "PATCH" && id !== undefined) {
    const item = items.find((candidate) => candidate.id === decodeURIComponent(id));
    if (!item) return undefined;
    Object.assign(item, req.body, { updated_at: "2026-11-29T12:00:00.000Z" });
    return { data: item };
  }
  return undefined;
}
