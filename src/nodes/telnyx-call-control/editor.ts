import { CALL_ACTIONS, CALL_COMMANDS, isCallAction, type CallAction } from "../../shared/operations/call-control";
import { fieldOf, optionFields, requiredInForm, type NodeField } from "../../shared/operations/descriptor";
import { formDefaults, operationInputs, type CurrentField } from "../../editor/operation-form";
import { optionsValidator } from "../../editor/fields";
import { outcomeLabel, outcomeRows, saveOutcomeRows, validMenu, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

/** Every action's fields, once per property (some are shared, e.g. the call and the digit settings). */
const ALL_ENTRIES: NodeField[] = [...new Map(Object.values(CALL_COMMANDS).flatMap((d) => d.form).map((e) => [e.property, e])).values()];

/** The fields that change with the action (the call, a path parameter, is the same for all of them). */
const ACTION_ENTRIES = ALL_ENTRIES.filter((entry) => entry.in !== "path");

/** The action: the dialog's while it is open, else the node's; undefined means msg.action. */
function currentAction(node: Record<string, unknown>): CallAction | undefined {
  const select = $("#node-input-action");
  const action = select.length ? select.val() : node.action;
  return isCallAction(action) ? action : undefined;
}

function entryOf(action: CallAction | undefined, property: string): NodeField | undefined {
  return action ? CALL_COMMANDS[action].form.find((entry) => entry.property === property) : undefined;
}

/** The field as the chosen action defines it; undefined when that action does not show it. */
function current(node: Record<string, unknown>, entry: NodeField): CurrentField | undefined {
  const action = currentAction(node);
  const own = entryOf(action, entry.property);
  return action && own ? { field: fieldOf(CALL_COMMANDS[action], own)!, required: requiredInForm(CALL_COMMANDS[action], own) } : undefined;
}

/** The field a property has in the actions that show it (the same wherever it appears). */
function fieldOfEntry(entry: NodeField) {
  const action = CALL_ACTIONS.find((a) => entryOf(a, entry.property));
  return action ? fieldOf(CALL_COMMANDS[action], entryOf(action, entry.property)!) : undefined;
}

const form = {
  ...formDefaults(ALL_ENTRIES, current, fieldOfEntry),
  /** The options field: a JSON object of the chosen action's fields that have no row of their own. */
  options: optionsValidator((node) => {
    const action = currentAction(node);
    return action ? optionFields(CALL_COMMANDS[action]) : undefined;
  }),
};

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
  labelStyle: function () {
    return this.name ? "node_label_italic" : "";
  },
  inputLabels: "call",
  outputLabels: function (index: number) {
    return outcomeLabel(this as never, "telnyx-call-control", index, "command sent");
  },
  oneditprepare: function () {
    outcomeRows(this as never, "telnyx-call-control");
    const select = $("#node-input-action");
    $("<option>").val("").text(this._("telnyx-call-control.action.fromMsg")).appendTo(select);
    for (const action of CALL_ACTIONS) $("<option>").val(action).text(this._(`telnyx-call-control.action.${action}`)).appendTo(select);
    select.val((this as unknown as Record<string, string>).action || "");

    operationInputs(ALL_ENTRIES, fieldOfEntry, { choice: this._("telnyx-call-control.label.choice"), unset: this._("telnyx-call-control.label.unset") });

    // Show only the chosen action's fields, and check them against that action.
    const showFields = () => {
      const action = currentAction(this as unknown as Record<string, unknown>);
      for (const entry of ACTION_ENTRIES) {
        const input = $(`#node-input-${entry.property}`);
        input.closest(".form-row").toggle(entryOf(action, entry.property) !== undefined);
        input.trigger("change");
      }
      $("#node-input-options").trigger("change");
    };
    select.on("change", showFields);
    showFields();
  },
  oneditsave: function () {
    saveOutcomeRows(this as never, "telnyx-call-control");
    // What is hidden is not kept: a field of another action must not reach a request later.
    const action = currentAction(this as unknown as Record<string, unknown>);
    for (const entry of ACTION_ENTRIES) {
      if (!entryOf(action, entry.property)) $(`#node-input-${entry.property}`).typedInput("value", "");
    }
  },
});
