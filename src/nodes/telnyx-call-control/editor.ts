import { CALL_ACTIONS, CALL_CONTROL_ACTIONS, isCallAction, type CallAction } from "../../shared/operations/call-control";
import { choiceForm } from "../../editor/operation-form";
import { outcomeDialog, validMenu, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

/** The action: the dialog's while it is open, else the node's; undefined means msg.action. */
function currentAction(node: Record<string, unknown>): CallAction | undefined {
  const select = $("#node-input-action");
  const action = select.length ? select.val() : node.action;
  return isCallAction(action) ? action : undefined;
}

/** Each action's rows; with msg.action, only the call a command goes to (and Options). */
const form = choiceForm(CALL_CONTROL_ACTIONS, currentAction, { rows: ["callControlId"] });

/** Rows only commands have: the reads (call status, active calls) carry no client state or command id. */
const COMMAND_ROWS = ["clientState", "commandId"];

function isCommand(action: CallAction | undefined): boolean {
  return action === undefined || CALL_CONTROL_ACTIONS[action].repeat === "command_id";
}

const dialog = outcomeDialog("telnyx-call-control", "command sent", (node) => {
  const select = $("#node-input-action");
  $("<option>").val("").text(node._("telnyx-call-control.action.fromMsg")).appendTo(select);
  for (const action of CALL_ACTIONS) $("<option>").val(action).text(node._(`telnyx-call-control.action.${action}`)).appendTo(select);
  select.val((node.action as string) || "");

  form.prepare({ choice: node._("telnyx-call-control.label.choice"), unset: node._("telnyx-call-control.label.unset") });

  // Show only the chosen action's fields, and check them against that action.
  const showFields = () => {
    form.showRows(node);
    for (const property of COMMAND_ROWS) $(`#node-input-${property}`).closest(".form-row").toggle(isCommand(currentAction(node)));
  };
  select.on("change", showFields);
  showFields();
});

RED.nodes.registerType("telnyx-call-control", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-call-control.svg",
  inputs: 1,
  outputs: 1,
  defaults: {
    name: { value: "" },
    waitFor: { value: false },
    waitTimeout: { value: "", validate: validWaitTimeout },
    menu: { value: [] as Array<{ digits: string; label?: string }>, validate: validMenu },
    outputs: { value: 1 },
    account: { value: "", type: "telnyx-config", required: true },
    // A new node starts on a concrete action, showing its fields; "" (from msg.action) is chosen on purpose.
    action: { value: "hangup", validate: (v: string) => v === "" || isCallAction(v) },
    // Every form field and its type, written out between these markers by the build (scripts/node-forms.mjs).
    // <form-defaults>
    // </form-defaults>
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "call control",
  label: function () {
    const action = (this as unknown as Record<string, string>).action;
    return this.name || (isCallAction(action) ? action.replace(/_/g, " ") : "call control");
  },
  labelStyle: dialog.labelStyle,
  inputLabels: "call",
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: function () {
    dialog.oneditsave.call(this);
    // What is hidden is not kept: a field of another action must not reach a request later.
    const node = this as unknown as Record<string, unknown>;
    form.clearHidden(node);
    if (!isCommand(currentAction(node))) for (const property of COMMAND_ROWS) $(`#node-input-${property}`).typedInput("value", "");
  },
});
