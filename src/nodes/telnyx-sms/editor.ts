import { E164, HTTP_URL, SHORT_CODE, ALPHANUMERIC_SENDER_ID } from "../../shared/formats";
import { optionFields } from "../../shared/operations/descriptor";
import { SEND_MESSAGE } from "../../shared/operations/messaging";
import { literalMatches, optionsValidator, typedInput } from "../../editor/fields";
import { outcomeLabel, outcomeRows, saveOutcomeRows, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

const OPTION_KEYS = optionFields(SEND_MESSAGE);

const RECIPIENT = new RegExp(`(${E164.source})|(${SHORT_CODE.source})`);
const SENDER = new RegExp(`(${E164.source})|(${SHORT_CODE.source})|(${ALPHANUMERIC_SENDER_ID.source})`);

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
    to: { value: "", validate: literalMatches(RECIPIENT, "toType") },
    toType: { value: "str" },
    from: { value: "", validate: literalMatches(SENDER, "fromType") },
    fromType: { value: "str" },
    text: { value: "" },
    textType: { value: "str" },
    mediaUrls: { value: "" },
    mediaUrlsType: { value: "str" },
    subject: { value: "" },
    subjectType: { value: "str" },
    messagingProfileId: { value: "" },
    messagingProfileIdType: { value: "str" },
    webhookUrl: { value: "", validate: literalMatches(HTTP_URL, "webhookUrlType") },
    webhookUrlType: { value: "str" },
    options: { value: "", validate: optionsValidator(() => OPTION_KEYS) },
    optionsType: { value: "json" },
    allowLongText: { value: false },
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "send SMS",
  label: function () {
    return this.name || (this.toType === "str" && this.to ? `SMS ${this.to}` : "send SMS");
  },
  labelStyle: function () {
    return this.name ? "node_label_italic" : "";
  },
  inputLabels: "message",
  outputLabels: function (index: number) {
    return outcomeLabel(this as never, "telnyx-sms", index, "sent message");
  },
  oneditprepare: function () {
    outcomeRows(this as never, "telnyx-sms");
    for (const name of ["to", "from", "text", "mediaUrls", "subject", "messagingProfileId", "webhookUrl"]) typedInput(name);
    typedInput("options", ["json", "msg", "flow", "global", "jsonata"]);
  },
  oneditsave: function () {
    saveOutcomeRows(this as never, "telnyx-sms");
  },
});
