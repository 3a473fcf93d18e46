import { SEND_MESSAGE } from "../../shared/operations/messaging";
import { operationForm } from "../../editor/operation-form";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";
import { literalValue } from "../../editor/fields";

const form = operationForm(SEND_MESSAGE);
const dialog = outcomeDialog("telnyx-sms", "sent message", form);

RED.nodes.registerType("telnyx-sms", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-sms.svg",
  inputs: 1,
  outputs: 1,
  defaults: {
    name: { value: "" },
    waitFor: { value: "" as string },
    waitTimeout: { value: "", validate: validWaitTimeout },
    outputs: { value: 1 },
    account: { value: "", type: "telnyx-config", required: true },
    // Every form field and its type, written out between these markers by the build (scripts/node-forms.mjs).
    // <form-defaults>
    // </form-defaults>
    allowLongText: { value: false },
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "send SMS",
  label: function () {
    const to = literalValue(this, "to");
    return this.name || (to ? `SMS ${to}` : "send SMS");
  },
  inputLabels: "message",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: dialog.oneditsave,
});
