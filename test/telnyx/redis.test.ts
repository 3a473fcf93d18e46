// The Redis adapters against a real redis-server on loopback: settings, claims (exactly once across
// two connections, across an outage and a restart with empty memory), the event channel.
import assert from "node:assert/strict";
import { RedisClaims, RedisUnavailableError } from "../../src/telnyx/redis/claims";
import { RedisEventBus } from "../../src/telnyx/redis/event-bus";
import { parseRedisSettings, RedisLink, type RedisSettings } from "../../src/telnyx/redis/link";
import type { TelnyxEvent } from "../../src/telnyx/webhook/parse";
import { startRedis, type TestRedis } from "../support/redis-server";
import { until } from "../support/wait";

function settings(url: string, password?: string): RedisSettings {
  const result = parseRedisSettings({ url, password });
  assert.ok(result?.ok, JSON.stringify(result));
  return result.settings;
}

describe("Redis settings", () => {
  it("is off without a URL", () => {
    assert.equal(parseRedisSettings({ url: "  " }), undefined);
    assert.equal(parseRedisSettings({}), undefined);
  });

  it("names the field and what was expected", () => {
    assert.deepEqual(parseRedisSettings({ url: "http://127.0.0.1:6379" }), {
      ok: false,
      reason: 'Redis URL: expected the redis:// or rediss:// scheme, got "http:"',
    });
    assert.match((parseRedisSettings({ url: "not a url" }) as { reason: string }).reason, /^Redis URL: expected redis:\/\/host:port/);
    assert.deepEqual(parseRedisSettings({ url: "redis:///0" }), { ok: false, reason: "Redis URL: expected a host name, e.g. redis://127.0.0.1:6379" });
  });

  it("does not repeat what stands before an @ in a URL it cannot read", () => {
    const reason = (parseRedisSettings({ url: "redis://user:s3cret-pw@bad host:6379" }) as { reason: string }).reason;
    assert.equal(reason, 'Redis URL: expected redis://host:port or rediss://host:port, got "…@bad host:6379"');
    // A password with "/" or "@" in it is hidden whole, up to the last "@".
    for (const url of ["redis://default:abc/s3cret@host:6379", "redis://us@r:s3cret/x@host:6379"]) {
      const hidden = (parseRedisSettings({ url }) as { reason: string }).reason;
      assert.doesNotMatch(hidden, /s3cret/, url);
      assert.match(hidden, /got "…@/, url);
    }
  });

  it("refuses a password in the URL without repeating it", () => {
    const result = parseRedisSettings({ url: "redis://user:s3cret-pw@127.0.0.1:6379" });
    assert.equal(result?.ok, false);
    assert.doesNotMatch((result as { reason: string }).reason, /s3cret-pw/);
    assert.match((result as { reason: string }).reason, /password field/);
  });

  it("takes TLS from the checkbox or the rediss scheme", () => {
    assert.equal((parseRedisSettings({ url: "redis://h:1", tls: true }) as { settings: RedisSettings }).settings.tls, true);
    assert.equal((parseRedisSettings({ url: "rediss://h:1" }) as { settings: RedisSettings }).settings.tls, true);
    assert.equal((parseRedisSettings({ url: "redis://h:1" }) as { settings: RedisSettings }).settings.tls, false);
  });
});

describe("Redis claims (real redis-server)", function () {
  this.timeout(30_000);
  let redis: TestRedis;
  const links: RedisLink[] = [];
  const link = (url: string, password?: string) => {
    const made = new RedisLink(settings(url, password));
    links.push(made);
    return made;
  };

  before(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.close()));
    if (redis) {
      await redis.start(); // after a test that stopped it
      await redis.command("FLUSHALL");
    }
  });
  after(async () => {
    await redis?.close();
  });

  it("claims an id once: the first claim wins, every later one is a repeat", async () => {
    const a = link(redis.url);
    await until(() => a.state === "ready", "the link to be ready");
    const claims = new RedisClaims(a, { keyPrefix: "telnyx:test:", windowMs: 60_000 });
    await until(() => a.state === "ready", "the link to be ready again");
    assert.equal(await claims.claim("8c7d5a2e-0000-4000-8000-000000000001"), "claimed");
    assert.equal(await claims.claim("8c7d5a2e-0000-4000-8000-000000000001"), "repeat");
    const ttl = Number((await redis.command("PTTL telnyx:test:8c7d5a2e-0000-4000-8000-000000000001")).slice(1));
    assert.ok(ttl > 0 && ttl <= 60_000, `a claim expires with the window (PTTL ${ttl})`);
  });

  it("gives every id to exactly one of two instances claiming at the same moment", async () => {
    const one = new RedisClaims(link(redis.url), { keyPrefix: "telnyx:race:", windowMs: 60_000 });
    const two = new RedisClaims(link(redis.url), { keyPrefix: "telnyx:race:", windowMs: 60_000 });
    await until(() => links.every((l) => l.state === "ready"), "both links to be ready");
    const ids = Array.from({ length: 500 }, (_, i) => `id-${i}`);
    const verdicts = await Promise.all(ids.map((id) => Promise.all([one.claim(id), two.claim(id)])));
    for (const [i, pair] of verdicts.entries()) {
      assert.equal(pair.filter((v) => v === "claimed").length, 1, `${ids[i]}: ${pair.join(", ")}`);
    }
  });

  it("gives back a claim it could not act on, and only its own", async () => {
    const one = new RedisClaims(link(redis.url), { keyPrefix: "telnyx:release:", windowMs: 60_000 });
    const two = new RedisClaims(link(redis.url), { keyPrefix: "telnyx:release:", windowMs: 60_000 });
    await until(() => links.every((l) => l.state === "ready"), "both links to be ready");
    assert.equal(await one.claim("given-back"), "claimed");
    await one.release("given-back");
    assert.equal(await two.claim("given-back"), "claimed", "the next delivery is claimed afresh");
    await one.release("given-back"); // two's claim now: left alone
    assert.equal(await one.claim("given-back"), "repeat");
  });

  it("keys long or unusual ids by a fixed-size digest", () => {
    const claims = new RedisClaims(link(redis.url), { keyPrefix: "p:", windowMs: 1_000 });
    assert.equal(claims.key("abc-123"), "p:abc-123");
    assert.match(claims.key("x".repeat(10_000)), /^p:#[A-Za-z0-9_-]{43}$/);
    assert.notEqual(claims.key("a b"), claims.key("a_b"));
  });

  it("refuses while Redis is down, reconnects by itself, and still knows its claims after an empty restart", async () => {
    const a = link(redis.url);
    const claims = new RedisClaims(a, { keyPrefix: "telnyx:restart:", windowMs: 60_000 });
    const states: string[] = [];
    a.watch((state) => states.push(state));
    await until(() => a.state === "ready", "the link to be ready");
    assert.equal(await claims.claim("before-outage"), "claimed");

    await redis.stop();
    await until(() => a.state === "down", "the link to notice the outage");
    await assert.rejects(claims.claim("during-outage"), (err: Error) => err instanceof RedisUnavailableError && /503/.test(err.message));

    await redis.start(); // empty: no persistence
    await until(() => a.state === "ready", "the link to reconnect");
    assert.equal(await claims.claim("before-outage"), "repeat", "the claim was written back on reconnection");
    assert.equal(await claims.claim("during-outage"), "claimed", "a refused delivery is claimed when it comes again");
    assert.ok(states.includes("down") && states.at(-1) === "ready", states.join(" "));
  });

  it("with a password: connects; a wrong one is reported without the password", async () => {
    const secured = await startRedis(["--requirepass", "right-pw-123"]);
    try {
      const good = link(secured.url, "right-pw-123");
      const claims = new RedisClaims(good, { keyPrefix: "p:", windowMs: 1_000 });
      await until(() => good.state === "ready", "the link with the right password to be ready");
      assert.equal(await claims.claim("x"), "claimed");

      const bad = link(secured.url, "wrong-pw-456");
      const reasons: string[] = [];
      bad.watch((_state, reason) => reasons.push(reason ?? ""));
      await until(() => reasons.some((r) => /WRONGPASS|invalid|auth/i.test(r)), "the wrong password to be reported", 10_000);
      assert.equal(bad.state === "ready", false);
      for (const reason of reasons) assert.doesNotMatch(reason, /wrong-pw-456|right-pw-123/);
    } finally {
      await Promise.all(links.splice(0).map((l) => l.close()));
      await secured.close();
    }
  });

  it("carries events from one instance's bus to another's sink", async () => {
    const sender = new RedisEventBus(link(redis.url), "telnyx:events:acct");
    const receiver = new RedisEventBus(link(redis.url), "telnyx:events:acct");
    const got: TelnyxEvent[] = [];
    const bad: string[] = [];
    await until(() => links.every((l) => l.state === "ready"), "both links to be ready");
    await receiver.start({ offer: (event) => got.push(event) }, (reason) => bad.push(reason));
    const event = { data: { event_type: "call.answered", id: "ev-1", payload: { call_control_id: "v3:abc" } } };
    await sender.publish(Buffer.from(JSON.stringify(event)));
    await sender.publish(Buffer.from("not json"));
    await until(() => got.length === 1 && bad.length === 1, "the event and the bad message to arrive");
    assert.deepEqual(got[0], event);
    await receiver.stop();
  });
});
