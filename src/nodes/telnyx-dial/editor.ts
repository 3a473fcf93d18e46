import { DIAL } from "../../shared/operations/call-control";
import { operationForm } from "../../editor/operation-form";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

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
    // <form-defaults>
    to: form.field("to"),
    toType: form.type("to"),
    from: form.field("from"),
    fromType: form.type("from"),
    connectionId: form.field("connectionId"),
    connectionIdType: form.type("connectionId"),
    fromDisplayName: form.field("fromDisplayName"),
    fromDisplayNameType: form.type("fromDisplayName"),
    timeoutSecs: form.field("timeoutSecs"),
    timeoutSecsType: form.type("timeoutSecs"),
    timeLimitSecs: form.field("timeLimitSecs"),
    timeLimitSecsType: form.type("timeLimitSecs"),
    answeringMachineDetection: form.field("answeringMachineDetection"),
    answeringMachineDetectionType: form.type("answeringMachineDetection"),
    answeringMachineDetectionConfig: form.field("answeringMachineDetectionConfig"),
    answeringMachineDetectionConfigType: form.type("answeringMachineDetectionConfig"),
    audioUrl: form.field("audioUrl"),
    audioUrlType: form.type("audioUrl"),
    record: form.field("record"),
    recordType: form.type("record"),
    recordFormat: form.field("recordFormat"),
    recordFormatType: form.type("recordFormat"),
    recordChannels: form.field("recordChannels"),
    recordChannelsType: form.type("recordChannels"),
    customHeaders: form.field("customHeaders"),
    customHeadersType: form.type("customHeaders"),
    webhookUrl: form.field("webhookUrl"),
    webhookUrlType: form.type("webhookUrl"),
    clientState: { value: "" },
    clientStateType: { value: "str" },
    commandId: { value: "" },
    commandIdType: { value: "str" },
    options: { value: "", validate: form.options },
    optionsType: { value: "json" },
    // </form-defaults>
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "dial",
  label: function () {
    const to = (this as unknown as Record<string, string>).to;
    const literal = (this as unknown as Record<string, string>).toType === "str";
    return this.name || (literal && to ? `dial ${to}` : "dial");
  },
  inputLabels: "message",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: dialog.oneditsave,
});
