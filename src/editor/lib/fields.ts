// Editor helpers shared by the Telnyx nodes' edit dialogs.

/** The typedInput types offered for a field whose value may come from the message. */
export const VALUE_TYPES = ["str", "msg", "flow", "global", "env", "jsonata"];

/**
 * Turns `#node-input-<name>` into a typedInput whose type is stored in `#node-input-<name>Type`
 * (the core convention: `<field>` and `<field>Type`).
 */
export function typedInput(name: string, types: string[] = VALUE_TYPES): void {
  $(`#node-input-${name}`).typedInput({
    default: types[0],
    types: types as never,
    typeField: `#node-input-${name}Type`,
  });
}

/** A default entry for a typedInput field: the value and its type, both stored on the node. */
export function typedDefaults(name: string, type = "str", validate?: (value: string) => boolean) {
  return {
    [name]: { value: "", validate },
    [`${name}Type`]: { value: type },
  };
}

/**
 * A validator for a typedInput field: empty is allowed (the value then comes from msg or the account);
 * a literal string must match; values read from msg, flow, env... are checked at runtime.
 */
export function literalMatches(pattern: RegExp, typeField: string) {
  return function (this: Record<string, unknown>, value: string): boolean {
    // While the dialog is open the form holds the current type; on deploy, the node property does.
    const typeInput = $(`#node-input-${typeField}`);
    const type = typeInput.length ? (typeInput.val() as string) : (this[typeField] as string | undefined);
    if (!value || (type && type !== "str")) return true;
    return pattern.test(value.trim());
  };
}
