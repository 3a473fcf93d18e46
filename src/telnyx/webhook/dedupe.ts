// Repeat detection for webhook deliveries.
//
// Telnyx retries a delivery it thinks failed, so the same event (same data.id) can arrive twice,
// sometimes while the first copy is still in the flow. We remember ids for a while and drop repeats:
// in memory (./seen-digests), or in a key-value store several Node-RED instances share
// (KeyValueSeenStore, on a Node-RED context store: src/nodes/lib/global-context-store.ts).

import { createHash } from "node:crypto";

/** A store of seen event ids that several instances may share (checked after the answer). */
export interface SeenStore {
  /** Resolves true when `id` was already recorded within the store's window; otherwise records it and resolves false. */
  checkAndRemember(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Repeats in a shared key-value store

/** The few operations a shared store (for example a Node-RED context store) offers. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  /** Stores `value`; undefined deletes the key. */
  set(key: string, value: unknown): Promise<void>;
  keys(): Promise<string[]>;
}

export interface KeyValueSeenStoreOptions {
  /** How long an id counts as seen, from its first sighting. */
  windowMs: number;
  /** About this many ids are kept: each sweep cuts back to it, oldest first. */
  maxEntries: number;
  /** A sweep runs after this many new ids (default: a tenth of maxEntries). */
  sweepEvery?: number;
  now?: () => number;
}

/** Keys of seen ids start with this, so several nodes and Node-RED instances share one namespace. */
export const SEEN_KEY_PREFIX = "telnyxSeen_";

/**
 * A SeenStore on a key-value store, one key per id with the time it was first seen, so that several
 * Node-RED instances writing at once never overwrite each other's ids. A periodic sweep deletes
 * expired keys and the oldest beyond maxEntries, so the store holds at most about
 * maxEntries + sweepEvery ids. Two instances receiving the same id in the same instant can both
 * see it as new: the store offers no atomic check-and-set; Telnyx's retries come seconds apart.
 */
export class KeyValueSeenStore implements SeenStore {
  readonly windowMs: number;
  readonly maxEntries: number;
  private readonly sweepEvery: number;
  private readonly now: () => number;
  private sinceSweep = 0;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly kv: KeyValueStore,
    options: KeyValueSeenStoreOptions,
  ) {
    this.windowMs = options.windowMs;
    this.maxEntries = options.maxEntries;
    this.sweepEvery = options.sweepEvery ?? Math.max(1, Math.floor(options.maxEntries / 10));
    this.now = options.now ?? Date.now;
    if (!(this.windowMs > 0) || !Number.isFinite(this.windowMs)) {
      throw new RangeError(`windowMs: expected a number of milliseconds > 0, got ${String(this.windowMs)}`);
    }
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError(`maxEntries: expected a whole number >= 1, got ${String(this.maxEntries)}`);
    }
  }

  async checkAndRemember(id: string): Promise<boolean> {
    const key = seenKey(id);
    const now = this.now();
    const first = await this.kv.get(key);
    // A time slightly ahead (another instance's clock) counts as seen too.
    if (typeof first === "number" && now - first < this.windowMs) return true;
    await this.kv.set(key, now);
    if (++this.sinceSweep >= this.sweepEvery) await this.sweep();
    return false;
  }

  /** Deletes expired ids, then the oldest beyond maxEntries. One sweep at a time. */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private async runSweep(): Promise<void> {
    this.sinceSweep = 0;
    const now = this.now();
    const keys = (await this.kv.keys()).filter((key) => key.startsWith(SEEN_KEY_PREFIX));
    const entries = await Promise.all(keys.map(async (key) => ({ key, first: await this.kv.get(key) })));
    const live: Array<{ key: string; first: number }> = [];
    const remove: string[] = [];
    for (const { key, first } of entries) {
      if (typeof first === "number" && now - first < this.windowMs) live.push({ key, first });
      else remove.push(key);
    }
    live.sort((a, b) => a.first - b.first);
    remove.push(...live.slice(0, Math.max(0, live.length - this.maxEntries)).map((entry) => entry.key));
    await Promise.all(remove.map((key) => this.kv.set(key, undefined)));
  }
}

/**
 * The store key of an id: readable when the id is plain (Telnyx ids are UUIDs), else "h_" and a hash
 * of it (a plain id has no "_", so the two never meet). Either way a key Node-RED context reads as one
 * name, never as a path such as "a.b".
 */
export function seenKey(id: string): string {
  return /^[A-Za-z0-9-]{1,128}$/.test(id)
    ? SEEN_KEY_PREFIX + id
    : `${SEEN_KEY_PREFIX}h_${createHash("sha256").update(id, "utf8").digest("hex")}`;
}
