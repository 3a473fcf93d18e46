// A real editor for a browser test: Node-RED as a child process (real-node-red.ts) started with the test's
// flows, Chromium (chromium.ts) on its editor, and every console error and uncaught exception of the page
// collected, once the editor has loaded the node `readyNode`.
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium";
import { startRealNodeRed, type RealNodeRed, type RealNodeRedOptions } from "./real-node-red";

export interface EditorPage {
  red: RealNodeRed;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions in the page, in order. */
  errors: string[];
}

export async function openEditor(options: RealNodeRedOptions & { readyNode: string; actionTimeoutMs?: number }): Promise<EditorPage> {
  const [red, browser] = await Promise.all([startRealNodeRed(options), launchChromium()]);
  const errors: string[] = [];
  // Tall enough that the longest edit dialog shows every row without scrolling.
  const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
  page.setDefaultTimeout(options.actionTimeoutMs ?? 10_000);
  // tsx compiles the tests with esbuild's keepNames, which wraps named functions inside the callbacks given
  // to page.evaluate in calls to a `__name` helper that exists only in Node: give the page one.
  await page.addInitScript({ content: "window.__name = (fn) => fn;" });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.stack ?? error.message}`));
  await page.goto(red.url);
  // The palette shows before the flows are loaded into the editor.
  await page.waitForFunction(
    (id) => Boolean((globalThis as unknown as { RED?: { nodes: { node(id: string): unknown } } }).RED?.nodes.node(id)),
    options.readyNode,
    { timeout: 30_000 },
  );
  return { red, browser, page, errors };
}
