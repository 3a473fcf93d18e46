import { ANSWER } from "../../shared/operations/call-control";
import { operationForm } from "../../editor/operation-form";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

const form = operationForm(ANSWER);
const dialog = outcomeDialog("telnyx-answer", "answered", form);

RED.nodes.registerType("telnyx-answer", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-answer.svg",
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
  paletteLabel: "answer",
  label: function () {
    return this.name || "answer";
  },
  inputLabels: "incoming call",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: dialog.oneditsave,
});
