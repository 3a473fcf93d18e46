// The one field language, part 3: saying what a field takes, in words (the `expected` of every error) and
// as what an edit dialog needs (the documented values to pick from, whether it holds JSON).
import type { Field } from "./declare";
import { FORMATS } from "./formats";

/** `"a"`, `one of "a" or "b"`, `one of "a", "b" or "c"`; long lists are shortened. */
export function oneOfText(values: readonly (string | number)[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length === 1) return shown[0];
  if (shown.length > 12) return `one of the ${shown.length} documented values (${shown.slice(0, 6).join(", ")}, ...)`;
  return `one of ${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

function rangeText(kind: string, min: number | undefined, max: number | undefined, unit = ""): string {
  const u = unit ? ` (${unit})` : "";
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}${u}`;
  if (min !== undefined) return `${kind} of at least ${min}${u}`;
  if (max !== undefined) return `${kind} of at most ${max}${u}`;
  return kind + u;
}

/** What a field takes, e.g. "an integer from 5 to 120" or `one of "GET" or "POST"`. */
export function describe(field: Field): string {
  switch (field.kind) {
    case "string": {
      if (field.format) return FORMATS[field.format].expected;
      const what = field.keep ? "text" : "a string";
      if (field.pattern !== undefined) {
        return `${what} made of ${field.patternHint ?? `/${field.pattern}/`}${field.max !== undefined ? ` of at most ${field.max} characters` : ""}`;
      }
      if (field.max !== undefined) return `${what} of at most ${field.max.toLocaleString("en-US")} characters`;
      if (field.min !== undefined) return `${what} of at least ${field.min} characters`;
      return field.keep ? "text" : "a string";
    }
    case "integer":
      return rangeText("an integer", field.min, field.max, field.unit);
    case "number":
      return rangeText("a number", field.min, field.max, field.unit);
    case "boolean":
      return "true or false";
    case "enum":
      return oneOfText(field.values);
    case "object":
      return field.keys ? `an object with some of the keys ${field.keys.join(", ")}` : "an object";
    case "headers":
      return field.names
        ? `a list of {"name": ${oneOfText(field.names)}, "value": "..."} headers, or an object of name: value`
        : 'a list of {"name": "...", "value": "..."} headers, or an object of name: value';
    case "list": {
      const item = describe(field.of);
      if (field.split === "words") {
        return field.of.kind === "enum" ? `one or more of ${item.replace(/^one of /, "")} separated by spaces` : `one or more ${item} separated by spaces`;
      }
      return `${item}, or a list of them`;
    }
    case "either": {
      // [X, list of X] reads "X, or a list of them".
      const parts: string[] = [];
      for (const option of field.options) {
        if (option.kind === "list" && !option.split && parts.includes(describe(option.of))) parts[parts.length - 1] += ", or a list of them";
        else parts.push(describe(option));
      }
      return parts.join(", or ");
    }
    case "variant":
      return `an object with "${field.tag}" (${Object.keys(field.variants).join(", ")})`;
    case "base64":
      return "a string or an object";
  }
}

/** What a missing required field should be: where it comes from when the field says, else what it takes. */
export function missingText(field: Field): string {
  return field.about ?? describe(field);
}

/** How a dialog offers a field. */
export interface FieldForm {
  /** The documented values to pick from (enums and booleans), as the strings the dialog stores. */
  choices?: string[];
  /** The value is an object or a list: edited as JSON. */
  json: boolean;
  /** A string or JSON (client state, one destination or a list). */
  stringOrJson: boolean;
  /** What the field takes, for the placeholder or a hint. */
  expected: string;
}

export function formOf(field: Field): FieldForm {
  const json = field.kind === "object" || field.kind === "headers" || field.kind === "variant";
  const stringOrJson = field.kind === "base64" || field.kind === "either" || (field.kind === "list" && field.split === undefined);
  const choices =
    field.kind === "boolean" ? ["true", "false"] : field.kind === "enum" ? field.values.map(String) : undefined;
  return { ...(choices ? { choices } : {}), json, stringOrJson, expected: describe(field) };
}
