// A node type's edit-dialog definition as the built editor registers it, without a browser: the shipped
// script run with a stand-in RED and no dialog open (test/browser/ opens the dialogs in a real editor).
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { root } from "./node-red";

export type Validate = (this: Record<string, unknown>, value: string, options?: unknown) => boolean | string;
export interface Definition {
  defaults: Record<string, { value: unknown; validate?: Validate }>;
}

/** Runs nodes/<type>.html's editor script and returns what it registered. */
export function definitionOf(type: string): Definition {
  const html = fs.readFileSync(path.join(root, "nodes", `${type}.html`), "utf8");
  const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)![1];
  let definition: Definition | undefined;
  const registerType = (registered: string, def: Definition) => {
    assert.equal(registered, type);
    definition = def;
  };
  // The shared editor code (resources/telnyx-editor.js) loads first, as Node-RED loads it.
  // A fresh context has the language's globals only: URL and atob come from the browser.
  const context = vm.createContext({ RED: { nodes: { registerType } }, $: () => ({ length: 0 }), URL, atob });
  vm.runInContext(fs.readFileSync(path.join(root, "resources", "telnyx-editor.js"), "utf8"), context);
  vm.runInContext(script, context);
  assert.ok(definition, `${type} registered nothing`);
  return definition;
}
