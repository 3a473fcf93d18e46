import { strict as assert } from "node:assert";
import { DEFAULT_MAX_SEEN_IDS } from "../../../src/shared/defaults";
import { SeenDigests } from "../../../src/telnyx/webhook/seen-digests";

const TOLERANCE_MS = 300_000;

function store(capacity: number, windowMs = 600_000) {
  const clock = { now: 1_800_000_000_000 };
  return { clock, seen: new SeenDigests({ capacity, windowMs, now: () => clock.now }) };
}

describe("telnyx/seen-digests SeenDigests", () => {
  it("answers new, then seen, for the window from first sight", () => {
    const { clock, seen } = store(10, 60_000);
    assert.equal(seen.checkAndRemember("a"), "new");
    assert.equal(seen.checkAndRemember("a"), "seen");
    assert.equal(seen.checkAndRemember("b"), "new");
    clock.now += 59_000;
    assert.equal(seen.checkAndRemember("a"), "seen");
    clock.now += 2_000;
    assert.equal(seen.checkAndRemember("a"), "new", "forgotten after the window");
  });

  it("keeps a signed id until its signature expires, even past the window", () => {
    const { clock, seen } = store(10, 1_000);
    assert.equal(seen.checkAndRemember("signed", clock.now + TOLERANCE_MS), "new");
    clock.now += TOLERANCE_MS - 1_000;
    assert.equal(seen.checkAndRemember("signed"), "seen");
    clock.now += 2_000;
    assert.equal(seen.checkAndRemember("signed"), "new");
  });

  it("refuses a replay after 30,000 newer events: full of protected ids it answers full, never forgets early", () => {
    const { clock, seen } = store(10_000); // the old bound, which forgot the first id after 10,000 more
    assert.equal(seen.checkAndRemember("early", clock.now + TOLERANCE_MS), "new");
    const answers = { new: 0, seen: 0, full: 0 };
    for (let i = 0; i < 30_000; i++) {
      clock.now += 5; // 200 per second: 30,000 in 150 s, all inside the tolerance
      answers[seen.checkAndRemember(`event-${i}`, clock.now + TOLERANCE_MS)]++;
    }
    assert.deepEqual(answers, { new: 9_999, seen: 0, full: 20_001 });
    assert.equal(seen.checkAndRemember("early"), "seen", "the replay is refused");
    clock.now += TOLERANCE_MS;
    assert.equal(seen.checkAndRemember("late"), "new", "room again once signatures expire");
  });

  it("lets ids kept only for the window give way when full", () => {
    const { seen } = store(3);
    for (const id of ["a", "b", "c", "d"]) assert.equal(seen.checkAndRemember(id), "new");
    assert.equal(seen.size, 3);
    assert.equal(seen.checkAndRemember("a"), "new", "the oldest gave way");
    assert.equal(seen.checkAndRemember("d"), "seen");
  });

  it("agrees with a plain Set through many inserts and expiries (hash-table deletes included)", () => {
    const { clock, seen } = store(150, 2_000); // often full, so the oldest gives way too
    const model = new Map<string, number>(); // id -> first seen
    let state = 12345;
    const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 50_000; i++) {
      clock.now += Math.floor(random() * 20);
      const nowSeconds = Math.floor(clock.now / 1000);
      for (const [id, first] of model) if (Math.ceil((Math.floor(first / 1000) * 1000 + 2_000) / 1000) <= nowSeconds) model.delete(id);
      const id = `id-${Math.floor(random() * 800)}`;
      const expected = model.has(id) ? "seen" : "new";
      const answer = seen.checkAndRemember(id);
      assert.equal(answer, expected, `step ${i}, ${id}`);
      if (answer === "new") {
        if (model.size === 150) model.delete(model.keys().next().value as string);
        model.set(id, clock.now);
      }
      assert.equal(seen.size, model.size);
    }
  });

  it("forgets an id refused after it was recorded, so its next delivery is new; its room is reused in order", () => {
    const { clock, seen } = store(3);
    for (const id of ["a", "b", "c"]) assert.equal(seen.checkAndRemember(id, clock.now + TOLERANCE_MS), "new");
    seen.forget("b");
    seen.forget("never-seen"); // no effect
    assert.equal(seen.checkAndRemember("a"), "seen");
    assert.equal(seen.checkAndRemember("c"), "seen");
    assert.equal(seen.size, 3, "b's ring position stays until it is the oldest");
    assert.equal(seen.checkAndRemember("d", clock.now + TOLERANCE_MS), "full", "a, protected, is still the oldest");
    seen.forget("a");
    // The forgotten a and b give way, oldest first; c stays.
    assert.equal(seen.checkAndRemember("b", clock.now + TOLERANCE_MS), "new");
    assert.equal(seen.checkAndRemember("a", clock.now + TOLERANCE_MS), "new");
    assert.equal(seen.checkAndRemember("c"), "seen");
    assert.equal(seen.checkAndRemember("b"), "seen");
    assert.equal(seen.size, 3);
  });

  it("holds 600,000 ids in at most 32 MB", () => {
    const seen = new SeenDigests({ windowMs: 600_000 });
    assert.equal(seen.capacity, DEFAULT_MAX_SEEN_IDS);
    assert.ok(seen.bytes <= 32 * 1024 * 1024, `${seen.bytes} bytes`);
  });

  it("refuses a capacity or window that makes no sense", () => {
    assert.throws(() => new SeenDigests({ capacity: 0, windowMs: 1 }), /capacity: expected a whole number/);
    assert.throws(() => new SeenDigests({ capacity: 2.5, windowMs: 1 }), RangeError);
    assert.throws(() => new SeenDigests({ windowMs: Number.NaN }), /windowMs: expected/);
  });
});
