// `npm start`: runs Node-RED (the devDependency) with a user directory inside the project,
// .node-red-dev/ (gitignored), in which this package is installed as a link. The palette then shows the
// Telnyx nodes and Import > Examples lists this package's examples. Port: $PORT, else 1880. Settings:
// scripts/dev-settings.cjs (Node-RED's defaults without the update prompt and the welcome tour), unless
// `npm start -- --settings <file>` names others.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const userDir = path.join(root, ".node-red-dev");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

// Node-RED finds packages in <userDir>/node_modules; a symlink to the project is what `npm install
// <folder>` would make, without touching the network.
const linkDir = path.join(userDir, "node_modules");
const link = path.join(linkDir, pkg.name);
fs.mkdirSync(linkDir, { recursive: true });
fs.rmSync(link, { recursive: true, force: true });
fs.symlinkSync(root, link, "dir");
fs.writeFileSync(
  path.join(userDir, "package.json"),
  JSON.stringify({ name: "node-red-project", private: true, dependencies: { [pkg.name]: `file:${root}` } }, null, 2) + "\n",
);

const nodeRed = path.join(root, "node_modules", "node-red", "red.js");
const port = process.env.PORT || "1880";
const args = process.argv.slice(2);
const settings = args.some((arg) => arg === "--settings" || arg === "-s") ? [] : ["--settings", path.join(root, "scripts", "dev-settings.cjs")];
const child = spawn(process.execPath, [nodeRed, "--userDir", userDir, "--port", port, ...settings, ...args], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
