// Editor helpers shared by the voice nodes' dialogs (dial, answer, speak, call-control). The fields,
// their enums and limits come from src/shared/call-control.ts, the same tables the runtime checks against.
import { isUnset } from "../shared/formats";
import { checkField, type FieldSpec, type FormField } from "../shared/call-control";
import { VALUE_TYPES, currentType, typedInput } from "./fields";

/** typedInput types for fields holding an object (JSON in the dialog, or read from msg/context). */
const OBJECT_TYPES = ["json", "msg", "flow", "global", "jsonata"];
/** A string, or JSON (client state objects, a list of numbers to dial). */
const STRING_OR_JSON_TYPES = ["str", "json", "msg", "flow", "global", "env", "jsonata"];

/** The spec a dialog field has right now, and whether the dialog requires it (see requiredInForm). */
export interface CurrentField {
  spec: FieldSpec;
  required: boolean;
}

/** Translated labels the helpers need (each editor passes them from its own catalog). */
export interface ChoiceLabels {
  /** The typedInput type that offers the documented values. */
  choice: string;
  /** The empty choice: not set here. */
  unset: string;
}

function isObjectField(spec: FieldSpec | undefined): boolean {
  return spec !== undefined && (spec.type === "object" || spec.type === "headers" || spec.type === "voice-settings");
}

/** The typedInput types for a field: a list of the documented values for enums and booleans. */
export function inputTypes(spec: FieldSpec | undefined, labels: ChoiceLabels): Array<string | { value: string }> {
  if (spec === undefined) return VALUE_TYPES;
  const values = spec.type === "boolean" ? ["true", "false"] : spec.values?.map(String);
  if (values) {
    const choice = {
      value: "str", // stored as a plain string, so the runtime reads it like any literal
      label: labels.choice,
      icon: "fa fa-list",
      options: [{ value: "", label: labels.unset }, ...values.map((v) => ({ value: v, label: v }))],
    };
    return [choice, ...VALUE_TYPES.slice(1)];
  }
  if (isObjectField(spec)) return OBJECT_TYPES;
  if (spec.type === "client-state" || spec.type === "destinations") return STRING_OR_JSON_TYPES;
  return VALUE_TYPES;
}

/**
 * A dialog validator: required fields must hold something; literals (strings, JSON) must pass the same
 * check the runtime makes; values read from msg, flow, env... are checked at run time.
 */
export function fieldValidator(property: string, current: (node: Record<string, unknown>) => CurrentField | undefined) {
  return function (this: Record<string, unknown>, value: string): boolean {
    const field = current(this);
    if (!field) return true;
    const type = currentType(this, property);
    if (value === undefined || value === "") return !field.required;
    if (type !== "str" && type !== "json") return true;
    let literal: unknown = value;
    if (type === "json") {
      try {
        literal = JSON.parse(value);
      } catch {
        return false;
      }
    }
    if (isUnset(literal)) return !field.required;
    const checked = checkField(field.spec, literal);
    return checked.ok && (checked.value !== undefined || !field.required);
  };
}

interface DefaultEntry {
  value: string;
  validate?: (this: Record<string, unknown>, value: string) => boolean;
}

/**
 * `defaults` entries for a dialog's form fields, one key at a time: the Flow Library's validator reads
 * every key of `defaults` by name, so each editor writes `to: form.field("to"), toType: form.type("to")`
 * out in full (no spreads). A property that is not in the form throws, so a typo fails at once.
 */
export function formDefaults(
  entries: readonly FormField[],
  current: (node: Record<string, unknown>, entry: FormField) => CurrentField | undefined,
  specOf: (entry: FormField) => FieldSpec | undefined,
) {
  const entryOf = (property: string): FormField => {
    const entry = entries.find((e) => e.property === property);
    if (!entry) throw new Error(`${property} is not a field of this dialog`);
    return entry;
  };
  return {
    /** `<property>`: empty by default, validated as the field's spec says. */
    field(property: string): DefaultEntry {
      const entry = entryOf(property);
      return { value: "", validate: fieldValidator(property, (node) => current(node, entry)) };
    },
    /** `<property>Type`: JSON for object fields, else a string. */
    type(property: string): DefaultEntry {
      return { value: isObjectField(specOf(entryOf(property))) ? "json" : "str" };
    },
  };
}

/** Turns the form's inputs into typedInputs (call in oneditprepare). */
export function voiceInputs(
  entries: readonly FormField[],
  specOf: (entry: FormField) => FieldSpec | undefined,
  labels: ChoiceLabels,
  withCall: boolean,
): void {
  if (withCall) typedInput("callControlId");
  typedInput("clientState", STRING_OR_JSON_TYPES);
  typedInput("commandId");
  typedInput("options", OBJECT_TYPES);
  for (const entry of entries) typedInput(entry.property, inputTypes(specOf(entry), labels));
}
