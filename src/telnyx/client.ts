// The one HTTP client every node shares, one instance per account (owned by the telnyx-config node).
//
// - undici keep-alive pool; proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (EnvHttpProxyAgent).
// - A bound on requests in flight; the rest wait in arrival order, so a flow that injects 10,000
//   messages opens at most `maxConcurrent` sockets.
// - A timeout per attempt, and retries with exponential backoff and jitter. What is retried depends on
//   whether repeating the request is safe (see `shouldRetry`): POST /messages has no idempotency key,
//   so it is never repeated after an ambiguous failure unless the account opts in.
// - Closing ends everything cleanly: queued requests fail at once, in-flight ones get a grace period.
// - Answers are read up to a size limit and no further, so a misbehaving server or proxy cannot fill memory.
// - Every dynamic path segment goes through `pathSegment`, which refuses ids a proxy would normalise away.
import fs from "node:fs";
import path from "node:path";
import { EnvHttpProxyAgent, type Dispatcher } from "undici";
import {
  DEFAULT_BACKOFF_MS,
  DEFAULT_BASE_URL,
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_MAX_ANSWER_MB,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_BACKOFF_MS,
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
} from "../shared/defaults";
import {
  TelnyxAnswerTooLargeError,
  TelnyxApiError,
  TelnyxClosedError,
  TelnyxConnectionError,
  TelnyxTimeoutError,
  TelnyxWithdrawnError,
  type RateLimitInfo,
  type TelnyxErrorObject,
} from "./errors";
import { TelnyxInputError, describeValue } from "../shared/errors";

/** The longest answer read from the API (DEFAULT_MAX_ANSWER_MB), in bytes. */
export const DEFAULT_MAX_ANSWER_BYTES = DEFAULT_MAX_ANSWER_MB * 1024 * 1024;

/** Every option left out takes its default from src/shared/defaults.ts. */
export interface TelnyxClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts in all, including the first. */
  maxAttempts?: number;
  /** Requests in flight at once. */
  maxConcurrent?: number;
  /** Retry non-idempotent requests (message sends) after 5xx, timeouts and resets. May send twice. Default false. */
  retryAmbiguous?: boolean;
  /** First backoff delay; doubles each retry, capped at `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Cap on a server-given delay (Retry-After, x-ratelimit-reset). */
  maxRetryAfterMs?: number;
  /** How long `close()` lets in-flight requests finish before aborting them. */
  closeGraceMs?: number;
  /** Longest answer body read; a longer one ends in TelnyxAnswerTooLargeError unread. Default DEFAULT_MAX_ANSWER_BYTES. */
  maxAnswerBytes?: number;
}

export interface TelnyxRequest {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path under the base URL, with every dynamic segment built by `pathSegment`. */
  path: string;
  /** Query parameters: an object, or name/value pairs when a name repeats (a list parameter). */
  query?: Record<string, string> | Array<[string, string]>;
  body?: unknown;
  /** Send the body as application/x-www-form-urlencoded (TeXML REST updates) instead of JSON. */
  form?: boolean;
  /**
   * True when sending the request twice has the same effect as once (reads, call commands that carry a
   * command_id). Only idempotent requests are retried after an ambiguous failure.
   */
  idempotent: boolean;
}

/** What a request may carry besides itself: a way to take it back while it still waits for a slot. */
export interface RequestOptions {
  /**
   * Aborting it withdraws the request if it is still waiting for a slot (or has not asked for one yet):
   * it then rejects with TelnyxWithdrawnError and nothing is sent. Once the request has its slot, the
   * signal is ignored: a request on its way is never cut off by it.
   */
  withdraw?: AbortSignal;
  /** Called when the request gets its slot, just before it is sent: from then on it cannot be withdrawn. */
  onSlot?: () => void;
}

/** What operations need of a client: sending a request. The nodes hand operations a per-message view of it. */
export interface TelnyxRequester {
  request<T>(req: TelnyxRequest, options?: RequestOptions): Promise<TelnyxResponse<T>>;
}

export interface TelnyxResponse<T> {
  statusCode: number;
  /** Parsed JSON (or the text when it is not JSON); a Buffer when the answer is a file (audio, PDF, ...). */
  body: T;
  /** The answer's Content-Type, when it gave one. */
  contentType?: string;
  rateLimit: RateLimitInfo;
  /** How many attempts it took (1 when the first one succeeded). */
  attempts: number;
}

/** Error codes that mean the connection was never made, so nothing reached the API. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);

interface Waiting {
  label: string;
  start: () => void;
  fail: (err: Error) => void;
}

export class TelnyxClient implements TelnyxRequester {
  readonly baseUrl: string;
  /** The base URL split once: requests go to `origin` with `pathPrefix + path`. */
  private readonly origin: string;
  private readonly pathPrefix: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxConcurrent: number;
  private readonly retryAmbiguous: boolean;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly closeGraceMs: number;
  private readonly maxAnswerBytes: number;
  private readonly dispatcher: Dispatcher;
  private readonly userAgent = userAgent();

  private active = 0;
  private readonly queue: Waiting[] = [];
  private readonly inFlight = new Set<AbortController>();
  private readonly sleeping = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private idle: (() => void) | undefined;
  private closed = false;

  constructor(options: TelnyxClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, "");
    const base = new URL(this.baseUrl);
    this.origin = base.origin;
    this.pathPrefix = base.pathname.replace(/\/+$/, "");
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_REQUEST_TIMEOUT_SECONDS * 1000);
    this.maxAttempts = positive(options.maxAttempts, DEFAULT_MAX_ATTEMPTS);
    this.maxConcurrent = positive(options.maxConcurrent, DEFAULT_MAX_CONCURRENT);
    this.retryAmbiguous = options.retryAmbiguous ?? false;
    this.backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    this.maxAnswerBytes = positive(options.maxAnswerBytes, DEFAULT_MAX_ANSWER_BYTES);
    this.dispatcher = new EnvHttpProxyAgent({ connections: this.maxConcurrent, keepAliveTimeout: 30_000 });
  }

  /** Requests waiting for a free slot. */
  get queued(): number {
    return this.queue.length;
  }

  /** Requests waiting out a backoff or Retry-After before their next attempt. */
  get waitingToRetry(): number {
    return this.sleeping.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a request, with the retries its kind allows. Rejects with one of the errors in ./errors. */
  async request<T>(req: TelnyxRequest, options: RequestOptions = {}): Promise<TelnyxResponse<T>> {
    const label = `${req.method} ${req.path}`;
    assertNoDotSegments(req.path);
    await this.acquireSlot(label, options.withdraw);
    options.onSlot?.();
    try {
      for (let attempt = 1; ; attempt++) {
        let error: Error;
        try {
          const response = await this.attempt<T>(req, label);
          return { ...response, attempts: attempt };
        } catch (err) {
          error = err as Error;
        }
        const delay = attempt < this.maxAttempts ? this.retryDelay(req, error, attempt) : undefined;
        if (delay === undefined || this.closed) throw error;
        // A close during the wait ends the request with the error it already has: it is the honest outcome.
        if (!(await this.sleep(delay))) throw error;
      }
    } finally {
      this.releaseSlot();
    }
  }

  /**
   * Ends the client: queued requests fail with TelnyxClosedError at once, requests waiting to retry end
   * with their last error, in-flight attempts get `closeGraceMs` to finish and are then aborted, and the
   * connection pool is closed. Safe to call more than once.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.fail(new TelnyxClosedError(waiting.label));
    for (const sleeper of this.sleeping) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
    }
    if (this.active > 0) {
      const allDone = new Promise<void>((resolve) => (this.idle = resolve));
      let graceTimer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, this.closeGraceMs)));
      await Promise.race([allDone, graceOver]);
      clearTimeout(graceTimer);
      for (const controller of this.inFlight) controller.abort();
      await allDone;
    }
    await this.dispatcher.close();
  }

  private acquireSlot(label: string, withdraw: AbortSignal | undefined): Promise<void> {
    if (withdraw?.aborted) return Promise.reject(new TelnyxWithdrawnError(label));
    if (this.closed) return Promise.reject(new TelnyxClosedError(label));
    if (this.active < this.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onWithdraw = () => {
        const index = this.queue.indexOf(waiting);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(new TelnyxWithdrawnError(label));
      };
      const waiting: Waiting = {
        label,
        start: () => {
          withdraw?.removeEventListener("abort", onWithdraw);
          this.active++;
          resolve();
        },
        fail: (err) => {
          withdraw?.removeEventListener("abort", onWithdraw);
          reject(err);
        },
      };
      withdraw?.addEventListener("abort", onWithdraw, { once: true });
      this.queue.push(waiting);
    });
  }

  private releaseSlot(): void {
    this.active--;
    const next = this.queue.shift();
    if (next) next.start();
    else if (this.active === 0 && this.idle) this.idle();
  }

  /** Resolves true after `ms`, or false at once when the client closes meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleeping.delete(sleeper);
          resolve(true);
        }, ms),
        wake: () => {
          this.sleeping.delete(sleeper);
          resolve(false);
        },
      };
      this.sleeping.add(sleeper);
    });
  }

  private async attempt<T>(req: TelnyxRequest, label: string): Promise<Omit<TelnyxResponse<T>, "attempts">> {
    const search = req.query ? new URLSearchParams(req.query).toString() : "";
    const query = search ? `?${search}` : "";
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      accept: "application/json",
      "user-agent": this.userAgent,
    };
    let body: string | undefined;
    if (req.body !== undefined && req.form) {
      body = formEncode(req.body);
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers["content-type"] = "application/json";
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    this.inFlight.add(controller);
    try {
      const res = await this.dispatcher.request({
        origin: this.origin,
        path: this.pathPrefix + req.path + query,
        method: req.method,
        headers,
        body,
        signal: controller.signal,
      });
      const bytes = await readBounded(res.body, res.headers, this.maxAnswerBytes);
      if (bytes === undefined) {
        res.body.destroy(); // closes the connection: the rest of the answer is never read
        throw new TelnyxAnswerTooLargeError(label, res.statusCode, this.maxAnswerBytes);
      }
      const rateLimit = readRateLimit(res.headers);
      const contentType = header(res.headers, "content-type");
      const file = res.statusCode >= 200 && res.statusCode < 300 && isFile(contentType);
      const parsed = file ? bytes : parseJson(bytes.toString("utf8"));
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return { statusCode: res.statusCode, body: parsed as T, rateLimit, ...(contentType ? { contentType } : {}) };
      }
      const apiError = new TelnyxApiError({
        statusCode: res.statusCode,
        errors: readErrors(parsed),
        rateLimit,
        request: label,
      });
      retryAfterOf.set(apiError, readRetryAfterMs(res.headers, rateLimit));
      throw apiError;
    } catch (err) {
      if (err instanceof TelnyxApiError || err instanceof TelnyxAnswerTooLargeError) throw err;
      if (timedOut) throw new TelnyxTimeoutError(label, this.timeoutMs);
      if (controller.signal.aborted) {
        throw new TelnyxConnectionError(label, "the account closed while waiting for the answer", true);
      }
      const code = errorCode(err);
      const notSent = code !== undefined && NOT_SENT_CODES.has(code);
      throw new TelnyxConnectionError(label, code ?? (err as Error).message ?? "unknown error", !notSent);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  /** Milliseconds to wait before the next attempt, or undefined when this failure must not be retried. */
  private retryDelay(req: TelnyxRequest, err: Error, attempt: number): number | undefined {
    const backoff = Math.min(this.backoffMs * 2 ** (attempt - 1), this.maxBackoffMs) * (1 - Math.random() * 0.25);
    const safeToRepeat = req.idempotent || this.retryAmbiguous;
    if (err instanceof TelnyxApiError) {
      if (err.statusCode === 429) {
        const hinted = retryAfterOf.get(err);
        return hinted === undefined ? backoff : Math.min(hinted, this.maxRetryAfterMs);
      }
      return RETRYABLE_STATUS.has(err.statusCode) && safeToRepeat ? backoff : undefined;
    }
    if (err instanceof TelnyxConnectionError) {
      return !err.cause.requestSent || safeToRepeat ? backoff : undefined;
    }
    if (err instanceof TelnyxTimeoutError) return safeToRepeat ? backoff : undefined;
    return undefined;
  }
}

/** The server's requested delay for a 429, kept beside the error rather than on it (it is not for users). */
const retryAfterOf = new WeakMap<Error, number | undefined>();

/**
 * One dynamic path segment (an id such as `v3:abc...`), encoded the way RFC 3986 allows (`:` and `@` stay
 * literal). Every operation builds its paths through this, so every id gets the same checks: an empty id,
 * `.` or `..` would be normalised away by a proxy or server and send the request elsewhere
 * (`/calls/../actions/hangup`), so they are refused with an input error naming the field. Their
 * percent-encoded spellings (`%2e`) are refused too: some proxies decode before normalising.
 */
export function pathSegment(field: string, value: string): string {
  if (isDotSegment(value) || value === "") {
    throw new TelnyxInputError(field, "an id (not empty, not . or ..)", describeValue(value));
  }
  return encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%40/g, "@");
}

function isDotSegment(segment: string): boolean {
  return /^(?:\.|%2e){1,2}$/i.test(segment);
}

/** The last line of defence for a path built without `pathSegment`: never send one a proxy would rewrite. */
function assertNoDotSegments(path: string): void {
  const segments = path.split("?")[0].split("/").slice(1);
  if (segments.some((segment) => isDotSegment(segment) || segment === "")) {
    throw new TelnyxInputError("path", "a path without empty, . or .. segments", describeValue(path));
  }
}

/**
 * Reads an answer body up to `maxBytes`. Undefined when it is longer (by its Content-Length, or by
 * counting as it arrives): the caller then destroys the stream, so at most `maxBytes` are ever held.
 */
async function readBounded(
  body: Dispatcher.ResponseData["body"],
  headers: Record<string, string | string[] | undefined>,
  maxBytes: number,
): Promise<Buffer | undefined> {
  if (Number(header(headers, "content-length")) > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** An answer that is a file rather than JSON or text (recordings, media, PDFs). */
function isFile(contentType: string | undefined): boolean {
  return contentType !== undefined && !/json|^text\/|xml|javascript/i.test(contentType);
}

/** A flat object as a form: lists as repeated names, objects as JSON, booleans and numbers as text. */
function formEncode(body: unknown): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
  }
  return form.toString();
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readErrors(body: unknown): TelnyxErrorObject[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter((e): e is TelnyxErrorObject => typeof e === "object" && e !== null);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readRateLimit(headers: Record<string, string | string[] | undefined>): RateLimitInfo {
  const num = (name: string) => {
    const raw = header(headers, name);
    const value = raw === undefined ? NaN : Number(raw);
    return Number.isFinite(value) ? value : undefined;
  };
  return {
    limit: num("x-ratelimit-limit"),
    remaining: num("x-ratelimit-remaining"),
    reset: num("x-ratelimit-reset"),
  };
}

/** Retry-After (seconds or an HTTP date), else x-ratelimit-reset (seconds), in milliseconds. */
export function readRetryAfterMs(
  headers: Record<string, string | string[] | undefined>,
  rateLimit: RateLimitInfo,
  now = Date.now(),
): number | undefined {
  const retryAfter = header(headers, "retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (rateLimit.reset !== undefined && rateLimit.reset >= 0) return rateLimit.reset * 1000;
  return undefined;
}

function errorCode(err: unknown): string | undefined {
  // undici puts the system error either on the error itself or on its cause.
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === "string" && e.code !== "UND_ERR_SOCKET") return e.code;
    e = e.cause as typeof e;
  }
  return (err as { code?: string })?.code;
}

function userAgent(): string {
  return `node-red-contrib-telnyx/${packageVersion()} node/${process.version}`;
}

/** Our own package.json is two levels up from src/telnyx and three from nodes/lib/telnyx. */
function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      if (pkg.name === "node-red-contrib-telnyx") return pkg.version;
    } catch {
      // not here; keep walking up
    }
  }
  return "0.0.0";
}
