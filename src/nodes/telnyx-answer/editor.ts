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
    // <form-defaults>
    callControlId: form.field("callControlId"),
    callControlIdType: form.type("callControlId"),
    webhookUrl: form.field("webhookUrl"),
    webhookUrlType: form.type("webhookUrl"),
    record: form.field("record"),
    recordType: form.type("record"),
    recordFormat: form.field("recordFormat"),
    recordFormatType: form.type("recordFormat"),
    recordChannels: form.field("recordChannels"),
    recordChannelsType: form.type("recordChannels"),
    clientState: { value: "" },
    clientStateType: { value: "str" },
    commandId: { value: "" },
    commandIdType: { value: "str" },
    options: { value: "", validate: form.options },
    optionsType: { value: "json" },
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
