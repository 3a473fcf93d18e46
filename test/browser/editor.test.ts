// The editor in a real browser: a real Node-RED (child process, this package installed in a temporary
// user dir: support/real-node-red.ts) and Debian's Chromium driven by playwright-core (support/chromium.ts).
// For every Telnyx node type in package.json: find it in the palette, drag it onto the workspace, open its
// edit dialog, check that every field of its template rendered (typedInputs as typedInputs, fields hidden
// by a mode shown by some option, labels translated, nothing optional marked invalid), screenshot, cancel. Then the account dialog, from
// the add button beside a node's Account field. Then every example: Import > Examples, place, deploy, and
// check that the runtime started it. A console error or uncaught page error fails the test it happens in.
//
// Screenshots land in test-artifacts/screenshots/ (gitignored): palette.png, <type>.png, example-*.png,
// and fields.txt says how each field of each dialog was found.
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/chromium";
import { trayOpened } from "../support/editor-tray";
import { exampleNames, loadExample } from "../support/examples";
import { root } from "../support/node-red";
import { startRealNodeRed, type RealNodeRed } from "../support/real-node-red";
import { assertMatchesRequestSchema } from "../support/spec";
import { TelnyxStandIn } from "../support/telnyx-standin";

// The part of the editor's global RED that page.evaluate callbacks use (they run in the page, not here).
interface EditorNode {
  id: string;
  type: string;
}
declare const RED: {
  nodes: {
    filterNodes(filter: Partial<EditorNode>): EditorNode[];
    node(id: string): EditorNode | null;
    getType(type: string): unknown;
    eachConfig(callback: (node: EditorNode) => boolean): void;
    remove(id: string): unknown;
  };
  editor: { edit(node: EditorNode): void };
  view: { redraw(updateActive?: boolean): void };
  workspaces: { active(): string };
};

const SCREENSHOTS = path.join(root, "test-artifacts", "screenshots");

const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const nodeTypes = Object.keys(pkg["node-red"].nodes) as string[];
const paletteTypes = nodeTypes.filter((type) => type !== "telnyx-config");
const examples = exampleNames();

/** The edit template of a node type, as shipped in nodes/<type>.html. */
function editTemplate(type: string): string {
  const html = fs.readFileSync(path.join(root, "nodes", `${type}.html`), "utf8");
  const template = new RegExp(`<script type="text/html" data-template-name="${type}">([\\s\\S]*?)</script>`).exec(html);
  assert.ok(template, `nodes/${type}.html has no edit template`);
  return template[1];
}

/** The ids of the elements a node's edit template declares (`node-input-*` or `node-config-input-*`). */
function templateFieldIds(type: string): string[] {
  return [...editTemplate(type).matchAll(/\bid="(node-(?:config-)?input-[\w-]+)"/g)].map((m) => m[1]);
}

/** The ids of the <select>s a node's edit template declares: the modes that show and hide rows. */
function templateSelectIds(type: string): string[] {
  return [...editTemplate(type).matchAll(/<select\b[^>]*\bid="(node-(?:config-)?input-[\w-]+)"/g)].map((m) => m[1]);
}

/** A readable file name for a screenshot. */
function shotPath(name: string): string {
  return path.join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, "_")}.png`);
}

/** Rejects after `ms` with `what`: bounds every cleanup step. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    }),
  ]);
}

describe("editor in a real browser (Node-RED + Chromium)", function () {
  this.timeout(30_000);
  let red: RealNodeRed | undefined;
  let browser: Browser | undefined;
  /** The Telnyx API the account is pointed at (Test connection, the webhook link). */
  let api: TelnyxStandIn;
  let page: Page;
  /** Console errors and uncaught exceptions in the page, in order. */
  const browserErrors: string[] = [];
  let errorMark = 0;

  before(async function () {
    this.timeout(60_000);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    // Fails, saying how to install it, when Debian's chromium is missing: this test is never skipped.
    [red, browser, api] = await Promise.all([startRealNodeRed(), launchChromium(), new TelnyxStandIn().start()]);
    // Tall enough that the longest edit dialog shows every row without scrolling.
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    page.setDefaultTimeout(10_000);
    // tsx compiles this file with esbuild's keepNames, which wraps named functions inside the callbacks
    // given to page.evaluate in calls to a `__name` helper that exists only in Node: give the page one.
    await page.addInitScript({ content: "window.__name = (fn) => fn;" });
    page.on("console", (message) => {
      if (message.type() === "error") browserErrors.push(`console.error: ${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => browserErrors.push(`uncaught: ${error.stack ?? error.message}`));
    await page.goto(red.url);
    // The editor is ready when the palette has our nodes and the loader is gone.
    await page.locator(`.red-ui-palette-node[data-palette-type="${paletteTypes[0] ?? "telnyx-sms"}"]`).waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => !document.querySelector("#red-ui-loading-progress") || !(document.querySelector("#red-ui-loading-progress") as HTMLElement).offsetParent);
  });

  after(async function () {
    this.timeout(20_000);
    if (fieldStates.length) fs.writeFileSync(path.join(SCREENSHOTS, "fields.txt"), fieldStates.join("\n") + "\n");
    const problems: string[] = [];
    // If closing hangs, playwright-core still kills the browser when this process exits.
    await within(browser?.close() ?? Promise.resolve(), 10_000, "closing Chromium").catch((err: Error) => problems.push(err.message));
    await within(red?.stop(3_000) ?? Promise.resolve(), 8_000, "stopping Node-RED").catch((err: Error) => problems.push(err.message));
    await api?.close();
    if (problems.length) console.warn(problems.join("\n"));
  });

  beforeEach(() => {
    errorMark = browserErrors.length;
  });

  // A failed test must not leave a dialog, a question or its dropped node behind for the next one.
  afterEach(async function () {
    if (!page || this.currentTest?.state !== "failed") return;
    const cancels = ["#node-config-dialog-cancel", "#node-dialog-cancel", "#red-ui-clipboard-dialog-cancel", ".red-ui-notification button:text-is('Cancel')"];
    for (const button of cancels) {
      const visible = page.locator(button).filter({ visible: true });
      if (await visible.count()) await visible.first().click({ timeout: 2_000 }).catch(() => undefined);
    }
    await page.keyboard.press("Escape").catch(() => undefined);
    await page.locator(".red-ui-tray").waitFor({ state: "detached", timeout: 3_000 }).catch(() => undefined);
    await page.evaluate((types) => {
      // Only nodes this suite dropped: they are on the first tab and of a Telnyx type.
      const dropped = RED.nodes.filterNodes({}).filter((n) => types.includes(n.type) && (n as { z?: string }).z === RED.workspaces.active());
      for (const n of dropped) RED.nodes.remove(n.id);
      RED.view.redraw(true);
    }, paletteTypes).catch(() => undefined);
  });

  /** Fails with every console error or uncaught exception since the test started. */
  function assertNoBrowserErrors(): void {
    const errors = browserErrors.slice(errorMark);
    assert.deepEqual(errors, [], `the browser reported errors:\n${errors.join("\n")}`);
  }

  /**
   * Drags a node type from the palette onto the workspace with the mouse, as a person would (the palette
   * uses jQuery UI draggable), at (x, y) in the workspace; returns the new node's id.
   */
  async function dragToWorkspace(type: string, x: number, y: number): Promise<string> {
    await page.locator(".red-ui-tray").waitFor({ state: "detached" });
    const known = await page.evaluate((t) => RED.nodes.filterNodes({ type: t }).map((n) => n.id), type);
    const entry = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
    await entry.scrollIntoViewIfNeeded();
    const from = (await entry.boundingBox())!;
    const area = (await page.locator("#red-ui-workspace-chart").boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 4 });
    await page.mouse.move(area.x + x, area.y + y, { steps: 12 });
    await page.mouse.up();
    const added = await page
      .waitForFunction(
        ({ t, before }) => {
          const ids = RED.nodes.filterNodes({ type: t }).map((n) => n.id).filter((i) => !before.includes(i));
          return ids.length > 0 ? ids : undefined;
        },
        { t: type, before: known },
      )
      .then((handle) => handle.jsonValue() as Promise<string[]>, () => [] as string[]);
    assert.equal(added.length, 1, `${type}: dropping it on the workspace added ${added.length} nodes`);
    return added[0];
  }

  /** Waits until no tray is sliding (jQuery animations), so a screenshot shows it in place. */
  async function trayStill(): Promise<void> {
    await page.waitForFunction(() => (window as unknown as { $: (s: string) => { length: number } }).$(".red-ui-tray:animated").length === 0);
  }

  /** Text in the open dialog that looks like an i18n key nobody translated ("telnyx-sms.label.to"). */
  async function untranslatedKeys(scope: string): Promise<string[]> {
    // Keys of this package's catalogs: "<type>.…" or the shared "telnyx.…" (case-sensitive: a Telnyx voice
    // name such as "Telnyx.KokoroTTS.af" is not one).
    const namespaces = ["telnyx", ...nodeTypes].map((ns) => ns.replace(/-/g, "\\-")).join("|");
    return page.locator(scope).evaluate((form, source) => {
      const key = new RegExp(source);
      const found: string[] = [];
      const walker = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const value = (text.textContent ?? "").trim();
        if (key.test(value)) found.push(`text "${value}"`);
      }
      for (const el of Array.from(form.querySelectorAll("[placeholder], [title]"))) {
        for (const attr of ["placeholder", "title"]) {
          const value = (el.getAttribute(attr) ?? "").trim();
          if (key.test(value)) found.push(`${attr} "${value}" on ${el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${el.className}`}`);
        }
      }
      return found;
    }, `^(${namespaces})\\.[\\w-]+(\\.[\\w-]+)+$`);
  }

  /** What assertFieldsRendered saw of each field, for the report beside the screenshots. */
  const fieldStates: string[] = [];

  /** Checks that every element the template declares rendered in the open dialog. */
  async function assertFieldsRendered(type: string, form: string): Promise<void> {
    const ids = templateFieldIds(type);
    assert.ok(ids.length > 0, `${type}: its template declares no fields`);
    // A new node's dialog marks as invalid only what must be filled in: a required field, or the account
    // (a config node) that is not chosen yet. A red optional field tells a person something is wrong.
    const flagged = await page.evaluate(
      ({ type, form }) => {
        const defaults = (RED.nodes.getType(type) as { defaults?: Record<string, { required?: boolean; type?: string }> }).defaults ?? {};
        return Array.from(document.querySelectorAll(`${form} .input-error`))
          .map((el) => (el.classList.contains("red-ui-typedInput-container") ? el.previousElementSibling?.id : el.id) ?? "")
          .map((id) => id.replace(/^node-(config-)?input-/, ""))
          .filter((property) => !(defaults[property]?.required || defaults[property]?.type));
      },
      { type, form },
    );
    assert.deepEqual(flagged, [], `${type}: a new node's dialog marks optional fields as invalid`);
    // One round trip: what each declared element looks like in the open dialog. A field the dialog hides
    // (it depends on a mode) must show for some option of one of the template's own <select>s.
    const states = await page.evaluate(
      ({ ids, selects, form }) => {
        const top = document.querySelector(form)!;
        const jq = (window as unknown as { $: (el: Element) => { val(v: string): { trigger(e: string): void } } }).$;
        const typed = (id: string) => ids.includes(`${id}Type`);
        const find = (id: string) => top.querySelectorAll(`[id="${id}"]`);
        // A typedInput hides the input and puts its own widget, with a type button, right after it.
        const shownPart = (id: string): Element => (typed(id) ? find(id)[0].nextElementSibling! : find(id)[0]);
        const isShown = (el: Element) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().width > 0;
        const inHiddenRow = (el: Element) => {
          for (let up = el.parentElement; up && up !== top; up = up.parentElement) {
            if (getComputedStyle(up).display === "none") return true;
          }
          return false;
        };
        const states = new Map<string, string>();
        for (const id of ids) {
          const found = find(id);
          if (found.length !== 1) states.set(id, found.length === 0 ? "MISSING" : "DUPLICATE");
          else if ((found[0] as HTMLInputElement).type === "hidden" && !found[0].classList.contains("red-ui-typedInput")) states.set(id, "hidden input");
          else if (typed(id) && (!found[0].classList.contains("red-ui-typedInput") || !found[0].nextElementSibling?.classList.contains("red-ui-typedInput-container"))) {
            states.set(id, "NOT A TYPEDINPUT");
          } else if (typed(id) && !found[0].nextElementSibling!.querySelector(".red-ui-typedInput-type-select")) {
            states.set(id, "TYPEDINPUT WITHOUT TYPE BUTTON");
          } else if (isShown(shownPart(id))) states.set(id, typed(id) ? "typedInput visible" : "visible");
          else if (!inHiddenRow(shownPart(id))) states.set(id, "NOT SHOWN");
          else states.set(id, "NEVER SHOWN, in no mode");
        }
        const hidden = () => ids.filter((id) => states.get(id) === "NEVER SHOWN, in no mode");
        // Every combination of the selects' options (a row may need two: the TeXML live mode's URL action).
        const tryFrom = (index: number, chosen: string[]): void => {
          if (index === selects.length || hidden().length === 0) return;
          const select = find(selects[index])[0] as HTMLSelectElement | undefined;
          if (!select || select.tagName !== "SELECT") return tryFrom(index + 1, chosen);
          const original = select.value;
          for (const option of Array.from(select.options)) {
            jq(select).val(option.value).trigger("change");
            const now = [...chosen, `${selects[index].replace(/^node-(config-)?input-/, "")} = ${option.value}`];
            for (const id of hidden()) {
              if (isShown(shownPart(id))) states.set(id, `${typed(id) ? "typedInput " : ""}shown when ${now.join(", ")}`);
            }
            tryFrom(index + 1, now);
          }
          jq(select).val(original).trigger("change");
        };
        tryFrom(0, []);
        return ids.map((id) => `${id}: ${states.get(id)}`);
      },
      { ids, selects: templateSelectIds(type), form },
    );
    fieldStates.push(`${type}:`, ...states.map((state) => `  ${state}`));
    const bad = states.filter((state) => /: [A-Z]/.test(state));
    assert.deepEqual(bad, [], `${type}: fields of the template that did not render`);
    // Each visible row has a translated label.
    const keys = await untranslatedKeys(form);
    assert.deepEqual(keys, [], `${type}: untranslated i18n keys in the edit dialog`);
  }

  it("lists every Telnyx node in one palette category, with its icon and help", async () => {
    assert.ok(paletteTypes.length > 0, "package.json lists no Telnyx node types");
    for (const type of paletteTypes) {
      const entry = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
      if ((await entry.count()) !== 1) {
        const said = red!.log().split("\n").filter((line) => line.includes(type) || /\[(warn|error)\]/.test(line));
        assert.fail(`${type} is not in the palette (run npm run build?). Node-RED said:\n${said.join("\n")}`);
      }
      const category = await entry.evaluate((el) => el.closest(".red-ui-palette-category")?.id);
      assert.equal(category, "red-ui-palette-container-telnyx", `${type} is not in the telnyx category`);
      // The icon the palette shows is served by Node-RED from this package's icons, not the fallback.
      const icon = await entry.locator(".red-ui-palette-icon").evaluate((el) => getComputedStyle(el).backgroundImage);
      const url = /url\("?([^")]+)"?\)/.exec(icon)?.[1];
      assert.ok(url && url.includes("/node-red-contrib-telnyx/"), `${type}: palette icon is ${icon}`);
      const status = await page.evaluate((u) => fetch(u).then((r) => `${r.status} ${r.headers.get("content-type")}`), url);
      assert.match(status, /^200 image\/svg\+xml/, `${type}: icon ${url}`);
      const help = await page.evaluate((t) => document.querySelectorAll(`script[data-help-name="${t}"]`).length, type);
      assert.equal(help, 1, `${type}: no help`);
    }
    const category = page.locator("#red-ui-palette-container-telnyx");
    await category.scrollIntoViewIfNeeded();
    await page.locator("#red-ui-palette").screenshot({ path: shotPath("palette") });
    assertNoBrowserErrors();
  });

  paletteTypes.forEach((type, index) => {
    it(`${type}: drags from the palette onto the workspace and its edit dialog renders every field`, async () => {
      const id = await dragToWorkspace(type, 200 + (index % 3) * 220, 80 + Math.floor(index / 3) * 80);

      // Double-click the node on the canvas opens its edit dialog in a tray.
      await page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"] rect.red-ui-flow-node`).dblclick();
      const tray = page.locator(".red-ui-tray").last();
      await tray.locator("#node-dialog-ok").waitFor({ state: "visible" });
      await tray.locator("form#dialog-form").waitFor({ state: "visible" });
      await assertFieldsRendered(type, ".red-ui-tray form#dialog-form");
      await trayStill();
      await tray.screenshot({ path: shotPath(type) });

      await tray.locator("#node-dialog-cancel").click();
      await tray.waitFor({ state: "detached" });

      // Remove it again with the keyboard, so the examples deploy alone.
      await page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"] rect.red-ui-flow-node`).click();
      await page.keyboard.press("Delete");
      assert.ok(await page.evaluate((nodeId) => !RED.nodes.node(nodeId), id), `${type}: Delete did not remove the node`);
      assertNoBrowserErrors();
    });
  });

  it("wait for the result: the outcome outputs appear with the option, labelled; a gather menu adds one per choice", async () => {
    const openDialog = async (id: string) => {
      await page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"] rect.red-ui-flow-node`).dblclick();
      const tray = page.locator(".red-ui-tray").last();
      await tray.locator("form#dialog-form").waitFor({ state: "visible" });
      await trayOpened(page, "#node-dialog-ok"); // the menu rows are typed into
      return tray;
    };
    const done = async (tray: ReturnType<typeof page.locator>) => {
      await tray.locator("#node-dialog-ok").click();
      await tray.waitFor({ state: "detached" });
    };
    const outputs = (id: string) =>
      page.evaluate((nodeId) => {
        const node = RED.nodes.node(nodeId) as unknown as { outputs: number; _def: { outputLabels: (this: unknown, i: number) => string } };
        return { count: node.outputs, labels: Array.from({ length: node.outputs }, (_, i) => node._def.outputLabels.call(node, i)) };
      }, id);

    const speak = await dragToWorkspace("telnyx-speak", 300, 420);
    assert.deepEqual(await outputs(speak), { count: 1, labels: ["speak queued"] });
    let tray = await openDialog(speak);
    assert.equal(await tray.locator("#node-input-waitTimeout").isVisible(), false, "the timeout shows only with the option");
    await tray.locator("#node-input-waitFor").check();
    assert.equal(await tray.locator("#node-input-waitTimeout").isVisible(), true);
    await done(tray);
    assert.deepEqual(await outputs(speak), { count: 2, labels: ["finished", "hung up"] });

    const gather = await dragToWorkspace("telnyx-call-control", 300, 500);
    tray = await openDialog(gather);
    await tray.locator("#node-input-action").selectOption("gather_using_speak");
    await tray.locator("#node-input-waitFor").check();
    await tray.locator(".telnyx-outcome-menu .red-ui-editableList-addButton").click();
    await tray.locator(".telnyx-menu-digits").last().fill("1");
    await tray.locator(".telnyx-menu-label").last().fill("sales");
    await done(tray);
    assert.deepEqual(await outputs(gather), { count: 4, labels: ["sales", "other input", "no input", "hung up"] });

    tray = await openDialog(gather);
    await tray.locator("#node-input-action").selectOption("hangup");
    assert.equal(await tray.locator("#node-input-waitFor").isVisible(), false, "hang up has no outcomes to wait for");
    await done(tray);
    assert.equal((await outputs(gather)).count, 1);

    await page.evaluate((ids) => {
      for (const id of ids) RED.nodes.remove(id);
      RED.view.redraw(true);
    }, [speak, gather]);
    assertNoBrowserErrors();
  });

  it("call control's reads: call status and active calls show their own rows, no client state, command id, options or waiting", async () => {
    const id = await dragToWorkspace("telnyx-call-control", 300, 580);
    await page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"] rect.red-ui-flow-node`).dblclick();
    const tray = page.locator(".red-ui-tray").last();
    await tray.locator("form#dialog-form").waitFor({ state: "visible" });
    const shown = async () => {
      const rows: Record<string, boolean> = {};
      for (const property of ["callControlId", "connectionId", "pageLimit", "clientState", "commandId", "options", "waitFor", "cause"]) {
        rows[property] = await tray.locator(`#node-input-${property}`).evaluate((el) => (el.closest(".form-row") as HTMLElement).offsetParent !== null);
      }
      return rows;
    };
    const none = { connectionId: false, pageLimit: false, clientState: false, commandId: false, options: false, waitFor: false, cause: false };

    await tray.locator("#node-input-action").selectOption("call_status");
    assert.deepEqual(await shown(), { ...none, callControlId: true });
    await tray.locator("#node-input-action").selectOption("list_active_calls");
    assert.deepEqual(await shown(), { ...none, callControlId: false, connectionId: true, pageLimit: true });
    // page[limit]: 1 to 250, checked as typed.
    const limit = tray.locator("#node-input-pageLimit + .red-ui-typedInput-container");
    await tray.locator("#node-input-pageLimit + .red-ui-typedInput-container input.red-ui-typedInput-input").fill("500");
    await tray.locator("#node-input-pageLimit + .red-ui-typedInput-container input.red-ui-typedInput-input").dispatchEvent("change");
    assert.equal(await limit.evaluate((el) => el.classList.contains("input-error")), true, "page[limit] 500 is out of range");
    await tray.locator("#node-input-pageLimit + .red-ui-typedInput-container input.red-ui-typedInput-input").fill("50");
    await tray.locator("#node-input-pageLimit + .red-ui-typedInput-container input.red-ui-typedInput-input").dispatchEvent("change");
    assert.equal(await limit.evaluate((el) => el.classList.contains("input-error")), false);
    await tray.locator("#node-input-action").selectOption("hangup");
    assert.deepEqual(await shown(), { ...none, callControlId: true, clientState: true, commandId: true, options: true });
    await tray.locator("#node-input-action").selectOption("list_active_calls");
    await tray.locator("#node-dialog-ok").click();
    await tray.waitFor({ state: "detached" });
    const saved = await page.evaluate((nodeId) => {
      const node = RED.nodes.node(nodeId) as unknown as Record<string, unknown>;
      return { action: node.action, pageLimit: node.pageLimit, callControlId: node.callControlId, outputs: node.outputs, label: (node._def as { label: (this: unknown) => string }).label.call(node) };
    }, id);
    assert.deepEqual(saved, { action: "list_active_calls", pageLimit: "50", callControlId: "", outputs: 1, label: "list active calls" });
    await page.evaluate((nodeId) => {
      RED.nodes.remove(nodeId);
      RED.view.redraw(true);
    }, id);
    assertNoBrowserErrors();
  });

  it("telnyx-config: opens from the add button of a node's Account field and renders every field", async function () {
    const withAccount = paletteTypes.find((type) => templateFieldIds(type).includes("node-input-account"));
    assert.ok(withAccount, "no node type has an Account field");
    const id = await dragToWorkspace(withAccount, 300, 300);
    const node = page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"] rect.red-ui-flow-node`);
    await node.dblclick();
    const nodeTray = page.locator(".red-ui-tray").last();
    await nodeTray.locator("#node-input-account").waitFor({ state: "visible" });
    // With no account yet, the select offers "Add new telnyx-config..." and the add button beside it opens it.
    assert.equal(await page.locator("#node-input-account").inputValue(), "_ADD_");
    await page.locator("#node-input-btn-account-add").click();
    const configTray = page.locator(".red-ui-tray").last();
    await configTray.locator("#node-config-dialog-ok").waitFor({ state: "visible" });
    await configTray.locator("#node-config-dialog-edit-form").waitFor({ state: "visible" });
    await assertFieldsRendered("telnyx-config", "#node-config-dialog-edit-form");
    assert.equal(await page.locator("#node-config-input-apiKey").getAttribute("type"), "password", "the API key is a password field");
    // The Redis URL is checked as the runtime checks it (src/shared/redis-url.ts), and the field says why.
    const redisUrl = page.locator("#node-config-input-redisUrl");
    await redisUrl.fill("redis://:pw-77@10.0.0.5:6379");
    await redisUrl.dispatchEvent("change");
    await page.locator("#node-config-input-redisUrl.input-error").waitFor();
    await redisUrl.hover();
    await page.locator(".red-ui-popover", { hasText: "Redis URL: holds a password; put it in the Redis password field instead" }).waitFor();
    await redisUrl.fill("redis://10.0.0.5:6379");
    await redisUrl.dispatchEvent("change");
    await page.locator("#node-config-input-redisUrl:not(.input-error)").waitFor();
    await redisUrl.fill("");
    await redisUrl.dispatchEvent("change");
    await trayStill();
    await configTray.screenshot({ path: shotPath("telnyx-config") });

    await configTray.locator("#node-config-dialog-cancel").click();
    await page.locator("#node-config-dialog-ok").waitFor({ state: "detached" });
    await page.locator("#node-dialog-cancel").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
    await node.click();
    await page.keyboard.press("Delete");
    assert.equal(await page.evaluate(() => RED.nodes.filterNodes({}).length), 0, "the workspace is empty again");
    assert.equal(await page.evaluate(() => { let n = 0; RED.nodes.eachConfig(() => { n++; return true; }); return n; }), 0, "cancel created no account");
    assertNoBrowserErrors();
  });

  /** The ids of the config nodes of a type in the editor. */
  function configNodeIds(type: string): Promise<string[]> {
    return page.evaluate((t) => {
      const ids: string[] = [];
      RED.nodes.eachConfig((n) => {
        if (n.type === t) ids.push(n.id);
        return true;
      });
      return ids;
    }, type);
  }

  // The webhook node of the inbound call example, whose dialog links a Call Control application.
  const inboundExample = "Inbound call IVR with Call Control";
  const inboundWebhook = examples.includes(inboundExample) ? loadExample(inboundExample).find((n) => n.type === "telnyx-webhook")!.id : "";

  // The account every example shares (test/examples.test.ts checks that they do).
  const exampleAccount = examples.length ? loadExample(examples[0]).find((n) => n.type === "telnyx-config")?.id : undefined;

  /**
   * Menu > Import, the Examples tab, node-red-contrib-telnyx > <name>, "new flow", Import; then places the
   * nodes with a click. Every example carries the same account, so from the second import on the editor
   * says that node exists already: "view nodes" answers with "View nodes...", where the account is listed
   * unticked (it matches the one there) and "Import selected" brings the rest with their ids; "import copy"
   * gives the rest new ids. Either way the flows keep using the one account.
   */
  async function importExample(name: string, conflict: "no conflict" | "view nodes" | "import copy", nodesBefore: number): Promise<void> {
    await page.locator("#red-ui-header-button-sidemenu").click();
    await page.locator("#menu-item-import").click();
    const dialog = page.locator(".ui-dialog:has(#red-ui-clipboard-dialog)");
    await dialog.waitFor({ state: "visible" });
    await page.locator("#red-ui-tab-red-ui-clipboard-dialog-import-tab-examples .red-ui-tab-label").click();
    const library = page.locator("#red-ui-clipboard-dialog-import-tab-examples");
    const labels = library.locator(".red-ui-treeList-label");
    const selected = library.locator(".red-ui-treeList-label.selected");
    // The library browser selects its first entry, the Examples root, on a 100 ms timer after the dialog
    // opens; that clears the selection and disables Import. On a busy machine the timer can run after a
    // click on the example, which then ends unselected: wait for the root to be selected first.
    await labels.first().and(selected).waitFor();
    const folder = labels.filter({ hasText: pkg.name });
    await folder.waitFor({ state: "visible" });
    const item = labels.filter({ has: page.locator(`.red-ui-treeList-label-text:text-is("${name}")`) });
    // The tree builds a folder's entries when it is first opened.
    if ((await item.count()) === 0) await folder.click();
    await item.click();
    await item.and(selected).waitFor();
    await page.locator("#red-ui-clipboard-dialog-ok:enabled").waitFor();
    await page.locator("#red-ui-clipboard-dialog-import-opt-new").click();
    await page.locator("#red-ui-clipboard-dialog-ok").click();
    await dialog.waitFor({ state: "hidden" });
    if (conflict !== "no conflict") {
      const question = page.locator(".red-ui-notification", { hasText: "already exist in your workspace" });
      if (conflict === "import copy") await question.locator("button", { hasText: "Import copy" }).click();
      else {
        await question.locator("button", { hasText: "View nodes..." }).click();
        const conflicts = page.locator("#red-ui-clipboard-dialog-import-conflicts-list");
        await conflicts.waitFor({ state: "visible" });
        const accountBox = conflicts.locator(`.red-ui-clipboard-dialog-import-conflicts-gutter input[data-node-id="${exampleAccount}"]`);
        assert.equal(await accountBox.isChecked(), false, `${name}: the editor offers to import the account again`);
        await page.locator("#red-ui-clipboard-dialog-import-conflict").click();
        await dialog.waitFor({ state: "hidden" });
      }
    }
    // The imported nodes follow the mouse until a click places them.
    const area = (await page.locator("#red-ui-workspace-chart").boundingBox())!;
    await page.waitForFunction((n) => RED.nodes.filterNodes({}).length > n, nodesBefore);
    await page.mouse.move(area.x + 250, area.y + 80, { steps: 5 });
    await page.mouse.click(area.x + 250, area.y + 80);
  }

  /**
   * Deploys with the button: the editor must not ask about invalid nodes, and the runtime must start the
   * flows. Resolves with the runtime's log lines since the click, once the editor has lifted the shade
   * it puts over everything while deploying; the notification is dismissed (a click closes it) so that
   * the next deploy's is the one found.
   */
  async function deployWithButton(what: string): Promise<string[]> {
    const offset = red!.log().length;
    await page.locator("#red-ui-header-button-deploy").click();
    // Whichever the editor says first: deployed, or a question about unknown or invalid nodes.
    const answer = page.locator(".red-ui-notification").filter({ hasText: /Successfully deployed|not properly configured|unknown|invalid|error/i }).first();
    await answer.waitFor({ state: "visible" });
    const said = await answer.innerText();
    assert.match(said, /^Successfully deployed/, `${what}: the editor did not deploy, it said: ${said}`);
    await red!.waitForLog(/\] Started flows$/, 10_000, offset);
    await page.locator("#red-ui-header-shade").waitFor({ state: "hidden" });
    await page.locator("#red-ui-editor-shade").waitFor({ state: "hidden" });
    const notice = page.locator(".red-ui-notification", { hasText: "Successfully deployed" });
    await notice.click().catch(() => undefined);
    await notice.waitFor({ state: "detached" });
    return red!.logSince(offset);
  }

  examples.forEach((name) => {
    it(`example "${name}": imports from Import > Examples with no unknown node, deploys, and the runtime starts it`, async () => {
      const flow = loadExample(name);
      const nodesBefore = await page.evaluate(() => RED.nodes.filterNodes({}).length);
      const accountsBefore = await configNodeIds("telnyx-config");

      await importExample(name, accountsBefore.length > 0 ? "view nodes" : "no conflict", nodesBefore);

      // Every node kept its type, a registered one (the editor turns a node of a type it does not know into
      // an "unknown" node, and says so in an error notification).
      const unknown = await page.evaluate(
        (nodes) => nodes.filter((n) => {
          const imported = RED.nodes.node(n.id);
          return imported && (imported.type !== n.type || !RED.nodes.getType(n.type));
        }).map((n) => `${n.type} ${n.id}`),
        flow.filter((n) => n.type !== "tab").map((n) => ({ id: n.id, type: n.type })),
      );
      assert.deepEqual(unknown, [], `${name}: nodes the editor does not know`);
      assert.equal(await page.locator(".red-ui-notification-error").count(), 0, `${name}: the import raised an error notification`);
      const missing = await page.evaluate((ids) => ids.filter((i) => !RED.nodes.node(i)), flow.map((n) => n.id));
      assert.deepEqual(missing, [], `${name}: nodes missing from the workspace after import`);
      assert.deepEqual(await configNodeIds("telnyx-config"), [exampleAccount], `${name}: after importing it, the accounts are not the one shared account`);

      const runtimeLog = await deployWithButton(name);
      // Examples carry no credentials; nodes only warn about that, so no line is at error level.
      const errors = runtimeLog.filter((line) => /\[error\]/.test(line));
      assert.deepEqual(errors, [], `${name}: the runtime logged errors while starting the flow:\n${runtimeLog.join("\n")}`);
      // The picture shows the nodes' status after the deploy (an account without an API key says so).
      await page.screenshot({ path: shotPath(`example-${name}`) });
      const deployed = await red!.flows();
      for (const node of flow) {
        const found = deployed.find((n) => n.id === node.id);
        assert.ok(found, `${name}: ${node.type} ${node.id} is not in GET /flows`);
        assert.equal(found.type, node.type);
      }
      assertNoBrowserErrors();
    });
  });

  // From here on the workspace holds every example, sharing one account.

  it("importing an example again with Import copy keeps the one account", async () => {
    const nodesBefore = await page.evaluate(() => RED.nodes.filterNodes({}).length);
    await importExample("Send an SMS", "import copy", nodesBefore);
    assert.deepEqual(await configNodeIds("telnyx-config"), [exampleAccount]);
    const accounts = await page.evaluate(() => RED.nodes.filterNodes({ type: "telnyx-sms" }).map((n) => (n as unknown as { account: string }).account));
    assert.deepEqual([...new Set(accounts)], [exampleAccount], "the copy uses the account that was there");
    assertNoBrowserErrors();
  });

  it("a node dropped from the palette starts on the only account (and on none when there are two); call control starts on hang up", async () => {
    const accountOf = (id: string) => page.evaluate((nodeId) => (RED.nodes.node(nodeId) as unknown as { account?: string }).account, id);
    const withAccount = paletteTypes.filter((t) => templateFieldIds(t).includes("node-input-account"));
    const dropped: string[] = [];
    for (const [index, type] of withAccount.entries()) {
      const id = await dragToWorkspace(type, 150 + (index % 4) * 160, 480 + Math.floor(index / 4) * 80);
      dropped.push(id);
      assert.equal(await accountOf(id), exampleAccount, `${type}: a new node does not start on the only account`);
    }
    // Its dialog shows the account chosen, and nothing to fix.
    const sms = dropped[withAccount.indexOf("telnyx-sms")];
    await page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${sms}"] rect.red-ui-flow-node`).dblclick();
    await page.locator("#node-input-account").waitFor({ state: "visible" });
    assert.equal(await page.locator("#node-input-account").inputValue(), exampleAccount);
    assert.equal(await page.locator("#node-input-account option:checked").innerText(), "Telnyx account");
    assert.equal(await page.locator("#node-input-account.input-error").count(), 0);
    await page.locator("#node-dialog-cancel").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });

    // Call control shows a concrete action's fields from the start.
    const callControl = dropped[withAccount.indexOf("telnyx-call-control")];
    assert.equal(await page.evaluate((id) => (RED.nodes.node(id) as unknown as { action: string }).action, callControl), "hangup");
    await page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${callControl}"] rect.red-ui-flow-node`).dblclick();
    await page.locator("#node-input-action").waitFor({ state: "visible" });
    assert.equal(await page.locator("#node-input-action option:checked").innerText(), "hang up");
    await page.locator("#node-dialog-cancel").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });

    // With a second account there is no "only" one: a new node starts on none, for the person to choose.
    await page.evaluate(() => (RED.view as unknown as { importNodes(n: unknown[]): void }).importNodes([{ id: "second0account01", type: "telnyx-config", name: "second" }]));
    const undecided = await dragToWorkspace("telnyx-sms", 150, 680);
    assert.equal(await accountOf(undecided), "");
    await page.evaluate((ids) => {
      for (const id of ids) RED.nodes.remove(id);
      RED.nodes.remove("second0account01");
      RED.view.redraw(true);
    }, [...dropped, undecided]);
    assert.deepEqual(await configNodeIds("telnyx-config"), [exampleAccount]);
    assertNoBrowserErrors();
  });

  /** Opens the shared account's dialog from the inbound example's webhook node, with the pencil beside its Account field. */
  async function openAccountDialog(): Promise<void> {
    await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)!), inboundWebhook);
    await page.locator("#node-input-btn-account-edit").click();
    await page.locator("#node-config-dialog-ok").waitFor({ state: "visible" });
    await page.locator("#node-config-input-apiKey").waitFor({ state: "visible" });
    await trayOpened(page, "#node-config-dialog-ok");
  }

  it("Test connection shows success and failure distinctly: a green tick or a red cross, and the reason on one line", async () => {
    await openAccountDialog();
    // The dialog's title (after the breadcrumb of the node it was opened from) names it as a person would.
    assert.match(await page.locator(".red-ui-tray").last().locator(".red-ui-tray-titlebar").innerText(), /Edit Telnyx account node$/);
    await page.fill("#node-config-input-apiKey", "KEYbrowser_typed_secret");
    await page.fill("#node-config-input-baseUrl", api.baseUrl);
    const result = page.locator("#telnyx-config-test-result");
    const look = () =>
      result.evaluate((el) => ({
        state: el.getAttribute("data-state"),
        icon: el.querySelector("i")?.className,
        colour: getComputedStyle(el).color,
        text: el.textContent?.trim(),
        // One line: no wrapping, and as tall as one line of its text.
        oneLine: getComputedStyle(el).whiteSpace === "nowrap" && el.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(el).lineHeight || "20"),
      }));

    api.reset();
    await page.locator("#telnyx-config-test").click();
    await page.locator('#telnyx-config-test-result[data-state="ok"]').waitFor();
    const ok = await look();
    assert.equal(api.requests.at(-1)?.headers.authorization, "Bearer KEYbrowser_typed_secret");

    api.enqueue({ status: 401, body: { errors: [{ code: "10009", title: "Authentication failed" }] } });
    await page.locator("#telnyx-config-test").click();
    await page.locator('#telnyx-config-test-result[data-state="failed"]').waitFor();
    const failed = await look();

    assert.deepEqual(
      [ok.icon, ok.colour, ok.text, ok.oneLine],
      ["fa fa-check-circle", "rgb(51, 170, 51)", "Connected: Telnyx accepted the API key", true],
    );
    assert.deepEqual(
      [failed.icon, failed.colour, failed.text, failed.oneLine],
      ["fa fa-times-circle", "rgb(173, 22, 37)", "Telnyx rejected the API key (401): check it in Keys & Credentials", true],
    );
    await page.locator("#telnyx-config-test").scrollIntoViewIfNeeded();
    await page.locator(".red-ui-tray").last().screenshot({ path: shotPath("telnyx-config-test-failed") });

    // Keep the key and the stand-in's address, and deploy them: the link below uses the saved key.
    await page.locator("#node-config-dialog-ok").click();
    await page.locator("#node-config-dialog-ok").waitFor({ state: "detached" });
    await page.locator("#node-dialog-cancel").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
    await deployWithButton("the account with a key");
    assertNoBrowserErrors();
  });

  it("Link: sets the webhook URL of an application read from the account, after a confirmation, and shows which send here", async () => {
    api.reset();
    const responses: string[] = [];
    const keep = async (response: import("playwright-core").Response) => {
      if (response.url().includes("telnyx-config/")) responses.push(await response.text().catch(() => ""));
    };
    page.on("response", keep);
    try {
      await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)!), inboundWebhook);
      await page.locator("#node-input-publicUrl").waitFor({ state: "visible" });
      await trayOpened(page, "#node-dialog-ok");
      // This editor's own address (127.0.0.1) is no use to Telnyx: the dialog says to set the public one.
      const notPublic = page.locator("#telnyx-webhook-link-public");
      assert.equal(await notPublic.isVisible(), true, "no hint that Telnyx cannot reach a loopback URL");
      await page.fill("#node-input-publicUrl", "https://hooks.example.com");
      await notPublic.waitFor({ state: "hidden" });
      const url = await page.locator("#telnyx-webhook-full-url").innerText();
      assert.equal(url, `https://hooks.example.com${loadExample(inboundExample).find((n) => n.id === inboundWebhook)!.url}`);
      assert.deepEqual(await page.locator("#telnyx-webhook-link-kind option").allInnerTexts(), ["Call Control application", "Messaging profile"]);

      await page.locator("#telnyx-webhook-link-load").click();
      await page.locator('#telnyx-webhook-link-result[data-state="ok"]').waitFor();
      assert.deepEqual(await page.locator("#telnyx-webhook-link-application option").allInnerTexts(), [
        "Front desk IVR (sends to https://old.example.com/telnyx/events)",
        "Outbound dialer (sends to https://example.com/dialer)",
      ]);
      assert.equal(await page.locator("#telnyx-webhook-link-linked").innerText(), "None of these sends to this URL yet.");

      // Cancel sends nothing.
      await page.selectOption("#telnyx-webhook-link-application", "1293384261075731402");
      await page.locator("#telnyx-webhook-link-set").click();
      const question = page.locator(".red-ui-notification", { hasText: "Set the webhook URL of the Call Control application" });
      await question.waitFor({ state: "visible" });
      assert.match(await question.innerText(), new RegExp(`"Outbound dialer" to ${url.replace(/[.]/g, "\\.")}\\?[\\s\\S]*now sends to https://example\\.com/dialer[\\s\\S]*API v2`));
      await question.locator("button", { hasText: "Cancel" }).click();
      await question.waitFor({ state: "detached" });
      assert.deepEqual(api.requests.filter((r) => r.method === "PATCH"), []);

      // Confirmed: one PATCH, with the spec's body.
      await page.locator("#telnyx-webhook-link-set").click();
      await page.locator("#telnyx-webhook-link-confirm").click();
      await page.locator('#telnyx-webhook-link-result[data-state="ok"]', { hasText: "Outbound dialer now sends to" }).waitFor();
      const patches = api.requests.filter((r) => r.method === "PATCH");
      assert.equal(patches.length, 1);
      assert.equal(patches[0].path, "/call_control_applications/1293384261075731402");
      assert.deepEqual(patches[0].body, { application_name: "Outbound dialer", webhook_event_url: url, webhook_api_version: "2" });
      assertMatchesRequestSchema("UpdateCallControlApplication", patches[0].body);
      assert.equal(patches[0].headers.authorization, "Bearer KEYbrowser_typed_secret", "the saved key, used on the server");
      assert.equal(await page.locator("#telnyx-webhook-link-linked").innerText(), "Already sending to this URL: Outbound dialer");
      assert.equal(await page.locator("#telnyx-webhook-link-application option:checked").innerText(), "Outbound dialer (sends here)");
      await page.locator(".red-ui-tray").last().screenshot({ path: shotPath("telnyx-webhook-link") });

      // A TeXML node links TeXML applications.
      await page.selectOption("#node-input-mode", "texml");
      assert.deepEqual(await page.locator("#telnyx-webhook-link-kind option").allInnerTexts(), ["TeXML application"]);
      await page.locator("#telnyx-webhook-link-load").click();
      await page.locator('#telnyx-webhook-link-result[data-state="ok"]', { hasText: "2 found" }).waitFor();
      await page.locator("#telnyx-webhook-link-set").click();
      await page.locator("#telnyx-webhook-link-confirm").click();
      await page.locator('#telnyx-webhook-link-result[data-state="ok"]', { hasText: "TeXML menu now sends to" }).waitFor();
      const texml = api.requests.filter((r) => r.method === "PATCH")[1];
      assert.equal(texml.path, "/texml_applications/1293384261075731501");
      assert.deepEqual(texml.body, { friendly_name: "TeXML menu", voice_url: url });
      assertMatchesRequestSchema("UpdateTexmlApplication", texml.body);

      await page.locator("#node-dialog-cancel").click();
      await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
      assert.ok(responses.length >= 4, "the dialog's admin requests were seen");
      assert.ok(responses.every((text) => !text.includes("KEYbrowser_typed_secret")), "an answer to the editor held the API key");
    } finally {
      page.off("response", keep);
    }
    assertNoBrowserErrors();
  });
});
