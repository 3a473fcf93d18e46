// What ships is what is tested: the package as `npm pack` makes it, installed into a fresh Node-RED user
// directory the way the palette manager installs it (`npm install <module>` in that directory), then
// run in a real Node-RED (red.js): the shipped "SMS auto-reply" example, a signed webhook delivery in and
// an SMS out to the Telnyx stand-in, and an API error reaching a Catch node with msg.error.code.
// It runs on every Node-RED of the compatibility matrix (scripts/test.mjs).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { nodeRedVersion, root, TEST_API_KEY } from "../support/node-red";
import { startRealNodeRed, type RealNodeRed } from "../support/real-node-red";
import { TelnyxStandIn, errorBody } from "../support/telnyx-standin";
import { fixtureBytes, makeSigner } from "../support/fixtures";

const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${output}`);
  return output;
}

describe("the packed package, installed as the palette manager installs it", function () {
  this.timeout(120_000);
  const signer = makeSigner();
  let work: string;
  let userDir: string;
  let installLog: string;
  let api: TelnyxStandIn;
  let red: RealNodeRed;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "telnyx-packed-"));
    const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], root)) as Array<{ filename: string }>;
    const tarball = path.join(work, packed[0].filename);

    // A fresh user directory as Node-RED creates it, and the install the palette manager runs in it.
    userDir = path.join(work, "user");
    fs.mkdirSync(userDir);
    fs.writeFileSync(path.join(userDir, "package.json"), JSON.stringify({ name: "node-red-project", description: "A Node-RED Project", version: "0.0.1", private: true }));
    installLog = run(
      npm,
      ["install", "--no-audit", "--no-update-notifier", "--no-fund", "--save", "--save-prefix=~", "--omit=dev", "--engine-strict", "--prefer-offline", tarball],
      userDir,
    );

    api = await new TelnyxStandIn().start();
    red = await startRealNodeRed({ userDir });
  });

  after(async () => {
    await red?.stop();
    await api?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("installs the shipped files and runtime dependencies only, with no install script to approve", () => {
    const installed = path.join(userDir, "node_modules", pkg.name);
    assert.equal(fs.lstatSync(installed).isSymbolicLink(), false, "a copy from the tarball, not a link to the project");
    assert.equal((JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { version: string }).version, pkg.version);
    for (const shipped of ["nodes/telnyx-sms.js", "nodes/telnyx-sms.html", "nodes/lib", "examples/SMS auto-reply.json", "README.md", "LICENSE"]) {
      assert.ok(fs.existsSync(path.join(installed, shipped)), `${shipped} ships`);
    }
    for (const unshipped of ["src", "test", "scripts", "bench", "node_modules/esbuild"]) {
      assert.ok(!fs.existsSync(path.join(installed, unshipped)), `${unshipped} does not ship`);
    }
    for (const dependency of ["undici", "tweetnacl"]) assert.ok(fs.existsSync(path.join(userDir, "node_modules", dependency)), dependency);
    assert.ok(!fs.existsSync(path.join(userDir, "node_modules", "esbuild")), "no devDependency is installed");
    assert.doesNotMatch(installLog, /install-scripts|allowScripts/, "npm asks the user to approve nothing");
  });

  it(`runs in the Node-RED under test (${nodeRedVersion}, Node.js ${process.version})`, async () => {
    // (A Node-RED that finds a .git folder above it adds "-git".)
    await red.waitForLog(new RegExp(`Node-RED version: v${nodeRedVersion.replace(/\./g, "\\.")}(-git)?$`));
    await red.waitForLog(new RegExp(`Node\\.js\\s+version: ${process.version.replace(/\./g, "\\.")}$`));
  });

  it("answers a signed SMS webhook with an SMS through the shipped auto-reply example, and gives Catch the API's error code", async () => {
    const example = JSON.parse(
      fs.readFileSync(path.join(userDir, "node_modules", pkg.name, "examples", "SMS auto-reply.json"), "utf8"),
    ) as Array<Record<string, unknown>>;
    const tab = example.find((n) => n.z)!.z as string;
    const sms = example.find((n) => n.type === "telnyx-sms")!;
    const flows = [
      { id: tab, type: "tab", label: "SMS auto-reply" },
      // The example's account, pointed at the stand-in, with the keys a user pastes in.
      ...example.map((n) =>
        n.type === "telnyx-config" ? { ...n, baseUrl: api.baseUrl, credentials: { apiKey: TEST_API_KEY, publicKey: signer.publicKeyBase64 } } : n,
      ),
      // The example's own Catch shows errors in the sidebar; this one logs their code where the test reads it.
      { id: "caught", type: "catch", z: tab, scope: [sms.id], uncaught: false, x: 140, y: 300, wires: [["code"]] },
      { id: "code", type: "debug", z: tab, name: "code", active: true, tosidebar: false, console: true, complete: "error.code", x: 330, y: 300, wires: [] },
    ];
    await red.deploy(flows);
    const webhook = example.find((n) => n.type === "telnyx-webhook")!;

    async function deliver(id: string) {
      const event = JSON.parse(fixtureBytes("webhooks/message.received.json").toString("utf8")) as { data: { id: string } };
      event.data.id = id;
      const body = Buffer.from(JSON.stringify(event));
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetch(new URL(String(webhook.url).slice(1), red.url), {
        method: "POST",
        headers: { "content-type": "application/json", "telnyx-timestamp": timestamp, "telnyx-signature-ed25519": signer.sign(timestamp, body) },
        body: new Uint8Array(body),
      });
      assert.equal(res.status, 200, await res.text());
    }

    await deliver("6e9a0c52-2f1d-4d1b-9d51-000000000001");
    await api.waitForRequests(1, 10_000);
    const [sent] = api.requests;
    assert.equal(sent.method, "POST");
    assert.equal(sent.path, "/messages");
    assert.equal(sent.headers.authorization, `Bearer ${TEST_API_KEY}`);
    assert.deepEqual(sent.body, {
      to: "+18665550001",
      from: "+18445550001",
      text: "Thanks for your message! We will get back to you soon.",
    });

    api.enqueue({ status: 422, body: errorBody(422, "10002", "Invalid phone number", "The 'to' number is not valid.") });
    const offset = red.log().length;
    await deliver("6e9a0c52-2f1d-4d1b-9d51-000000000002");
    await red.waitForLog(/\[debug:code\] 10002$/, 10_000, offset);
    assert.equal(api.requests.length, 2, "a 422 is never retried");
  });
});
