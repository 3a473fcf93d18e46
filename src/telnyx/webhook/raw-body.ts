// Reading an inbound request body to its end, as the exact bytes a signature covers, with a size limit.

import type { Readable } from "node:stream";

export type RawBodyResult = { ok: true; bytes: Buffer } | { ok: false; status: 400 | 408 | 413; reason: string };

/** How much of a body may arrive, and how soon. */
export interface BodyLimits {
  /** Most bytes kept. */
  maxBytes: number;
  /** The whole body must have arrived within this many ms of the start of reading. */
  timeoutMs: number;
}

/**
 * Reads a request body to its end, keeping at most `maxBytes`. Beyond the limit (or when the declared
 * Content-Length already exceeds it) it resolves 413 at once and lets the rest of the body drain
 * unread, so the client still gets the answer. A body not complete within `timeoutMs` resolves 408
 * (a slow sender: the caller answers and closes the connection). Never rejects.
 */
export function readRawBody(stream: Readable, { maxBytes: limit, timeoutMs }: BodyLimits, declaredLength?: string | string[]): Promise<RawBodyResult> {
  const tooLarge: RawBodyResult = { ok: false, status: 413, reason: `body is larger than the limit of ${limit} bytes` };
  return new Promise((resolve) => {
    if (typeof declaredLength === "string" && /^\d+$/.test(declaredLength) && Number(declaredLength) > limit) {
      stream.resume();
      resolve(tooLarge);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const timer = setTimeout(() => {
      finish({ ok: false, status: 408, reason: `the body did not arrive within ${timeoutMs / 1000} s` });
      stream.pause();
    }, timeoutMs);
    const finish = (result: RawBodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      size += bytes.length;
      if (size > limit) {
        finish(tooLarge);
        stream.resume(); // discard the rest
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onClose = () => finish({ ok: false, status: 400, reason: "the connection closed before the whole body arrived" });
    // Stays attached: an aborted request may emit "error" after we are done with it.
    stream.on("error", (err: Error) => finish({ ok: false, status: 400, reason: `the body could not be read (${err.message})` }));
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("close", onClose);
  });
}
