import { MESSAGE_VARIANTS, MESSAGE_VARIANT_NAMES, type MessageVariant } from "../../shared/operations/messaging";
import { fieldOf, optionFields, requiredInForm, type NodeField } from "../../shared/operations/descriptor";
import { smsSendCanWait } from "../../shared/outcomes";
import { formDefaults, operationInputs, type CurrentField } from "../../editor/operation-form";
import { optionsValidator } from "../../editor/fields";
import { outcomeDialog, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

/** Every variant's fields, once per property (to, from, text... are shared by most). */
const ALL_ENTRIES: NodeField[] = [...new Map(Object.values(MESSAGE_VARIANTS).flatMap((d) => d.form).map((e) => [e.property, e])).values()];

/** The node's label by variant (with the recipient when it is a literal). */
const VARIANT_LABELS: Record<MessageVariant, string> = {
  message: "SMS",
  long_code: "long code SMS",
  short_code: "short code SMS",
  number_pool: "number pool SMS",
  group_mms: "group MMS",
  schedule: "scheduled SMS",
  cancel: "cancel scheduled SMS",
  whatsapp_template: "WhatsApp template",
  whatsapp_text: "WhatsApp",
};

const isVariant = (value: unknown): value is MessageVariant => typeof value === "string" && value in MESSAGE_VARIANTS;

/** The variant: the dialog's while it is open, else the node's; empty or missing is a message (flows from before `send`). */
function currentVariant(node: Record<string, unknown>): MessageVariant | undefined {
  const select = $("#node-input-send");
  const send = select.length ? select.val() : node.send;
  return send === undefined || send === "" ? "message" : isVariant(send) ? send : undefined;
}

function entryOf(variant: MessageVariant | undefined, property: string): NodeField | undefined {
  return variant ? MESSAGE_VARIANTS[variant].form.find((entry) => entry.property === property) : undefined;
}

/** The field as the chosen variant defines it; undefined when that variant does not show it. */
function current(node: Record<string, unknown>, entry: NodeField): CurrentField | undefined {
  const variant = currentVariant(node);
  const own = entryOf(variant, entry.property);
  return variant && own ? { field: fieldOf(MESSAGE_VARIANTS[variant], own)!, required: requiredInForm(MESSAGE_VARIANTS[variant], own) } : undefined;
}

/** The field a property has in the first variant that shows it (for its typedInput's types). */
function fieldOfEntry(entry: NodeField) {
  const variant = MESSAGE_VARIANT_NAMES.find((v) => entryOf(v, entry.property));
  return variant ? fieldOf(MESSAGE_VARIANTS[variant], entryOf(variant, entry.property)!) : undefined;
}

const form = {
  ...formDefaults(ALL_ENTRIES, current, fieldOfEntry),
  /** The options field: a JSON object of the chosen variant's fields that have no row of their own. */
  options: optionsValidator((node) => {
    const variant = currentVariant(node);
    return variant ? optionFields(MESSAGE_VARIANTS[variant]) : undefined;
  }),
};

const dialog = outcomeDialog("telnyx-sms", "sent message", (node) => {
  const select = $("#node-input-send");
  for (const variant of MESSAGE_VARIANT_NAMES) $("<option>").val(variant).text(node._(`telnyx-sms.send.${variant}`)).appendTo(select);
  select.val(currentVariant(node as unknown as Record<string, unknown>) ?? "message");
  operationInputs(ALL_ENTRIES, fieldOfEntry, { choice: node._("telnyx-sms.label.choice"), unset: node._("telnyx-sms.label.unset") });

  // Show only the chosen variant's rows (and options and long text only where they apply), checked against it.
  const showRows = () => {
    const variant = currentVariant(node as unknown as Record<string, unknown>);
    for (const entry of ALL_ENTRIES) {
      const input = $(`#node-input-${entry.property}`);
      input.closest(".form-row").toggle(entryOf(variant, entry.property) !== undefined);
      input.trigger("change");
    }
    $("#node-input-options").closest(".form-row").toggle(variant !== undefined && optionFields(MESSAGE_VARIANTS[variant]).size > 0);
    $("#node-input-options").trigger("change");
    $("#node-input-allowLongText").closest(".form-row").toggle(variant !== undefined && "text" in MESSAGE_VARIANTS[variant].fields && variant !== "group_mms");
  };
  select.on("change", showRows);
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
    sendAt: form.field("sendAt"),
    sendAtType: form.type("sendAt"),
    messageId: form.field("messageId"),
    messageIdType: form.type("messageId"),
    templateName: form.field("templateName"),
    templateNameType: form.type("templateName"),
    templateLanguage: form.field("templateLanguage"),
    templateLanguageType: form.type("templateLanguage"),
    templateComponents: form.field("templateComponents"),
    templateComponentsType: form.type("templateComponents"),
    options: { value: "", validate: form.options },
    optionsType: { value: "json" },
    // </form-defaults>
    allowLongText: { value: false },
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "send SMS",
  label: function () {
    const send = (this as unknown as { send?: string }).send;
    const what = isVariant(send) ? VARIANT_LABELS[send] : "SMS";
    if (this.name) return this.name;
    if (this.toType === "str" && this.to && send !== "cancel") return `${what} ${this.to}`;
    return what === "SMS" ? "send SMS" : what;
  },
  inputLabels: "message",
  labelStyle: dialog.labelStyle,
  outputLabels: dialog.outputLabels,
  oneditprepare: dialog.oneditprepare,
  oneditsave: function () {
    // What is hidden is not kept: a field of another variant must not reach a request later, nor a wait
    // a variant that cannot wait.
    const variant = currentVariant(this as unknown as Record<string, unknown>);
    for (const entry of ALL_ENTRIES) {
      if (!entryOf(variant, entry.property)) $(`#node-input-${entry.property}`).typedInput("value", "");
    }
    if (!smsSendCanWait(variant)) $("#node-input-waitFor").val("");
    dialog.oneditsave.call(this);
  },
});
