import { SPEAK } from "../../shared/operations/call-control";
import { operationForm } from "../../editor/operation-form";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";
import { literalValue } from "../../editor/fields";

const form = operationForm(SPEAK);
const dialog = outcomeDialog("telnyx-speak", "speak queued", form);

RED.nodes.registerType("telnyx-speak", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-speak.svg",
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
  paletteLabel: "speak",
  label: function () {
    const text = literalValue(this, "text");
    return this.name || (text ? `speak "${text.length > 20 ? text.slice(0, 19) + "…" : text}"` : "speak");
  },
  inputLabels: "call",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: dialog.oneditsave,
});
