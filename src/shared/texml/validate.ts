/**
 * Validation of the TeXML object form (./types) against the schema (./schema): object form in,
 * checked element tree out.
 *
 * Unknown verbs, unknown attributes, values outside the documented options or ranges, an element
 * in the wrong place (a `Number` outside `Dial`, a `Gather` inside `Gather`) and missing or
 * unexpected text are errors: `validateTexmlVerbs` / `buildTexml` throw a `TexmlError` naming
 * where (`verbs[1].children[0] (Number)`), which attribute, and what was expected; nothing is
 * emitted.
 */
import { describeValue } from "../errors";
import { isUnset } from "../formats";
import { TexmlError } from "./error";
import { codePointName, findIllegalChar } from "./escaping";
import { didYouMean, test } from "../fields";
import { TEXML_SCHEMA, attributeExpectation, attributeField } from "./schema";
import type { TexmlAttributeSpec, TexmlElementSpec, TexmlItem } from "./types";


/** A validated element with its attribute values normalised to the strings to write. */
export interface CheckedElement {
  name: string;
  attributes: Array<[string, string]>;
  text?: string;
  children: CheckedElement[];
}

const RESERVED_KEYS = ["verb", "noun", "text", "children"];

function has(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** "a", "a or b", "a, b or c". */
function orList(values: readonly string[]): string {
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/**
 * Checks and normalises one attribute value with the field language; returns the string to write (none for
 * a blank value, which the field language reads as not given), or an error text.
 */
function normaliseAttribute(spec: TexmlAttributeSpec, value: unknown): { ok: string | undefined } | { error: string } {
  const result = test(attributeField(spec), value);
  if (result.ok) return { ok: result.value === undefined ? undefined : String(result.value) };
  const got = (result.at ? `${result.got ?? ""} at ${result.at}`.trim() : result.got) ?? describeValue(value);
  return { error: `expected ${result.expected}, got ${got}${result.hint ? ` (did you mean ${result.hint}?)` : ""}` };
}

/** Where each element name is allowed, for "Number goes inside Dial" hints. */
function placesOf(name: string): string[] {
  const places: string[] = [];
  const seen = new Set<TexmlElementSpec>();
  const walk = (parent: TexmlElementSpec) => {
    if (seen.has(parent)) return;
    seen.add(parent);
    const children = parent.children ?? {};
    if (has(children, name) && places.indexOf(parent.name) < 0) places.push(parent.name);
    for (const key of Object.keys(children)) walk(children[key]!);
  };
  for (const key of Object.keys(TEXML_SCHEMA)) walk(TEXML_SCHEMA[key]!);
  return places;
}

function checkElement(item: unknown, path: string, allowed: Readonly<Record<string, TexmlElementSpec>>, parent: TexmlElementSpec | undefined): CheckedElement {
  const invalid = (message: string, element?: string, attribute?: string): TexmlError =>
    new TexmlError(`${path}${element ? ` (${element})` : ""}: ${message}`, {
      code: "ERR_TEXML_INVALID",
      path,
      ...(element ? { element } : {}),
      ...(attribute ? { attribute } : {}),
    });

  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    throw invalid(`expected an object like { "verb": "Say", "text": "Hello" }, got ${describeValue(item)}`);
  }
  const obj = item as Record<string, unknown>;
  const hasVerb = has(obj, "verb") && !isUnset(obj.verb);
  const hasNoun = has(obj, "noun") && !isUnset(obj.noun);
  if (hasVerb && hasNoun) throw invalid(`give either "verb" or "noun", not both`);
  const key = hasNoun ? "noun" : "verb";
  const name = hasNoun ? obj.noun : obj.verb;
  if (!hasVerb && !hasNoun) throw invalid(`missing "verb" (the TeXML element name, e.g. "Say")`);
  if (typeof name !== "string") throw invalid(`"${key}" must be a string, got ${describeValue(name)}`);

  // Find the spec for this name in this place.
  if (!has(allowed, name)) {
    const where = parent ? `inside ${parent.name}` : "at the top level";
    const takes = parent ? `; ${parent.name} takes ${Object.keys(allowed).join(", ")}` : "";
    const inside = placesOf(name);
    const places = inside.length > 0 ? [`inside ${orList(inside)}`] : [];
    if (has(TEXML_SCHEMA, name)) places.unshift("at the top level");
    if (places.length > 0) {
      throw invalid(`${name} is not allowed ${where}${takes}; ${name} belongs ${orList(places)}`, name);
    }
    const all = Object.keys(TEXML_SCHEMA);
    const close = didYouMean(name, parent ? Object.keys(allowed) : all);
    throw invalid(
      `unknown ${parent ? "element" : "verb"} ${describeValue(name)}${close ? ` (did you mean ${close}?)` : ""}; ` +
        (parent ? `${parent.name} takes ${Object.keys(allowed).join(", ")}` : `TeXML verbs are ${all.join(", ")}`),
    );
  }
  const spec = allowed[name]!;

  // Attributes, in the order given.
  const attributes: Array<[string, string]> = [];
  const attributeNames = Object.keys(spec.attributes);
  for (const attr of Object.keys(obj)) {
    if (RESERVED_KEYS.indexOf(attr) >= 0) continue;
    if (!has(spec.attributes, attr)) {
      const close = didYouMean(attr, attributeNames);
      const takes = attributeNames.length > 0 ? `${name} takes ${attributeNames.join(", ")}` : `${name} takes no attributes`;
      throw invalid(`unknown attribute "${attr}"${close ? ` (did you mean ${close}?)` : ""}; ${takes}`, name, attr);
    }
    const value = obj[attr];
    if (isUnset(value)) continue;
    const result = normaliseAttribute(spec.attributes[attr]!, value);
    if ("error" in result) throw invalid(`attribute "${attr}": ${result.error}`, name, attr);
    if (result.ok === undefined) continue;
    const bad = findIllegalChar(result.ok);
    if (bad >= 0) throw invalid(`attribute "${attr}": contains ${codePointName(result.ok, bad)}, which XML 1.0 cannot represent`, name, attr);
    attributes.push([attr, result.ok]);
  }
  for (const attr of attributeNames) {
    if (spec.attributes[attr]!.required && !attributes.some(([written]) => written === attr)) {
      throw invalid(`missing attribute "${attr}" (${spec.attributes[attr]!.description ?? attributeExpectation(spec.attributes[attr]!)})`, name, attr);
    }
  }

  // Text body.
  let text: string | undefined;
  if (has(obj, "text") && !isUnset(obj.text)) {
    const raw = obj.text;
    if (typeof raw !== "string" && !(typeof raw === "number" && Number.isFinite(raw))) {
      throw invalid(`"text" must be a string or a number, got ${describeValue(raw)}`, name);
    }
    if (spec.text === "none") throw invalid(`${name} takes no text`, name);
    text = String(raw);
    const bad = findIllegalChar(text);
    if (bad >= 0) throw invalid(`text contains ${codePointName(text, bad)}, which XML 1.0 cannot represent`, name);
    if (text.trim() === "") text = undefined;
  }
  if (spec.text === "required" && text === undefined) {
    throw invalid(`missing text (${spec.textDescription ?? "the element's body"})`, name);
  }

  // Children.
  const children: CheckedElement[] = [];
  if (has(obj, "children") && obj.children !== undefined && obj.children !== null) {
    const list = obj.children;
    if (!Array.isArray(list)) throw invalid(`"children" must be an array, got ${describeValue(list)}`, name);
    if (list.length > 0) {
      if (!spec.children) throw invalid(`${name} takes no children`, name);
      if (text !== undefined) throw invalid(`give either text or children, not both`, name);
      if (spec.maxChildren !== undefined && list.length > spec.maxChildren) {
        throw invalid(`takes at most ${spec.maxChildren} child element${spec.maxChildren === 1 ? "" : "s"}, got ${list.length}`, name);
      }
      list.forEach((child, i) => children.push(checkElement(child, `${path}.children[${i}]`, spec.children!, spec)));
    }
  }

  if (spec.needsOneOf) {
    const present = (what: string) =>
      what === "text" ? text !== undefined : what === "children" ? children.length > 0 : attributes.some(([a]) => a === what);
    if (!spec.needsOneOf.some(present)) {
      const wants = spec.needsOneOf.map((w) =>
        w === "children" && spec.children ? `children (${Object.keys(spec.children).join(", ")})` : w === "text" ? "text" : `attribute "${w}"`,
      );
      throw invalid(`needs ${wants.length === 1 ? wants[0] : `one of: ${wants.join(", ")}`}`, name);
    }
  }

  return { name, attributes, ...(text !== undefined ? { text } : {}), children };
}

/** Checks a whole verb list; throws a `TexmlError` at the first problem. */
export function checkVerbs(verbs: unknown): CheckedElement[] {
  if (!Array.isArray(verbs)) {
    throw new TexmlError(`verbs: expected an array of TeXML verbs like [{ "verb": "Say", "text": "Hello" }], got ${describeValue(verbs)}`, {
      code: "ERR_TEXML_INVALID",
      path: "verbs",
    });
  }
  return verbs.map((item, i) => checkElement(item, `verbs[${i}]`, TEXML_SCHEMA, undefined));
}

/** Throws a `TexmlError` when `verbs` is not a valid verb list (see the comment at the top). */
export function validateTexmlVerbs(verbs: unknown): asserts verbs is TexmlItem[] {
  checkVerbs(verbs);
}
