// The send SMS dialog's variants in a real editor (Node-RED child process + Chromium): a node from before
// the variants opens on "a message"; choosing a variant shows its rows and hides the others (and "wait
// for" where nothing can be waited on); a literal the variant refuses marks the node invalid; the node
// saved as a scheduled message deploys with the button, and the runtime then sends POST /messages/schedule.
import { strict as assert } from "node:assert";
import type { Browser, Page } from "playwright-core";
import { openEditor } from "../support/editor-page";
import { openNodeDialog, pressDone, setTypedInput, shownRows } from "../support/editor-tray";
import { TEST_API_KEY } from "../support/node-red";
import type { RealNodeRed } from "../support/real-node-red";
import { assertMatchesRequestSchema } from "../support/spec";
import { TelnyxStandIn } from "../support/telnyx-standin";

// The part of the editor's global RED the page.evaluate callbacks use (they run in the page).
declare const RED: {
  nodes: { node(id: string): (Record<string, unknown> & { valid?: boolean }) | null };
};

/** Every row a variant may show, by the property of its input. */
const ROWS = ["to", "from", "text", "mediaUrls", "subject", "messagingProfileId", "webhookUrl", "sendAt", "messageId", "templateName", "templateLanguage", "templateComponents", "options", "allowLongText", "waitFor"];

const SHOWN: Record<string, string[]> = {
  message: ["to", "from", "text", "mediaUrls", "subject", "messagingProfileId", "webhookUrl", "options", "allowLongText", "waitFor"],
  long_code: ["to", "from", "text", "mediaUrls", "subject", "webhookUrl", "options", "allowLongText", "waitFor"],
  number_pool: ["to", "text", "mediaUrls", "subject", "messagingProfileId", "webhookUrl", "options", "allowLongText", "waitFor"],
  group_mms: ["to", "from", "text", "mediaUrls", "subject", "webhookUrl", "options", "waitFor"],
  schedule: ["to", "from", "text", "mediaUrls", "subject", "messagingProfileId", "webhookUrl", "sendAt", "options", "allowLongText"],
  cancel: ["messageId"],
  whatsapp_template: ["to", "from", "messagingProfileId", "webhookUrl", "templateName", "templateLanguage", "templateComponents"],
  whatsapp_text: ["to", "from", "text", "messagingProfileId", "webhookUrl"],
};

describe("telnyx-sms editor: the send variants (Node-RED + Chromium)", function () {
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
      { id: "tab", type: "tab", label: "sms editor" },
      { id: "acct", type: "telnyx-config", name: "test account", baseUrl: api.baseUrl, fromNumber: "+15550001111" },
      { id: "go", type: "inject", z: "tab", name: "", props: [{ p: "payload" }], payload: "Reminder: your appointment is tomorrow at 10:00", payloadType: "str", repeat: "", once: false, x: 100, y: 100, wires: [["sms"]] },
      // A node saved before the variants existed: no `send` property.
      { id: "sms", type: "telnyx-sms", z: "tab", account: "acct", to: "+15557654321", toType: "str", waitFor: "", outputs: 1, x: 300, y: 100, wires: [[]] },
    ];
    ({ red, browser, page, errors: browserErrors } = await openEditor({ flows, credentials: { acct: { apiKey: TEST_API_KEY } }, readyNode: "sms" }));
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

  it("a node from before the variants opens on 'a message', with its rows", async () => {
    const tray = await openNodeDialog(page, "sms");
    assert.equal(await tray.locator("#node-input-send").inputValue(), "message");
    assert.deepEqual(await shownRows(tray, ROWS), SHOWN.message);
    await page.locator("#node-dialog-cancel").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
  });

  it("choosing each variant shows its rows and hides the rest; wait for only where something can be waited on", async () => {
    const tray = await openNodeDialog(page, "sms");
    for (const [variant, rows] of Object.entries(SHOWN)) {
      await tray.locator("#node-input-send").selectOption(variant);
      assert.deepEqual(await shownRows(tray, ROWS), rows, variant);
    }
    // Waiting on a group MMS: the outputs are its outcomes.
    await tray.locator("#node-input-send").selectOption("group_mms");
    await tray.locator("#node-input-waitFor").selectOption("delivery");
    assert.equal(await tray.locator("#node-input-outputs").inputValue(), "2");
    // A scheduled message cannot wait: the option goes, and with it the outputs.
    await tray.locator("#node-input-send").selectOption("schedule");
    assert.equal(await tray.locator("#node-input-waitFor").isVisible(), false);
    assert.equal(await tray.locator("#node-input-outputs").inputValue(), "1");
    await page.locator("#node-dialog-cancel").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
  });

  it("switched to cancel, it keeps neither the message's fields nor its options (hidden rows are cleared on save)", async () => {
    await openNodeDialog(page, "sms");
    await setTypedInput(page, "text", "Hello");
    await setTypedInput(page, "options", '{"encoding":"gsm7"}', "json");
    await page.locator("#node-input-send").selectOption("cancel");
    await setTypedInput(page, "messageId", "40385f64-5717-4562-b3fc-2c963f66afa6");
    await pressDone(page);
    const saved = await page.evaluate(() => {
      const node = RED.nodes.node("sms")!;
      return { send: node.send, text: node.text, options: node.options, to: node.to, messageId: node.messageId, valid: node.valid };
    });
    assert.deepEqual(saved, { send: "cancel", text: "", options: "", to: "", messageId: "40385f64-5717-4562-b3fc-2c963f66afa6", valid: true });
  });

  it("a literal the variant refuses marks the node invalid (send at that is no date)", async () => {
    await openNodeDialog(page, "sms");
    await page.locator("#node-input-send").selectOption("schedule");
    await setTypedInput(page, "sendAt", "tomorrow morning");
    await pressDone(page);
    assert.equal(await page.evaluate(() => RED.nodes.node("sms")!.valid), false);
  });

  it("saved as a scheduled message, it deploys with the button and the runtime sends POST /messages/schedule", async () => {
    await openNodeDialog(page, "sms");
    await page.locator("#node-input-send").selectOption("schedule");
    await setTypedInput(page, "to", "+15557654321");
    await setTypedInput(page, "sendAt", "2030-01-01T09:00:00Z");
    await page.locator("#node-input-waitFor").evaluate((select) => ((select as HTMLSelectElement).value = "delivery"));
    await pressDone(page);
    const saved = await page.evaluate(() => {
      const node = RED.nodes.node("sms")!;
      return { send: node.send, sendAt: node.sendAt, waitFor: node.waitFor, outputs: node.outputs, valid: node.valid, messageId: node.messageId };
    });
    assert.deepEqual(saved, { send: "schedule", sendAt: "2030-01-01T09:00:00Z", waitFor: "", outputs: 1, valid: true, messageId: "" });

    const offset = red!.log().length;
    await page.locator("#red-ui-header-button-deploy").click();
    const answer = page.locator(".red-ui-notification").filter({ hasText: /Successfully deployed|not properly configured|unknown|invalid|error/i }).first();
    await answer.waitFor({ state: "visible" });
    assert.match(await answer.innerText(), /^Successfully deployed/);
    await red!.waitForLog(/\] Started flows$/, 10_000, offset);

    const deployed = (await red!.flows()).find((n) => n.id === "sms")!;
    assert.equal(deployed.send, "schedule");
    const injected = await fetch(`${red!.url}inject/go`, { method: "POST" });
    assert.equal(injected.status, 200);
    await api.waitForRequests(1);
    const req = api.requests[0];
    assert.equal(`${req.method} ${req.path}`, "POST /messages/schedule");
    assert.deepEqual(req.body, { to: "+15557654321", from: "+15550001111", text: "Reminder: your appointment is tomorrow at 10:00", send_at: "2030-01-01T09:00:00Z" });
    assertMatchesRequestSchema("ScheduleMessage", req.body);
  });
});
