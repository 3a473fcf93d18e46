// The build's layer rule: an editor bundle may import only src/shared/, src/editor/ and editor.ts files.
// These bundle small entries through the same function the build uses (scripts/editor-bundle.mjs).
import { strict as assert } from "node:assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./support/node-red";

type BundleEditor = (root: string, entry: string) => Promise<string>;

describe("build: editor layers", () => {
  let bundleEditor: BundleEditor;
  let dir: string;

  before(async () => {
    ({ bundleEditor } = (await import(pathToFileURL(path.join(root, "scripts", "editor-bundle.mjs")).href)) as { bundleEditor: BundleEditor });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "telnyx-layers-"));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes `files` (name -> source) into the temp folder and bundles the first one. */
  function bundle(files: Record<string, string>): Promise<string> {
    for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), source);
    return bundleEditor(root, path.join(dir, Object.keys(files)[0]!));
  }

  const src = (rel: string) => JSON.stringify(path.join(root, "src", rel));

  it("bundles an entry that imports src/shared and src/editor", async () => {
    const script = await bundle({
      "ok.ts": `import { E164 } from ${src("shared/formats")};\nimport { VALUE_TYPES } from ${src("editor/fields")};\nconsole.log(E164, VALUE_TYPES);\n`,
    });
    assert.match(script, /VALUE_TYPES/);
  });

  it("fails on src/telnyx, naming the chain of imports", async () => {
    await assert.rejects(
      bundle({
        "entry.ts": `import { middle } from "./middle";\nconsole.log(middle);\n`,
        "middle.ts": `import { encodeClientState } from ${src("telnyx/client-state")};\nexport const middle = encodeClientState;\n`,
      }),
      (err: Error) => {
        assert.match(err.message, /editor bundle imports src\/telnyx\/client-state\.ts: src\/telnyx\/ is runtime code/);
        assert.match(err.message, /import chain: .*entry\.ts -> .*middle\.ts -> src\/telnyx\/client-state\.ts/);
        return true;
      },
    );
  });

  it("fails on a node's runtime.ts and on src/nodes/lib", async () => {
    await assert.rejects(bundle({ "runtime-entry.ts": `import ${src("nodes/telnyx-sms/runtime")};\n` }), /editor bundle imports src\/nodes\/telnyx-sms\/runtime\.ts: src\/nodes\/ runtime files/);
    await assert.rejects(bundle({ "lib-entry.ts": `import ${src("nodes/lib/status")};\n` }), /editor bundle imports src\/nodes\/lib\/status\.ts: src\/nodes\/ runtime files/);
  });

  it("fails on Node.js built-in modules, with or without node:", async () => {
    await assert.rejects(bundle({ "node-fs.ts": `import fs from "node:fs";\nconsole.log(fs);\n` }), /imports the Node\.js module "node:fs"/);
    await assert.rejects(bundle({ "crypto.ts": `import { randomUUID } from "crypto";\nconsole.log(randomUUID);\n` }), /imports the Node\.js module "crypto"/);
  });

  it("passes every node's editor as the build bundles it", async () => {
    const types = Object.keys(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))["node-red"].nodes);
    for (const type of types) {
      const editor = path.join(root, "src", "nodes", type, "editor.ts");
      const script = await bundleEditor(root, editor);
      // It registers its type, or exports the dialog the build writes the registration for (scripts/node-forms.mjs).
      if (!/export const dialog = /.test(fs.readFileSync(editor, "utf8"))) assert.match(script, new RegExp(`registerType\\("${type}"`), type);
      assert.match(fs.readFileSync(path.join(root, "nodes", `${type}.html`), "utf8"), new RegExp(`RED\\.nodes\\.registerType\\("${type}",\\s*\\{`), type);
    }
  });
});
