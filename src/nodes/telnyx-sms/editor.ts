import { MESSAGE_VARIANTS, MESSAGE_VARIANT_NAMES, isMessageVariant as isVariant, variantOf, type MessageVariant } from "../../shared/operations/messaging";
import { smsSendCanWait } from "../../shared/node-outcomes";
import { choiceForm } from "../../editor/operation-form";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";
import { literalValue } from "../../editor/fields";

/** The variant: the dialog's while it is open, else the node's; empty or missing is a message (flows from before `send`). */
function currentVariant(node: Record<string, unknown>): MessageVariant | undefined {
  const select = $("#node-input-send");
  const send = select.length ? select.val() : node.send;
  return variantOf(send);
}

const form = choiceForm(MESSAGE_VARIANTS, currentVariant);

const dialog = outcomeDialog("telnyx-sms", "sent message", (node) => {
  const select = $("#node-input-send");
  for (const variant of MESSAGE_VARIANT_NAMES) $("<option>").val(variant).text(node._(`telnyx-sms.send.${variant}`)).appendTo(select);
  select.val(currentVariant(node) ?? "message");
  form.prepare({ choice: node._("telnyx-sms.label.choice"), unset: node._("telnyx-sms.label.unset") });
  select.on("change", () => {
    form.showRows(node);
    const variant = currentVariant(node);
    $("#node-input-allowLongText").closest(".form-row").toggle(variant !== undefined && "text" in MESSAGE_VARIANTS[variant].fields && variant !== "group_mms");
  });
  select.trigger("change"); // the outcome rows follow the variant too
});

RED.nodes.registerType("telnyx-sms", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-sms.svg",
  inputs: 1,
  outputs: 1,
  defaults: {
    name: { value: "" },
    // Missing in flows from before it existed: a message (POST /messages), as then.
    send: { value: "message", validate: (v: unknown) => v === undefined || v === "" || isVariant(v) },
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
    const send = (this as unknown as { send?: string }).send;
    const what = send && send !== "message" && isVariant(send) ? send.replace(/_/g, " ") : "SMS";
    const to = send === "cancel" ? undefined : literalValue(this, "to");
    return this.name || (to ? `${what} ${to}` : what === "SMS" ? "send SMS" : what);
  },
  inputLabels: "message",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: function () {
    // What is hidden is not kept: a field of another variant, nor a wait where the variant cannot wait.
    form.clearHidden(this as unknown as Record<string, unknown>);
    if (!smsSendCanWait(currentVariant(this as unknown as Record<string, unknown>))) $("#node-input-waitFor").val("");
    dialog.oneditsave.call(this);
  },
});
