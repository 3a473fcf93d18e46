// Editor helpers for the dialogs of operation nodes (dial, answer, speak, call control, and every node made
// by `npm run new-node`). Rows, choices and validators come from the operation descriptors and the field
// language (src/shared), the same declarations the runtime checks against.
import { formOf, test, type Field } from "../shared/fields";
import { isUnset } from "../shared/formats";
import { fieldOf, optionFields, requiredInForm, type Descriptor, type NodeField } from "../shared/operations/descriptor";
import { VALUE_TYPES, currentType, optionsValidator, typedInput } from "./fields";

/** typedInput types for fields holding an object (JSON in the dialog, or read from msg/context). */
const OBJECT_TYPES = ["json", "msg", "flow", "global", "jsonata"];
/** A string, or JSON (client state objects, a list of numbers to dial). */
const STRING_OR_JSON_TYPES = ["str", "json", "msg", "flow", "global", "env", "jsonata"];

/** The field a dialog row has right now, and whether the dialog requires it (see requiredInForm). */
export interface CurrentField {
  field: Field;
  required: boolean;
}

/** Translated labels the helpers need (each editor passes them from its own catalog). */
export interface ChoiceLabels {
  /** The typedInput type that offers the documented values. */
  choice: string;
  /** The empty choice: not set here. */
  unset: string;
}

/** The typedInput types for a field: a list of the documented values for enums and booleans. */
export function inputTypes(field: Field | undefined, labels: ChoiceLabels): Array<string | { value: string }> {
  if (field === undefined) return VALUE_TYPES;
  const form = formOf(field);
  if (form.choices) {
    const choice = {
      value: "str", // stored as a plain string, so the runtime reads it like any literal
      label: labels.choice,
      icon: "fa fa-list",
      options: [{ value: "", label: labels.unset }, ...form.choices.map((v) => ({ value: v, label: v }))],
    };
    return [choice, ...VALUE_TYPES.slice(1)];
  }
  if (form.json) return OBJECT_TYPES;
  if (form.stringOrJson) return STRING_OR_JSON_TYPES;
  return VALUE_TYPES;
}

/**
 * A dialog validator: required fields must hold something; literals (strings, JSON) must pass the same
 * check the runtime makes; values read from msg, flow, env... are checked at run time.
 */
export function fieldValidator(property: string, current: (node: Record<string, unknown>) => CurrentField | undefined) {
  return function (this: Record<string, unknown>, value: string): boolean {
    const row = current(this);
    if (!row) return true;
    const type = currentType(this, property);
    if (value === undefined || value === "") return !row.required;
    if (type !== "str" && type !== "json") return true;
    let literal: unknown = value;
    if (type === "json") {
      try {
        literal = JSON.parse(value);
      } catch {
        return false;
      }
    }
    if (isUnset(literal)) return !row.required;
    const checked = test(row.field, literal);
    return checked.ok && (checked.value !== undefined || !row.required);
  };
}

interface DefaultEntry {
  value: string;
  validate?: (this: Record<string, unknown>, value: string) => boolean;
  required?: boolean;
}

/**
 * `defaults` entries for a dialog's form fields, one key at a time: the Flow Library's validator reads
 * every key of `defaults` by name, so each editor writes `to: form.field("to"), toType: form.type("to")`
 * out in full (no spreads). A property that is not in the form throws, so a typo fails at once.
 */
export function formDefaults(
  entries: readonly NodeField[],
  current: (node: Record<string, unknown>, entry: NodeField) => CurrentField | undefined,
  fieldOf: (entry: NodeField) => Field | undefined,
) {
  const entryOf = (property: string): NodeField => {
    const entry = entries.find((e) => e.property === property);
    if (!entry) throw new Error(`${property} is not a field of this dialog`);
    return entry;
  };
  return {
    /** `<property>`: empty by default, validated as the field's declaration says. */
    field(property: string): DefaultEntry {
      const entry = entryOf(property);
      return { value: "", validate: fieldValidator(property, (node) => current(node, entry)) };
    },
    /** `<property>Type`: JSON for object fields, else a string. */
    type(property: string): DefaultEntry {
      const field = fieldOf(entryOf(property));
      return { value: field && formOf(field).json ? "json" : "str" };
    },
  };
}

/** Turns the form's inputs (and client state, command id, options) into typedInputs; call in oneditprepare. */
export function operationInputs(entries: readonly NodeField[], fieldOf: (entry: NodeField) => Field | undefined, labels: ChoiceLabels): void {
  typedInput("clientState", STRING_OR_JSON_TYPES);
  typedInput("commandId");
  typedInput("options", OBJECT_TYPES);
  for (const entry of entries) typedInput(entry.property, inputTypes(fieldOf(entry), labels));
}

/**
 * Everything the dialog of a one-operation node needs: its defaults' entries, the options validator, the inputs.
 * `inUse`: whether the node sends the operation as configured (TeXML only in call mode); when not, its
 * fields are not checked.
 */
const ALWAYS = () => true;

export function operationForm(descriptor: Descriptor, inUse: (node: Record<string, unknown>) => boolean = ALWAYS) {
  return operationForms([{ descriptor, inUse }]);
}

/**
 * The same for a node with several operations, each used in its own mode (the TeXML node's call and live
 * modes): a property several of them share (e.g. the account SID) is checked as the one in use declares it.
 */
export function operationForms(modes: ReadonlyArray<{ descriptor: Descriptor; inUse: (node: Record<string, unknown>) => boolean }>) {
  // Every mode's fields once per property, as the first mode that has it declares it (the field it feeds
  // may differ between modes: send SMS's `to`); its typedInput's types and default type follow that one.
  const entries: NodeField[] = [];
  for (const { descriptor } of modes) for (const entry of descriptor.form) if (!entries.some((e) => e.property === entry.property)) entries.push(entry);
  const declaring = (entry: NodeField) => modes.find(({ descriptor }) => descriptor.form.some((e) => e.property === entry.property))!.descriptor;
  const fieldOfEntry = (entry: NodeField) => fieldOf(declaring(entry), entry);
  const inUse = (node: Record<string, unknown>) => modes.find((mode) => mode.inUse(node));
  // A field nothing stands in for is `required` in `defaults` too, as Node-RED marks it (not where the
  // node may not send the operation at all: the TeXML node outside its call modes).
  const required = new Set(
    modes
      .filter((mode) => mode.inUse === ALWAYS)
      .flatMap(({ descriptor }) => descriptor.form.filter((entry) => requiredInForm(descriptor, entry)).map((e) => e.property)),
  );
  const form = formDefaults(
    entries,
    (node, entry) => {
      const descriptor = inUse(node)?.descriptor;
      const own = descriptor?.form.find((e) => e.property === entry.property);
      return descriptor && own ? { field: fieldOf(descriptor, own)!, required: requiredInForm(descriptor, own) } : undefined;
    },
    fieldOfEntry,
  );
  const options = modes.map(({ descriptor }) => {
    const keys = optionFields(descriptor);
    return optionsValidator(() => keys);
  });
  return {
    /** The rows, once per property, in dialog order. */
    entries: entries as readonly NodeField[],
    field: (property: string): DefaultEntry => (required.has(property) ? { ...form.field(property), required: true } : form.field(property)),
    type: form.type,
    /** The options field's validator: a JSON object of the fields the mode in use has no row for. */
    options: function (this: Record<string, unknown>, value: string): boolean {
      const index = modes.findIndex((mode) => mode.inUse(this));
      return index < 0 || options[index].call(this, value);
    },
    prepare(labels: ChoiceLabels): void {
      operationInputs(entries, fieldOfEntry, labels);
    },
  };
}

/**
 * The dialog of a node that sends one of several operations, chosen in the node (send SMS's `send`, call
 * control's `action`): one mode per operation (operationForms), in use while it is the chosen one, so every
 * operation's fields show once per property, each row shown and checked as the chosen operation defines it.
 * `chosen` reads the choice (the dialog's while it is open); undefined when none is. `fromMsg`: the node
 * may leave the choice to msg (call control's msg.action); then Options and the `rows` it names still show.
 */
export function choiceForm<K extends string>(
  operations: Readonly<Record<K, Descriptor>>,
  chosen: (node: Record<string, unknown>) => K | undefined,
  fromMsg?: { rows: readonly string[] },
) {
  const names = Object.keys(operations) as K[];
  const forms = operationForms(names.map((key) => ({ descriptor: operations[key], inUse: (node: Record<string, unknown>) => chosen(node) === key })));
  const shows = (key: K | undefined, property: string): boolean =>
    key !== undefined ? operations[key].form.some((entry) => entry.property === property) : fromMsg !== undefined && fromMsg.rows.includes(property);
  const showsOptions = (key: K | undefined): boolean => (key !== undefined ? optionFields(operations[key]).size > 0 : fromMsg !== undefined);
  const anyOptions = optionsValidator(() => undefined);
  return {
    field: forms.field,
    type: forms.type,
    /** The options field: a JSON object of the chosen operation's fields that have no row of their own (of any field when none is chosen). */
    options: function (this: Record<string, unknown>, value: string): boolean {
      return (chosen(this) === undefined ? anyOptions : forms.options).call(this, value);
    },
    /** In oneditprepare: the typedInputs. */
    prepare: forms.prepare,
    /** Shows only the chosen operation's rows (and Options when it has option fields), re-checked against it. */
    showRows(node: Record<string, unknown>): void {
      const key = chosen(node);
      for (const entry of forms.entries) $(`#node-input-${entry.property}`).closest(".form-row").toggle(shows(key, entry.property)).end().trigger("change");
      $("#node-input-options").closest(".form-row").toggle(showsOptions(key));
      $("#node-input-options").trigger("change");
    },
    /** In oneditsave: what is hidden is not kept, so a field of another operation never reaches a request later. */
    clearHidden(node: Record<string, unknown>): void {
      const key = chosen(node);
      for (const entry of forms.entries) if (!shows(key, entry.property)) $(`#node-input-${entry.property}`).typedInput("value", "");
      if (!showsOptions(key)) $("#node-input-options").typedInput("value", "");
    },
  };
}
