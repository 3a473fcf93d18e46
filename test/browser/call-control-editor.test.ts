// The call control dialog's hidden rows in a real editor (Node-RED child process + Chromium): with the
// action from msg.action only the call's row, client state, command id and Options show, and saving keeps
// them; switched to an action with no option fields (reject), saving clears what it hides, Options too,
// and the node stays valid (a stale Options value there would be refused by the editor and the runtime).
import { strict as assert } from "node:assert";
import type { Browser, Locator, Page } from "playwright-core";
import { openEditor } from "../support/editor-page";
import { trayOpened } from "../support/editor-tray";
import { TEST_API_KEY } from "../support/node-red";
import type { RealNodeRed } from "../support/real-node-red";
import { TelnyxStandIn } from "../support/telnyx-standin";

// The part of the editor's global RED the page.evaluate callbacks use (they run in the page).
declare const RED: {
  nodes: { node(id: string): (Record<string, unknown> & { valid?: boolean }) | null };
  editor: { edit(node: unknown): void };
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

  async function openDialog(): Promise<Locator> {
    await page.evaluate(() => RED.editor.edit(RED.nodes.node("cc")));
    await page.locator("#node-dialog-ok").waitFor({ state: "visible" });
    await trayOpened(page, "#node-dialog-ok");
    return page.locator(".red-ui-tray").last();
  }

  async function done(): Promise<void> {
    await page.locator("#node-dialog-ok").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
  }

  function shownRows(tray: Locator): Promise<string[]> {
    return tray.evaluate((form, rows) => {
      const shown = (property: string) => {
        const row = form.querySelector(`#node-input-${property}`)?.closest(".form-row") as HTMLElement | null | undefined;
        return row !== null && row !== undefined && row.offsetParent !== null;
      };
      return rows.filter(shown);
    }, ROWS);
  }

  /** Sets a typedInput's literal as the dialog would keep it. */
  function setField(property: string, value: string, type = "str"): Promise<void> {
    return page.evaluate(
      ({ property, value, type }) => {
        const $ = (window as unknown as { $: (s: string) => { typedInput(name: string, v: string): void; trigger(e: string): void } }).$;
        $(`#node-input-${property}`).typedInput("type", type);
        $(`#node-input-${property}`).typedInput("value", value);
        $(`#node-input-${property}`).trigger("change");
      },
      { property, value, type },
    );
  }

  function saved(): Promise<Record<string, unknown>> {
    return page.evaluate((rows) => {
      const node = RED.nodes.node("cc")!;
      return Object.fromEntries([["action", node.action], ...rows.map((row) => [row, node[row]]), ["valid", node.valid]]);
    }, ROWS);
  }

  it("with the action from msg.action, it shows and keeps only the call, client state, command id and Options", async () => {
    const tray = await openDialog();
    await setField("callControlId", "v3:call-1");
    await setField("to", "+15557654321");
    await setField("clientState", "step-1");
    await setField("options", '{"timeout_secs":30}', "json");
    await tray.locator("#node-input-action").selectOption("");
    assert.deepEqual(await shownRows(tray), ["callControlId", "clientState", "commandId", "options"]);
    await done();
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
    const tray = await openDialog();
    await tray.locator("#node-input-action").selectOption("transfer");
    await setField("to", "+15557654321");
    await setField("options", '{"timeout_secs":30}', "json");
    await tray.locator("#node-input-action").selectOption("reject");
    await setField("cause", "USER_BUSY");
    assert.deepEqual(await shownRows(tray), ["callControlId", "cause", "clientState", "commandId"]);
    await done();
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
