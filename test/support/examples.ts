// The example flows (examples/*.json) as the tests see them: the menu entries, their nodes, and what a
// node may say when it starts in an example (the examples ship accounts without credentials).
import fs from "node:fs";
import path from "node:path";
import { root } from "./node-red";

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
