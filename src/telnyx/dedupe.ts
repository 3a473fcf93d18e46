// Repeat detection for webhook deliveries.
//
// Telnyx retries a delivery it thinks failed, so the same event (same data.id) can arrive twice,
// sometimes while the first copy is still in the flow. We remember ids for a while and drop repeats.

/** Where seen event ids are kept. The in-memory store below is the default; a Node-RED context store can implement this too. */
export interface SeenStore {
  /** Resolves true when `id` was already recorded within the store's window; otherwise records it and resolves false. */
  checkAndRemember(id: string): Promise<boolean>;
}

export interface MemorySeenStoreOptions {
  /** How long an id counts as seen, from its first sighting. Default 10 minutes. */
  windowMs?: number;
  /** At most this many ids are kept; the oldest are forgotten first. Default 10,000. */
  maxEntries?: number;
  /** Clock in milliseconds, like Date.now (the default). */
  now?: () => number;
}

export const DEFAULT_DEDUPE_WINDOW_MS = 10 * 60 * 1000;
export const DEFAULT_DEDUPE_MAX_ENTRIES = 10_000;

/**
 * Bounded in-memory SeenStore. A Map keeps insertion order, and ids are inserted in time order, so
 * the oldest entries are always at the front: expiry and eviction both remove from the front,
 * each entry at most once (amortised O(1) per call).
 */
export class MemorySeenStore implements SeenStore {
  readonly windowMs: number;
  readonly maxEntries: number;
  private readonly now: () => number;
  // id -> time first seen (ms)
  private readonly firstSeen = new Map<string, number>();

  constructor(options: MemorySeenStoreOptions = {}) {
    this.windowMs = options.windowMs ?? DEFAULT_DEDUPE_WINDOW_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_DEDUPE_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
    if (!(this.windowMs > 0) || !Number.isFinite(this.windowMs)) {
      throw new RangeError(`windowMs: expected a number of milliseconds > 0, got ${String(this.windowMs)}`);
    }
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError(`maxEntries: expected a whole number >= 1, got ${String(this.maxEntries)}`);
    }
  }

  /** True when `id` was recorded less than windowMs ago; otherwise records it (now) and returns false. */
  seen(id: string): boolean {
    const now = this.now();
    this.pruneExpired(now);

    const first = this.firstSeen.get(id);
    if (first !== undefined) {
      if (now - first < this.windowMs) return true;
      // Expired but still here (the clock went backwards for older entries): forget it and record afresh.
      this.firstSeen.delete(id);
    }

    if (this.firstSeen.size >= this.maxEntries) {
      const oldest = this.firstSeen.keys().next();
      if (!oldest.done) this.firstSeen.delete(oldest.value);
    }
    this.firstSeen.set(id, now);
    return false;
  }

  checkAndRemember(id: string): Promise<boolean> {
    return Promise.resolve(this.seen(id));
  }

  /** Number of ids currently remembered. */
  get size(): number {
    return this.firstSeen.size;
  }

  clear(): void {
    this.firstSeen.clear();
  }

  private pruneExpired(now: number): void {
    for (const [id, first] of this.firstSeen) {
      if (now - first < this.windowMs) break;
      this.firstSeen.delete(id);
    }
  }
}
