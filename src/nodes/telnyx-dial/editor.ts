import { DIAL } from "../../shared/operations/call-control";
import { operationForm } from "../../editor/operation-form";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";
import { literalValue } from "../../editor/fields";

const form = operationForm(DIAL);
const dialog = outcomeDialog("telnyx-dial", "call", form);

RED.nodes.registerType("telnyx-dial", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-dial.svg",
  inputs: 1,
  outputs: 1,
  defaults: {
    name: { value: "" },
    waitFor: { value: false },
    waitTimeout: { value: "", validate: validWaitTimeout },
    outputs: { value: 1 },
    account: { value: "", type: "telnyx-config", required: true },
    // Every form field and its type, written out between these markers by the build (scripts/node-forms.mjs).
    // <form-defaults>
    // </form-defaults>
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "dial",
  label: function () {
    const to = literalValue(this, "to");
    return this.name || (to ? `dial ${to}` : "dial");
  },
  inputLabels: "message",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: dialog.oneditsave,
});
