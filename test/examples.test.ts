// The example flows (examples/*.json, shown under Import > Examples): well formed, only known node types,
// one shared account, no dangling wires, every Telnyx node type shown in one, a comment saying what to set up, accounts with no
// secrets, fictional numbers only; and each one starts in a Node-RED runtime without errors.
// (The browser test imports and deploys them through the real editor as well.)
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import { CORE_TYPES, exampleNames, loadExample, type ExampleNode } from "./support/examples";
import { coreNode, helper, nodeModule, root } from "./support/node-red";

const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const telnyxTypes = Object.keys(pkg["node-red"].nodes) as string[];
const files = exampleNames().map((name) => `${name}.json`);


function load(file: string): ExampleNode[] {
  return loadExample(file.slice(0, -".json".length));
}

/** Every string in a value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

describe("examples", () => {
  it("exist, one file per menu entry", () => {
    assert.ok(files.length > 0, "examples/ has no flows");
    for (const file of files) assert.match(file, /^[A-Z][\w ,()'-]+\.json$/, `${file}: the file name is the menu label`);
  });

  it("are JSON arrays of nodes with unique ids, of core or Telnyx types only", () => {
    const seen = new Map<string, string>();
    for (const file of files) {
      const flow = load(file);
      assert.ok(Array.isArray(flow) && flow.length > 0, `${file}: not a non-empty JSON array`);
      for (const node of flow) {
        assert.equal(typeof node.id, "string", `${file}: a node has no id`);
        assert.equal(typeof node.type, "string", `${file}: ${node.id} has no type`);
        assert.ok(node.type in CORE_TYPES || telnyxTypes.includes(node.type), `${file}: ${node.id} has type "${node.type}", neither core nor in package.json`);
        // Unique across all examples too (but the one shared account), so that importing several keeps
        // every flow node and leaves one account.
        if (node.type === "telnyx-config") continue;
        assert.ok(!seen.has(node.id), `${file}: id ${node.id} is also used in ${seen.get(node.id)}`);
        seen.set(node.id, file);
      }
    }
  });

  it("share one account: the same telnyx-config id and properties in every example", () => {
    // The editor reuses a config node whose id and properties match one it has, so importing any number
    // of examples leaves one "Telnyx account" (test/browser/ imports several to show it).
    const accounts = files.map((file) => ({ file, accounts: load(file).filter((n) => n.type === "telnyx-config") }));
    for (const { file, accounts: found } of accounts) assert.equal(found.length, 1, `${file}: ${found.length} accounts`);
    const [first, ...rest] = accounts;
    for (const { file, accounts: [account] } of rest) {
      assert.deepEqual(account, first.accounts[0], `${file}: its account differs from the one in ${first.file}`);
    }
    assert.equal(first.accounts[0].z, undefined, "the account is global (on no tab), so every flow can use it");
  });

  it("have no wire, link, catch/status scope or account that points at a missing node", () => {
    for (const file of files) {
      const flow = load(file);
      const ids = new Set(flow.map((n) => n.id));
      const byId = new Map(flow.map((n) => [n.id, n]));
      for (const node of flow) {
        for (const [port, targets] of (node.wires ?? []).entries()) {
          for (const target of targets) assert.ok(ids.has(target), `${file}: ${node.type} ${node.id} output ${port + 1} wires to missing ${target}`);
        }
        for (const target of node.links ?? []) assert.ok(ids.has(target), `${file}: ${node.type} ${node.id} links to missing ${target}`);
        for (const target of node.scope ?? []) assert.ok(ids.has(target), `${file}: ${node.type} ${node.id} scope names missing ${target}`);
        if (telnyxTypes.includes(node.type) && node.type !== "telnyx-config" && typeof node.account === "string" && node.account !== "") {
          assert.equal(byId.get(node.account)?.type, "telnyx-config", `${file}: ${node.type} ${node.id} account ${node.account} is not a telnyx-config in the example`);
        }
      }
      // All flow nodes on one tab (the editor puts them on the tab it imports into).
      const tabs = new Set(flow.filter((n) => n.type !== "telnyx-config" && n.type !== "tab").map((n) => n.z));
      assert.equal(tabs.size, 1, `${file}: nodes are on ${tabs.size} tabs`);
    }
  });

  it("serve their webhooks on paths of their own, so that they can all be deployed at once", () => {
    const paths = new Map<string, string>();
    for (const file of files) {
      for (const node of load(file).filter((n) => n.type === "telnyx-webhook")) {
        const url = String(node.url);
        assert.ok(!paths.has(url), `${file}: webhook path ${url} is also used in ${paths.get(url)}`);
        paths.set(url, file);
      }
    }
  });

  it("show every Telnyx node type in at least one example", () => {
    const used = new Set(files.flatMap((file) => load(file).map((n) => n.type)));
    const unused = telnyxTypes.filter((type) => type !== "telnyx-config" && !used.has(type));
    assert.deepEqual(unused, [], "node types no example uses (the Flow Library scorecard asks for one each)");
  });

  it("each have a comment node that says what to set up in the Telnyx portal", () => {
    for (const file of files) {
      const comments = load(file).filter((n) => n.type === "comment");
      assert.ok(comments.length > 0, `${file}: no comment node`);
      const text = comments.map((n) => `${n.name ?? ""}\n${n.info ?? ""}`).join("\n");
      assert.match(text, /Mission Control Portal|portal\.telnyx\.com/, `${file}: the comment does not say what to set up in the Telnyx portal`);
    }
  });

  it("carry accounts without credentials, and no secrets or real-looking phone numbers", () => {
    for (const file of files) {
      const flow = load(file);
      for (const node of flow) {
        assert.equal(node.credentials, undefined, `${file}: ${node.type} ${node.id} carries credentials`);
        if (node.type === "telnyx-config") {
          for (const secret of ["apiKey", "publicKey"]) assert.ok(!(secret in node), `${file}: the account has ${secret}`);
        }
      }
      for (const text of strings(flow)) {
        // Telnyx API keys start with KEY; webhook public keys are 44 base64 characters.
        assert.doesNotMatch(text, /\bKEY[0-9A-Za-z_]{20,}/, `${file}: looks like an API key: ${text}`);
        assert.doesNotMatch(text, /(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{43}=/, `${file}: looks like a public key: ${text}`);
        // Phone numbers: +E.164 in the fictional +1 555 01xx range or +1555 placeholders, nothing else.
        for (const number of text.match(/\+\d[\d\s().-]{6,}\d/g) ?? []) {
          const digits = number.replace(/\D/g, "");
          assert.match(digits, /^1555\d{7}$/, `${file}: "${number}" is not a fictional +1555 number`);
        }
      }
    }
  });

  describe("start in a Node-RED runtime", () => {
    afterEach(() => helper.unload());

    for (const file of files) {
      it(`${file.slice(0, -".json".length)}`, async () => {
        const flow = load(file);
        const types = new Set(flow.map((n) => n.type));
        const coreFiles = [...new Set([...types].map((t) => CORE_TYPES[t]).filter((f): f is string => typeof f === "string"))];
        const modules = [
          ...telnyxTypes.filter((t) => types.has(t) || t === "telnyx-config").map((t) => nodeModule(t)),
          ...coreFiles.map((f) => coreNode(f)),
        ];
        // The editor puts an example on a tab of its own; so does this.
        const tabIds = [...new Set(flow.map((n) => n.z).filter((z): z is string => typeof z === "string"))];
        const tabs = tabIds.filter((id) => !flow.some((n) => n.id === id)).map((id) => ({ id, type: "tab", label: file }));
        await helper.load(modules as never, [...tabs, ...flow] as never);
        for (const node of flow) {
          if (node.type === "tab" || node.type === "group") continue;
          assert.ok(helper.getNode(node.id), `${file}: ${node.type} ${node.id} did not start`);
        }
        // Nothing logged at error level while starting (a node whose constructor throws is logged, not
        // thrown). Examples carry no credentials; nodes only warn about that.
        const logSpy = helper.log() as unknown as { args: Array<[{ level?: number; msg?: unknown; type?: string; id?: string }]>; ERROR: number };
        const errors = logSpy.args
          .map(([entry]) => entry)
          .filter((entry) => entry.level !== undefined && entry.level <= logSpy.ERROR)
          .map((entry) => `${entry.type ?? ""} ${entry.id ?? ""}: ${String(entry.msg)}`);
        assert.deepEqual(errors, [], `${file}: errors while starting`);
      });
    }
  });
});
