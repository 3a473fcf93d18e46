// The one field language, part 1: declaring a field. A field says what a request value may be (its kind,
// limits, format, documented values); `check` (check.ts) applies it, `describe` (describe.ts) says it in
// words and gives editors what they show. The type of a checked value is derived from the declaration
// (ValueOf, BodyOf), so code that builds a request body is type-checked against the table.
//
// One rule set everywhere (Call Control, messaging, TeXML calls, TeXML attributes):
// - strings are trimmed; `keep` keeps them as written (speech and message text), blank means unset;
// - integers and numbers take a number or a string of digits;
// - booleans take true/false or exactly "true"/"false";
// - enums take the API's exact spelling; a near miss is refused with a "did you mean";
// - headers are sent as the array of {name, value} the spec wants everywhere, and an object of
//   name: value is accepted and turned into that array;
// - objects are passed on as given, checked against their documented keys when the table lists them.
// No node:* and no DOM here.
import type { FormatName } from "./formats";

interface Base {
  /** The API requires it. */
  required?: true;
  /** What to say when a required value is missing (e.g. where it comes from), instead of what it takes. */
  about?: string;
  /** Set by the node itself (its verb list, its action), never through its options. */
  byNode?: true;
}

export interface StringField extends Base {
  kind: "string";
  /** Keep the value as written (text to speak or send); otherwise it is trimmed. */
  keep?: true;
  /** Shortest and longest length, in characters. */
  min?: number;
  max?: number;
  format?: FormatName;
  /** A RegExp source the whole value must match (when no named format fits), and what it means in words. */
  pattern?: string;
  patternHint?: string;
}

export interface NumberField extends Base {
  kind: "integer" | "number";
  min?: number;
  max?: number;
  /** A unit for the wording ("ms", "seconds"). */
  unit?: string;
}

export interface BooleanField extends Base {
  kind: "boolean";
}

export interface EnumField<V extends string | number = string | number> extends Base {
  kind: "enum";
  values: readonly V[];
}

export interface ObjectField<K extends string = string> extends Base {
  kind: "object";
  /** The documented keys; any other is refused. Without it, any object. */
  keys?: readonly K[];
}

export interface HeadersField<N extends string = string> extends Base {
  kind: "headers";
  /** The allowed header names (SipHeader: only User-to-User). */
  names?: readonly N[];
}

export interface ListField<F extends Field = Field> extends Base {
  kind: "list";
  of: F;
  /** Fewest and most items. */
  min?: number;
  max?: number;
  /** A string is a list of items separated by: spaces ("words", e.g. TeXML event lists, sent joined by
   * spaces) or spaces and commas ("items", e.g. media URLs, sent as an array). */
  split?: "words" | "items";
}

/** Any one of several fields (the first that takes the value wins). */
export interface EitherField<F extends readonly Field[] = readonly Field[]> extends Base {
  kind: "either";
  options: F;
}

/** An object told apart by one key (voice_settings by `type`), with each variant's other keys. */
export interface VariantField<T extends string = string> extends Base {
  kind: "variant";
  tag: string;
  variants: Readonly<Record<T, readonly string[]>>;
}

/** client_state and the like: text, or an object sent as JSON, base64-encoded on the way out. */
export interface EncodedField extends Base {
  kind: "base64";
}

export type Field =
  | StringField
  | NumberField
  | BooleanField
  | EnumField
  | ObjectField
  | HeadersField
  | ListField
  | EitherField
  | VariantField
  | EncodedField;

export type Fields = Readonly<Record<string, Field>>;

// ---------------------------------------------------------------------------------------------------
// The value a field holds once checked, derived from its declaration

export interface Header<N extends string = string> {
  name: N;
  value: string;
}

/** The checked value's type. A field declared only as `Field` (any kind) holds `unknown`. */
export type ValueOf<F> = [Field] extends [F]
  ? unknown
  : F extends { kind: "string" | "base64" }
  ? string
  : F extends { kind: "integer" | "number" }
    ? number
    : F extends { kind: "boolean" }
      ? boolean
      : F extends EnumField<infer V>
        ? V
        : F extends { kind: "object" }
          ? Record<string, unknown>
          : F extends HeadersField<infer N>
            ? Header<N>[]
            : F extends { kind: "list"; split: "words" }
              ? string
              : F extends ListField<infer I>
                ? ValueOf<I>[]
                : F extends EitherField<infer O>
                  ? ValueOf<O[number]>
                  : F extends VariantField<infer T>
                    ? { [key: string]: unknown } & Record<VariantTag<F>, T>
                    : never;

type VariantTag<F> = F extends { tag: infer K extends string } ? K : never;

type RequiredKeys<T extends Fields> = { [K in keyof T]: T[K] extends { required: true } ? K : never }[keyof T];
type OptionalKeys<T extends Fields> = Exclude<keyof T, RequiredKeys<T>>;

/** A request body as the fields declare it: required fields present, the others optional. */
export type BodyOf<T extends Fields> = { -readonly [K in RequiredKeys<T>]: ValueOf<T[K]> } & {
  -readonly [K in OptionalKeys<T>]?: ValueOf<T[K]>;
};

// ---------------------------------------------------------------------------------------------------
// Short constructors, so tables read like the spec. `const` type parameters keep enum values literal.

type Extra<F> = Omit<F, "kind">;

export const string = (extra: Extra<StringField> = {}): StringField => ({ kind: "string", ...extra });
/** Text kept as written (not trimmed): what is spoken or sent. */
export const text = (extra: Omit<Extra<StringField>, "keep"> = {}): StringField => ({ kind: "string", keep: true, ...extra });
export const integer = (extra: Extra<NumberField> = {}): NumberField => ({ kind: "integer", ...extra });
export const number = (extra: Extra<NumberField> = {}): NumberField => ({ kind: "number", ...extra });
export const boolean = (extra: Extra<BooleanField> = {}): BooleanField => ({ kind: "boolean", ...extra });
export const oneOf = <const V extends string | number>(values: readonly V[], extra: Extra<Omit<EnumField, "values">> = {}): EnumField<V> => ({
  kind: "enum",
  values,
  ...extra,
});
export const object = <const K extends string = string>(extra: Extra<ObjectField<K>> = {}): ObjectField<K> => ({ kind: "object", ...extra });
export const headers = <const N extends string = string>(extra: Extra<HeadersField<N>> = {}): HeadersField<N> => ({ kind: "headers", ...extra });
export const list = <const F extends Field, const S extends "words" | "items" | undefined = undefined>(
  of: F,
  extra: Omit<Extra<ListField<F>>, "of" | "split"> & { split?: S } = {},
): ListField<F> & { split: S } => ({ kind: "list", of, ...extra }) as ListField<F> & { split: S };
export const either = <const F extends readonly Field[]>(options: F, extra: Extra<Omit<EitherField, "options">> = {}): EitherField<F> => ({
  kind: "either",
  options,
  ...extra,
});
export const variant = <const T extends string, const K extends string>(
  tag: K,
  variants: Readonly<Record<T, readonly string[]>>,
  extra: Extra<Omit<VariantField, "tag" | "variants">> = {},
): VariantField<T> & { tag: K } => ({ kind: "variant", tag, variants, ...extra });
export const base64 = (extra: Extra<EncodedField> = {}): EncodedField => ({ kind: "base64", ...extra });

/** The same field, set by the node itself (a field of its own with no dialog row): options may not set it. */
export function byNode<F extends Field>(field: F): F & { byNode: true } {
  return { ...field, byNode: true };
}

/** The same field, required by the API (and said how it is found when it is missing). */
export function required<F extends Field>(field: F, about?: string): F & { required: true } {
  return { ...field, required: true, ...(about ? { about } : {}) };
}
