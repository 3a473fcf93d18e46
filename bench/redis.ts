// Several instances on Redis, for `npm run bench`:
//
// - webhook throughput: signed deliveries into one real Node-RED (red.js) with two webhook nodes, one
//   whose account uses Redis (claims, SET NX PX, before answering) and one whose account does not (the
//   in-memory repeat store, the baseline), measured alternately in the same run;
// - Redis memory per claimed event id: INFO used_memory before and after 50,000 claims.
//
// Starts its own redis-server (Debian's /usr/bin/redis-server) on a free loopback port, no persistence.
import crypto from "node:crypto";
import { RedisClaims } from "../src/telnyx/redis/claims";
import { parseRedisSettings, RedisLink } from "../src/telnyx/redis/link";
import { startRealNodeRed } from "../test/support/real-node-red";
import { startRedis, type TestRedis } from "../test/support/redis-server";

const DELIVERIES = 3_000;
const CONCURRENCY = 16;

export async function benchRedis(): Promise<void> {
  const redis = await startRedis();
  try {
    await benchWebhookThroughput(redis);
    await benchMemoryPerId(redis);
  } finally {
    await redis.close();
  }
}

async function benchWebhookThroughput(redis: TestRedis): Promise<void> {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
  const publicKeyBase64 = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url").toString("base64");
  const at = (y: number) => ({ z: "tab", x: 100, y });
  const red = await startRealNodeRed({
    flows: [
      { id: "tab", type: "tab", label: "bench" },
      { id: "plain", type: "telnyx-config", name: "in memory" },
      { id: "shared", type: "telnyx-config", name: "on Redis", redisUrl: redis.url },
      { id: "memHook", type: "telnyx-webhook", ...at(100), account: "plain", url: "/bench/memory", wires: [[]] },
      { id: "redisHook", type: "telnyx-webhook", ...at(200), account: "shared", url: "/bench/redis", wires: [[]] },
    ],
    credentials: { plain: { publicKey: publicKeyBase64 }, shared: { publicKey: publicKeyBase64 } },
  });
  try {
    await red.waitForLog(/Redis at .* connected/, 20_000);
    const run = async (path: string, count: number) => {
      const bodies = Array.from({ length: count }, () => {
        const body = Buffer.from(JSON.stringify({ data: { event_type: "message.received", id: crypto.randomUUID(), payload: { text: "bench" } } }));
        const timestamp = String(Math.floor(Date.now() / 1000));
        const signature = crypto.sign(null, Buffer.concat([Buffer.from(`${timestamp}|`), body]), privateKey).toString("base64");
        return { body, headers: { "content-type": "application/json", "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signature } };
      });
      const url = new URL(path, red.origin);
      let next = 0;
      const start = performance.now();
      const worker = async () => {
        while (next < bodies.length) {
          const { body, headers } = bodies[next++];
          const res = await fetch(url, { method: "POST", headers, body: new Uint8Array(body) });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${path}: answered ${res.status}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      return (count / (performance.now() - start)) * 1000;
    };
    await run("/bench/memory", 300); // warm up both
    await run("/bench/redis", 300);
    // Alternate halves so that a noisy neighbour slows both about equally.
    let memory = 0;
    let shared = 0;
    for (let round = 0; round < 2; round++) {
      memory += await run("/bench/memory", DELIVERIES / 2);
      shared += await run("/bench/redis", DELIVERIES / 2);
    }
    memory /= 2;
    shared /= 2;
    console.log(
      `webhook        with Redis ${Math.round(shared)} deliveries/s   in-memory store (baseline) ${Math.round(memory)}/s   ratio ${(shared / memory).toFixed(2)}`,
    );
  } finally {
    await red.stop();
  }
}

async function benchMemoryPerId(redis: TestRedis): Promise<void> {
  const count = 50_000;
  const settings = parseRedisSettings({ url: redis.url });
  if (!settings?.ok) throw new Error("bad Redis settings");
  const link = new RedisLink(settings.settings);
  try {
    const claims = new RedisClaims(link, { keyPrefix: "telnyx:seen:0123456789abcdef:", windowMs: 10 * 60_000, maxRemembered: count });
    const deadline = Date.now() + 10_000;
    while (link.state !== "ready") {
      if (Date.now() > deadline) throw new Error(`Redis link not ready: ${link.reason}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const used = async () => Number(/used_memory:(\d+)/.exec(await link.client.info("memory"))![1]);
    const before = await used();
    let next = 0;
    const worker = async () => {
      while (next++ < count) await claims.claim(crypto.randomUUID());
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    const after = await used();
    console.log(
      `redis memory   ${Math.round((after - before) / count)} bytes per claimed event id (${count.toLocaleString("en-US")} UUID ids, 10 min window, INFO used_memory)`,
    );
    claims.close();
  } finally {
    await link.close();
  }
}
