// msg.error.code on every supported Node-RED. From 4.1 on, the runtime copies an error's `code` onto the
// Catch node's msg.error; before 4.1 (3.1.x, 4.0.x) it copies only `message`, `stack` and `cause`
// (@node-red/runtime lib/flows/Flow.js handleError), so a flow could not branch on our codes there.
//
// On those versions each of our nodes notes the code of the error it raises while the runtime routes it,
// and an onReceive hook puts it on the Catch node's message. The runtime builds that message and hands
// it to the Catch node inside the same node.error() call (done(err) ends in node.error too), so the
// note is only ever read for the error being routed.
import type { Node, NodeAPI, NodeMessage } from "node-red";

const HOOK = "onReceive.telnyx-error-code";

/** The error being routed right now, if one of ours with a code. */
let routing: { message: string; code: string } | undefined;

interface HooksApi {
  add(id: string, hook: (event: { msg?: unknown }) => void): void;
  has?(id: string): boolean;
}

/** True when the runtime leaves `code` out of msg.error (before 4.1) or does not say its version. */
function runtimeDropsCode(RED: NodeAPI): boolean {
  const raw = (RED as unknown as { version?: unknown }).version;
  const version = typeof raw === "function" ? (raw as () => unknown)() : raw;
  const match = /^(\d+)\.(\d+)/.exec(typeof version === "string" ? version : "");
  if (!match) return true;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < 4 || (major === 4 && minor < 1);
}

function addHookOnce(hooks: HooksApi): void {
  if (hooks.has?.(HOOK)) return;
  try {
    hooks.add(HOOK, ({ msg }) => {
      if (!routing || !msg || typeof msg !== "object") return;
      const error = (msg as { error?: unknown }).error as Record<string, unknown> | undefined;
      if (error && typeof error === "object" && error.code === undefined && error.message === routing.message) {
        error.code = routing.code;
      }
    });
  } catch {
    // Already registered by another copy of this module (a runtime without hooks.has): that one fills it in.
  }
}

/** Makes the codes of `node`'s errors reach a Catch node's msg.error.code on Node-RED before 4.1. */
export function keepErrorCodes(RED: NodeAPI, node: Node): void {
  const hooks = (RED as unknown as { hooks?: HooksApi }).hooks;
  if (!hooks || !runtimeDropsCode(RED)) return;
  addHookOnce(hooks);
  const error = node.error.bind(node);
  node.error = (logMessage: unknown, msg?: NodeMessage) => {
    if (!msg) return error(logMessage, msg);
    routeWithCode(logMessage, () => error(logMessage, msg));
  };
}

/** Runs `route` (which hands `err` to the runtime's error routing) with err.code noted for the hook above. */
export function routeWithCode<T>(err: unknown, route: () => T): T {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string") return route();
  const outer = routing;
  routing = { message: String(err), code };
  try {
    return route();
  } finally {
    routing = outer;
  }
}
