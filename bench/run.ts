// `npm run bench`: speed and memory, each reported as a ratio against a baseline measured in the same
// run (these machines are shared and noisy; absolute numbers mean little, ratios travel).
//
// 1. Webhook signature verification: native Ed25519 (node:crypto, cached key) against tweetnacl.
// 2. The Telnyx client sending messages to a loopback stand-in: against plain undici requests on a
//    keep-alive pool of the same size (what the client adds: queueing, retries bookkeeping, errors).
// 3. Memory held while 10,000 sends are queued behind the in-flight bound.
// 4. Peak memory while a 50 MB answer arrives: the client (which stops at its answer limit) against
//    plain undici reading the body whole, as the client did before it had a limit.
// 5. Memory of the webhook's seen ids at 2,000 events/s for the 300 s tolerance (600,000 UUIDs, goal
//    <= 32 MB): fixed-size digests against a Map of id strings (the store before).
// 6. Several instances: webhook throughput with Redis against the in-memory store, Redis memory per id
//    (bench/redis.ts).
// 7. Outcomes: memory per waiting call with 10,000 waiting (event hub + wait registry + the msg each
//    wait keeps), against the msg alone in a plain Map; and 1,000 calls waiting at once, resolved by
//    their events (interleaved with events for nobody and repeats), against a plain Map lookup.
import crypto from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { Pool } from "undici";
import { TelnyxClient } from "../src/telnyx/client";
import { createSignatureVerifier } from "../src/telnyx/webhook/signature";
import { SeenDigests } from "../src/telnyx/webhook/seen-digests";
import { TelnyxStandIn } from "../test/support/telnyx-standin";
import { OUTCOMES } from "../src/shared/outcomes";
import { EventHub, type WaitEnd } from "../src/telnyx/webhook/event-hub";
import type { TelnyxEvent } from "../src/telnyx/webhook/parse";
import { WaitRegistry, type WaitOwner } from "../src/nodes/lib/waits";
import { benchRedis } from "./redis";

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

async function time(fn: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function signedDelivery() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "jwk" }).x as string;
  const publicKeyBase64 = Buffer.from(raw, "base64url").toString("base64");
  const body = Buffer.from(JSON.stringify({ data: { event_type: "call.initiated", id: crypto.randomUUID(), payload: { from: "+15550001111" } } }));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto.sign(null, Buffer.concat([Buffer.from(`${timestamp}|`), body]), privateKey).toString("base64");
  return { publicKeyBase64, body, headers: { "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signature } };
}

async function benchVerification(): Promise<void> {
  const { publicKeyBase64, body, headers } = signedDelivery();
  const native = createSignatureVerifier(publicKeyBase64, { engine: "native" });
  const nacl = createSignatureVerifier(publicKeyBase64, { engine: "tweetnacl" });
  const run = (verifier: typeof native, count: number) => time(() => {
    for (let i = 0; i < count; i++) if (!verifier.verify(headers, body).ok) throw new Error("verification failed");
  });
  await run(native, 200); // warm up
  await run(nacl, 20);
  const nativeRate = perSecond(5_000, await run(native, 5_000));
  const naclRate = perSecond(200, await run(nacl, 200));
  console.log(`verification   native ${nativeRate}/s   tweetnacl (baseline) ${naclRate}/s   ratio ${(nativeRate / naclRate).toFixed(1)}x faster`);
}

async function benchClient(api: TelnyxStandIn): Promise<void> {
  const count = 2_000;
  const body = { to: "+15557654321", from: "+15550001111", text: "bench" };
  const pool = new Pool(`http://127.0.0.1:${api.port}`, { connections: 10 });
  const raw = async () => {
    let next = 0;
    const worker = async () => {
      while (next++ < count) {
        const res = await pool.request({ method: "POST", path: "/v2/messages", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        await res.body.json();
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
  };
  const client = new TelnyxClient({ apiKey: "KEYbench", baseUrl: api.baseUrl, maxConcurrent: 10 });
  const ours = () => Promise.all(Array.from({ length: count }, () => client.request({ method: "POST", path: "/messages", body, idempotent: false }))).then(() => undefined);
  await raw(); // warm up both
  await ours();
  const rawMs = await time(raw);
  const oursMs = await time(ours);
  console.log(
    `client         ${perSecond(count, oursMs)} sends/s   plain undici pool (baseline) ${perSecond(count, rawMs)}/s   ratio ${(perSecond(count, oursMs) / perSecond(count, rawMs)).toFixed(2)}`,
  );
  await client.close();
  await pool.close();
}

async function benchQueuedMemory(api: TelnyxStandIn): Promise<void> {
  const count = 10_000;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
  global.gc?.();
  await settle();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) api.enqueue({ delayMs: 1 });
  const client = new TelnyxClient({ apiKey: "KEYbench", baseUrl: api.baseUrl, maxConcurrent: 10 });
  const pending = Array.from({ length: count }, (_, i) => client.request({ method: "POST", path: "/messages", body: { to: "+15557654321", text: `m${i}` }, idempotent: false }));
  const peakSockets = api.openConnections;
  const during = process.memoryUsage().heapUsed;
  await Promise.all(pending);
  console.log(
    `queued 10,000  heap held ${((during - before) / count).toFixed(0)} bytes per queued send   sockets ${Math.max(peakSockets, api.openConnections)} (bound 10)   peak in flight ${api.maxInFlight}`,
  );
  await client.close();
}

// A real garbage collection between heap readings, so the figures are what is held, not what is garbage.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** The message a waiting speak node holds: what a webhook node emits for call.answered, as the flow carries it. */
function waitingMessage(i: number): Record<string, unknown> {
  return {
    _msgid: crypto.randomUUID(),
    topic: "call.answered",
    payload: {
      call_control_id: `v3:bench-${i}`,
      call_leg_id: crypto.randomUUID(),
      call_session_id: crypto.randomUUID(),
      connection_id: "7267xxxxxxxxxxxxxx",
      from: "+15550001111",
      to: "+15550002222",
      state: "answered",
      start_time: "2026-11-29T12:00:00.000000Z",
    },
    event: { id: crypto.randomUUID(), event_type: "call.answered", occurred_at: "2026-11-29T12:00:00.000000Z", record_type: "event" },
  };
}

function speakEnded(i: number, id = crypto.randomUUID()): TelnyxEvent {
  return { data: { event_type: "call.speak.ended", id, record_type: "event", payload: { call_control_id: `v3:bench-${i}`, status: "completed" } } };
}

async function heapHeld(build: () => unknown): Promise<number> {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  if (!kept) throw new Error("nothing kept");
  return after - before;
}

/** Waits through the registry and the hub, as a waiting node makes them. */
function registerWaits(count: number, deliver: (end: WaitEnd) => void) {
  const hub = new EventHub({ maxWaits: count });
  const registry = new WaitRegistry<Record<string, unknown>>();
  const owner: WaitOwner<Record<string, unknown>> = { deliver: (_msg, end) => deliver(end), fail: () => undefined, counted: () => undefined };
  registry.attach("bench-node", owner);
  for (let i = 0; i < count; i++) {
    const since = hub.mark();
    registry.track("bench-node", waitingMessage(i), (onEnd) =>
      hub.wait({ table: OUTCOMES.speak, target: { callControlId: `v3:bench-${i}` }, since, timeoutMs: 300_000, onEnd }),
    );
  }
  return { hub, registry };
}

async function benchWaitMemory(): Promise<void> {
  const count = 10_000;
  const messagesOnly = await heapHeld(() => {
    const map = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < count; i++) map.set(`v3:bench-${i}`, waitingMessage(i));
    return map;
  });
  let kept: ReturnType<typeof registerWaits> | undefined;
  const waits = await heapHeld(() => (kept = registerWaits(count, () => undefined)));
  if (kept?.hub.size !== count) throw new Error("waits missing");
  kept.hub.clear();
  console.log(
    `waiting 10,000 ${(waits / count).toFixed(0)} bytes per waiting call (hub + registry + the msg it keeps)   msg in a plain Map (baseline) ${(messagesOnly / count).toFixed(0)} bytes   ratio ${(waits / messagesOnly).toFixed(2)}`,
  );
}

async function benchWaitResolution(): Promise<void> {
  const count = 1_000;
  // Each call's event, plus as many events for calls nobody waits on and a repeat of every tenth.
  const events: TelnyxEvent[] = [];
  for (let i = 0; i < count; i++) {
    const own = speakEnded(i);
    events.push(speakEnded(count + i), own);
    if (i % 10 === 0) events.push(structuredClone(own));
  }
  const run = () => {
    let ended = 0;
    const { hub } = registerWaits(count, () => ended++);
    for (const event of events) hub.offer(event);
    if (ended !== count) throw new Error(`${ended} of ${count} waits ended`);
  };
  const baseline = () => {
    let ended = 0;
    const map = new Map<string, (event: TelnyxEvent) => void>();
    for (let i = 0; i < count; i++) {
      const msg = waitingMessage(i);
      map.set(`v3:bench-${i}`, () => ended++ + (msg ? 0 : 1));
    }
    for (const event of events) {
      const id = event.data.payload?.call_control_id as string;
      const waiting = map.get(id);
      if (waiting) {
        map.delete(id);
        waiting(event);
      }
    }
    if (ended !== count) throw new Error("baseline lost waits");
  };
  for (let i = 0; i < 3; i++) {
    run();
    baseline();
  }
  const rounds = 20;
  const oursMs = await time(() => {
    for (let i = 0; i < rounds; i++) run();
  });
  const baseMs = await time(() => {
    for (let i = 0; i < rounds; i++) baseline();
  });
  const ours = perSecond(rounds * count, oursMs);
  const base = perSecond(rounds * count, baseMs);
  console.log(
    `1,000 waiting  ${ours} calls/s waited for and resolved (${events.length} events offered per round)   plain Map lookup (baseline) ${base}/s   ratio ${(ours / base).toFixed(2)}`,
  );
}

/** Runs `fn` while sampling heap + array buffers every 2 ms; the peak growth over the starting point. */
async function peakMemoryGrowth(fn: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, used())), 2);
  try {
    await fn();
  } finally {
    peak = Math.max(peak, used());
    clearInterval(sampler);
  }
  return peak - before;
}

async function benchLargeAnswer(api: TelnyxStandIn): Promise<void> {
  const size = 50 * 1024 * 1024;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const client = new TelnyxClient({ apiKey: "KEYbench", baseUrl: api.baseUrl });
  api.enqueue({ answerBytes: size });
  const ours = await peakMemoryGrowth(() => client.request({ method: "GET", path: "/balance", idempotent: true }).catch((err) => {
    if (err.code !== "ERR_TELNYX_ANSWER_TOO_LARGE") throw err;
  }));
  await client.close();
  const pool = new Pool(`http://127.0.0.1:${api.port}`, { connections: 1 });
  api.enqueue({ answerBytes: size });
  const whole = await peakMemoryGrowth(async () => {
    const res = await pool.request({ method: "GET", path: "/v2/balance" });
    JSON.parse(await res.body.text());
  });
  await pool.close();
  console.log(
    `50 MB answer   peak growth ${mb(ours)} MB (stops at the 4 MB limit)   read whole (baseline) ${mb(whole)} MB   ratio ${(ours / whole).toFixed(2)}`,
  );
}

async function benchSeenIds(): Promise<void> {
  const count = 600_000;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  // UUID-shaped ids as flat strings (V8 shrinks other strings when they are first hashed, which would skew the heap).
  const ids = Array.from({ length: count }, () => {
    const hex = crypto.randomBytes(16).toString("hex");
    return Buffer.from(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`).toString();
  });
  const start = Date.now();
  let now = start;
  /** Heap + array buffers a store holds after `count` ids at 2,000 per second, and its rate. */
  const used = async () => {
    for (let i = 0; i < 3; i++) {
      global.gc?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const held = async (remember: (id: string) => void) => {
    const before = await used();
    const began = performance.now();
    ids.forEach((id, i) => {
      now = start + i / 2; // 0.5 ms apart
      remember(id);
    });
    const ms = performance.now() - began;
    return { bytes: (await used()) - before, rate: perSecond(count, ms) };
  };
  let digests: SeenDigests | undefined;
  const ours = await held((id) => (digests ??= new SeenDigests({ windowMs: 300_000, now: () => now })).checkAndRemember(id, now + 300_000));
  if (digests?.size !== count) throw new Error(`SeenDigests kept ${digests?.size} of ${count}`);
  digests = undefined;
  // The store before: a Map of id strings to the time first seen.
  let map: Map<string, number> | undefined;
  const baseline = await held((id) => (map ??= new Map()).set(id, now));
  if (map?.size !== count) throw new Error(`the Map kept ${map?.size} of ${count}`);
  map = undefined;
  console.log(
    `seen 600,000   digests ${mb(ours.bytes)} MB (goal <= 32) at ${ours.rate} ids/s   Map of strings (baseline) ${mb(baseline.bytes)} MB at ${baseline.rate} ids/s   ratio ${(ours.bytes / baseline.bytes).toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  await benchWaitMemory();
  await benchWaitResolution();
  await benchVerification();
  await benchSeenIds();
  const api = await new TelnyxStandIn().start();
  try {
    await benchClient(api);
    api.reset();
    await benchQueuedMemory(api);
    api.reset();
    await benchLargeAnswer(api);
  } finally {
    await api.close();
  }
  await benchRedis();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
