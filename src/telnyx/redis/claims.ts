// Exactly-once emission across Node-RED instances: before emitting an event, an instance claims its id
// in Redis with one atomic command, SET key token NX PX window GET. The first claim wins; every other
// instance (and every later repeat within the window) gets the winner's token back and drops the event.
//
// Redis unreachable: `claim` throws RedisUnavailableError and the webhook answers 503, so Telnyx
// delivers again later; nothing is emitted on a guess. Two things keep that exact across faults:
//
// - Claims won are also remembered here (bounded). On every reconnection they are written back with
//   SET NX and the time they have left, before the link counts as ready: a Redis restarted empty (no
//   persistence) still knows every event the running instances emitted.
// - A claim whose answer was lost (the connection dropped after sending it) may have been stored
//   without us knowing. We answered 503, so it must not stay: on reconnection it is deleted if it still
//   holds our token, and Telnyx's retry claims it afresh.
import { createHash, randomBytes } from "node:crypto";
import type { RedisCommandClient, RedisLink } from "./link";

export type ClaimVerdict = "claimed" | "repeat";

export class RedisUnavailableError extends Error {
  readonly code = "ERR_TELNYX_REDIS_UNAVAILABLE";
  constructor(reason: string) {
    super(`Redis is unreachable (${reason}); answered 503 so that Telnyx delivers again`);
    this.name = "RedisUnavailableError";
  }
  override toString(): string {
    return this.message;
  }
}

export interface RedisClaimsOptions {
  /** Keys of this store start with this (per webhook node: `telnyx:seen:<node id>:`). */
  keyPrefix: string;
  /** How long a claim lasts: the repeat window. */
  windowMs: number;
  /** Claims won remembered locally for restoring (the oldest are forgotten first). */
  maxRemembered?: number;
  /** A claim unanswered this long counts as failed (Telnyx wants its answer within about 2 s). */
  commandTimeoutMs?: number;
  now?: () => number;
}

export const DEFAULT_MAX_REMEMBERED = 10_000;
const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;
const RESTORE_BATCH = 1_000;

// Deletes the key only if it still holds the given token: never someone else's claim.
const RELEASE_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

export class RedisClaims {
  readonly windowMs: number;
  /** Identifies this instance's claims in Redis (random per store). */
  readonly token = randomBytes(8).toString("hex");
  private readonly keyPrefix: string;
  private readonly maxRemembered: number;
  private readonly commandTimeoutMs: number;
  private readonly now: () => number;
  // Insertion (= time) order, so the oldest are at the front.
  private readonly won = new Map<string, number>();
  private readonly uncertain = new Set<string>();
  private readonly stopRestoring: () => void;

  constructor(
    private readonly link: RedisLink,
    options: RedisClaimsOptions,
  ) {
    this.keyPrefix = options.keyPrefix;
    this.windowMs = options.windowMs;
    this.maxRemembered = options.maxRemembered ?? DEFAULT_MAX_REMEMBERED;
    this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    if (!(this.windowMs > 0) || !Number.isFinite(this.windowMs)) {
      throw new RangeError(`windowMs: expected a number of milliseconds > 0, got ${String(this.windowMs)}`);
    }
    this.stopRestoring = link.addOnConnect((client) => this.restore(client));
  }

  /** The webhook node closes: its claims stay in Redis until they expire; restoring them stops. */
  close(): void {
    this.stopRestoring();
  }

  /** Claims `id` for this instance: "claimed" (emit it) or "repeat" (someone has). Throws RedisUnavailableError. */
  async claim(id: string): Promise<ClaimVerdict> {
    const key = this.key(id);
    if (this.link.state !== "ready") throw new RedisUnavailableError(this.link.reason ?? this.link.state);
    if (this.uncertain.has(key)) throw new RedisUnavailableError("an earlier claim of this event is not settled yet");
    let reply: unknown;
    try {
      reply = await withTimeout(
        this.link.client.set(key, this.token, { condition: "NX", expiration: { type: "PX", value: this.windowMs }, GET: true }),
        this.commandTimeoutMs,
      );
    } catch (err) {
      // Never sent (offline): nothing to undo. Otherwise it may have been stored: undo on reconnection.
      if ((err as Error).name !== "ClientOfflineError" && (err as Error).name !== "ClientClosedError") this.unsettled(key);
      throw new RedisUnavailableError(this.link.redact((err as Error).message));
    }
    if (reply !== null && reply !== undefined) return "repeat";
    this.remember(key);
    return "claimed";
  }

  /** Gives back a claim this instance won but could not act on, so that Telnyx's next delivery is emitted. */
  async release(id: string): Promise<void> {
    const key = this.key(id);
    this.won.delete(key);
    await this.releaseKey(this.link.client, key).catch(() => this.uncertain.add(key));
  }

  /** The Redis key of an id: ids Telnyx sends (UUIDs) as they are, anything else as a fixed-size digest. */
  key(id: string): string {
    const safe = /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : `#${createHash("sha256").update(id, "utf8").digest("base64url")}`;
    return this.keyPrefix + safe;
  }

  /** A claim with no answer: released as soon as Redis answers again (here, or on reconnection). */
  private unsettled(key: string): void {
    this.uncertain.add(key);
    // Same connection, so this runs after the lost SET if that is still on its way.
    this.releaseKey(this.link.client, key).catch(() => undefined);
  }

  private async releaseKey(client: RedisCommandClient, key: string): Promise<void> {
    await client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [this.token] });
    this.uncertain.delete(key);
  }

  private remember(key: string): void {
    this.won.delete(key);
    this.won.set(key, this.now());
    if (this.won.size > this.maxRemembered) this.won.delete(this.won.keys().next().value!);
  }

  /** On (re)connection: undo unsettled claims, then write back the claims won that have time left. */
  private async restore(client: RedisCommandClient): Promise<void> {
    for (const key of [...this.uncertain]) await this.releaseKey(client, key);
    const now = this.now();
    for (const [key, at] of this.won) {
      if (now - at < this.windowMs) break;
      this.won.delete(key);
    }
    const entries = [...this.won];
    for (let start = 0; start < entries.length; start += RESTORE_BATCH) {
      const batch = client.multi();
      for (const [key, at] of entries.slice(start, start + RESTORE_BATCH)) {
        batch.set(key, this.token, { condition: "NX", expiration: { type: "PX", value: Math.max(1, at + this.windowMs - now) } });
      }
      await batch.execAsPipeline();
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
