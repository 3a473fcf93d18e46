// Node-RED's edit trays, driven by playwright-core.
import type { Locator, Page } from "playwright-core";

/**
 * Resolves once the tray holding `inside` has finished opening. Node-RED shows a tray's buttons and form at
 * once but ends the opening ~150 ms later, on two timers, by focusing the tray's first control (the tab
 * label): a key typed before that goes there, so fill() loses its text on a busy machine.
 */
export async function trayOpened(page: Page, inside: string): Promise<void> {
  await page.waitForFunction((selector) => {
    const tray = document.activeElement?.closest(".red-ui-tray");
    return Boolean(tray && tray.querySelector(selector));
  }, inside);
}

/** Opens the edit dialog of the node `id` and resolves with its tray once it has finished opening. */
export async function openNodeDialog(page: Page, id: string): Promise<Locator> {
  await page.evaluate((nodeId) => {
    const red = (window as unknown as { RED: { nodes: { node(id: string): unknown }; editor: { edit(node: unknown): void } } }).RED;
    red.editor.edit(red.nodes.node(nodeId));
  }, id);
  await page.locator("#node-dialog-ok").waitFor({ state: "visible" });
  await trayOpened(page, "#node-dialog-ok");
  return page.locator(".red-ui-tray").last();
}

/** Presses Done and waits until the dialog has closed (the node then holds what the dialog saved). */
export async function pressDone(page: Page): Promise<void> {
  await page.locator("#node-dialog-ok").click();
  await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
}

/** Which of `properties` have their row shown in the open dialog. */
export function shownRows(tray: Locator, properties: readonly string[]): Promise<string[]> {
  return tray.evaluate((form, rows) => {
    const shown = (property: string) => {
      const row = form.querySelector(`#node-input-${property}`)?.closest(".form-row") as HTMLElement | null | undefined;
      return row !== null && row !== undefined && row.offsetParent !== null;
    };
    return rows.filter(shown);
  }, properties);
}

/** Sets a typedInput's literal (of `type`, a string unless told) as the dialog would keep it. */
export function setTypedInput(page: Page, property: string, value: string, type = "str"): Promise<void> {
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
