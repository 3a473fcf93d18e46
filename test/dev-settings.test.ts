// `npm start` (scripts/start.mjs) runs Node-RED with scripts/dev-settings.cjs: Node-RED's own default
// settings, without the update-check prompt and the welcome tour that would greet every fresh
// .node-red-dev/ (see checkTelemetry and checkFirstRun in @node-red/editor-client).
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import { root } from "./support/node-red";

describe("npm start's Node-RED settings (scripts/dev-settings.cjs)", () => {
  const settings = require(path.join(root, "scripts", "dev-settings.cjs"));
  const defaults = require("node-red/settings.js");

  it("answer the update-check question (telemetry off, no update notification) and turn the tour off", () => {
    // The editor asks while telemetry.enabled is undefined; false is an answer.
    assert.equal(settings.telemetry.enabled, false);
    assert.equal(settings.telemetry.updateNotification, false);
    assert.equal(settings.editorTheme.tours, false);
  });

  it("keep every other default Node-RED gives a new user directory", () => {
    for (const key of Object.keys(defaults)) {
      if (key === "telemetry" || key === "editorTheme") continue;
      assert.deepEqual(settings[key], defaults[key], key);
    }
    const { tours, ...theme } = settings.editorTheme;
    assert.equal(tours, false);
    assert.deepEqual(theme, defaults.editorTheme);
  });

  it("are what scripts/start.mjs passes, unless `npm start -- --settings <file>` names others", () => {
    const start = fs.readFileSync(path.join(root, "scripts", "start.mjs"), "utf8");
    assert.match(start, /"--settings", path\.join\(root, "scripts", "dev-settings\.cjs"\)/);
  });
});
