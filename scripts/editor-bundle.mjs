// Bundles one node editor (src/nodes/<type>/editor.ts) for the browser, and keeps the layers apart while
// doing it: an editor may import only src/shared/, src/editor/ and other editor.ts files. Anything else,
// src/telnyx/ (the client, Node-only), a runtime file under src/nodes/ (runtime.ts, src/nodes/lib/) or a
// Node built-in module (`node:fs`, `fs`, ...), fails the build with the chain of imports that pulled it in.
//
// scripts/build.mjs bundles every editor with bundleEditor(); test/build.test.ts proves the guard fails.
import { builtinModules } from "node:module";
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";

const BUILTINS = new Set(builtinModules);
const EXTENSIONS = ["", ".ts", ".mts", ".js", ".mjs", ".json", "/index.ts", "/index.js"];

/** Why `file` (absolute) may not be in an editor bundle, or undefined when it may. */
function forbiddenFile(root, file) {
  const rel = path.relative(path.join(root, "src"), file).split(path.sep).join("/");
  if (rel.startsWith("../") || path.isAbsolute(rel)) return undefined; // outside src/: a package, judged by its own imports
  if (rel.startsWith("shared/") || rel.startsWith("editor/")) return undefined;
  if (/^nodes\/[^/]+\/editor\.ts$/.test(rel)) return undefined;
  if (rel.startsWith("telnyx/")) return "src/telnyx/ is runtime code (the Telnyx client, Node-only)";
  if (rel.startsWith("nodes/")) return "src/nodes/ runtime files (runtime.ts, src/nodes/lib/) run inside Node-RED, not in the browser";
  return "only src/shared/, src/editor/ and src/nodes/<type>/editor.ts may be bundled into an editor";
}

/** The file an import names (`./x` -> `./x.ts`, `./dir` -> `./dir/index.ts`), or undefined. */
export function resolveFile(from, specifier) {
  const base = path.resolve(from, specifier);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The esbuild plugin that enforces the editor layer rule (see the top of this file). */
export function editorLayerGuard(root) {
  const show = (file) => path.relative(root, file).split(path.sep).join("/");
  return {
    name: "editor-layers",
    setup(build) {
      // Who first imported each file, to show the chain from the entry to an offending import.
      const importedBy = new Map();
      const chain = (importer, last) => {
        const files = [last];
        for (let at = importer; at; at = importedBy.get(at)) files.unshift(show(at));
        return files.join(" -> ");
      };
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        const spec = args.path;
        if (spec.startsWith("node:") || BUILTINS.has(spec) || BUILTINS.has(spec.split("/")[0])) {
          return {
            errors: [{ text: `editor bundle imports the Node.js module "${spec}", which does not exist in the browser\n  import chain: ${chain(args.importer, spec)}` }],
          };
        }
        if (!spec.startsWith(".") && !path.isAbsolute(spec)) return undefined; // a package: its own imports pass through here too
        const file = resolveFile(args.resolveDir, spec);
        if (!file) return undefined; // let esbuild report the missing file
        const why = forbiddenFile(root, file);
        if (why) {
          return { errors: [{ text: `editor bundle imports ${show(file)}: ${why}\n  import chain: ${chain(args.importer, show(file))}` }] };
        }
        if (!importedBy.has(file)) importedBy.set(file, args.importer);
        return undefined;
      });
    },
  };
}

/** How every script for the editor is bundled: one IIFE, for the browsers Node-RED supports. */
export const BROWSER_SCRIPT = {
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  target: "es2019",
  charset: "utf8",
  legalComments: "none",
  minifyWhitespace: true, // shipped editor HTML counts against a size cap; names stay readable in the browser's debugger
  logLevel: "silent",
};

/**
 * The browser script of one editor entry (an IIFE), bundled with the layer guard and any further plugins
 * (run after the guard: the build's shared-modules plugin). Throws on any error.
 */
export async function bundleEditor(root, entry, plugins = []) {
  const bundle = await esbuild.build({ ...BROWSER_SCRIPT, entryPoints: [entry], plugins: [editorLayerGuard(root), ...plugins] });
  for (const warning of await esbuild.formatMessages(bundle.warnings, { kind: "warning" })) console.warn(warning);
  return bundle.outputFiles[0].text;
}
