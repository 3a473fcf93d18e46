// Editor helpers shared by the Telnyx nodes' edit dialogs.
import type { NumberRange } from "../shared/defaults";
import { numberInRange, type NumberSetting } from "../shared/settings";

/** The typedInput types offered for a field whose value may come from the message. */
export const VALUE_TYPES = ["str", "msg", "flow", "global", "env", "jsonata"];

/**
 * Turns `#node-input-<name>` into a typedInput whose type is stored in `#node-input-<name>Type`
 * (the core convention: `<field>` and `<field>Type`).
 */
export function typedInput(name: string, types: ReadonlyArray<string | { value: string }> = VALUE_TYPES): void {
  const first = types[0];
  $(`#node-input-${name}`).typedInput({
    default: typeof first === "string" ? first : first.value,
    types: types as never,
    typeField: `#node-input-${name}Type`,
  });
}

/** The type of a typedInput field: the form's while the dialog is open, else the node's. */
export function currentType(node: Record<string, unknown>, property: string): string {
  const typeInput = $(`#node-input-${property}Type`);
  const type = typeInput.length ? typeInput.val() : node[`${property}Type`];
  return typeof type === "string" && type !== "" ? type : "str";
}

/**
 * The validator of an "options" typedInput: a literal must be a JSON object whose keys are all allowed
 * (undefined: any key). An empty field is valid; Node-RED would otherwise mark "" as invalid JSON.
 */
export function optionsValidator(allowed: (node: Record<string, unknown>) => ReadonlySet<string> | undefined) {
  return function (this: Record<string, unknown>, value: string): boolean {
    if (!value || currentType(this, "options") !== "json") return true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return false;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
    const keys = allowed(this);
    return keys === undefined || Object.keys(parsed).every((key) => keys.has(key));
  };
}

/**
 * The validator of a number setting: within `range` (src/shared/defaults.ts), as the runtime checks it.
 * `emptyAllowed`: an empty field is valid, and the runtime's default applies.
 */
export function numberSettingValidator(range: NumberRange, emptyAllowed: boolean) {
  // Unset (undefined or null) is a flow saved before the setting existed: the runtime uses the default.
  return (value: unknown): boolean =>
    value === undefined || value === null || (emptyAllowed && String(value).trim() === "") || numberInRange(value, range) !== undefined;
}

/**
 * A validator that says why a value is refused: Node-RED (3.1+) shows a returned text on the invalid field,
 * but only from a validator that takes two parameters. The editor's type definitions predate that.
 */
export function explainingValidator(problem: (value: string) => string | undefined) {
  const validate = (value: string | undefined, _options?: unknown): true | string => problem(value ?? "") ?? true;
  return validate as unknown as (value: string) => boolean;
}

/** The node's `property` when it is a literal string (its typedInput type "str"), else "": for node labels. */
export function literalValue(node: object, property: string): string {
  const fields = node as Record<string, unknown>;
  const value = fields[property];
  return fields[`${property}Type`] === "str" && typeof value === "string" ? value : "";
}

/** A number setting's `defaults` entry: its default value and the validator of its range. */
export function numberSettingDefault(setting: NumberSetting, emptyAllowed: boolean) {
  return { value: setting.fallback, validate: numberSettingValidator(setting.range, emptyAllowed) };
}
