// The API catalogue (generated from openapi.yml by scripts/catalogue.mjs) and the check of a value
// against one of its compact schemas. The wording is the field language's: `<field>: expected <what>,
// got <value>`, and the same loose input is taken (a number or a string of digits for an integer, true or
// "true" for a boolean), so a value typed into the dialog as text works. No node:*, no DOM.
import { TelnyxInputError, describeValue } from "./errors";
import { FORMATS as FIELD_FORMATS, isPlainObject, oneOfText as oneOf } from "./fields";

/** A compact JSON schema: what checking a request needs (see scripts/catalogue.mjs). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  /** A value matching this is refused (`not: {}`: the field must be absent). */
  not?: Schema;
}

export interface ApiParameter {
  name: string;
  in: "path" | "query";
  required?: true;
  schema: Schema;
}

export interface ApiOperation {
  id: string;
  tag: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  summary: string;
  docs: string;
  params: ApiParameter[];
  body?: { type: "json" | "form" | "multipart" | "binary"; required?: true; schema?: Schema };
  /** A list whose pages can be followed: page[number] with meta.total_pages, or next_page_uri. */
  list?: { style: "page" | "uri"; items: string };
  /** The answer may be a file (audio, PDF, ...), not JSON. */
  binary?: true;
}

export interface Catalogue {
  source: string;
  operations: ApiOperation[];
  schemas: Record<string, Schema>;
}

/** The spec's formats: the field language's where it has one, and those only the wider API uses. */
const FORMATS: Record<string, { test: (s: string) => boolean; expected: string }> = {
  uuid: FIELD_FORMATS.uuid,
  "date-time": FIELD_FORMATS["date-time"],
  date: { test: (s) => /^\d{4}-\d\d-\d\d$/.test(s) && !Number.isNaN(Date.parse(s)), expected: "a date (YYYY-MM-DD)" },
  email: { test: (s) => /^[^\s@]+@[^\s@]+$/.test(s), expected: "an email address" },
  uri: { test: (s) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(s), expected: "a URL" },
  url: { test: (s) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(s), expected: "a URL" },
};

type Result = { ok: true; value: unknown } | { ok: false; at: string; expected: string; got: unknown };

/** Checks values against a catalogue's schemas. */
export class SchemaChecker {
  constructor(private readonly schemas: Readonly<Record<string, Schema>>) {}

  /** The value as it should be sent (digits turned into numbers where the schema wants one), or throws TelnyxInputError naming the field. */
  check(name: string, schema: Schema, value: unknown): unknown {
    const result = this.test(schema, value, "", false);
    if (result.ok) return result.value;
    throw new TelnyxInputError(name + result.at, result.expected, describeValue(result.got));
  }

  /** A short description of what a schema takes ("an integer from 1 to 250"), for errors and the dialog. */
  describe(schema: Schema): string {
    const s = this.resolve(schema);
    if (s.const !== undefined) return JSON.stringify(s.const);
    if (s.enum) return oneOf(s.enum.filter((v): v is string | number => v !== null));
    if (s.not && Object.keys(s.not).length === 0) return "nothing here (another field excludes it)";
    const options = s.anyOf ?? s.oneOf;
    if (options && typeOf(s) === "object") return "an object in one of its documented forms";
    if (options) return [...new Set(options.map((o) => this.describe(o)))].join(", or ");
    if (s.allOf?.length === 1 && !s.type) return this.describe(s.allOf[0]);
    const type = typeOf(s);
    if (type === "string") {
      if (s.format && FORMATS[s.format]) return FORMATS[s.format].expected;
      if (s.maxLength !== undefined && s.minLength !== undefined) return `a string of ${s.minLength} to ${s.maxLength} characters`;
      if (s.maxLength !== undefined) return `a string of at most ${s.maxLength} characters`;
      if (s.minLength !== undefined) return `a string of at least ${s.minLength} characters`;
      return "a string";
    }
    if (type === "integer" || type === "number") {
      const kind = type === "integer" ? "an integer" : "a number";
      const min = s.minimum ?? s.exclusiveMinimum;
      const max = s.maximum ?? s.exclusiveMaximum;
      if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
      if (min !== undefined) return `${kind} of at least ${min}`;
      if (max !== undefined) return `${kind} of at most ${max}`;
      return kind;
    }
    if (type === "boolean") return "true or false";
    if (type === "array") return s.items ? `a list of ${this.describe(s.items).replace(/^an? /, "")}` : "a list";
    if (type === "object" || s.properties) return "an object";
    return "a value";
  }

  /** The schema behind a `$ref` (and the refs it points to). */
  resolve(schema: Schema): Schema {
    let s = schema;
    for (let depth = 0; s.$ref !== undefined && depth < 20; depth++) s = this.schemas[s.$ref] ?? {};
    return s;
  }

  /** The properties an object schema declares, through allOf/anyOf/oneOf, and whether others are allowed. */
  properties(schema: Schema): { properties: Record<string, Schema>; required: string[]; open: boolean } {
    const s = this.resolve(schema);
    const properties: Record<string, Schema> = { ...(s.properties ?? {}) };
    const required = [...(s.required ?? [])];
    let open = s.additionalProperties !== undefined && s.additionalProperties !== false;
    let declared = s.properties !== undefined;
    for (const part of s.allOf ?? []) {
      const inner = this.properties(part);
      Object.assign(properties, inner.properties);
      required.push(...inner.required);
      open ||= inner.open;
      declared ||= Object.keys(inner.properties).length > 0;
    }
    for (const part of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
      const inner = this.properties(part);
      for (const [k, v] of Object.entries(inner.properties)) properties[k] ??= v;
      open ||= inner.open;
      declared ||= Object.keys(inner.properties).length > 0;
    }
    // An object schema that declares no properties at all is a free-form object.
    return { properties, required: [...new Set(required)], open: open || !declared };
  }

  /** `nested`: inside a composition, whose own parent checks undeclared keys. */
  private test(schema: Schema, value: unknown, at: string, nested: boolean): Result {
    const s = this.resolve(schema);
    const fail = (expected = this.describe(s), where = at, got: unknown = value): Result => ({ ok: false, at: where, expected, got });
    if (s.not && this.test(s.not, value, at, true).ok) return fail();
    if (value === null) return allowsNull(s) ? { ok: true, value } : fail();
    if (s.const !== undefined) return value === s.const ? { ok: true, value } : fail();
    for (const part of s.allOf ?? []) {
      const r = this.test(part, value, at, true);
      if (!r.ok) return r;
      value = r.value;
    }
    const options = s.anyOf ?? s.oneOf;
    if (options) {
      const results = options.map((o) => this.test(o, value, at, true));
      const match = results.find((r) => r.ok);
      if (!match) {
        // One option that is the same kind of value says more (the bad key inside it) than "one of".
        const sameKind = options.filter((o) => kindMatches(typeOf(this.resolve(o)), value));
        const only = sameKind.length === 1 ? results[options.indexOf(sameKind[0])] : undefined;
        return only ?? fail();
      }
      value = match.value;
    }
    const type = typeOf(s);
    if (s.enum) {
      const coerced = coerce(type, value);
      return s.enum.includes(coerced) ? { ok: true, value: coerced } : fail(oneOf(s.enum.filter((v): v is string | number => v !== null)));
    }
    switch (type) {
      case "string": {
        if (typeof value !== "string") return fail();
        const length = Array.from(value).length;
        if ((s.maxLength !== undefined && length > s.maxLength) || (s.minLength !== undefined && length < s.minLength)) return fail();
        if (s.format && FORMATS[s.format] && !FORMATS[s.format].test(value)) return fail();
        if (s.pattern !== undefined && !matches(s.pattern, value)) return fail(`a string matching /${s.pattern}/`);
        return { ok: true, value };
      }
      case "integer":
      case "number": {
        const n = coerce(type, value);
        if (typeof n !== "number" || !Number.isFinite(n) || (type === "integer" && !Number.isInteger(n))) return fail();
        if ((s.minimum !== undefined && n < s.minimum) || (s.maximum !== undefined && n > s.maximum)) return fail();
        if ((s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) || (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum)) return fail();
        return { ok: true, value: n };
      }
      case "boolean": {
        const b = coerce(type, value);
        return typeof b === "boolean" ? { ok: true, value: b } : fail();
      }
      case "array": {
        if (!Array.isArray(value)) return fail();
        if ((s.minItems !== undefined && value.length < s.minItems) || (s.maxItems !== undefined && value.length > s.maxItems)) {
          return fail(`${this.describe(s)} of ${s.minItems ?? 0} to ${s.maxItems ?? "any number of"} items`, at, value);
        }
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          const r = s.items ? this.test(s.items, value[i], `${at}[${i}]`, false) : { ok: true as const, value: value[i] };
          if (!r.ok) return r;
          out.push(r.value);
        }
        return { ok: true, value: out };
      }
      case "object":
        return this.testObject(s, value, at, nested);
      default:
        return { ok: true, value };
    }
  }

  private testObject(s: Schema, value: unknown, at: string, nested: boolean): Result {
    if (!isPlainObject(value)) return { ok: false, at, expected: this.describe(s), got: value };
    const { properties, required, open } = this.properties(s);
    const extra = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
    const out: Record<string, unknown> = { ...value };
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const where = `${at}.${key}`;
      const property = properties[key] ?? extra;
      if (!property) {
        if (open || nested) continue;
        const known = Object.keys(properties);
        return { ok: false, at: where, expected: `a documented field (${known.length ? known.slice(0, 12).join(", ") + (known.length > 12 ? ", ..." : "") : "none"})`, got: v } as Result;
      }
      if (v === undefined) continue;
      const r = this.test(property, v, where, false);
      if (!r.ok) return r;
      out[key] = r.value;
    }
    for (const key of required) {
      if (out[key] === undefined) return { ok: false, at: `${at}.${key}`, expected: properties[key] ? this.describe(properties[key]) : "a value", got: undefined };
    }
    return { ok: true, value: out };
  }
}

function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  if (s.type) return s.type;
  if (s.properties) return "object";
  return undefined;
}

function allowsNull(s: Schema): boolean {
  return (Array.isArray(s.type) && s.type.includes("null")) || (s.enum?.includes(null) ?? false);
}

function kindMatches(type: string | undefined, value: unknown): boolean {
  if (type === "object") return isPlainObject(value);
  if (type === "array") return Array.isArray(value);
  return false;
}

/** The field language's loose input: a number or a string of digits for numbers, true or "true" for booleans. */
function coerce(type: string | undefined, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (type === "integer" && /^[+-]?\d+$/.test(text)) return Number(text);
  if (type === "number" && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return value;
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return true; // a pattern JavaScript cannot read: the API checks it
  }
}
