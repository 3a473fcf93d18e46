import { strict as assert } from "node:assert";
import { DEFAULT_DEDUPE_MAX_ENTRIES, DEFAULT_DEDUPE_MINUTES } from "../../../src/shared/defaults";
import {
  KeyValueSeenStore,
  MemorySeenStore,
  SEEN_KEY_PREFIX,
  seenKey,
  type KeyValueStore,
  type SeenStore,
} from "../../../src/telnyx/webhook/dedupe";

const MINUTE = 60_000;

/** A store with a clock the test moves by hand. */
function storeWithClock(options: { windowMs?: number; maxEntries?: number } = {}) {
  const clock = { now: 1_700_000_000_000 };
  const store = new MemorySeenStore({ ...options, now: () => clock.now });
  return { store, clock };
}

describe("telnyx/webhook/dedupe MemorySeenStore", () => {
  it("defaults to 10 minutes and 10,000 ids", () => {
    const store = new MemorySeenStore();
    assert.equal(store.windowMs, 10 * MINUTE);
    assert.equal(DEFAULT_DEDUPE_MINUTES, 10);
    assert.equal(store.maxEntries, 10_000);
    assert.equal(DEFAULT_DEDUPE_MAX_ENTRIES, 10_000);
  });

  it("reports a repeat, not a first sighting or another id", () => {
    const { store } = storeWithClock();
    assert.equal(store.seen("evt-1"), false);
    assert.equal(store.seen("evt-1"), true);
    assert.equal(store.seen("evt-2"), false);
    assert.equal(store.seen("evt-1"), true);
    assert.equal(store.size, 2);
  });

  it("counts the window from the first sighting; after it the id is new again", () => {
    const { store, clock } = storeWithClock();
    assert.equal(store.seen("evt"), false);
    clock.now += 10 * MINUTE - 1;
    assert.equal(store.seen("evt"), true); // still inside, and a repeat does not extend the window
    clock.now += 1;
    assert.equal(store.seen("evt"), false); // exactly 10 minutes: expired, recorded afresh
    clock.now += 10 * MINUTE - 1;
    assert.equal(store.seen("evt"), true);
  });

  it("honours a custom window", () => {
    const { store, clock } = storeWithClock({ windowMs: 1000 });
    store.seen("a");
    clock.now += 999;
    assert.equal(store.seen("a"), true);
    clock.now += 1;
    assert.equal(store.seen("a"), false);
  });

  it("prunes expired ids on the next call", () => {
    const { store, clock } = storeWithClock();
    for (let i = 0; i < 100; i++) store.seen(`old-${i}`);
    clock.now += 5 * MINUTE;
    for (let i = 0; i < 10; i++) store.seen(`newer-${i}`);
    assert.equal(store.size, 110);
    clock.now += 5 * MINUTE; // the old ids are now exactly 10 minutes old
    store.seen("latest");
    assert.equal(store.size, 11);
    clock.now += 10 * MINUTE;
    store.seen("last");
    assert.equal(store.size, 1);
  });

  it("stays within maxEntries over 100,000 distinct ids, forgetting the oldest first", () => {
    const { store, clock } = storeWithClock();
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      clock.now += 1; // all within one window, so only the size bound can evict
      assert.equal(store.seen(`id-${i}`), false);
      largest = Math.max(largest, store.size);
    }
    assert.equal(largest, 10_000);
    assert.equal(store.size, 10_000);
    // The newest 10,000 are remembered...
    for (let i = 90_000; i < 100_000; i++) assert.equal(store.seen(`id-${i}`), true, `id-${i}`);
    // ...and the ones before them were evicted.
    assert.equal(store.seen("id-89999"), false);
    assert.equal(store.seen("id-0"), false);
    assert.equal(store.size, 10_000);
  });

  it("evicts in insertion order with a small bound", () => {
    const { store } = storeWithClock({ maxEntries: 3 });
    for (const id of ["a", "b", "c", "d"]) store.seen(id);
    assert.equal(store.size, 3);
    assert.equal(store.seen("b"), true);
    assert.equal(store.seen("c"), true);
    assert.equal(store.seen("d"), true);
    assert.equal(store.seen("a"), false); // evicted earlier; recording it evicts "b"
    assert.equal(store.seen("b"), false);
  });

  it("copes with a clock that goes backwards", () => {
    const { store, clock } = storeWithClock();
    store.seen("a");
    clock.now -= 5 * MINUTE;
    assert.equal(store.seen("a"), true);
    store.seen("b"); // recorded 5 minutes "before" a, yet behind it in the store
    clock.now += 11 * MINUTE; // a is 6 minutes old, b 11: b has expired even though a still shields it from pruning
    assert.equal(store.seen("b"), false);
    assert.equal(store.seen("b"), true);
    assert.equal(store.seen("a"), true);
    clock.now += 4 * MINUTE; // a is now 10 minutes old; b was recorded afresh 4 minutes ago
    assert.equal(store.seen("a"), false);
    assert.equal(store.seen("b"), true);
  });

  it("implements SeenStore asynchronously", async () => {
    const { store } = storeWithClock();
    const seenStore: SeenStore = store;
    assert.equal(await seenStore.checkAndRemember("evt"), false);
    assert.equal(await seenStore.checkAndRemember("evt"), true);
    store.clear();
    assert.equal(store.size, 0);
    assert.equal(await seenStore.checkAndRemember("evt"), false);
  });

  it("refuses nonsense options", () => {
    assert.throws(() => new MemorySeenStore({ windowMs: 0 }), RangeError);
    assert.throws(() => new MemorySeenStore({ windowMs: Number.NaN }), RangeError);
    assert.throws(() => new MemorySeenStore({ windowMs: Number.POSITIVE_INFINITY }), RangeError);
    assert.throws(() => new MemorySeenStore({ maxEntries: 0 }), RangeError);
    assert.throws(() => new MemorySeenStore({ maxEntries: 2.5 }), RangeError);
  });
});

/** A Map as a KeyValueStore, counting calls. */
class MapStore implements KeyValueStore {
  readonly map = new Map<string, unknown>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: unknown) {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, value);
  }
  async keys() {
    return [...this.map.keys()];
  }
}

describe("telnyx/webhook/dedupe KeyValueSeenStore", () => {
  function storeWithClock(kv = new MapStore(), options: { maxEntries?: number; sweepEvery?: number } = {}) {
    const clock = { now: 1_700_000_000_000 };
    const store = new KeyValueSeenStore(kv, { windowMs: 10 * MINUTE, maxEntries: options.maxEntries ?? 1000, sweepEvery: options.sweepEvery, now: () => clock.now });
    return { kv, store, clock };
  }

  it("reports repeats within the window, and an id as new after it", async () => {
    const { kv, store, clock } = storeWithClock();
    assert.equal(await store.checkAndRemember("evt-1"), false);
    assert.equal(await store.checkAndRemember("evt-1"), true);
    assert.equal(await store.checkAndRemember("evt-2"), false);
    assert.equal(kv.map.get(`${SEEN_KEY_PREFIX}evt-1`), clock.now);
    clock.now += 10 * MINUTE;
    assert.equal(await store.checkAndRemember("evt-1"), false);
  });

  it("shares ids between stores on the same key-value store (two instances, one shared context)", async () => {
    const kv = new MapStore();
    const a = storeWithClock(kv).store;
    const b = storeWithClock(kv).store;
    assert.equal(await a.checkAndRemember("evt"), false);
    assert.equal(await b.checkAndRemember("evt"), true);
  });

  it("stays bounded after many distinct ids, keeping the newest", async () => {
    const { kv, store, clock } = storeWithClock(new MapStore(), { maxEntries: 100, sweepEvery: 10 });
    for (let i = 0; i < 5000; i++) {
      clock.now += 1;
      assert.equal(await store.checkAndRemember(`id-${i}`), false);
      assert.ok(kv.map.size <= 110, `size ${kv.map.size} after ${i + 1} ids`);
    }
    assert.equal(await store.checkAndRemember("id-4999"), true, "recent ids are kept");
    assert.equal(await store.checkAndRemember("id-0"), false, "the oldest were dropped");
  });

  it("sweeps expired ids and leaves other keys alone", async () => {
    const { kv, store, clock } = storeWithClock(new MapStore(), { sweepEvery: 1000 });
    await kv.set("someone-else", 1);
    for (let i = 0; i < 20; i++) await store.checkAndRemember(`old-${i}`);
    clock.now += 11 * MINUTE;
    await store.checkAndRemember("new");
    await store.sweep();
    assert.deepEqual([...kv.map.keys()].sort(), ["someone-else", `${SEEN_KEY_PREFIX}new`]);
  });

  it("refuses nonsense options", () => {
    assert.throws(() => new KeyValueSeenStore(new MapStore(), { windowMs: 0, maxEntries: 10 }), /windowMs/);
    assert.throws(() => new KeyValueSeenStore(new MapStore(), { windowMs: 1000, maxEntries: 0 }), /maxEntries/);
  });

  it("makes keys Node-RED context reads as one name: plain ids as they are, others hashed", () => {
    assert.equal(seenKey("0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"), `${SEEN_KEY_PREFIX}0ccc7b54-4df3-4bca-a65a-3da1ecc777f0`);
    for (const odd of ["a.b", "x[0]", "with space", "h_abc", "é", "a".repeat(200)]) {
      assert.match(seenKey(odd), /^telnyxSeen_h_[0-9a-f]{64}$/, odd);
    }
    assert.notEqual(seenKey("a.b"), seenKey("a_b"));
  });
});
