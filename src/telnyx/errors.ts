// Errors raised by the Telnyx client: what the API answered, or why it could not answer. The base
// class and input errors live in src/shared/errors.ts.
//
// Node-RED copies only `message`, `code`, `stack` and `cause` of an error onto a Catch node's
// `msg.error`, so every error here puts what a flow needs to branch on in `code`, the details in
// `cause`, and writes a message that reads well on its own. None of them ever holds the API key:
// request headers are never copied into an error.
import { TelnyxError } from "../shared/errors";

/** One entry of the API's `{"errors": [...]}` envelope (lenient: some products use `description`). */
export interface TelnyxErrorObject {
  code?: string;
  title?: string;
  detail?: string;
  description?: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
}

/** The rate-limit headers Telnyx sends on every response. */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets. */
  reset?: number;
}

export interface TelnyxApiErrorCause {
  statusCode: number;
  title?: string;
  detail?: string;
  errors: TelnyxErrorObject[];
  rateLimit: RateLimitInfo;
  /** Method and path of the request, without host or query (never contains credentials). */
  request: string;
}

/** The API answered with a non-2xx status. `code` is the Telnyx error code (e.g. "10002") or "HTTP_<status>". */
export class TelnyxApiError extends TelnyxError {
  override readonly name = "TelnyxApiError";
  readonly code: string;
  override readonly cause: TelnyxApiErrorCause;

  constructor(cause: TelnyxApiErrorCause) {
    const first = cause.errors[0] ?? {};
    const code = first.code ? String(first.code) : `HTTP_${cause.statusCode}`;
    const title = first.title ?? cause.title ?? httpReason(cause.statusCode);
    const detail = first.detail ?? first.description;
    const pointer = first.source?.pointer ?? first.source?.parameter;
    let message = `${cause.statusCode} ${title}`;
    if (first.code) message += ` (${first.code})`;
    if (detail && detail !== title) message += `: ${detail}`;
    if (pointer) message += ` [${pointer}]`;
    super(message);
    this.code = code;
    this.cause = { ...cause, title, detail };
  }

  get statusCode(): number {
    return this.cause.statusCode;
  }
}

/**
 * The request never got an answer from the API. `requestSent` tells whether any of the request may
 * have reached the server: when false (connection refused, DNS failure) a retry cannot duplicate it.
 */
export class TelnyxConnectionError extends TelnyxError {
  override readonly name = "TelnyxConnectionError";
  readonly code = "ERR_TELNYX_CONNECTION";
  override readonly cause: { reason: string; requestSent: boolean; request: string };

  constructor(request: string, reason: string, requestSent: boolean) {
    super(
      requestSent
        ? `Connection to the Telnyx API failed after the request was sent (${reason}); it may or may not have been processed`
        : `Could not connect to the Telnyx API (${reason}); nothing was sent`,
    );
    this.cause = { reason, requestSent, request };
  }
}

/** No answer within the per-attempt timeout. The request may have been processed. */
export class TelnyxTimeoutError extends TelnyxError {
  override readonly name = "TelnyxTimeoutError";
  readonly code = "ERR_TELNYX_TIMEOUT";
  override readonly cause: { timeoutMs: number; request: string };

  constructor(request: string, timeoutMs: number) {
    super(`No answer from the Telnyx API within ${timeoutMs} ms; the request may or may not have been processed`);
    this.cause = { timeoutMs, request };
  }
}

/**
 * The request was never sent: its account (and client) was closed by a redeploy or shutdown, or its node
 * was removed or disabled while the message waited for its turn.
 */
export class TelnyxClosedError extends TelnyxError {
  override readonly name = "TelnyxClosedError";
  readonly code = "ERR_TELNYX_CLOSED";
  override readonly cause: { request: string; closed: "account" | "node" };

  constructor(request: string, closed: "account" | "node" = "account") {
    super(
      closed === "account"
        ? "The Telnyx account was closed (redeploy or shutdown) before the request was sent; nothing was sent"
        : "The node was removed or disabled before this message was sent; nothing was sent",
    );
    this.cause = { request, closed };
  }
}

/**
 * The request was taken back before it got a slot (its node is being redeployed and hands its queued
 * messages to its successor). Nothing was sent. The nodes handle it; it is not meant to reach a flow.
 */
export class TelnyxWithdrawnError extends TelnyxError {
  override readonly name = "TelnyxWithdrawnError";
  readonly code = "ERR_TELNYX_WITHDRAWN";
  override readonly cause: { request: string };

  constructor(request: string) {
    super("The request was withdrawn before it was sent; nothing was sent");
    this.cause = { request };
  }
}

/**
 * The API's answer was longer than the account's limit, so it was not read (a proxy or a fault can send
 * anything; reading it whole could exhaust memory). The status line did arrive: a 2xx means the request
 * was processed even though its result could not be read.
 */
export class TelnyxAnswerTooLargeError extends TelnyxError {
  override readonly name = "TelnyxAnswerTooLargeError";
  readonly code = "ERR_TELNYX_ANSWER_TOO_LARGE";
  override readonly cause: { statusCode: number; maxBytes: number; request: string };

  constructor(request: string, statusCode: number, maxBytes: number) {
    const processed = statusCode >= 200 && statusCode < 300 ? "the request was processed" : "the request failed";
    super(
      `The Telnyx API's answer (HTTP ${statusCode}) was longer than the account's limit of ${maxBytes} bytes and was not read; ${processed}`,
    );
    this.cause = { statusCode, maxBytes, request };
  }
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return reasons[status] ?? "HTTP error";
}
