import { ANSWER_FORM, fieldSpec, optionFields, requiredInForm, type FormField } from "../../shared/call-control";
import { formDefaults, voiceInputs } from "../../editor/call-control-form";
import { optionsValidator } from "../../editor/fields";
import { outcomeLabel, outcomeRows, saveOutcomeRows, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

const specOf = (entry: FormField) => fieldSpec("answer", entry.field);
const optionKeys = optionFields("answer", ANSWER_FORM.map((entry) => entry.field));
const form = formDefaults(ANSWER_FORM, (_node, entry) => ({ spec: specOf(entry)!, required: requiredInForm("answer", entry) }), specOf);

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
    callControlId: { value: "" },
    callControlIdType: { value: "str" },
    clientState: { value: "" },
    clientStateType: { value: "str" },
    commandId: { value: "" },
    commandIdType: { value: "str" },
    options: { value: "", validate: optionsValidator(() => optionKeys) },
    optionsType: { value: "json" },
    webhookUrl: form.field("webhookUrl"),
    webhookUrlType: form.type("webhookUrl"),
    record: form.field("record"),
    recordType: form.type("record"),
    recordFormat: form.field("recordFormat"),
    recordFormatType: form.type("recordFormat"),
    recordChannels: form.field("recordChannels"),
    recordChannelsType: form.type("recordChannels"),
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "answer",
  label: function () {
    return this.name || "answer";
  },
  labelStyle: function () {
    return this.name ? "node_label_italic" : "";
  },
  inputLabels: "incoming call",
  outputLabels: function (index: number) {
    return outcomeLabel(this as never, "telnyx-answer", index, "answered");
  },
  oneditprepare: function () {
    outcomeRows(this as never, "telnyx-answer");
    voiceInputs(ANSWER_FORM, specOf, { choice: this._("telnyx-answer.label.choice"), unset: this._("telnyx-answer.label.unset") }, true);
  },
  oneditsave: function () {
    saveOutcomeRows(this as never, "telnyx-answer");
  },
});
