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
import { exampleNames, loadExample } from "../support/examples";
import { root } from "../support/node-red";
import { startRealNodeRed, type RealNodeRed } from "../support/real-node-red";

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
  let page: Page;
  /** Console errors and uncaught exceptions in the page, in order. */
  const browserErrors: string[] = [];
  let errorMark = 0;

  before(async function () {
    this.timeout(60_000);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    // Fails, saying how to install it, when Debian's chromium is missing: this test is never skipped.
    [red, browser] = await Promise.all([startRealNodeRed(), launchChromium()]);
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
        for (const selectId of selects) {
          const select = find(selectId)[0] as HTMLSelectElement | undefined;
          if (!select || select.tagName !== "SELECT" || hidden().length === 0) continue;
          const original = select.value;
          for (const option of Array.from(select.options)) {
            jq(select).val(option.value).trigger("change");
            for (const id of hidden()) {
              if (isShown(shownPart(id))) states.set(id, `${typed(id) ? "typedInput " : ""}shown when ${selectId.replace(/^node-(config-)?input-/, "")} = ${option.value}`);
            }
          }
          jq(select).val(original).trigger("change");
        }
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

  examples.forEach((name) => {
    it(`example "${name}": imports from Import > Examples with no unknown node, deploys, and the runtime starts it`, async () => {
      const flow = loadExample(name);
      const nodesBefore = await page.evaluate(() => RED.nodes.filterNodes({}).length);

      // Menu > Import, the Examples tab, node-red-contrib-telnyx > <name>, "new flow", Import.
      await page.locator("#red-ui-header-button-sidemenu").click();
      await page.locator("#menu-item-import").click();
      const dialog = page.locator(".ui-dialog:has(#red-ui-clipboard-dialog)");
      await dialog.waitFor({ state: "visible" });
      await page.locator("#red-ui-tab-red-ui-clipboard-dialog-import-tab-examples .red-ui-tab-label").click();
      const library = page.locator("#red-ui-clipboard-dialog-import-tab-examples");
      const folder = library.locator(".red-ui-treeList-label", { hasText: pkg.name });
      await folder.waitFor({ state: "visible" });
      const item = library.locator(".red-ui-treeList-label", { has: page.locator(`.red-ui-treeList-label-text:text-is("${name}")`) });
      // The tree builds a folder's entries when it is first opened.
      if ((await item.count()) === 0) await folder.click();
      await item.click();
      // The Import button is enabled once the example's flow has loaded from the runtime.
      await page.locator("#red-ui-clipboard-dialog-ok:enabled").waitFor();
      await page.locator("#red-ui-clipboard-dialog-import-opt-new").click();
      await page.locator("#red-ui-clipboard-dialog-ok").click();
      await dialog.waitFor({ state: "hidden" });

      // The imported nodes follow the mouse until a click places them.
      const area = (await page.locator("#red-ui-workspace-chart").boundingBox())!;
      await page.waitForFunction((n) => RED.nodes.filterNodes({}).length > n, nodesBefore);
      await page.mouse.move(area.x + 250, area.y + 80, { steps: 5 });
      await page.mouse.click(area.x + 250, area.y + 80);

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

      // Deploy with the button: the editor must not ask about invalid nodes, and the runtime must start the flows.
      const offset = red!.log().length;
      await page.locator("#red-ui-header-button-deploy").click();
      // Whichever the editor says first: deployed, or a question about unknown or invalid nodes.
      const answer = page.locator(".red-ui-notification").filter({ hasText: /Successfully deployed|not properly configured|unknown|invalid|error/i }).first();
      await answer.waitFor({ state: "visible" });
      const said = await answer.innerText();
      assert.match(said, /^Successfully deployed/, `${name}: the editor did not deploy, it said: ${said}`);
      await red!.waitForLog(/\] Started flows$/, 10_000, offset);
      const runtimeLog = red!.logSince(offset);
      // Examples carry no credentials; nodes only warn about that, so no line is at error level.
      const errors = runtimeLog.filter((line) => /\[error\]/.test(line));
      assert.deepEqual(errors, [], `${name}: the runtime logged errors while starting the flow:\n${runtimeLog.join("\n")}`);
      // The picture shows the nodes' status after the deploy (an account without an API key says so), once
      // the editor has lifted the shade it puts over everything while deploying.
      await page.locator("#red-ui-header-shade").waitFor({ state: "hidden" });
      await page.locator("#red-ui-editor-shade").waitFor({ state: "hidden" });
      await page.screenshot({ path: shotPath(`example-${name}`) });
      const deployed = await red!.flows();
      for (const node of flow) {
        const found = deployed.find((n) => n.id === node.id);
        assert.ok(found, `${name}: ${node.type} ${node.id} is not in GET /flows`);
        assert.equal(found.type, node.type);
      }
      // Dismiss the notification (a click closes it) so that the next deploy's is the one found.
      const notice = page.locator(".red-ui-notification", { hasText: "Successfully deployed" });
      await notice.click().catch(() => undefined);
      await notice.waitFor({ state: "detached" });
      assertNoBrowserErrors();
    });
  });
});
