/**
 * Templates in a configured TeXML verb list (the object form, ./types).
 *
 * Any text or attribute value may hold references to message properties, written `{{payload.Digits}}`
 * or `{{msg.payload.Digits}}` (the `msg.` is optional; `payload.list[0]` and `payload["a b"]` work as
 * in Node-RED property expressions). Each reference is replaced by the property's value: strings as
 * they are, numbers and booleans as text, objects and arrays as JSON, and a property that is not set
 * (undefined or null) by nothing. An attribute that ends up empty is left out, as if it were not given.
 *
 * Substitution happens on the object form, before the builder escapes it, so a value taken from a
 * caller (`</Say><Hangup/>`, `&`, quotes, `]]>`) stays text. It is a single pass: a value that itself
 * contains `{{...}}` is not expanded again. Verb names (`verb` / `noun`) take no references.
 *
 * No Node-RED here: the caller passes `lookup`, which reads one property path from the message.
 */
import { TexmlError } from "./error";
import { TEXML_SCHEMA } from "./schema";
import type { TexmlAttributeSpec, TexmlElementSpec } from "./types";

/** Reads one property path (without `msg.`) from the message; may throw for a malformed path. */
export type TemplateLookup = (path: string) => unknown;

const REFERENCE = /\{\{([^{}]*)\}\}/g;

/** Whether a value holds a `{{...}}` reference. */
export function hasTemplate(value: unknown): boolean {
  return typeof value === "string" && new RegExp(REFERENCE.source).test(value);
}

/** Replaces every reference in `text`. `where` names the value in errors (e.g. `verbs[0] (Say): text`). */
export function fillTemplate(text: string, lookup: TemplateLookup, where = "text"): string {
  return text.replace(REFERENCE, (_, inner: string) => {
    const trimmed = inner.trim();
    const path = trimmed.startsWith("msg.") ? trimmed.slice(4) : trimmed;
    const fail = (reason: string) =>
      new TexmlError(`${where}: {{${inner}}} ${reason}`, { code: "ERR_TEXML_INVALID", path: where });
    if (path === "" || path === "msg") throw fail("names no message property (write e.g. {{payload.Digits}})");
    let value: unknown;
    try {
      value = lookup(path);
    } catch (err) {
      throw fail(`is not a property path: ${(err as Error).message}`);
    }
    if (value === undefined || value === null) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  });
}

/** The verb list with every reference in texts and attribute values filled from the message. */
export function fillTexmlTemplates(verbs: unknown, lookup: TemplateLookup): unknown {
  return mapValues(verbs, (value, where) => (typeof value === "string" ? fillTemplate(value, lookup, where) : value));
}

/**
 * The verb list as the builder can check it before any message exists (in the editor): values with
 * references are left out, except texts and plain text attributes, which any substitution suits.
 */
export function withoutTemplates(verbs: unknown): unknown {
  return mapValues(verbs, (value, _where, key, attribute) => {
    if (!hasTemplate(value) || key === "text" || attribute === undefined) return value; // unknown attributes stay, to be reported
    return attribute.type === "string" && attribute.pattern === undefined ? value : undefined;
  });
}

/** `key` is "text" or the attribute's name; `attribute` its spec where the element and attribute are known. */
type ValueMapper = (value: unknown, where: string, key: string, attribute: TexmlAttributeSpec | undefined) => unknown;

/** Copies the list, passing every text and attribute value through `map`; anything malformed is copied as it is, for the builder to report. */
function mapValues(verbs: unknown, map: ValueMapper): unknown {
  if (!Array.isArray(verbs)) return verbs;
  const walk = (items: unknown[], path: string, allowed: Readonly<Record<string, TexmlElementSpec>>): unknown[] =>
    items.map((item, i) => {
      if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
      const source = item as Record<string, unknown>;
      const name = typeof source.verb === "string" ? source.verb : typeof source.noun === "string" ? source.noun : "";
      const spec = own(allowed, name);
      const here = `${path}[${i}]${name ? ` (${name})` : ""}`;
      const copy: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(source)) {
        if (key === "verb" || key === "noun") copy[key] = value;
        else if (key === "children") copy[key] = Array.isArray(value) ? walk(value, `${path}[${i}].children`, spec?.children ?? {}) : value;
        else if (key === "text") copy[key] = map(value, `${here}: text`, key, undefined);
        else copy[key] = map(value, `${here}: attribute "${key}"`, key, spec && own(spec.attributes, key));
      }
      return copy;
    });
  return walk(verbs, "verbs", TEXML_SCHEMA);
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
