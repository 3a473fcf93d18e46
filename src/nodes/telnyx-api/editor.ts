import { preselectOnlyAccount } from "../../editor/account";
import { DEFAULT_API_MAX_ITEMS, maxItemsValid, prepareApiDialog, saveApiDialog } from "../../editor/api-operations";

RED.nodes.registerType("telnyx-api", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-api.svg",
  inputs: 1,
  outputs: 1,
  defaults: {
    name: { value: "" },
    account: { value: "", type: "telnyx-config", required: true },
    operation: { value: "", required: true },
    values: { value: {} },
    pages: { value: "" },
    maxItems: {
      value: String(DEFAULT_API_MAX_ITEMS),
      validate: maxItemsValid,
    },
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "Telnyx API",
  label: function () {
    return this.name || this.operation || "Telnyx API";
  },
  labelStyle: function () {
    return this.name ? "node_label_italic" : "";
  },
  inputLabels: "message",
  outputLabels: "the API's answer",
  oneditprepare: function () {
    prepareApiDialog(this as never);
  },
  oneditsave: function () {
    saveApiDialog(this);
  },
});
