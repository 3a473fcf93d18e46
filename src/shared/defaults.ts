// Every default setting, and the range of every number a node's dialog lets you type, in one place.
// The runtime, the editors (registerType `defaults` and validators) and the tests import these, so a
// default is never written twice. No Node-RED, no `node:` modules: the editor bundles use this file.
//
// The help texts (src/nodes/<type>/help.html) name some of these values in prose; test/defaults.test.ts
// checks that they still agree.

/** The range a number setting accepts (see settings.ts for the check and its wording). */
export interface NumberRange {
  readonly min: number;
  /** True when `min` itself is not allowed (a value must be greater). */
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly integer?: boolean;
  /** For messages: "seconds", "minutes", ... */
  readonly unit?: string;
}

// ---------------------------------------------------------------------------------------------
// Account (telnyx-config) and the client it holds

export const DEFAULT_BASE_URL = "https://api.telnyx.com/v2";

/** timeoutSecs: how long one attempt of a request may take. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 15;
export const REQUEST_TIMEOUT_SECONDS_RANGE: NumberRange = { min: 1, max: 120, unit: "seconds" };

/** maxConcurrent: requests per account in flight at once; the rest wait in arrival order. */
export const DEFAULT_MAX_CONCURRENT = 10;
export const MAX_CONCURRENT_RANGE: NumberRange = { min: 1, max: 100, integer: true };

/** Attempts in all for a request that may be retried, including the first. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** The first retry waits this long; each retry doubles it, up to DEFAULT_MAX_BACKOFF_MS. */
export const DEFAULT_BACKOFF_MS = 500;
export const DEFAULT_MAX_BACKOFF_MS = 8_000;
/** A server-given delay (Retry-After, x-ratelimit-reset) is capped at this. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** On redeploy or shutdown, requests in flight may finish for this long before they are aborted. */
export const DEFAULT_CLOSE_GRACE_MS = 10_000;
/** The longest API answer read, in MB; a longer one ends in ERR_TELNYX_ANSWER_TOO_LARGE, unread. */
export const DEFAULT_MAX_ANSWER_MB = 4;
export const MAX_ANSWER_MB_RANGE: NumberRange = { min: 0, minExclusive: true, max: 1024, unit: "MB" };
/** Messages a node hands over on redeploy wait this long for the redeployed node (none comes after a shutdown). */
export const SUCCESSOR_WAIT_MS = 60_000;
/** The account dialog's "Test connection" request: one attempt, this long. */
export const CONNECTION_TEST_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Webhook (telnyx-webhook)

/** toleranceSecs: how far a signature's timestamp may be from this machine's clock (replay protection). */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;
export const SIGNATURE_TOLERANCE_SECONDS_RANGE: NumberRange = { min: 0, unit: "seconds" };

/** dedupeMinutes: how long an event id counts as seen, so a repeated delivery is dropped (0: off). */
export const DEFAULT_DEDUPE_MINUTES = 10;
export const DEDUPE_MINUTES_RANGE: NumberRange = { min: 0, unit: "minutes" };
/** In a shared context store: about this many event ids are remembered; the oldest are forgotten first. */
export const DEFAULT_DEDUPE_MAX_ENTRIES = 10_000;
/**
 * maxSeenIds: ids (event ids, TeXML signatures) a webhook node keeps in memory: 2,000 events per second
 * for the 300 s signature tolerance. Full of ids whose signature still verifies, it answers 503.
 */
export const DEFAULT_MAX_SEEN_IDS = 600_000;
export const MAX_SEEN_IDS_RANGE: NumberRange = { min: 1, max: 2 ** 28, integer: true };

/** bodyTimeoutSecs: a request body that has not fully arrived by then is cut off with 408. */
export const DEFAULT_BODY_TIMEOUT_SECONDS = 10;
export const BODY_TIMEOUT_SECONDS_RANGE: NumberRange = { min: 0, minExclusive: true, unit: "seconds" };

// Waiting for outcomes (src/telnyx/webhook/event-hub.ts): per account, at most this many waits at once;
// events no wait took yet are kept this long (a command's answer with the client's retries), this many.
export const DEFAULT_MAX_WAITS = 20_000;
export const DEFAULT_WAIT_BUFFER_MS = 60_000;
export const DEFAULT_WAIT_BUFFER_MAX = 1_000;
/** waitTimeout: at most setTimeout's limit (about 24.8 days), in seconds. */
export const MAX_WAIT_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
/** waitTimeout: seconds, more than 0 and at most MAX_WAIT_TIMEOUT_SECONDS; empty means the operation's default. */
export const WAIT_TIMEOUT_SECONDS: NumberRange = { min: 0, minExclusive: true, max: MAX_WAIT_TIMEOUT_SECONDS, unit: "seconds" };

/** maxBodyKb: a larger request body is refused with 413. */
export const DEFAULT_MAX_BODY_KB = 1024;
export const MAX_BODY_KB_RANGE: NumberRange = { min: 0, minExclusive: true, unit: "KB" };

/** texmlTimeoutSecs: a TeXML request the flow has not answered by then gets the fallback document. */
export const DEFAULT_TEXML_ANSWER_TIMEOUT_SECONDS = 10;
export const TEXML_ANSWER_TIMEOUT_SECONDS_RANGE: NumberRange = { min: 0, minExclusive: true, unit: "seconds" };

/** texmlFallback: what a TeXML caller hears when the flow does not answer in time: a polite message, then hang up. */
export const DEFAULT_TEXML_FALLBACK =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  "<Response><Say>Sorry, we cannot take your call right now. Please try again later.</Say><Hangup/></Response>";

// ---------------------------------------------------------------------------------------------
// API node (telnyx-api)

/** maxItems: following a list's pages stops after this many items (0: no cap, every page). */
export const DEFAULT_API_MAX_ITEMS = 1000;
export const API_MAX_ITEMS_RANGE: NumberRange = { min: 0, integer: true };

// ---------------------------------------------------------------------------------------------
// Voice

/**
 * The voice used when the node and msg give none. `voice` is required by the API; this is the spec's own
 * example value (Telnyx's KokoroTTS model, voice "af"), which needs no third-party key.
 */
export const DEFAULT_VOICE = "Telnyx.KokoroTTS.af";
