import {
  CALL_ACTIONS,
  CALL_ACTION_FORMS,
  fieldSpec,
  isCallAction,
  optionFields,
  requiredInForm,
  type CallAction,
  type FormField,
} from "../../shared/call-control";
import { formDefaults, voiceInputs, type CurrentField } from "../../editor/call-control-form";
import { optionsValidator } from "../../editor/fields";
import { outcomeLabel, outcomeRows, saveOutcomeRows, validMenu, validWaitTimeout } from "../../editor/wait-for-result";
import { preselectOnlyAccount } from "../../editor/account";

/** Every action's fields, once per property (some are shared, e.g. the digit settings). */
const ALL_ENTRIES: FormField[] = [...new Map(Object.values(CALL_ACTION_FORMS).flat().map((e) => [e.property, e])).values()];

/** The action: the dialog's while it is open, else the node's; undefined means msg.action. */
function currentAction(node: Record<string, unknown>): CallAction | undefined {
  const select = $("#node-input-action");
  const action = select.length ? select.val() : node.action;
  return isCallAction(action) ? action : undefined;
}

function entryOf(action: CallAction | undefined, property: string): FormField | undefined {
  return action ? CALL_ACTION_FORMS[action].find((entry) => entry.property === property) : undefined;
}

/** The field as the chosen action defines it; undefined when that action does not show it. */
function current(node: Record<string, unknown>, entry: FormField): CurrentField | undefined {
  const action = currentAction(node);
  const own = entryOf(action, entry.property);
  return action && own ? { spec: fieldSpec(action, own.field)!, required: requiredInForm(action, own) } : undefined;
}

/** The spec a property has in the actions that show it (the same wherever it appears). */
function specOf(entry: FormField) {
  const action = CALL_ACTIONS.find((a) => entryOf(a, entry.property));
  return action ? fieldSpec(action, entry.field) : undefined;
}

const form = formDefaults(ALL_ENTRIES, current, specOf);

RED.nodes.registerType("telnyx-call-control", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-call-control.svg",
  inputs: 1,
  outputs: 1,
  defaults: {
    name: { value: "" },
    waitFor: { value: false },
    waitTimeout: { value: "", validate: validWaitTimeout },
    menu: { value: [] as Array<{ digits: string; label?: string }>, validate: validMenu },
    outputs: { value: 1 },
    account: { value: "", type: "telnyx-config", required: true },
    // A new node starts on a concrete action, showing its fields; "" (from msg.action) is chosen on purpose.
    action: { value: "hangup", validate: (v: string) => v === "" || isCallAction(v) },
    callControlId: { value: "" },
    callControlIdType: { value: "str" },
    clientState: { value: "" },
    clientStateType: { value: "str" },
    commandId: { value: "" },
    commandIdType: { value: "str" },
    options: { value: "", validate: optionsValidator((node) => {
        const action = currentAction(node);
        return action ? optionFields(action, CALL_ACTION_FORMS[action].map((entry) => entry.field)) : undefined;
      }) },
    optionsType: { value: "json" },
    cause: form.field("cause"),
    causeType: form.type("cause"),
    to: form.field("to"),
    toType: form.type("to"),
    from: form.field("from"),
    fromType: form.type("from"),
    fromDisplayName: form.field("fromDisplayName"),
    fromDisplayNameType: form.type("fromDisplayName"),
    timeoutSecs: form.field("timeoutSecs"),
    timeoutSecsType: form.type("timeoutSecs"),
    audioUrl: form.field("audioUrl"),
    audioUrlType: form.type("audioUrl"),
    webhookUrl: form.field("webhookUrl"),
    webhookUrlType: form.type("webhookUrl"),
    bridgeWith: form.field("bridgeWith"),
    bridgeWithType: form.type("bridgeWith"),
    text: form.field("text"),
    textType: form.type("text"),
    voice: form.field("voice"),
    voiceType: form.type("voice"),
    language: form.field("language"),
    languageType: form.type("language"),
    validDigits: form.field("validDigits"),
    validDigitsType: form.type("validDigits"),
    minimumDigits: form.field("minimumDigits"),
    minimumDigitsType: form.type("minimumDigits"),
    maximumDigits: form.field("maximumDigits"),
    maximumDigitsType: form.type("maximumDigits"),
    terminatingDigit: form.field("terminatingDigit"),
    terminatingDigitType: form.type("terminatingDigit"),
    timeoutMillis: form.field("timeoutMillis"),
    timeoutMillisType: form.type("timeoutMillis"),
    invalidPayload: form.field("invalidPayload"),
    invalidPayloadType: form.type("invalidPayload"),
    gatherId: form.field("gatherId"),
    gatherIdType: form.type("gatherId"),
    mediaName: form.field("mediaName"),
    mediaNameType: form.type("mediaName"),
    loop: form.field("loop"),
    loopType: form.type("loop"),
    targetLegs: form.field("targetLegs"),
    targetLegsType: form.type("targetLegs"),
    stop: form.field("stop"),
    stopType: form.type("stop"),
    format: form.field("format"),
    formatType: form.type("format"),
    channels: form.field("channels"),
    channelsType: form.type("channels"),
    maxLength: form.field("maxLength"),
    maxLengthType: form.type("maxLength"),
    playBeep: form.field("playBeep"),
    playBeepType: form.type("playBeep"),
    recordingId: form.field("recordingId"),
    recordingIdType: form.type("recordingId"),
    digits: form.field("digits"),
    digitsType: form.type("digits"),
    durationMillis: form.field("durationMillis"),
    durationMillisType: form.type("durationMillis"),
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "call control",
  label: function () {
    const action = (this as unknown as Record<string, string>).action;
    return this.name || (isCallAction(action) ? action.replace(/_/g, " ") : "call control");
  },
  labelStyle: function () {
    return this.name ? "node_label_italic" : "";
  },
  inputLabels: "call",
  outputLabels: function (index: number) {
    return outcomeLabel(this as never, "telnyx-call-control", index, "command sent");
  },
  oneditprepare: function () {
    outcomeRows(this as never, "telnyx-call-control");
    const select = $("#node-input-action");
    $("<option>").val("").text(this._("telnyx-call-control.action.fromMsg")).appendTo(select);
    for (const action of CALL_ACTIONS) $("<option>").val(action).text(this._(`telnyx-call-control.action.${action}`)).appendTo(select);
    select.val((this as unknown as Record<string, string>).action || "");

    voiceInputs(ALL_ENTRIES, specOf, { choice: this._("telnyx-call-control.label.choice"), unset: this._("telnyx-call-control.label.unset") }, true);

    // Show only the chosen action's fields, and check them against that action.
    const showFields = () => {
      const action = currentAction(this as unknown as Record<string, unknown>);
      for (const entry of ALL_ENTRIES) {
        const input = $(`#node-input-${entry.property}`);
        input.closest(".form-row").toggle(entryOf(action, entry.property) !== undefined);
        input.trigger("change");
      }
      $("#node-input-options").trigger("change");
    };
    select.on("change", showFields);
    showFields();
  },
  oneditsave: function () {
    saveOutcomeRows(this as never, "telnyx-call-control");
    // What is hidden is not kept: a field of another action must not reach a request later.
    const action = currentAction(this as unknown as Record<string, unknown>);
    for (const entry of ALL_ENTRIES) {
      if (!entryOf(action, entry.property)) $(`#node-input-${entry.property}`).typedInput("value", "");
    }
  },
});
