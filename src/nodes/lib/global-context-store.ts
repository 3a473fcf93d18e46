// A named Node-RED context store (global scope) as the KeyValueStore the shared repeat detection uses.
// With a store several Node-RED instances reach (a Redis or database context plugin), instances behind
// a load balancer recognise each other's event ids.
import type { Node, NodeAPI } from "node-red";
import type { KeyValueStore } from "../../telnyx/webhook/dedupe";

/** The context store names settings.js defines (contextStorage), "default" included when any are. */
export function contextStoreNames(RED: NodeAPI): string[] {
  const stores = (RED.settings as { contextStorage?: Record<string, unknown> }).contextStorage;
  if (!stores || typeof stores !== "object") return [];
  return [...new Set(["default", ...Object.keys(stores)])];
}

export function globalContextStore(node: Node, store: string): KeyValueStore {
  const global = node.context().global;
  const callback =
    <T>(resolve: (value: T) => void, reject: (err: Error) => void) =>
    (err: Error | null | undefined, value?: T) =>
      err ? reject(err) : resolve(value as T);
  return {
    get: (key) => new Promise((resolve, reject) => global.get(key, store, callback(resolve, reject))),
    set: (key, value) => new Promise((resolve, reject) => global.set(key, value, store, callback<void>(resolve, reject))),
    keys: () => new Promise((resolve, reject) => global.keys(store, callback<unknown[]>((keys) => resolve(keys.map(String)), reject))),
  };
}
