#!/usr/bin/env node
// `npm run new-node -- <descriptor name or operationId> [node type]` makes an operation node from a
// descriptor in src/shared/operations (write the descriptor first, see docs/architecture.md):
//
//   src/nodes/<type>/runtime.ts        registerOperationNode with the descriptor
//   src/nodes/<type>/editor.ts         its labels; the build writes its registerType and defaults from the descriptor
//   src/nodes/<type>/template.html     the markers where the build writes the rows (account, form, options, name)
//   src/nodes/<type>/help.html         the Node-RED help sections, filled from the descriptor: edit the text
//   src/nodes/<type>/locales/en-US.json  status texts and the common labels (field labels come from the build)
//   icons/<type>.svg                   a copy of the call-control icon
//   test/nodes/<type>.test.ts          the node sends the request the spec takes, through the stand-in
//   package.json node-red.nodes, NODE_OPERATIONS (src/shared/operations/index.ts)
// then runs the build. The default node type is telnyx-<name with dashes>.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { OPERATIONS } = await import(path.join(root, "src", "shared", "operations", "index.ts"));

const [wanted, typeArg] = process.argv.slice(2);
const entry = Object.entries(OPERATIONS).find(([name, d]) => name === wanted || d.operationId === wanted);
if (!entry) {
  console.error(`No descriptor named ${wanted ?? "(none given)"}. Descriptors: ${Object.keys(OPERATIONS).join(", ")}`);
  process.exit(1);
}
const [name, descriptor] = entry;
const type = typeArg ?? `telnyx-${name.replace(/_/g, "-")}`;
const dir = path.join(root, "src", "nodes", type);
if (fs.existsSync(dir)) {
  console.error(`src/nodes/${type} exists already`);
  process.exit(1);
}
const label = name.replace(/_/g, " ");
const onCall = "call_control_id" in descriptor.params;
const isCommand = descriptor.repeat === "command_id";

function write(rel, text) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${rel}`);
}

write(
  `src/nodes/${type}/runtime.ts`,
  `// ${type}: ${descriptor.operationId} (${descriptor.method} ${descriptor.path}) for each message.
import type { NodeAPI } from "node-red";
import { OPERATIONS } from "../../shared/operations";
import { registerOperationNode } from "../lib/operation-node";

export = (RED: NodeAPI) =>
  registerOperationNode(RED, "${type}", {
    operations: [OPERATIONS.${name}],
    status: () => ({ busy: RED._("${type}.status.sending"), done: RED._("${type}.status.sent") }),
  });
`,
);

write(
  `src/nodes/${type}/editor.ts`,
  `// The ${label} node's dialog: its labels. Rows and checks come from its descriptor; the build writes the
// registration after this (scripts/node-forms.mjs).
import { OPERATIONS } from "../../shared/operations";
import { operationDialog } from "../../editor/operation-dialog";

export const dialog = operationDialog("${type}", OPERATIONS.${name}, {
  paletteLabel: "${label}",
  inputLabels: "${onCall ? "call" : "message"}",
  outputLabel: "${label}: done",
});
`,
);

write(
  `src/nodes/${type}/template.html`,
  `<!-- <form-rows> -->
<!-- </form-rows> -->
`,
);

const fieldDocs = descriptor.form
  .map((e) => {
    const from = [...(e.msg ?? []).map((m) => `<code>msg.${m}</code>`), ...(e.account ? [`the account's ${e.account}`] : [])];
    return `    <li><i>${e.property}</i> (<code>${e.field}</code>)${from.length ? `: when empty, ${from.join(", then ")}` : ""}.</li>`;
  })
  .join("\n");
write(
  `src/nodes/${type}/help.html`,
  `<p>Sends ${descriptor.operationId} (<code>${descriptor.method} ${descriptor.path}</code>) to Telnyx for each message.</p>
<h3>Inputs</h3>
<dl class="message-properties">
${onCall ? `    <dt>payload.call_control_id <span class="property-type">string</span></dt>
    <dd>The call, when the <i>Call</i> field is empty (else <code>msg.call_control_id</code>).</dd>
` : `    <dt>payload <span class="property-type">any</span></dt>
    <dd>The message that triggers the request.</dd>
`}</dl>
<h3>Outputs</h3>
<dl class="message-properties">
    <dt>payload <span class="property-type">object</span></dt>
    <dd>The API's answer${descriptor.answer === "body" ? "" : " (its <code>data</code>)"}.</dd>
</dl>
<h3>Details</h3>
<p>Fields (a literal, or a typed input read from <code>msg</code>, context or the environment):</p>
<ul>
${fieldDocs}
</ul>
<p><i>Options</i> takes the operation's further documented fields. Every value is checked before sending; bad input goes to a Catch node with code <code>ERR_TELNYX_INPUT</code> and <code>cause.field</code>, and nothing is sent.</p>
<h4>Errors and retries</h4>
<p>${
    descriptor.repeat === "command_id"
      ? "The request carries a <code>command_id</code> (a new UUID per message unless <i>Command id</i> gives one), kept across retries: 429, 5xx, timeouts and dropped connections are retried and the command runs once."
      : descriptor.repeat === "read"
        ? "The request changes nothing, so it is retried after 429, 5xx, timeouts and dropped connections."
        : "Nothing makes a repeat of this request safe: it is never repeated after an ambiguous failure (a timeout, a dropped connection) unless the account opts in."
  }</p>
<h3>References</h3>
<ul>
    <li>${descriptor.operationId} in the Telnyx API reference</li>
</ul>
`,
);

write(
  `src/nodes/${type}/locales/en-US.json`,
  JSON.stringify(
    {
      [type]: {
        label: {
          ...(isCommand ? { clientState: "Client state", commandId: "Command id" } : {}),
          options: "Options",
          choice: "choose",
          unset: "not set",
        },
        placeholder: {
          ...(onCall ? { callControlId: "msg.payload.call_control_id, else msg.call_control_id" } : {}),
          ...(isCommand ? { clientState: "text or JSON, sent back in every event", commandId: "a new UUID per message" } : {}),
          options: '{"field": "value"}',
        },
        status: { sending: label, sent: `${label}: ok` },
      },
    },
    null,
    2,
  ) + "\n",
);

fs.copyFileSync(path.join(root, "icons", "telnyx-call-control.svg"), path.join(root, "icons", `${type}.svg`));
console.log(`wrote icons/${type}.svg`);

const expectedAnswer = descriptor.answer === "body" ? '{ data: { result: "ok" } }' : '{ result: "ok" }';
write(
  `test/nodes/${type}.test.ts`,
  `// Made by npm run new-node: ${type} sends ${descriptor.operationId} as the spec takes it. Add the cases your node needs.
import { strict as assert } from "node:assert";
import { OPERATIONS } from "../../src/shared/operations";
import { assertMatchesRequestSchema, pathMatches } from "../support/spec";
import { TelnyxStandIn } from "../support/telnyx-standin";
import { helper, waitFor } from "../support/node-red";
import { CALL_ID, loadOperationNode, sampleFields } from "../support/operation-node";

describe("${type} node", function () {
  let api: TelnyxStandIn;
  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  it("sends ${descriptor.operationId} with its required fields, a body the spec takes, and passes the answer on", async () => {
    const descriptor = OPERATIONS.${name};
    api.enqueue({ path: /./, status: 200, body: { data: { result: "ok" } } });
    const { node, out } = await loadOperationNode(api, "${type}", sampleFields(descriptor));
    node.receive({ payload: { call_control_id: CALL_ID } } as never);
    const [msg] = await waitFor(out, 1, "outputs");
    assert.equal(api.requests.length, 1);
    const [req] = api.requests;
    assert.equal(req.method, descriptor.method);
    assert.ok(pathMatches(descriptor.operationId, req.path), req.path);
    assertMatchesRequestSchema(descriptor.operationId, req.body);
    assert.deepEqual(msg.payload, ${expectedAnswer});
  });
});
`,
);

const pkgFile = path.join(root, "package.json");
const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
pkg["node-red"].nodes[type] = `nodes/${type}.js`;
fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + "\n");
console.log(`registered ${type} in package.json`);

const indexFile = path.join(root, "src", "shared", "operations", "index.ts");
const index = fs.readFileSync(indexFile, "utf8");
fs.writeFileSync(indexFile, index.replace(/(export const NODE_OPERATIONS[^{]*\{\n(?:.*\n)*?)(\};)/, `$1  "${type}": [OPERATIONS.${name}],\n$2`));
console.log(`added ${type} to NODE_OPERATIONS`);

execFileSync(process.execPath, [path.join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
console.log(`\n${type} is built. Write its help (src/nodes/${type}/help.html), check its labels, and run: npx mocha test/nodes/${type}.test.ts`);
