// The call control dialog's hidden rows in a real editor (Node-RED child process + Chromium): with the
// action from msg.action only the call's row, client state, command id and Options show, and saving keeps
// them; switched to an action with no option fields (reject), saving clears what it hides, Options too,
// and the node stays valid (a stale Options value there would be refused by the editor and the runtime).
import { strict as assert } from "node:assert";
import type { Browser, Page } from "playwright-core";
import { openEditor } from "../support/editor-page";
import { openNodeDialog, pressDone, setTypedInput, shownRows } from "../support/editor-tray";
import { TEST_API_KEY } from "../support/node-red";
import type { RealNodeRed } from "../support/real-node-red";
import { TelnyxStandIn } from "../support/telnyx-standin";

// The part of the editor's global RED the page.evaluate callbacks use (they run in the page).
declare const RED: {
  nodes: { node(id: string): (Record<string, unknown> & { valid?: boolean }) | null };
};

/** Rows of the actions used here, by the property of their input. */
const ROWS = ["callControlId", "to", "from", "timeoutSecs", "cause", "clientState", "commandId", "options"];

describe("telnyx-call-control editor: hidden rows (Node-RED + Chromium)", function () {
  this.timeout(30_000);
  let red: RealNodeRed | undefined;
  let browser: Browser | undefined;
  let api: TelnyxStandIn;
  let page: Page;
  let browserErrors: string[] = [];

  before(async function () {
    this.timeout(60_000);
    api = await new TelnyxStandIn().start();
    const flows = [
      { id: "tab", type: "tab", label: "call control editor" },
      { id: "acct", type: "telnyx-config", name: "test account", baseUrl: api.baseUrl, fromNumber: "+15550001111" },
      { id: "cc", type: "telnyx-call-control", z: "tab", account: "acct", action: "transfer", waitFor: false, outputs: 1, x: 300, y: 100, wires: [[]] },
    ];
    ({ red, browser, page, errors: browserErrors } = await openEditor({ flows, credentials: { acct: { apiKey: TEST_API_KEY } }, readyNode: "cc" }));
  });

  after(async function () {
    this.timeout(20_000);
    await browser?.close();
    await red?.stop(3_000);
    await api?.close();
  });

  afterEach(() => {
    assert.deepEqual(browserErrors.splice(0), [], "the browser reported errors");
  });

  function saved(): Promise<Record<string, unknown>> {
    return page.evaluate((rows) => {
      const node = RED.nodes.node("cc")!;
      return Object.fromEntries([["action", node.action], ...rows.map((row) => [row, node[row]]), ["valid", node.valid]]);
    }, ROWS);
  }

  it("with the action from msg.action, it shows and keeps only the call, client state, command id and Options", async () => {
    const tray = await openNodeDialog(page, "cc");
    await setTypedInput(page, "callControlId", "v3:call-1");
    await setTypedInput(page, "to", "+15557654321");
    await setTypedInput(page, "clientState", "step-1");
    await setTypedInput(page, "options", '{"timeout_secs":30}', "json");
    await tray.locator("#node-input-action").selectOption("");
    assert.deepEqual(await shownRows(tray, ROWS), ["callControlId", "clientState", "commandId", "options"]);
    await pressDone(page);
    assert.deepEqual(await saved(), {
      action: "",
      callControlId: "v3:call-1",
      to: "",
      from: "",
      timeoutSecs: "",
      cause: "",
      clientState: "step-1",
      commandId: "",
      options: '{"timeout_secs":30}',
      valid: true,
    });
  });

  it("switched to reject, which has no option fields, it keeps neither transfer's fields nor Options, and stays valid", async () => {
    const tray = await openNodeDialog(page, "cc");
    await tray.locator("#node-input-action").selectOption("transfer");
    await setTypedInput(page, "to", "+15557654321");
    await setTypedInput(page, "options", '{"timeout_secs":30}', "json");
    await tray.locator("#node-input-action").selectOption("reject");
    await setTypedInput(page, "cause", "USER_BUSY");
    assert.deepEqual(await shownRows(tray, ROWS), ["callControlId", "cause", "clientState", "commandId"]);
    await pressDone(page);
    assert.deepEqual(await saved(), {
      action: "reject",
      callControlId: "v3:call-1",
      to: "",
      from: "",
      timeoutSecs: "",
      cause: "USER_BUSY",
      clientState: "step-1",
      commandId: "",
      options: "",
      valid: true,
    });
  });
});
