import { strict as assert } from "node:assert";
import {
  KeyValueSeenStore,
  SEEN_KEY_PREFIX,
  seenKey,
  type KeyValueStore,
  type SeenStore,
} from "../../../src/telnyx/webhook/dedupe";

const MINUTE = 60_000;

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
