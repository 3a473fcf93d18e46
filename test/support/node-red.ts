// Running flows in a real Node-RED runtime (node-red-node-test-helper) with the package's built nodes.
import helper from "node-red-node-test-helper";
import fs from "node:fs";
import path from "node:path";
import { until } from "./wait";

export const root = path.resolve(__dirname, "..", "..");

/**
 * The Node-RED the tests run on: the devDependency, or the node-red package folder named by
 * TELNYX_TEST_NODE_RED (the compatibility matrix, scripts/compat.mjs, installs others under .compat/).
 * Both the test helper and the real red.js (test/support/real-node-red.ts) load it from here.
 */
export const nodeRedDir = process.env.TELNYX_TEST_NODE_RED
  ? path.resolve(root, process.env.TELNYX_TEST_NODE_RED)
  : path.dirname(require.resolve("node-red/package.json"));
export const nodeRedVersion = (JSON.parse(fs.readFileSync(path.join(nodeRedDir, "package.json"), "utf8")) as { version: string }).version;

helper.init(require.resolve(nodeRedDir));

export { helper, until };

/** A module as the chosen Node-RED resolves it (its core nodes, its @node-red/util). */
function fromNodeRed(id: string): string {
  return require.resolve(id, { paths: [nodeRedDir] });
}

/**
 * The built node module of a type, as Node-RED loads it from nodes/. The test helper's RED._ returns
 * message keys as they are; this one reads the built en-US catalogs, so tests see the real texts and a
 * missing key shows up as a key.
 */
export function nodeModule(type: string): (RED: Record<string, unknown>) => unknown {
  const register = require(path.join(root, "nodes", `${type}.js`)) as (RED: unknown) => unknown;
  return (RED) => {
    RED._ = translate;
    // The helper's RED leaves out what the runtime gives every node: its hooks and its version.
    RED.hooks ??= (require(fromNodeRed("@node-red/util")) as { hooks: unknown }).hooks;
    RED.version ??= () => nodeRedVersion;
    return register(RED);
  };
}

let catalog: Record<string, unknown> | undefined;

function translate(key: string, vars: Record<string, unknown> = {}): string {
  if (!catalog) {
    const dir = path.join(root, "nodes", "locales", "en-US");
    catalog = Object.assign({}, ...fs.readdirSync(dir).map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))));
  }
  const text = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
  if (typeof text !== "string") return key;
  return text.replace(/__(\w+)__/g, (_, name: string) => String(vars[name] ?? ""));
}

/** Core nodes tests wire in (catch, http in/out, ...). */
export function coreNode(file: string): unknown {
  return require(fromNodeRed(`@node-red/nodes/core/${file}`));
}

export const TEST_API_KEY = "KEYtest_0123456789abcdefSECRET";

/** A telnyx-config node pointing at the stand-in, and its credentials. */
export function account(baseUrl: string, props: Record<string, unknown> = {}, credentials: Record<string, string> = {}) {
  return {
    node: { id: "acct", type: "telnyx-config", name: "test account", baseUrl, ...props },
    credentials: { acct: { apiKey: TEST_API_KEY, ...credentials } },
  };
}

interface HelperNode {
  on(event: string, listener: (msg: Record<string, unknown>) => void): void;
}

/** Collects what arrives at a helper node. */
export function collect(nodeId: string): Array<Record<string, unknown>> {
  const received: Array<Record<string, unknown>> = [];
  (helper.getNode(nodeId) as unknown as HelperNode).on("input", (msg) => received.push(msg));
  return received;
}

/** Resolves when `list` holds `count` items; rejects after a timeout naming what is missing. */
export async function waitFor<T>(list: T[], count: number, what: string, timeoutMs = 5_000): Promise<T[]> {
  await until(() => list.length >= count, `${count} ${what}`, timeoutMs).catch(() => {
    throw new Error(`waited for ${count} ${what}, got ${list.length}`);
  });
  return list;
}

/**
 * A quiet window after the awaited outcome: lets pending I/O and timers run, so that a test can check
 * that nothing else happened (a second output, a repeated request). Never a wait for something expected:
 * use waitFor or until for that.
 */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A redeploy: helper.setFlows, without its fixed 300 ms limit for the flows to start again (too short on a
 * busy machine, where a redeploy that waits for requests in flight takes longer). Listens for the
 * runtime's "flows:started" from before the deploy, so it cannot miss it, and waits up to `timeoutMs`.
 */
export async function setFlows(flow: unknown[], type: "full" | "nodes" | "flows", credentials: object = {}, timeoutMs = 10_000): Promise<void> {
  const internals = helper as unknown as {
    _redNodes: { setFlows(flow: unknown[], credentials: object, type: string): Promise<unknown> };
    _events: { on(event: string, listener: () => void): void; off(event: string, listener: () => void): void };
  };
  let onStarted = () => {};
  let timer: NodeJS.Timeout | undefined;
  const started = new Promise<void>((resolve, reject) => {
    onStarted = resolve;
    timer = setTimeout(() => reject(new Error(`the flows did not start again within ${timeoutMs} ms`)), timeoutMs);
  });
  internals._events.on("flows:started", onStarted);
  try {
    await internals._redNodes.setFlows(flow, credentials, type);
    await started;
  } finally {
    clearTimeout(timer);
    internals._events.off("flows:started", onStarted);
  }
}

/**
 * A flow on one tab: every node but config nodes gets `z`, so that Node-RED treats the rest as flow
 * nodes (catch and status nodes need a tab to scope to).
 */
export interface FlowNode {
  id: string;
  type: string;
  [property: string]: unknown;
}

export function onTab(...nodes: FlowNode[]): FlowNode[] {
  return [{ id: "tab", type: "tab", label: "test" }, ...nodes.map((n) => (n.type === "telnyx-config" ? n : { z: "tab", ...n }))];
}
