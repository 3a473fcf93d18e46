// "Wait for the result" in the edit dialogs of dial, answer, speak, call control and send SMS: the rows
// (added to the dialog here, one place for all five), the outputs that appear and disappear with the
// option (through the hidden `outputs` input Node-RED reads on save), and the output labels. Which
// outputs a node has comes from its operation's outcome table (src/shared/node-outcomes.ts), as at runtime.
import { WAIT_TIMEOUT_SECONDS } from "../shared/defaults";
import { numberSettingValidator } from "./fields";
import { MENU_ACTIONS, canWait, isMenuDigits, menuChoices, nodeOutcomes, outputCount } from "../shared/node-outcomes";
import type { MenuChoice } from "../shared/outcomes";

type NodeLike = Record<string, unknown> & { waitFor?: unknown; action?: unknown; menu?: unknown; send?: unknown; _: (key: string, vars?: Record<string, unknown>) => string };


const waitTimeoutInRange = numberSettingValidator(WAIT_TIMEOUT_SECONDS, true);

/** waitTimeout: empty (the operation's default) or seconds within WAIT_TIMEOUT_SECONDS, read as the text the dialog shows. */
export function validWaitTimeout(value: unknown): boolean {
  return waitTimeoutInRange(String(value ?? ""));
}

/** menu: a list of choices with DTMF digits. */
export function validMenu(value: unknown): boolean {
  return value === undefined || value === "" || (Array.isArray(value) && value.every((c) => c && isMenuDigits((c as MenuChoice).digits)));
}

/** The label of output `index`: the outcome's, a menu choice's, or `fallback` when the node does not wait. */
function outcomeLabel(node: NodeLike, type: string, index: number, fallback: string): string {
  const table = nodeOutcomes(type, node);
  if (!table) return fallback;
  const key = table.outputs[index] ?? "";
  const choice = /^choice-(\d+)$/.exec(key);
  if (choice) {
    const entry = menuChoices(node.menu)[Number(choice[1]) - 1];
    return entry?.label ?? node._("telnyx.outcomes.label.press", { digits: entry?.digits ?? "" });
  }
  return node._(`telnyx.outcomes.output.${key}`);
}

/** The dialog's current waiting settings (what is shown, before save). */
function current(node: NodeLike, type: string): { waitFor: unknown; action: unknown; menu: MenuChoice[]; send: unknown } {
  const box = $("#node-input-waitFor");
  const waitFor = type === "telnyx-sms" ? box.val() : box.is(":checked");
  const action = $("#node-input-action").length ? $("#node-input-action").val() : node.action;
  const send = $("#node-input-send").length ? $("#node-input-send").val() : node.send;
  return { waitFor, action, menu: readMenu(), send };
}

function readMenu(): MenuChoice[] {
  const choices: MenuChoice[] = [];
  $("#telnyx-outcome-menu").editableList("items").each(function () {
    const row = $(this);
    const digits = String(row.find(".telnyx-menu-digits").val() ?? "").trim();
    const label = String(row.find(".telnyx-menu-label").val() ?? "").trim();
    choices.push(label ? { digits, label } : { digits });
  });
  return choices;
}

/**
 * Adds the rows to the dialog: the option (a checkbox; for send SMS a choice of delivery or reply),
 * its timeout, and for call control's gathers a menu of choices. Keeps `#node-input-outputs` in step.
 */
function outcomeRows(node: NodeLike, type: string): void {
  const form = $("#dialog-form");
  const nameRow = $("#node-input-name").closest(".form-row");
  const place = (row: JQuery) => (nameRow.length ? row.insertBefore(nameRow) : row.appendTo(form));
  const t = (key: string) => node._(`telnyx.outcomes.label.${key}`);

  const waitRow = $('<div class="form-row">');
  $('<label for="node-input-waitFor">').append('<i class="fa fa-hourglass-half"></i> ', $("<span>").text(t("waitFor"))).appendTo(waitRow);
  if (type === "telnyx-sms") {
    const select = $('<select id="node-input-waitFor" style="width: 70%;">').appendTo(waitRow);
    for (const value of ["", "delivery", "reply"]) $("<option>").val(value).text(t(`sms-${value || "no"}`)).appendTo(select);
    select.val(typeof node.waitFor === "string" ? node.waitFor : "");
  } else {
    $('<input type="checkbox" id="node-input-waitFor" style="display: inline-block; width: auto; vertical-align: top;">')
      .prop("checked", node.waitFor === true)
      .appendTo(waitRow);
    $('<span style="margin-left: 6px;">').text(t("waitForTip")).appendTo(waitRow);
  }
  place(waitRow);

  const timeoutRow = $('<div class="form-row telnyx-outcome-wait">');
  $('<label for="node-input-waitTimeout">').append('<i class="fa fa-clock-o"></i> ', $("<span>").text(t("waitTimeout"))).appendTo(timeoutRow);
  $('<input type="text" id="node-input-waitTimeout" style="width: 100px;">')
    .attr("placeholder", t("waitTimeoutDefault"))
    .val(String(node.waitTimeout ?? ""))
    .appendTo(timeoutRow);
  place(timeoutRow);

  const menuRow = $('<div class="form-row node-input-menu-container-row telnyx-outcome-menu">');
  $("<label>").append('<i class="fa fa-list-ol"></i> ', $("<span>").text(t("menu"))).appendTo(menuRow);
  $('<div class="form-tips">').text(t("menuTip")).appendTo(menuRow);
  const list = $('<ol id="telnyx-outcome-menu">').appendTo(menuRow);
  place(menuRow);
  $('<input type="hidden" id="node-input-outputs">').appendTo(form);

  const sync = () => {
    const now = current(node, type);
    // A node that waits can wait, so the option's row shows whenever its timeout and menu do.
    const waiting = nodeOutcomes(type, now) !== undefined;
    waitRow.toggle(canWait(type, now));
    $(".telnyx-outcome-wait").toggle(waiting);
    menuRow.toggle(waiting && MENU_ACTIONS.includes(String(now.action)));
    $("#node-input-outputs").val(String(outputCount(type, now)));
  };

  list.editableList({
    addItem: (row: JQuery, _index: number, data: Partial<MenuChoice>) => {
      $('<input type="text" class="telnyx-menu-digits" style="width: 70px; margin-right: 6px;">')
        .attr("placeholder", t("menuDigits"))
        .val(data.digits ?? "")
        .on("change keyup", sync)
        .appendTo(row);
      $('<input type="text" class="telnyx-menu-label" style="width: calc(100% - 90px);">')
        .attr("placeholder", t("menuLabel"))
        .val(data.label ?? "")
        .on("change keyup", sync)
        .appendTo(row);
      sync();
    },
    removeItem: sync,
    sortItems: sync,
    sortable: true,
    removable: true,
    height: 120,
  } as never);
  for (const choice of Array.isArray(node.menu) ? (node.menu as MenuChoice[]) : []) list.editableList("addItem", choice);

  $("#node-input-waitFor").on("change", sync);
  $("#node-input-action").on("change", sync);
  $("#node-input-send").on("change", sync);
  sync();
}

/** On save: the menu from its list (Node-RED saves only inputs it knows), the outputs from the settings. */
function saveOutcomeRows(node: NodeLike, type: string): void {
  const now = current(node, type);
  node.menu = now.menu.filter((choice) => choice.digits !== "");
  $("#node-input-outputs").val(String(outputCount(type, { ...now, menu: node.menu })));
}

/** What a dialog's own oneditprepare adds after the outcome rows: a function, or an operation form to prepare. */
type DialogPrepare = ((node: NodeLike) => void) | { prepare(labels: { choice: string; unset: string }): void };

/**
 * The parts of a node definition every node with outcome outputs shares (each written out as its own
 * property, which the Flow Library reads; no spreads): the italic label of a named node,
 * the outputs' labels (`fallback` while it does not wait), and the outcome rows in its dialog, then
 * `prepare` (an operation form gets its choice labels from the node's catalog).
 */
export function outcomeDialog(type: string, fallback: string, prepare: DialogPrepare) {
  return {
    labelStyle: function (this: { name?: string }) {
      return this.name ? "node_label_italic" : "";
    },
    outputLabels: function (this: unknown, index: number) {
      return outcomeLabel(this as NodeLike, type, index, fallback);
    },
    oneditprepare: function (this: unknown) {
      const node = this as NodeLike;
      outcomeRows(node, type);
      if (typeof prepare === "function") prepare(node);
      else prepare.prepare({ choice: node._(`${type}.label.choice`), unset: node._(`${type}.label.unset`) });
    },
    oneditsave: function (this: unknown) {
      saveOutcomeRows(this as NodeLike, type);
    },
  };
}
