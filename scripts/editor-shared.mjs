// Shared editor code ships once. Every node editor imports the field language, the operation descriptors
// and the dialog helpers from src/shared and src/editor; bundled into each node's HTML they were copied
// eight times. Instead, the build
//   - bundles each node editor with sharedModules(): an import of a file under src/shared or src/editor
//     becomes a read of `globalThis.TelnyxEditor["<path under src>"]`, and the file is noted;
//   - bundles the noted files once into resources/telnyx-editor.js (sharedBundle), which sets that global;
//   - puts <script src="resources/<package>/telnyx-editor.js"> before each node's own script. Node-RED
//     (1.3 and later) serves a module's resources/ folder there and runs a node's scripts only after the
//     scripts it names by a relative src have loaded.
import path from "node:path";
import * as esbuild from "esbuild";
import { BROWSER_SCRIPT, resolveFile } from "./editor-bundle.mjs";

export const SHARED_GLOBAL = "TelnyxEditor";
export const SHARED_SCRIPT = "telnyx-editor.js";
/** The key of a shared file: its path under src/, without extension ("shared/fields/index"). */
function keyOf(root, file) {
  return path.relative(path.join(root, "src"), file).split(path.sep).join("/").replace(/\.ts$/, "");
}

/** An esbuild plugin for a node editor: shared files become reads of the global; `used` collects them. */
export function sharedModules(root, used) {
  const sharedDirs = ["shared", "editor"].map((dir) => path.join(root, "src", dir) + path.sep);
  return {
    name: "shared-editor-modules",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace === "shared-editor") return undefined;
        const file = resolveFile(args.resolveDir, args.path);
        if (!file || !sharedDirs.some((dir) => file.startsWith(dir))) return undefined;
        used.add(file);
        return { path: keyOf(root, file), namespace: "shared-editor" };
      });
      // An ES module naming each export of the shared file, so the editor's bundle reads them straight from
      // the global (a CommonJS stand-in would pull esbuild's interop helpers into every node's HTML).
      // Each read is a pure call, so the exports an editor does not use are left out of its bundle.
      build.onResolve({ filter: /^shared-editor-read$/ }, () => ({ path: "read", namespace: "shared-editor-read" }));
      build.onLoad({ filter: /.*/, namespace: "shared-editor-read" }, () => ({
        contents: `export function shared(file, name) { return globalThis.${SHARED_GLOBAL}[file][name]; }`,
        loader: "js",
      }));
      build.onLoad({ filter: /.*/, namespace: "shared-editor" }, async (args) => {
        const names = await exportNames(path.join(root, "src", `${args.path}.ts`));
        const file = JSON.stringify(args.path);
        const reads = names.map((name) => `export const ${name} = /* @__PURE__ */ shared(${file}, ${JSON.stringify(name)});`);
        return { contents: [`import { shared } from "shared-editor-read";`, ...reads].join("\n"), loader: "js", resolveDir: root };
      });
    },
  };
}

/** The names a shared file exports as values (types vanish when compiled). */
async function exportNames(file) {
  const result = await esbuild.build({ entryPoints: [file], bundle: false, write: false, format: "esm", metafile: true, logLevel: "silent" });
  return Object.values(result.metafile.outputs)[0].exports;
}

/** The one script with every shared file the editors use, keyed as sharedModules() reads them. */
export async function sharedBundle(root, files) {
  const sorted = [...files].sort();
  const imports = sorted.map((file, i) => `import * as m${i} from ${JSON.stringify(file)};`).join("\n");
  const table = sorted.map((file, i) => `  ${JSON.stringify(keyOf(root, file))}: m${i},`).join("\n");
  const bundle = await esbuild.build({
    stdin: {
      contents: `${imports}\nglobalThis.${SHARED_GLOBAL} = {\n${table}\n};\n`,
      resolveDir: root,
      sourcefile: "telnyx-editor.js",
      loader: "js",
    },
    ...BROWSER_SCRIPT,
    // Node-RED adds this script once per node set, so it loads once per node type: only the first copy
    // runs (and sets the global every editor shares); the others skip their body.
    banner: { js: `if (!globalThis.${SHARED_GLOBAL}) {` },
    footer: { js: "}" },
  });
  return bundle.outputFiles[0].text;
}
