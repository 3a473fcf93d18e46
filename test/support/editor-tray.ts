// Node-RED's edit trays, driven by playwright-core.
import type { Page } from "playwright-core";

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
