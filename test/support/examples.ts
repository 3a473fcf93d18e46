// The example flows (examples/*.json) as the tests see them: the menu entries, their nodes, and what a
// node may say when it starts in an example (the examples ship accounts without credentials).
import fs from "node:fs";
import path from "node:path";
import { root } from "./node-red";

/**
 * Core node types examples may use, and the file under @node-red/nodes/core that defines each (null: a
 * structural type the runtime handles itself). Anything else must be one of this package's types: an
 * example must import into a plain Node-RED with nothing else installed.
 */
export const CORE_TYPES: Record<string, string | null> = {
  tab: null,
  group: null,
  junction: "common/05-junction.js",
  comment: "common/90-comment.js",
  inject: "common/20-inject.js",
  debug: "common/21-debug.js",
  complete: "common/24-complete.js",
  catch: "common/25-catch.js",
  status: "common/25-status.js",
  "link in": "common/60-link.js",
  "link out": "common/60-link.js",
  "link call": "common/60-link.js",
  function: "function/10-function.js",
  switch: "function/10-switch.js",
  change: "function/15-change.js",
  range: "function/16-range.js",
  template: "function/80-template.js",
  delay: "function/89-delay.js",
  trigger: "function/89-trigger.js",
  split: "sequence/17-split.js",
  join: "sequence/17-split.js",
  json: "parser/70-JSON.js",
  "http in": "network/21-httpin.js",
  "http response": "network/21-httpin.js",
  "http request": "network/21-httprequest.js",
  file: "storage/10-file.js",
};

export const examplesDir = path.join(root, "examples");

export interface ExampleNode {
  id: string;
  type: string;
  z?: string;
  wires?: string[][];
  links?: string[];
  scope?: string[] | null;
  credentials?: unknown;
  [property: string]: unknown;
}

/** The menu entries under Import > Examples > node-red-contrib-telnyx: the file names without .json. */
export function exampleNames(): string[] {
  if (!fs.existsSync(examplesDir)) return [];
  return fs.readdirSync(examplesDir).filter((f) => f.endsWith(".json")).sort().map((f) => f.slice(0, -".json".length));
}

export function loadExample(name: string): ExampleNode[] {
  return JSON.parse(fs.readFileSync(path.join(examplesDir, `${name}.json`), "utf8")) as ExampleNode[];
}
