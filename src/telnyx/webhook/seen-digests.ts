// Ids a webhook has seen, in memory with a hard bound: each id is kept as a 16-byte digest in typed
// arrays (no strings, no Map), so the store's size is fixed when it is made: 24 bytes per id plus a
// hash table of 4-byte slots at most half full (600,000 ids: 22.8 MB).
//
// Each id is kept for two reasons, with a time for each:
// - protected until its signature expires (signed timestamp + tolerance): until then a replay of the
//   delivery would verify, so the id must not be forgotten. When the store is full of protected ids,
//   a new id is refused ("full": the webhook answers 503 and Telnyx delivers it again later) rather
//   than forgetting one early.
// - kept for the dedupe window from first sight, to drop Telnyx's own repeated deliveries (each one
//   signed afresh). This part gives way when room is needed: the oldest id that is no longer
//   protected is forgotten first.
//
// Layout: a ring of entries in arrival order (digest, keep-until, protected-until; times in whole
// seconds), and an open-addressing hash table (linear probing) of ring positions for lookups.
import { createHash } from "node:crypto";
import { DEFAULT_MAX_SEEN_IDS } from "../../shared/defaults";

export type SeenResult = "new" | "seen" | "full";

export interface SeenDigestsOptions {
  /** Most ids held at once. Default DEFAULT_MAX_SEEN_IDS. */
  capacity?: number;
  /** How long an id is kept from first sight, when there is room (drops Telnyx's own repeats). */
  windowMs: number;
  /** Clock in milliseconds, like Date.now (the default). */
  now?: () => number;
}

const WORDS = 4; // 16-byte digests as four 32-bit words
const EMPTY = -1;

export class SeenDigests {
  readonly capacity: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly digests: Uint32Array;
  private readonly keepUntil: Uint32Array;
  private readonly protectedUntil: Uint32Array;
  /** 1 at a ring position whose id was forgotten before its time (it is no longer in the hash table). */
  private readonly forgotten: Uint8Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Ring position of the oldest entry, and how many there are. */
  private head = 0;
  private count = 0;
  private readonly probe = new Uint32Array(WORDS);

  constructor(options: SeenDigestsOptions) {
    this.capacity = options.capacity ?? DEFAULT_MAX_SEEN_IDS;
    this.windowMs = options.windowMs;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.capacity) || this.capacity < 1 || this.capacity > 2 ** 28) {
      throw new RangeError(`capacity: expected a whole number from 1 to ${2 ** 28}, got ${String(this.capacity)}`);
    }
    if (!(this.windowMs >= 0) || !Number.isFinite(this.windowMs)) {
      throw new RangeError(`windowMs: expected a number of milliseconds >= 0, got ${String(this.windowMs)}`);
    }
    this.digests = new Uint32Array(this.capacity * WORDS);
    this.keepUntil = new Uint32Array(this.capacity);
    this.protectedUntil = new Uint32Array(this.capacity);
    this.forgotten = new Uint8Array(this.capacity);
    // At most half full, so probe runs stay short.
    const tableSize = 2 ** Math.ceil(Math.log2(this.capacity * 2));
    this.slots = new Int32Array(tableSize).fill(EMPTY);
    this.mask = tableSize - 1;
  }

  /** Ids held now. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the typed arrays (what the capacity costs, whatever is in it). */
  get bytes(): number {
    return this.digests.byteLength + this.keepUntil.byteLength + this.protectedUntil.byteLength + this.forgotten.byteLength + this.slots.byteLength;
  }

  /**
   * "seen" when `id` is held; otherwise records it and answers "new", or "full" when there is no room
   * without forgetting a protected id (then nothing is recorded). `protectedUntilMs`: when its
   * signature stops verifying (0 or absent: not signed, kept only for the window).
   */
  checkAndRemember(id: string, protectedUntilMs = 0): SeenResult {
    const nowSeconds = Math.floor(this.now() / 1000);
    this.expire(nowSeconds);
    this.digestInto(id);
    if (this.find() !== EMPTY) return "seen";
    if (this.count === this.capacity) {
      if (this.protectedUntil[this.head] > nowSeconds) return "full";
      this.removeOldest(); // kept only for the window: it gives way
    }
    const at = (this.head + this.count) % this.capacity;
    this.digests.set(this.probe, at * WORDS);
    this.keepUntil[at] = Math.ceil((nowSeconds * 1000 + this.windowMs) / 1000);
    this.protectedUntil[at] = Math.ceil(protectedUntilMs / 1000);
    this.forgotten[at] = 0;
    this.insertSlot(at);
    this.count++;
    return "new";
  }

  /**
   * Forgets `id` when it is held: for a delivery refused after it was recorded (503: Telnyx delivers it
   * again, and that delivery must not count as a repeat). Its ring position stays until it is the oldest.
   */
  forget(id: string): void {
    this.digestInto(id);
    const at = this.find();
    if (at === EMPTY) return;
    this.deleteSlot(this.slotOf(at));
    this.forgotten[at] = 1;
    this.protectedUntil[at] = 0;
    this.keepUntil[at] = 0;
  }

  clear(): void {
    this.slots.fill(EMPTY);
    this.head = 0;
    this.count = 0;
  }

  /** Forgets the oldest entries while both their times have passed. */
  private expire(nowSeconds: number): void {
    while (this.count > 0) {
      const at = this.head;
      if (this.keepUntil[at] > nowSeconds || this.protectedUntil[at] > nowSeconds) return;
      this.removeOldest();
    }
  }

  private removeOldest(): void {
    if (!this.forgotten[this.head]) this.deleteSlot(this.slotOf(this.head));
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }

  private digestInto(id: string): void {
    const digest = createHash("sha256").update(id, "utf8").digest();
    for (let i = 0; i < WORDS; i++) this.probe[i] = digest.readUInt32LE(i * 4);
  }

  /** The home slot of a digest held in `probe` (or at ring position `at`). */
  private home(at?: number): number {
    return (at === undefined ? this.probe[0] : this.digests[at * WORDS]) & this.mask;
  }

  /** Ring position of the digest in `probe`, or EMPTY. */
  private find(): number {
    for (let slot = this.home(); ; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot];
      if (at === EMPTY) return EMPTY;
      if (this.matches(at)) return at;
    }
  }

  /** The slot that points at ring position `at` (which is in the table). */
  private slotOf(at: number): number {
    for (let slot = this.home(at); ; slot = (slot + 1) & this.mask) if (this.slots[slot] === at) return slot;
  }

  private matches(at: number): boolean {
    const base = at * WORDS;
    for (let i = 0; i < WORDS; i++) if (this.digests[base + i] !== this.probe[i]) return false;
    return true;
  }

  private insertSlot(at: number): void {
    let slot = this.home(at);
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    this.slots[slot] = at;
  }

  /** Linear-probing delete: shift later entries of the run back, so lookups never stop early. */
  private deleteSlot(slot: number): void {
    let hole = slot;
    for (let next = (hole + 1) & this.mask; this.slots[next] !== EMPTY; next = (next + 1) & this.mask) {
      const home = this.home(this.slots[next]);
      // The entry at `next` may move into the hole unless its home lies cyclically in (hole, next].
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (!stays) {
        this.slots[hole] = this.slots[next];
        hole = next;
      }
    }
    this.slots[hole] = EMPTY;
  }
}
