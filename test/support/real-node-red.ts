// A real Node-RED (red.js of `nodeRedDir`, the Node-RED the tests run on) in a child process, with this
// package installed in a temporary user directory the way `npm start` installs it (a symlink in
// <userDir>/node_modules), for end-to-end tests: the editor in a browser, inbound HTTP to nodes, deploys
// through the admin API.
//
//   const red = await startRealNodeRed();      // waits until the editor answers at red.url
//   await red.deploy(flows);                    // POST /flows, full deploy
//   await red.waitForLog(/Started flows/);
//   await red.stop();                           // always: kills the child (bounded), removes the user dir
//
// The child listens on port 0 (the OS picks a free port; Node-RED logs the one it got), on 127.0.0.1
// only, with credentialSecret false (no key file, no warning), projects, tours, telemetry and the
// diagnostics endpoint off, so that it never reaches for the network.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { nodeRedDir, root } from "./node-red";

export interface RealNodeRedOptions {
  /** Flows the runtime starts with (written to flows.json before start). */
  flows?: unknown[];
  /** Credentials by node id, written in clear (credentialSecret is false). */
  credentials?: Record<string, Record<string, string>>;
  /** Extra settings merged over the defaults (settings.js is `module.exports = <JSON>`). */
  settings?: Record<string, unknown>;
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
  /** How long to wait for the editor to answer. */
  startTimeoutMs?: number;
  /**
   * A user directory the caller prepared, with the package installed in its node_modules (the packed
   * tarball test). By default a new one is made with a link to the project. stop() removes it either way.
   */
  userDir?: string;
  /** Echo the child's output to this process's stderr as it comes (debugging). */
  echo?: boolean;
}

export interface RealNodeRed {
  /** The editor and admin API: http://127.0.0.1:<port><httpAdminRoot>, ending in "/" ("/" by default). */
  readonly url: string;
  /** http://127.0.0.1:<port>, to which httpNodeRoot ("/" by default) and node routes are relative. */
  readonly origin: string;
  readonly port: number;
  readonly userDir: string;
  readonly child: ChildProcess;
  /** Everything the child wrote to stdout and stderr so far. */
  log(): string;
  /** Log lines from `offset` (a length of log() taken earlier) on. */
  logSince(offset: number): string[];
  /** Resolves with the first line (after `offset`) matching; rejects after the timeout, quoting the log. */
  waitForLog(pattern: RegExp, timeoutMs?: number, offset?: number): Promise<string>;
  /**
   * Full deploy through the admin API; resolves with the new revision once flows have started. A node's
   * credentials go in its own `credentials` property, as the editor sends them.
   */
  deploy(flows: unknown[], timeoutMs?: number): Promise<string>;
  /** GET /flows: the deployed flow configuration. */
  flows(): Promise<Array<Record<string, unknown>>>;
  /** Stops the child (SIGTERM, then SIGKILL after `graceMs`) and removes the user directory. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string };

/** Children still running, killed if this process exits without stopping them (an aborted mocha). */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function settingsFile(extra: Record<string, unknown>): string {
  const settings = {
    uiPort: 0,
    uiHost: "127.0.0.1",
    flowFile: "flows.json",
    credentialSecret: false,
    logging: { console: { level: "info", metrics: false, audit: false } },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    ...extra,
    editorTheme: {
      projects: { enabled: false },
      tours: false,
      ...((extra.editorTheme as Record<string, unknown> | undefined) ?? {}),
    },
  };
  return `// Written by test/support/real-node-red.ts\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`;
}

/** A new user directory with the project linked into its node_modules. */
function linkedUserDir(): string {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "telnyx-node-red-"));
  // Node-RED finds packages in <userDir>/node_modules; a symlink is what `npm install <folder>` makes.
  fs.mkdirSync(path.join(userDir, "node_modules"));
  fs.symlinkSync(root, path.join(userDir, "node_modules", pkg.name), "dir");
  fs.writeFileSync(
    path.join(userDir, "package.json"),
    JSON.stringify({ name: "node-red-project", private: true, dependencies: { [pkg.name]: `file:${root}` } }, null, 2),
  );
  return userDir;
}

export async function startRealNodeRed(options: RealNodeRedOptions = {}): Promise<RealNodeRed> {
  const userDir = options.userDir ?? linkedUserDir();
  fs.writeFileSync(path.join(userDir, "settings.js"), settingsFile(options.settings ?? {}));
  if (options.flows) fs.writeFileSync(path.join(userDir, "flows.json"), JSON.stringify(options.flows));
  if (options.credentials) fs.writeFileSync(path.join(userDir, "flows_cred.json"), JSON.stringify(options.credentials));

  const child = spawn(
    process.execPath,
    [path.join(nodeRedDir, "red.js"), "--userDir", userDir, "--settings", path.join(userDir, "settings.js")],
    { cwd: userDir, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  let output = "";
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (options.echo) process.stderr.write(chunk);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      resolve();
    });
  });

  let stopped = false;
  const stop = async (graceMs = 5_000) => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
    }
    fs.rmSync(userDir, { recursive: true, force: true });
  };

  const logSince = (offset: number) => output.slice(offset).split("\n").filter((line) => line.trim() !== "");
  const waitForLog = async (pattern: RegExp, timeoutMs = 10_000, offset = 0) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = logSince(offset).find((l) => pattern.test(l));
      if (line) return line;
      if (exited) throw new Error(`Node-RED exited (${exited.code ?? exited.signal}) before logging ${pattern}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`Node-RED did not log ${pattern} within ${timeoutMs} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  try {
    const startTimeoutMs = options.startTimeoutMs ?? 30_000;
    const started = Date.now();
    const listening = await waitForLog(/Server now running at (http:\/\/\S+?)\/?$/, startTimeoutMs);
    const url = /(http:\/\/\S+?)\/?$/.exec(listening)![1] + "/";
    const port = Number(new URL(url).port);
    // The server listens before the editor's routes are all in place: wait until "/" answers.
    for (;;) {
      const ok = await fetch(url).then((res) => res.ok, () => false);
      if (ok) break;
      if (exited) throw new Error(`Node-RED exited (${exited.code ?? exited.signal}):\n${output}`);
      if (Date.now() - started > startTimeoutMs) throw new Error(`Node-RED's editor did not answer at ${url}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The first flows start after the editor answers; until they have, a deploy's "Started flows" could be
    // mistaken for theirs.
    await waitForLog(/\] Started flows$|Waiting for missing types/, Math.max(startTimeoutMs - (Date.now() - started), 1_000));

    const flows = async () => {
      const res = await fetch(`${url}flows`, { headers: { "Node-RED-API-Version": "v1" } });
      if (!res.ok) throw new Error(`GET /flows: ${res.status} ${await res.text()}`);
      return (await res.json()) as Array<Record<string, unknown>>;
    };
    const deploy = async (config: unknown[], timeoutMs = 10_000) => {
      const offset = output.length;
      const res = await fetch(`${url}flows`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Node-RED-API-Version": "v2", "Node-RED-Deployment-Type": "full" },
        body: JSON.stringify({ flows: config }),
      });
      if (!res.ok) throw new Error(`POST /flows: ${res.status} ${await res.text()}`);
      const { rev } = (await res.json()) as { rev: string };
      await waitForLog(/\] Started flows$/, timeoutMs, offset);
      return rev;
    };
    return { url, origin: new URL(url).origin, port, userDir, child, log: () => output, logSince, waitForLog, deploy, flows, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
