import { strict as assert } from "node:assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { DEFAULT_MAX_BODY_KB } from "../../../src/shared/defaults";
import { readRawBody } from "../../../src/telnyx/webhook/raw-body";

describe("telnyx/webhook/raw-body readRawBody", () => {
  const limits = (maxBytes: number, timeoutMs = 10_000) => ({ maxBytes, timeoutMs });

  function streamOf(...chunks: Array<string | Buffer>): PassThrough {
    const stream = new PassThrough();
    setImmediate(() => {
      for (const chunk of chunks) stream.write(chunk);
      stream.end();
    });
    return stream;
  }

  it("gives the exact bytes, across chunks, including bytes that are not UTF-8", async () => {
    const result = await readRawBody(streamOf(Buffer.from([0x7b, 0xff]), "é", Buffer.from([0x00, 0x7d])), limits(100));
    assert.ok(result.ok);
    assert.deepEqual([...result.bytes], [0x7b, 0xff, 0xc3, 0xa9, 0x00, 0x7d]);
  });

  it("accepts exactly the limit and refuses one byte more with 413, draining the rest", async () => {
    const exact = await readRawBody(streamOf("a".repeat(60), "b".repeat(40)), limits(100));
    assert.ok(exact.ok);
    assert.equal(exact.bytes.length, 100);

    const stream = streamOf("a".repeat(60), "b".repeat(41), "c".repeat(1000));
    const over = await readRawBody(stream, limits(100));
    assert.deepEqual(over, { ok: false, status: 413, reason: "body is larger than the limit of 100 bytes" });
    // The rest is read and thrown away.
    if (!stream.readableEnded) await new Promise((resolve) => stream.on("end", resolve));
    assert.equal(stream.readableEnded, true);
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const stream = new PassThrough();
    const result = await readRawBody(stream, limits(100), "101");
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.status, 413);
    assert.equal(readRawBody.length, 3);
  });

  it("cuts a body that has not arrived within the timeout with 408 (a slow sender), and stops reading it", async () => {
    const trickle = new PassThrough();
    trickle.write("{\"data\":");
    const result = await readRawBody(trickle, limits(100, 50));
    assert.deepEqual(result, { ok: false, status: 408, reason: "the body did not arrive within 0.05 s" });
    assert.equal(trickle.isPaused(), true);
  });

  it("defaults to a 1 MB limit in the node", () => {
    assert.equal(DEFAULT_MAX_BODY_KB * 1024, 1_048_576);
  });

  it("reports a stream that closes early or fails as 400, without throwing", async () => {
    const closed = new PassThrough();
    setImmediate(() => {
      closed.write("partial");
      closed.destroy();
    });
    assert.deepEqual(await readRawBody(closed, limits(100)), { ok: false, status: 400, reason: "the connection closed before the whole body arrived" });

    const failed = new PassThrough();
    setImmediate(() => failed.destroy(new Error("boom")));
    const result = await readRawBody(failed, limits(100));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : "", /boom|closed/);
  });

  it("reads a real HTTP request body byte for byte, and answers a 413 the client receives", async () => {
    const seen: Array<{ ok: boolean; length?: number; status?: number }> = [];
    const server = http.createServer(async (req, res) => {
      const result = await readRawBody(req, limits(1000), req.headers["content-length"]);
      seen.push(result.ok ? { ok: true, length: result.bytes.length } : { ok: false, status: result.status });
      res.statusCode = result.ok ? 200 : result.status;
      res.end(result.ok ? result.bytes : "no");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const body = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0x0a, 0xff]);
      const ok = await fetch(url, { method: "POST", body: new Uint8Array(body) });
      assert.deepEqual(Buffer.from(await ok.arrayBuffer()), body);
      const big = await fetch(url, { method: "POST", body: new Uint8Array(Buffer.alloc(200_000, 0x61)) });
      assert.equal(big.status, 413);
      assert.deepEqual(seen, [{ ok: true, length: 7 }, { ok: false, status: 413 }]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
