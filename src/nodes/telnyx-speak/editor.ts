import { SPEAK } from "../../shared/operations/call-control";
import { operationForm } from "../../editor/operation-form";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

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
    // <form-defaults>
    callControlId: form.field("callControlId"),
    callControlIdType: form.type("callControlId"),
    text: form.field("text"),
    textType: form.type("text"),
    voice: form.field("voice"),
    voiceType: form.type("voice"),
    payloadType: form.field("payloadType"),
    payloadTypeType: form.type("payloadType"),
    language: form.field("language"),
    languageType: form.type("language"),
    serviceLevel: form.field("serviceLevel"),
    serviceLevelType: form.type("serviceLevel"),
    stop: form.field("stop"),
    stopType: form.type("stop"),
    targetLegs: form.field("targetLegs"),
    targetLegsType: form.type("targetLegs"),
    voiceSettings: form.field("voiceSettings"),
    voiceSettingsType: form.type("voiceSettings"),
    clientState: { value: "" },
    clientStateType: { value: "str" },
    commandId: { value: "" },
    commandIdType: { value: "str" },
    options: { value: "", validate: form.options },
    optionsType: { value: "json" },
    // </form-defaults>
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "speak",
  label: function () {
    const node = this as unknown as Record<string, string>;
    const text = node.textType === "str" && node.text ? node.text : "";
    return this.name || (text ? `speak "${text.length > 20 ? text.slice(0, 19) + "…" : text}"` : "speak");
  },
  inputLabels: "call",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: dialog.oneditsave,
});
