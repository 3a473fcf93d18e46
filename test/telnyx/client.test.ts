import { strict as assert } from "node:assert";
import http from "node:http";
import net from "node:net";
import { DEFAULT_MAX_ANSWER_BYTES, TelnyxClient, pathSegment, readRetryAfterMs, type TelnyxClientOptions } from "../../src/telnyx/client";
import {
  TelnyxAnswerTooLargeError,
  TelnyxApiError,
  TelnyxClosedError,
  TelnyxConnectionError,
  TelnyxTimeoutError,
  TelnyxWithdrawnError,
} from "../../src/telnyx/errors";
import { TelnyxInputError } from "../../src/shared/errors";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { until } from "../support/wait";

const API_KEY = "KEYclient_test_SECRET_value";
const SEND = { method: "POST", path: "/messages", body: { to: "+15551230000", from: "+15559870000", text: "hi" }, idempotent: false } as const;
const COMMAND = { method: "POST", path: "/calls/v3:abc/actions/hangup", body: { command_id: "c1" }, idempotent: true } as const;

describe("TelnyxClient", function () {
  let api: TelnyxStandIn;
  const clients: TelnyxClient[] = [];

  function client(options: Partial<TelnyxClientOptions> = {}): TelnyxClient {
    const created = new TelnyxClient({ apiKey: API_KEY, baseUrl: api.baseUrl, backoffMs: 5, ...options });
    clients.push(created);
    return created;
  }

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await api.close();
  });

  it("sends JSON with the bearer key, accept and a User-Agent naming the package", async () => {
    const response = await client().request<{ data: { id: string } }>(SEND);
    assert.equal(response.statusCode, 200);
    assert.equal(response.attempts, 1);
    assert.match(response.body.data.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(response.rateLimit, { limit: 100, remaining: 99, reset: 1 });
    const [req] = api.requests;
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/messages");
    assert.equal(req.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(req.headers["content-type"], "application/json");
    assert.equal(req.headers.accept, "application/json");
    assert.match(String(req.headers["user-agent"]), /^node-red-contrib-telnyx\/\d+\.\d+\.\d+ node\/v\d+/);
    assert.deepEqual(req.body, SEND.body);
  });

  it("maps a Telnyx error body onto code, cause and a readable message", async () => {
    api.enqueue({
      status: 422,
      body: { errors: [{ code: "10002", title: "Invalid phone number", detail: "The 'to' number is not valid.", source: { pointer: "/to" } }] },
    });
    const err = await client().request(SEND).then(() => assert.fail("should fail"), (e) => e);
    assert.ok(err instanceof TelnyxApiError);
    assert.equal(err.message, "422 Invalid phone number (10002): The 'to' number is not valid. [/to]");
    assert.equal(err.code, "10002");
    assert.equal(err.cause.statusCode, 422);
    assert.equal(err.cause.title, "Invalid phone number");
    assert.equal(err.cause.detail, "The 'to' number is not valid.");
    assert.equal(err.cause.errors.length, 1);
    assert.equal(err.cause.request, "POST /messages");
    assert.deepEqual(err.cause.rateLimit, { limit: 100, remaining: 99, reset: 1 });
    assert.equal(api.requests.length, 1, "a 422 is never retried");
  });

  it("gives a status-based code when the error body is not Telnyx's envelope", async () => {
    api.enqueue({ status: 502, body: "<html>bad gateway</html>" });
    const err = await client({ maxAttempts: 1 }).request(COMMAND).catch((e) => e);
    assert.equal(err.code, "HTTP_502");
    assert.equal(err.message, "502 Bad Gateway");
  });

  it("retries a 429 after Retry-After and succeeds with one request processed", async () => {
    api.enqueue({ status: 429, headers: { "retry-after": "0.05" }, body: errorBody(429, "10011", "Too many requests") });
    const started = Date.now();
    const response = await client().request(SEND);
    assert.equal(response.attempts, 2);
    assert.equal(api.requests.length, 2);
    assert.ok(Date.now() - started >= 45, "waited for Retry-After");
  });

  it("uses x-ratelimit-reset when there is no Retry-After, and caps server delays", () => {
    assert.equal(readRetryAfterMs({}, { reset: 2 }), 2000);
    assert.equal(readRetryAfterMs({ "retry-after": "3" }, { reset: 2 }), 3000);
    const now = Date.parse("2026-11-23T10:00:00Z");
    assert.equal(readRetryAfterMs({ "retry-after": "Mon, 23 Nov 2026 10:00:04 GMT" }, {}, now), 4000);
    assert.equal(readRetryAfterMs({}, {}), undefined);
  });

  it("caps a long Retry-After at maxRetryAfterMs", async () => {
    api.enqueue({ status: 429, headers: { "retry-after": "3600" } });
    const started = Date.now();
    await client({ maxRetryAfterMs: 30 }).request(SEND);
    assert.ok(Date.now() - started < 2_000, "did not wait an hour");
    assert.equal(api.requests.length, 2);
  });

  it("gives up after maxAttempts of 429", async () => {
    api.enqueue(...Array.from({ length: 3 }, () => ({ status: 429, headers: { "retry-after": "0" } })));
    const err = await client().request(SEND).catch((e) => e);
    assert.equal(err.cause.statusCode, 429);
    assert.equal(api.requests.length, 3);
  });

  it("never repeats a message send after a 500", async () => {
    api.enqueue({ status: 500 });
    const err = await client().request(SEND).catch((e) => e);
    assert.ok(err instanceof TelnyxApiError);
    assert.equal(err.cause.statusCode, 500);
    assert.equal(api.requests.length, 1);
  });

  it("retries a message send after a 500 when the account opts in", async () => {
    api.enqueue({ status: 500 });
    const response = await client({ retryAmbiguous: true }).request(SEND);
    assert.equal(response.attempts, 2);
  });

  it("retries idempotent requests after 5xx with the same body", async () => {
    api.enqueue({ status: 503 }, { status: 500 });
    const response = await client().request(COMMAND);
    assert.equal(response.attempts, 3);
    assert.deepEqual(api.requests.map((r) => r.rawBody), Array(3).fill(JSON.stringify(COMMAND.body)));
  });

  it("times out an attempt, and retries the timeout only when repeating is safe", async () => {
    api.enqueue({ delayMs: 400 });
    const err = await client({ timeoutMs: 50 }).request(SEND).catch((e) => e);
    assert.ok(err instanceof TelnyxTimeoutError, String(err));
    assert.equal(err.code, "ERR_TELNYX_TIMEOUT");
    assert.equal(api.requests.length, 1);

    api.reset();
    api.enqueue({ delayMs: 400 });
    const response = await client({ timeoutMs: 100 }).request(COMMAND);
    assert.equal(response.attempts, 2);
  });

  it("does not repeat a message send when the connection drops after sending", async () => {
    api.enqueue({ drop: true });
    const err = await client().request(SEND).catch((e) => e);
    assert.ok(err instanceof TelnyxConnectionError, String(err));
    assert.equal(err.cause.requestSent, true);
    assert.match(err.message, /may or may not have been processed/);
    assert.equal(api.requests.length, 1);
  });

  it("retries when the connection is refused: nothing reached the server", async () => {
    const closedPort = await freePort();
    const c = client({ baseUrl: `http://127.0.0.1:${closedPort}/v2`, maxAttempts: 2 });
    const err = await c.request(SEND).catch((e) => e);
    assert.ok(err instanceof TelnyxConnectionError);
    assert.equal(err.cause.requestSent, false);
    assert.equal(err.cause.reason, "ECONNREFUSED");
    assert.match(err.message, /nothing was sent/);
  });

  it("keeps at most maxConcurrent requests in flight and starts the rest in arrival order", async () => {
    for (let i = 0; i < 20; i++) api.enqueue({ delayMs: 20 });
    const c = client({ maxConcurrent: 3 });
    const bodies = Array.from({ length: 20 }, (_, i) => ({ ...SEND, body: { ...SEND.body, text: `m${i}` } }));
    await Promise.all(bodies.map((b) => c.request(b)));
    assert.equal(api.maxInFlight, 3);
    assert.ok(api.openConnections <= 3, `at most 3 sockets, saw ${api.openConnections}`);
    const order = api.requests.map((r) => (r.body as { text: string }).text);
    assert.deepEqual(order.slice(0, 3).sort(), ["m0", "m1", "m2"]);
    assert.deepEqual(order.slice(3), bodies.slice(3).map((b) => b.body.text), "queued ones start in arrival order");
  });

  it("close() fails queued requests at once, lets in-flight ones finish, and leaves no sockets or timers", async () => {
    const before = await resourcesNow();
    api.enqueue({ delayMs: 150 });
    const c = client({ maxConcurrent: 1 });
    const inFlight = c.request(SEND);
    const queued = c.request(SEND).catch((e) => e);
    await api.waitForRequests(1);
    await c.close();
    assert.equal((await inFlight).statusCode, 200, "in-flight request completed");
    const err = await queued;
    assert.ok(err instanceof TelnyxClosedError);
    assert.match(err.message, /nothing was sent/);
    assert.equal(api.requests.length, 1);
    await expectResources(before);
    await assert.rejects(c.request(SEND), TelnyxClosedError);
  });

  it("close() aborts in-flight requests that outlast the grace period", async () => {
    api.enqueue({ delayMs: 2_000 });
    const c = client({ closeGraceMs: 50 });
    const inFlight = c.request(SEND).catch((e) => e);
    await api.waitForRequests(1);
    await c.close();
    const err = await inFlight;
    assert.ok(err instanceof TelnyxConnectionError);
    assert.equal(err.cause.requestSent, true);
  });

  it("close() ends a request waiting to retry with the error it already had", async () => {
    api.enqueue({ status: 429, headers: { "retry-after": "30" } });
    const c = client();
    const waiting = c.request(SEND).catch((e) => e);
    await until(() => c.waitingToRetry === 1, "the client to wait out the Retry-After");
    await c.close();
    const err = await waiting;
    assert.ok(err instanceof TelnyxApiError);
    assert.equal(err.cause.statusCode, 429);
    assert.equal(api.requests.length, 1);
  });

  it("withdraws a queued request when its signal aborts (nothing sent), but never one that has its slot", async () => {
    api.enqueue({ delayMs: 100 });
    const c = client({ maxConcurrent: 1 });
    const onTheWay = new AbortController();
    const waiting = new AbortController();
    let slots = 0;
    const first = c.request(SEND, { withdraw: onTheWay.signal, onSlot: () => slots++ });
    const second = c.request({ ...SEND, body: { ...SEND.body, text: "second" } }, { withdraw: waiting.signal, onSlot: () => slots++ }).catch((e) => e);
    const third = c.request({ ...SEND, body: { ...SEND.body, text: "third" } });
    await api.waitForRequests(1);
    assert.equal(c.queued, 2);
    onTheWay.abort();
    waiting.abort();
    const err = await second;
    assert.ok(err instanceof TelnyxWithdrawnError);
    assert.equal(c.queued, 1, "taken out of the queue at once");
    assert.equal((await first).statusCode, 200, "the request on its way was not cut off");
    await third;
    assert.deepEqual(api.requests.map((r) => (r.body as { text: string }).text), ["hi", "third"]);
    assert.equal(slots, 1);
    await assert.rejects(c.request(SEND, { withdraw: waiting.signal }), TelnyxWithdrawnError, "an aborted signal sends nothing");
    assert.equal(api.requests.length, 2);
  });

  it("goes through the proxy named by HTTP_PROXY, and not for hosts in NO_PROXY", async () => {
    const proxy = await startConnectProxy();
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
    try {
      delete process.env.http_proxy;
      delete process.env.no_proxy;
      process.env.HTTP_PROXY = proxy.url;
      process.env.NO_PROXY = "";
      await client().request(SEND);
      assert.deepEqual(proxy.tunnels, [`127.0.0.1:${api.port}`]);

      process.env.NO_PROXY = "127.0.0.1";
      await client().request(SEND);
      assert.equal(proxy.tunnels.length, 1, "NO_PROXY host bypassed the proxy");
      assert.equal(api.requests.length, 2);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await proxy.close();
    }
  });

  it("never puts the API key in an error", async () => {
    const failures = [
      () => { api.enqueue({ status: 401, body: errorBody(401, "10009", "Authentication failed") }); return client().request(SEND); },
      () => { api.enqueue({ drop: true }); return client().request(SEND); },
      () => { api.enqueue({ delayMs: 300 }); return client({ timeoutMs: 20 }).request(SEND); },
    ];
    for (const fail of failures) {
      const err = await fail().catch((e) => e);
      const everything = JSON.stringify({ message: err.message, code: err.code, cause: err.cause, stack: err.stack });
      assert.ok(!everything.includes(API_KEY), `${err.name} leaks the key`);
      assert.ok(!everything.includes("Bearer"), `${err.name} leaks the header`);
    }
  });

  it("encodes path segments the way RFC 3986 allows", () => {
    assert.equal(pathSegment("call_control_id", "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg"), "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg");
    assert.equal(pathSegment("call_control_id", "a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
    assert.equal(pathSegment("call_control_id", "../x"), "..%2Fx");
    assert.equal(pathSegment("call_control_id", "..."), "...", "three dots are no dot segment");
  });

  it("refuses ids a proxy would normalise away (., .., their percent-encodings, empty), naming the field", () => {
    for (const id of [".", "..", "%2e", "%2E%2e", ".%2E", ""]) {
      assert.throws(
        () => pathSegment("call_control_id", id),
        (err: unknown) => err instanceof TelnyxInputError && err.code === "ERR_TELNYX_INPUT" && err.cause.field === "call_control_id" && /^call_control_id: expected an id/.test(err.message),
        JSON.stringify(id),
      );
    }
  });

  it("never sends a path with a dot segment, however it was built", async () => {
    for (const path of ["/calls/../actions/hangup", "/calls/./actions/hangup", "/calls//actions/hangup"]) {
      const err = await client().request({ ...COMMAND, path }).catch((e) => e);
      assert.ok(err instanceof TelnyxInputError, path);
      assert.equal(err.cause.field, "path");
    }
    assert.equal(api.requests.length, 0);
  });

  it("ends a 50 MB answer with a typed error after reading at most the limit, and closes the connection", async () => {
    const fifty = 50 * 1024 * 1024;
    api.enqueue({ answerBytes: fifty });
    const err = await client().request(SEND).catch((e) => e);
    assert.ok(err instanceof TelnyxAnswerTooLargeError, String(err));
    assert.equal(err.code, "ERR_TELNYX_ANSWER_TOO_LARGE");
    assert.equal(err.cause.statusCode, 200);
    assert.equal(err.cause.maxBytes, DEFAULT_MAX_ANSWER_BYTES);
    assert.match(err.message, /longer than the account's limit of 4194304 bytes and was not read; the request was processed/);
    assert.equal(api.requests.length, 1, "an answer too large is not a reason to send again");
    // The stand-in stops writing once the client hangs up: what it wrote is the limit plus socket buffers.
    await until(() => api.openConnections === 0, "the stand-in to see the connection closed");
    assert.ok(api.streamedBytes < DEFAULT_MAX_ANSWER_BYTES + 8 * 1024 * 1024, `the stand-in wrote ${api.streamedBytes} bytes`);
  });

  it("refuses an answer by its Content-Length before reading it, under a limit set on the account", async () => {
    api.enqueue({ answerBytes: 2_000_000, declareLength: true, status: 500 });
    const err = await client({ maxAnswerBytes: 1_000_000 }).request(COMMAND).catch((e) => e);
    assert.ok(err instanceof TelnyxAnswerTooLargeError);
    assert.equal(err.cause.maxBytes, 1_000_000);
    assert.match(err.message, /\(HTTP 500\).*the request failed$/);
    assert.equal(api.requests.length, 1, "not retried");
    api.enqueue({ answerBytes: 1_000_000 });
    const fits = await client({ maxAnswerBytes: 1_000_000 }).request<{ data: { pad: string } }>(COMMAND);
    assert.equal(fits.body.data.pad.length, 1_000_000 - 19, "an answer of exactly the limit is read");
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A minimal CONNECT proxy on loopback that records the tunnels it opens. */
async function startConnectProxy() {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client: net.Socket, head) => {
    tunnels.push(String(req.url));
    const [host, port] = String(req.url).split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    tunnels,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The resources counted after the test's first await: mocha starts a promise-returning test's timeout
 * timer only once the test function has returned its promise, and that timer must be in the baseline.
 */
async function resourcesNow(): Promise<Record<string, number>> {
  await null;
  return resources();
}

function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * Sockets and timers return to what they were. Closing sockets takes a moment to be reaped, and undici
 * keeps one internal tick timer alive up to a few seconds after its last request, so wait up to 5 s.
 */
async function expectResources(before: Record<string, number>): Promise<void> {
  const interesting = (r: Record<string, number>) => ({ sockets: r.TCPSocketWrap ?? 0, timers: r.Timeout ?? 0 });
  for (let i = 0; i < 250; i++) {
    const now = interesting(resources());
    const then = interesting(before);
    if (now.sockets <= then.sockets && now.timers <= then.timers) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.deepEqual(interesting(resources()), interesting(before), "open sockets and timers after close");
}
