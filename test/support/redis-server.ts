// A real redis-server (Debian's /usr/bin/redis-server) on loopback for tests and the bench: a free port,
// no persistence, started and stopped by whoever uses it. stop() then start() is a Redis restart on the
// same port, with an empty memory, as after a crash of a Redis that keeps nothing on disk.
//
//   const redis = await startRedis();   // resolves once it answers PING
//   redis.url                           // redis://127.0.0.1:<port>
//   await redis.stop(); await redis.start();
//   await redis.close();                // always
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Sends one command (RESP inline) and resolves with the raw reply. */
  command(line: string): Promise<string>;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (nothing when it runs); resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it for good. Idempotent. */
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startRedis(extraArgs: string[] = []): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = "";

  const start = async () => {
    if (child) return; // running already
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", ...extraArgs];
    const proc = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    running.add(proc);
    proc.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    proc.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    let exitCode: number | null | undefined;
    proc.on("exit", (code) => {
      exitCode = code;
      running.delete(proc);
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const reply = await command(port, "PING").catch(() => "");
      if (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH")) return; // NOAUTH: up, with a password
      if (exitCode !== undefined) {
        child = undefined;
        throw new Error(`redis-server exited (${exitCode}):\n${output}`);
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, command: (line) => command(port, line), stop, start, close: stop };
}

/** A port nobody listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One inline command on a fresh connection; resolves with the first reply line(s) received. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let reply = "";
    socket.setTimeout(2_000, () => socket.destroy(new Error("no reply within 2 s")));
    socket.on("connect", () => socket.write(`${line}\r\n`));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.endsWith("\r\n")) {
        socket.end();
        resolve(reply);
      }
    });
    socket.on("error", reject);
  });
}
