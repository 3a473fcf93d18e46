// What ships: package.json fields, the built nodes/ tree, and the shape the Flow Library reads.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { root } from "./support/node-red";

const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const nodeTypes = Object.keys(pkg["node-red"].nodes) as string[];

/** Every file under a folder, relative to it. */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(file).map((f) => path.join(entry.name, f)) : [entry.name];
  });
}

/**
 * What `node-red-dev validate` (the Flow Library scorecard, checks N01 and N02) reads from a shipped HTML
 * file, or why it cannot: it parses every `<script type="text/javascript">`, and for each
 * `….registerType(…)` call reads the type (a string literal), then the definition (an object literal)
 * property by property with `key.name`, including each key of `defaults` and `credentials` (inline object
 * literals). A spread (`...fields()`) has no key: the tool then throws and scores nothing, so every key must
 * be written out. Mirrors node-red-dev-cli src/libs/checknodes.js, on TypeScript's parser.
 */
function scorecardView(html: string): { types: Record<string, { category?: string; defaults: string[] }>; problems: string[] } {
  const types: Record<string, { category?: string; defaults: string[] }> = {};
  const problems: string[] = [];
  const scripts = [...html.matchAll(/<script.+?type=['"]text\/javascript['"].*?>([\S\s]*?)<\/script>/gi)].map((m) => m[1]);
  if (scripts.length === 0) problems.push("no <script type=\"text/javascript\"> section");
  const keyName = (name: ts.PropertyName | undefined) => (name && ts.isIdentifier(name) ? name.text : undefined);
  const keysOf = (where: string, object: ts.Expression): string[] => {
    if (!ts.isObjectLiteralExpression(object)) {
      problems.push(`${where} is not an inline object literal`);
      return [];
    }
    return object.properties.map((property) => {
      const key = ts.isSpreadAssignment(property) ? undefined : keyName(property.name);
      if (key === undefined) problems.push(`${where} has a property without a plain name (${property.getText().replace(/\s+/g, " ").slice(0, 40)}…)`);
      return key ?? "?";
    });
  };
  for (const script of scripts) {
    const source = ts.createSourceFile("editor.js", script, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "registerType") {
        const [typeArg, definition] = node.arguments;
        if (!typeArg || !ts.isStringLiteral(typeArg)) {
          problems.push(`registerType(${typeArg?.getText() ?? ""}, …): the type is not a string literal`);
        } else {
          const type = typeArg.text;
          const entry: { category?: string; defaults: string[] } = { defaults: [] };
          types[type] = entry;
          keysOf(`${type}: the definition`, definition);
          if (definition && ts.isObjectLiteralExpression(definition)) {
            for (const property of definition.properties) {
              if (!ts.isPropertyAssignment(property)) continue;
              const key = keyName(property.name);
              if (key === "defaults") entry.defaults = keysOf(`${type}: defaults`, property.initializer);
              if (key === "credentials") keysOf(`${type}: credentials`, property.initializer);
              if (key && ["icon", "color", "inputs", "outputs", "category"].includes(key)) {
                const value = property.initializer;
                if (!ts.isStringLiteral(value) && !ts.isNumericLiteral(value)) problems.push(`${type}: ${key} is not a literal`);
                else if (key === "category") entry.category = value.text;
              }
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { types, problems };
}

/** The text of the registerType call's definition object in a built HTML file. */
function registeredDefinition(html: string, type: string): string | undefined {
  // The Flow Library finds node types with a plain text match on the shipped HTML.
  const call = new RegExp(`RED\\.nodes\\.registerType\\(\\s*["']${type}["']\\s*,\\s*\\{`).exec(html);
  if (!call) return undefined;
  let depth = 0;
  for (let i = call.index + call[0].length - 1; i < html.length; i++) {
    if (html[i] === "{") depth++;
    if (html[i] === "}" && --depth === 0) return html.slice(call.index + call[0].length - 1, i + 1);
  }
  return undefined;
}

describe("package", () => {
  it("has the package.json fields the Flow Library and npm need", () => {
    assert.equal(pkg.name, "node-red-contrib-telnyx");
    assert.equal(pkg.license, "MIT");
    assert.ok(fs.readFileSync(path.join(root, "LICENSE"), "utf8").startsWith("MIT License"));
    assert.match(pkg.repository.url, /^git\+https:\/\//);
    assert.match(pkg.bugs.url, /^https:\/\//);
    for (const keyword of ["node-red", "telnyx", "sms", "voice"]) assert.ok(pkg.keywords.includes(keyword), keyword);
    assert.match(pkg.engines.node, /^>=20\.18/);
    assert.equal(pkg["node-red"].version, ">=3.1.0");
    assert.deepEqual(pkg.files, ["nodes/", "resources/", "examples/"]);
  });

  it("ships every script a node's HTML loads, from resources/ (which Node-RED serves as resources/<module>/)", () => {
    for (const type of nodeTypes) {
      const html = fs.readFileSync(path.join(root, "nodes", `${type}.html`), "utf8");
      const sources = [...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]);
      assert.ok(sources.length > 0, `${type}: loads the shared editor script`);
      for (const src of sources) {
        const [folder, module, ...file] = src.split("/");
        assert.equal(folder, "resources", `${type}: ${src} is relative to the editor (never /, http or ./)`);
        assert.equal(module, pkg.name);
        assert.ok(fs.existsSync(path.join(root, "resources", ...file)), `${src} is built (npm run build)`);
        assert.ok(pkg.files.includes("resources/"), "and shipped");
      }
    }
  });

  it("ships at most 150 KB of editor HTML in all: code several editors use ships once, in resources/", () => {
    const total = nodeTypes.reduce((sum, type) => sum + fs.statSync(path.join(root, "nodes", `${type}.html`)).size, 0);
    assert.ok(total <= 150 * 1024, `${Math.round(total / 1024)} KB of HTML in nodes/`);
  });

  it("depends at run time on undici, tweetnacl and the Redis client only", () => {
    // The scorecard (D01) flags more than 6 runtime dependencies. @redis/client has none of its own, and
    // is a normal dependency so that the palette manager installs it; it is loaded only when an account
    // sets a Redis URL (src/telnyx/redis/link.ts).
    assert.ok(Object.keys(pkg.dependencies).length <= 6, "at most 6 runtime dependencies");
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ["@redis/client", "tweetnacl", "undici"]);
    assert.ok(pkg.devDependencies["node-red"], "node-red is a devDependency");
    assert.ok(pkg.devDependencies["node-red-node-test-helper"]);
  });

  it("loads the Redis client only when an account sets a Redis URL", () => {
    // Every runtime module, as Node-RED loads them: none may require @redis/client at load time.
    const script = `for (const f of ${JSON.stringify(Object.values(pkg["node-red"].nodes))}) require("./" + f);
      process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes("@redis")).length));`;
    const loaded = execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
    assert.equal(loaded, "0");
  });

  it("lists every node type as nodes/<type>.js, and each has its built .js, .html and catalog", () => {
    assert.ok(nodeTypes.length >= 2);
    for (const type of nodeTypes) {
      assert.equal(pkg["node-red"].nodes[type], `nodes/${type}.js`);
      for (const file of [`${type}.js`, `${type}.html`, `locales/en-US/${type}.json`]) {
        assert.ok(fs.existsSync(path.join(root, "nodes", file)), `nodes/${file} is missing: run npm run build`);
      }
    }
  });

  it("ships HTML whose registerType call is literal, with literal category, color, icon, inputs and outputs", () => {
    for (const type of nodeTypes) {
      const html = fs.readFileSync(path.join(root, "nodes", `${type}.html`), "utf8");
      const definition = registeredDefinition(html, type);
      assert.ok(definition, `${type}.html: no literal RED.nodes.registerType("${type}", { ... })`);
      assert.match(definition, /\bcategory:\s*["'][^"']+["']/, `${type}: category`);
      if (type === "telnyx-config") continue;
      assert.match(definition, /\bcategory:\s*["']telnyx["']/, `${type}: one palette category`);
      assert.match(definition, /\bcolor:\s*["']#00E3AA["']/, `${type}: one colour`);
      const icon = /\bicon:\s*["']([^"']+)["']/.exec(definition);
      assert.ok(icon, `${type}: literal icon`);
      assert.ok(fs.existsSync(path.join(root, "nodes", "icons", icon[1])), `${type}: nodes/icons/${icon[1]}`);
      assert.match(definition, /\binputs:\s*\d/, `${type}: literal inputs`);
      assert.match(definition, /\boutputs:\s*\d/, `${type}: literal outputs`);
      assert.match(html, new RegExp(`<script type="text/html" data-template-name="${type}">`));
      assert.match(html, new RegExp(`<script type="text/html" data-help-name="${type}">\\s*<p>`), `${type}: help starts with a paragraph`);
    }
  });

  it("ships HTML that node-red-dev validate can read: literal types, definitions, defaults and credentials", () => {
    const problems: string[] = [];
    for (const type of nodeTypes) {
      const view = scorecardView(fs.readFileSync(path.join(root, "nodes", `${type}.html`), "utf8"));
      problems.push(...view.problems.map((problem) => `nodes/${type}.html: ${problem}`));
      if (view.problems.length > 0) continue;
      assert.deepEqual(Object.keys(view.types), [type], `nodes/${type}.html registers exactly its own type`);
      assert.ok(view.types[type].defaults.includes("name"), `${type}: defaults as the validator reads them: ${view.types[type].defaults.join(", ")}`);
      assert.equal(view.types[type].category === "config", type === "telnyx-config", `${type}: category`);
    }
    assert.deepEqual(problems, [], "the Flow Library's validator cannot read these (write every defaults key out, no spreads)");
  });

  it("marks every generated file as generated, naming its source", () => {
    for (const file of listFiles(path.join(root, "nodes")).filter((f) => /\.(js|html)$/.test(f))) {
      const head = fs.readFileSync(path.join(root, "nodes", file), "utf8").slice(0, 300);
      assert.match(head, /GENERATED by scripts\/build\.mjs from src\//, file);
    }
  });

  it("loads every node module in Node-RED's shape: a function of RED", () => {
    for (const type of nodeTypes) {
      const mod = require(path.join(root, "nodes", `${type}.js`));
      assert.equal(typeof mod, "function", type);
      assert.equal(mod.length, 1, type);
    }
  });
});
