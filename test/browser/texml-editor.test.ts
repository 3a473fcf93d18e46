// The telnyx-texml dialog's structured verb list in a real editor (Node-RED child process + Chromium):
// a list reads back unchanged, verbs, attributes and nested children are added with the mouse and the
// keyboard, rows reorder by dragging, a changed verb keeps what it can take, and a problem is shown and
// marks the node invalid. What is saved is the node's `verbs` property, in the object form.
import { strict as assert } from "node:assert";
import type { Browser, Locator, Page } from "playwright-core";
import { openEditor } from "../support/editor-page";
import { trayOpened } from "../support/editor-tray";
import type { RealNodeRed } from "../support/real-node-red";

// The part of the editor's global RED the page.evaluate callbacks use (they run in the page).
declare const RED: {
  nodes: { node(id: string): ({ verbs?: unknown; valid?: boolean; validationErrors?: unknown } & Record<string, unknown>) | null };
  editor: { edit(node: unknown): void };
};

const NESTED = [
  { verb: "Say", text: "Welcome to {{payload.To}}", voice: "alice", loop: "2" },
  { verb: "Gather", action: "https://example.com/next", numDigits: "1", children: [{ verb: "Say", text: "Press 1" }, { verb: "Play", digits: "1w2" }] },
  { verb: "Dial", callerId: "+15550001111", children: [{ noun: "Number", text: "+15557654321" }, { noun: "Conference", beep: "onEnter", text: "room" }] },
  { verb: "Start", children: [{ noun: "Stream", url: "wss://example.com/a", children: [{ noun: "Parameter", name: "k", value: "v" }] }] },
  { verb: "Hangup" },
];

describe("telnyx-texml editor: the structured verb list (Node-RED + Chromium)", function () {
  this.timeout(30_000);
  let red: RealNodeRed | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let browserErrors: string[] = [];

  before(async function () {
    this.timeout(60_000);
    const flows = [
      { id: "tab", type: "tab", label: "texml editor" },
      { id: "tx", type: "telnyx-texml", z: "tab", name: "", mode: "output", verbs: NESTED, x: 200, y: 100, wires: [[]] },
    ];
    ({ red, browser, page, errors: browserErrors } = await openEditor({ flows, readyNode: "tx" }));
  });

  after(async function () {
    this.timeout(20_000);
    await browser?.close();
    await red?.stop(3_000);
  });

  afterEach(() => {
    assert.deepEqual(browserErrors.splice(0), [], "the browser reported errors");
  });

  /** Gives the node `verbs`, opens its dialog and returns its verb list. */
  async function openDialog(verbs: unknown[] = NESTED): Promise<Locator> {
    await page.evaluate((list) => {
      const node = RED.nodes.node("tx")!;
      node.verbs = list;
      RED.editor.edit(node);
    }, verbs);
    await page.locator("#node-dialog-ok").waitFor({ state: "visible" });
    await trayOpened(page, "#node-dialog-ok");
    return page.locator("#node-input-verbs-container");
  }

  /** Presses Done and returns what the node saved. */
  async function done(): Promise<{ verbs: unknown; valid: boolean | undefined; validationErrors: unknown }> {
    await page.locator("#node-dialog-ok").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
    return page.evaluate(() => {
      const node = RED.nodes.node("tx")!;
      return { verbs: node.verbs, valid: node.valid, validationErrors: node.validationErrors };
    });
  }

  /** The rows of a list (direct children only: rows hold nested lists). */
  const rows = (list: Locator) => list.locator(":scope > li > .red-ui-editableList-item-content");
  /** The "add" button of the editableList made from `list` (its outermost wrapper holds the buttons). */
  const addButton = (list: Locator) =>
    list.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' red-ui-editableList ')][1]").locator(":scope > button.red-ui-editableList-addButton");
  /** A row's own parts, not those of its nested rows. */
  const nameOf = (row: Locator) => row.locator(":scope > .telnyx-texml-head > select.telnyx-texml-name");
  const textOf = (row: Locator) => row.locator(":scope > .telnyx-texml-head input.telnyx-texml-text");
  const attributesOf = (row: Locator) => row.locator(":scope > .telnyx-texml-body ol.telnyx-texml-attributes").first();
  const childrenOf = (row: Locator) => row.locator(":scope > .telnyx-texml-body ol.telnyx-texml-children").first();

  it("shows a nested list and reads it back unchanged", async () => {
    const list = await openDialog();
    assert.equal(await rows(list).count(), NESTED.length);
    assert.equal(await nameOf(rows(list).nth(3)).inputValue(), "Start");
    const stream = rows(childrenOf(rows(list).nth(3))).first();
    assert.equal(await nameOf(stream).inputValue(), "Stream");
    assert.equal(await nameOf(rows(childrenOf(stream)).first()).inputValue(), "Parameter");
    const saved = await done();
    assert.deepEqual(saved.verbs, NESTED);
    assert.equal(saved.valid, true, JSON.stringify(saved.validationErrors));
  });

  it("adds a verb, its attributes and a nested child with the mouse and keyboard", async () => {
    const list = await openDialog();
    await addButton(list).click();
    const gather = rows(list).nth(NESTED.length);
    await nameOf(gather).selectOption("Gather");

    await addButton(attributesOf(gather)).click();
    const numDigits = rows(attributesOf(gather)).last();
    await numDigits.locator("select.telnyx-texml-attribute-name").selectOption("numDigits");
    await numDigits.locator("input.telnyx-texml-attribute-value").fill("4");
    await addButton(attributesOf(gather)).click();
    const action = rows(attributesOf(gather)).last();
    await action.locator("select.telnyx-texml-attribute-name").selectOption("action");
    await action.locator("input.telnyx-texml-attribute-value").fill("https://example.com/pin?from={{payload.From}}");

    await addButton(childrenOf(gather)).click();
    const say = rows(childrenOf(gather)).first();
    assert.equal(await nameOf(say).inputValue(), "Say", "a new child is the first element its parent takes");
    await textOf(say).fill("Enter your PIN");

    const saved = await done();
    assert.deepEqual((saved.verbs as unknown[])[NESTED.length], {
      verb: "Gather",
      numDigits: "4",
      action: "https://example.com/pin?from={{payload.From}}",
      children: [{ verb: "Say", text: "Enter your PIN" }],
    });
    assert.equal(saved.valid, true, JSON.stringify(saved.validationErrors));
  });

  it("reorders verbs by dragging a row's handle, and removes one", async () => {
    const short = [NESTED[0], NESTED[1], NESTED[4]];
    const list = await openDialog(short);
    const count = await rows(list).count();
    // Drag the last verb to the top.
    const handle = list.locator(":scope > li").last().locator(":scope > .red-ui-editableList-item-handle");
    await handle.scrollIntoViewIfNeeded();
    const target = (await list.locator(":scope > li").first().boundingBox())!;
    const from = (await handle.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
    await page.mouse.move(from.x + from.width / 2, target.y + 2, { steps: 20 });
    await page.mouse.up();
    assert.equal(await nameOf(rows(list).first()).inputValue(), "Hangup", "the dragged verb is first");
    // Remove the second row (the Say).
    await list.locator(":scope > li").nth(1).locator(":scope > .red-ui-editableList-item-remove").click();
    await page.waitForFunction((n) => document.querySelectorAll("#node-input-verbs-container > li").length === n, count - 1);
    const saved = (await done()).verbs as Array<{ verb: string }>;
    assert.deepEqual(saved, [NESTED[4], NESTED[1]]);
  });

  it("keeps the text and attributes a changed verb can take", async () => {
    const list = await openDialog();
    const row = rows(list).first(); // Say "Welcome to {{payload.To}}", voice alice, loop 2
    await nameOf(row).selectOption("Play");
    const saved = (await done()).verbs as unknown[];
    assert.deepEqual(saved[0], { verb: "Play", text: "Welcome to {{payload.To}}", loop: "2" }, "Play takes no voice");
    assert.deepEqual(saved.slice(1), NESTED.slice(1));
  });

  it("shows what is wrong under the list and marks the node invalid", async () => {
    const list = await openDialog();
    await textOf(rows(list).first()).fill("");
    const problem = page.locator("#telnyx-texml-problem");
    await problem.waitFor({ state: "visible" });
    assert.equal(await problem.textContent(), "verbs[0] (Say): missing text (the words to speak)");
    const saved = await done();
    assert.equal(saved.valid, false);
    assert.deepEqual(saved.validationErrors, ["verbs[0] (Say): missing text (the words to speak)"]);
  });
  it("live call mode: the rows of each action, Method checked as typed, saved with the action", async () => {
    await openDialog([{ verb: "Say", text: "Moved" }]);
    const visible = async () => {
      const shown: Record<string, boolean> = {};
      for (const id of ["liveAction", "callSid", "accountSid", "url", "method", "to", "options", "verbs-container"]) {
        shown[id] = await page.locator(`#node-input-${id}`).evaluate((el) => (el.closest(".form-row") as HTMLElement).offsetParent !== null);
      }
      return shown;
    };
    await page.locator("#node-input-mode").selectOption("live");
    assert.deepEqual(await visible(), { liveAction: true, callSid: true, accountSid: true, url: false, method: false, to: false, options: true, "verbs-container": true });
    await page.locator("#node-input-liveAction").selectOption("url");
    assert.deepEqual(await visible(), { liveAction: true, callSid: true, accountSid: true, url: true, method: true, to: false, options: true, "verbs-container": false });
    const method = page.locator("#node-input-method + .red-ui-typedInput-container");
    // Method is an enum: its typedInput offers GET and POST; a typed string other than those is refused.
    await page.evaluate(() => (window as unknown as { $: (s: string) => { typedInput(m: string, v?: string): void } }).$("#node-input-method").typedInput("type", "str"));
    await page.evaluate(() => (window as unknown as { $: (s: string) => { typedInput(m: string, v?: string): void } }).$("#node-input-method").typedInput("value", "PUT"));
    await page.locator("#node-input-method").dispatchEvent("change");
    assert.equal(await method.evaluate((el) => el.classList.contains("input-error")), true, "Method PUT is refused");
    await page.evaluate(() => (window as unknown as { $: (s: string) => { typedInput(m: string, v?: string): void } }).$("#node-input-method").typedInput("value", "GET"));
    await page.locator("#node-input-method").dispatchEvent("change");
    assert.equal(await method.evaluate((el) => el.classList.contains("input-error")), false);
    await page.locator("#node-input-url + .red-ui-typedInput-container input.red-ui-typedInput-input").fill("https://example.com/texml/next");
    await page.locator("#node-input-liveAction").selectOption("end");
    assert.deepEqual(await visible(), { liveAction: true, callSid: true, accountSid: true, url: false, method: false, to: false, options: true, "verbs-container": false });
    await page.locator("#node-input-liveAction").selectOption("url");
    await done();
    const saved = await page.evaluate(() => {
      const node = RED.nodes.node("tx")!;
      return { mode: node.mode, liveAction: node.liveAction, url: node.url, method: node.method, methodType: node.methodType };
    });
    assert.deepEqual(saved, { mode: "live", liveAction: "url", url: "https://example.com/texml/next", method: "GET", methodType: "str" });

    // Another action leaves no Url behind to surprise later; back to output mode for the other tests.
    await openDialog([{ verb: "Say", text: "Moved" }]);
    await page.locator("#node-input-liveAction").selectOption("end");
    await done();
    assert.deepEqual(await page.evaluate(() => ({ url: RED.nodes.node("tx")!.url, method: RED.nodes.node("tx")!.method })), { url: "", method: "" });
    await openDialog([{ verb: "Say", text: "Moved" }]);
    await page.locator("#node-input-mode").selectOption("output");
    await done();
  });

  it("live call mode: redirecting to no verbs marks the node invalid", async () => {
    await openDialog([]);
    await page.locator("#node-input-mode").selectOption("live");
    await page.locator("#node-input-liveAction").selectOption("texml");
    const empty = await done();
    assert.equal(empty.valid, false);
    const reason = "Redirect to these verbs: add at least one verb (an empty list would hang the call up; msg.texml still replaces the list)";
    assert.ok((empty.validationErrors as string[]).includes(reason), JSON.stringify(empty.validationErrors));
  });

  it("live and call modes: Options refuses the fields the node sets itself, as the runtime does", async () => {

    // Texml and Status come from the node (its verbs, its action): the runtime refuses them in options, so does the dialog.
    const list = await openDialog([{ verb: "Say", text: "Moved" }]);
    await rows(list).first().waitFor();
    await page.locator("#node-input-mode").selectOption("live");
    const options = page.locator("#node-input-options + .red-ui-typedInput-container");
    const typeOptions = async (value: string) => {
      await page.evaluate((v) => {
        const input = (window as unknown as { $: (s: string) => { typedInput(m: string, v?: string): void } }).$("#node-input-options");
        input.typedInput("type", "json");
        input.typedInput("value", v);
      }, value);
      await page.locator("#node-input-options").dispatchEvent("change");
      return options.evaluate((el) => el.classList.contains("input-error"));
    };
    for (const action of ["texml", "url", "end"]) {
      await page.locator("#node-input-liveAction").selectOption(action);
      assert.equal(await typeOptions('{"Status":"completed"}'), true, `${action}: Status in options is refused`);
      assert.equal(await typeOptions('{"Texml":"<Response/>"}'), true, `${action}: Texml in options is refused`);
      assert.equal(await typeOptions('{"StatusCallbackMethod":"POST"}'), false, `${action}: a documented option is taken`);
    }
    await page.locator("#node-input-mode").selectOption("call");
    assert.equal(await typeOptions('{"Texml":"<Response/>"}'), true, "call mode: Texml in options is refused");
    await typeOptions("");
    await page.locator("#node-input-mode").selectOption("output");
    await done();
  });
});
