import { SEND_MESSAGE } from "../../shared/operations/messaging";
import { operationForm } from "../../editor/operation-form";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

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
    // <form-defaults>
    to: form.field("to"),
    toType: form.type("to"),
    from: form.field("from"),
    fromType: form.type("from"),
    text: form.field("text"),
    textType: form.type("text"),
    mediaUrls: form.field("mediaUrls"),
    mediaUrlsType: form.type("mediaUrls"),
    subject: form.field("subject"),
    subjectType: form.type("subject"),
    messagingProfileId: form.field("messagingProfileId"),
    messagingProfileIdType: form.type("messagingProfileId"),
    webhookUrl: form.field("webhookUrl"),
    webhookUrlType: form.type("webhookUrl"),
    options: { value: "", validate: form.options },
    optionsType: { value: "json" },
    // </form-defaults>
    allowLongText: { value: false },
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "send SMS",
  label: function () {
    return this.name || (this.toType === "str" && this.to ? `SMS ${this.to}` : "send SMS");
  },
  inputLabels: "message",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: dialog.oneditsave,
});
