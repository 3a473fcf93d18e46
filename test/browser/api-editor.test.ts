// The telnyx-api dialog in a real editor (Node-RED child process + Chromium): the catalogue loads through
// its admin route, the search narrows the list, picking an operation shows its fields, Done saves them, and
// the deployed node sends the request they describe to the stand-in.
import { strict as assert } from "node:assert";
import type { Browser, Page } from "playwright-core";
import { openEditor } from "../support/editor-page";
import type { RealNodeRed } from "../support/real-node-red";
import { TelnyxStandIn } from "../support/telnyx-standin";
import { pathParams } from "../support/spec";
import { DEFAULT_MAX_ANSWER_MB } from "../../src/shared/defaults";

declare const RED: {
  nodes: { node(id: string): Record<string, unknown> | null; dirty(): boolean };
  editor: { edit(node: unknown): void };
};

describe("telnyx-api editor: search, pick an operation, fields, deploy (Node-RED + Chromium)", function () {
  this.timeout(60_000);
  let red: RealNodeRed | undefined;
  let browser: Browser | undefined;
  let api: TelnyxStandIn;
  let page: Page;
  let browserErrors: string[] = [];

  before(async function () {
    api = await new TelnyxStandIn().start();
    const flows = [
      { id: "tab", type: "tab", label: "api editor" },
      {
        id: "acct", type: "telnyx-config", name: "Telnyx account", baseUrl: api.baseUrl, connectionId: "", fromNumber: "", messagingProfileId: "",
        texmlAccountSid: "", texmlApplicationId: "", timeoutSecs: 15, maxConcurrent: 10, retrySends: false, redisUrl: "", redisTls: false, maxAnswerMB: DEFAULT_MAX_ANSWER_MB,
      },
      { id: "go", type: "inject", z: "tab", name: "go", props: [], repeat: "", once: false, x: 100, y: 100, wires: [["api1"]] },
      { id: "api1", type: "telnyx-api", z: "tab", name: "", account: "acct", operation: "", values: {}, pages: "", maxItems: "1000", x: 300, y: 100, wires: [[]] },
    ];
    ({ red, browser, page, errors: browserErrors } = await openEditor({ flows, credentials: { acct: { apiKey: "KEYtest_browser" } }, readyNode: "api1", actionTimeoutMs: 15_000 }));
  });

  after(async function () {
    this.timeout(20_000);
    await browser?.close();
    await red?.stop(3_000);
    await api?.close();
  });

  it("finds an operation by search, shows its fields, saves them, and the deployed node sends them", async () => {
    await page.evaluate(() => RED.editor.edit(RED.nodes.node("api1")));
    await page.locator("#node-dialog-ok").waitFor({ state: "visible" });
    const list = page.locator("#telnyx-api-operations");
    // Every operation of the catalogue, grouped by tag.
    await list.locator(".telnyx-api-op").first().waitFor({ state: "attached" });
    assert.equal(await list.locator(".telnyx-api-op").count(), 1156);
    assert.ok((await list.locator(".telnyx-api-tag").allInnerTexts()).includes("TeXML REST Commands"));

    await page.locator("#telnyx-api-search").fill("active calls connection");
    const shown = list.locator(".telnyx-api-op:visible");
    await page.waitForFunction(() => document.querySelectorAll("#telnyx-api-operations .telnyx-api-op").length > 0 &&
      Array.from(document.querySelectorAll<HTMLElement>("#telnyx-api-operations .telnyx-api-op")).filter((e) => e.offsetParent !== null).length < 10);
    const ids = await shown.evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
    assert.ok(ids.includes("ListConnectionActiveCalls"), `search found ${ids.join(", ")}`);
    assert.ok(!ids.includes("DialCall"));

    await list.locator('.telnyx-api-op[data-id="ListConnectionActiveCalls"]').click();
    const details = await page.locator("#telnyx-api-details").innerText();
    assert.match(details, /GET \/connections\/\{connection_id\}\/active_calls/);
    assert.equal(await page.locator("#telnyx-api-details a").getAttribute("href"), "https://developers.telnyx.com/api-reference/call-information/list-all-active-calls-for-given-connection");
    const rows = page.locator("#telnyx-api-fields .telnyx-api-row");
    assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-key"))), ["path:connection_id", "query:page"]);
    assert.equal(await page.locator("#node-input-pages").isDisabled(), false, "a list: pages can be followed");

    // Type the connection id into its field (the typedInput's visible input) and follow every page.
    await rows.first().locator("input.red-ui-typedInput-input").fill("1293384261075731400");
    await page.locator("#node-input-pages").selectOption("all");
    await page.locator("#node-dialog-ok").click();
    await page.locator("#node-dialog-ok").waitFor({ state: "detached" });
    const saved = await page.evaluate(() => {
      const n = RED.nodes.node("api1")!;
      return { operation: n.operation, values: n.values, pages: n.pages, valid: n.valid };
    });
    assert.deepEqual(saved, {
      operation: "ListConnectionActiveCalls",
      values: { "path:connection_id": { value: "1293384261075731400", type: "str" } },
      pages: "all",
      valid: true,
    });

    await page.locator("#red-ui-header-button-deploy").click();
    await page.locator(".red-ui-notification", { hasText: "Successfully deployed" }).waitFor({ state: "visible" });
    await red!.waitForLog(/\] Started flows$/, 10_000);
    // The deployed node sends what the dialog saved.
    api.enqueue({ status: 200, body: { data: [{ call_control_id: "v3:one", record_type: "call" }], meta: { total_pages: 1, page_number: 1 } } });
    const res = await fetch(`${red!.url}inject/go`, { method: "POST" });
    assert.equal(res.status, 200);
    await api.waitForRequests(1);
    assert.equal(api.requests[0].method, "GET");
    assert.deepEqual(pathParams("ListConnectionActiveCalls", api.requests[0].path), { connection_id: "1293384261075731400" });
    assert.deepEqual(browserErrors, []);
  });

  it("serves the catalogue only through its admin route, not in the node's HTML", async () => {
    const html = await (await fetch(`${red!.url}nodes`, { headers: { accept: "text/html" } })).text();
    assert.ok(!html.includes("UpdateTeXMLCallRecording"), "the catalogue is not inlined into the editor's HTML");
    const catalogue = (await (await fetch(`${red!.url}telnyx-api/catalogue`)).json()) as { operations: unknown[] };
    assert.equal(catalogue.operations.length, 1156);
  });
});
