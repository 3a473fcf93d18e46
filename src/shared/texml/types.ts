/**
 * The TeXML object form and the shape of the schema that describes it.
 *
 * ## The object form (what users write in `msg.texml` and what the editor stores)
 *
 * A TeXML document is an array of items, run in order inside `<Response>`:
 *
 *     [
 *       { "verb": "Say", "text": "Hello", "voice": "alice" },
 *       { "verb": "Gather", "action": "/next", "numDigits": 1,
 *         "children": [{ "verb": "Say", "text": "Press 1" }] },
 *       { "verb": "Dial", "children": [{ "noun": "Number", "text": "+15551234567" }] }
 *     ]
 *
 * Each item is an object with:
 * - `verb` (or `noun`): the element name, spelled exactly as in TeXML (`Say`, `Dial`, `Number`).
 *   The two keys are synonyms, accepted everywhere: use whichever reads better. Where an element
 *   may appear is decided by its name and the schema (./schema), not by the key (a `Number` is
 *   accepted only inside a `Dial`, whichever key names it).
 * - `text` (optional): the element's body: the words of a `Say`, the URL of a `Play` or `Redirect`,
 *   the phone number of a `Number`, the room name of a `Conference`. A string or a number.
 * - `children` (optional): an array of nested items (the `Say`/`Play` of a `Gather`, the nouns of a
 *   `Dial`, the `Stream`/`Transcription`/... of a `Start` or `Stop`).
 * - every other key is an attribute, named exactly as in TeXML (camelCase, e.g. `numDigits`,
 *   `statusCallbackEvent`). Values may be strings, numbers or booleans: `numDigits: 1` and
 *   `numDigits: "1"` are the same, booleans are written `true`/`false` (or "true"/"false"), enum values
 *   take TeXML's exact spelling (`method: "post"` is refused with "did you mean "POST"?"): the one
 *   field language's rules (src/shared/fields), as for every request field.
 *   An attribute whose value is `undefined`, `null` or `""` is left out, so an editor can store
 *   empty fields as they are. The same holds for `text: ""`.
 *
 * No Node-RED, no `node:` modules and no DOM in src/shared/texml/: the runtime, the tests and the
 * editor bundle (ES2019 target) all use it.
 */

/** One item of the object form (see the comment at the top). */
export interface TexmlItem {
  verb?: string;
  noun?: string;
  text?: string | number;
  children?: TexmlItem[];
  /** Attributes, named exactly as in TeXML. */
  [attribute: string]: unknown;
}

export interface AttributeSpecBase {
  /** The attribute must be given. */
  required?: boolean;
  /** TeXML's default, as documented (for display only; the builder never writes defaults). */
  default?: string;
  /** One line for tooltips and reference text. */
  description?: string;
}

export interface TexmlStringAttribute extends AttributeSpecBase {
  type: "string";
  maxLength?: number;
  /** RegExp source the whole value must match. */
  pattern?: string;
  /** What `pattern` means, for error messages. */
  patternHint?: string;
}
export interface TexmlBooleanAttribute extends AttributeSpecBase {
  type: "boolean";
}
export interface TexmlNumberAttribute extends AttributeSpecBase {
  /** `integer`: whole numbers only; `number`: decimals allowed. */
  type: "integer" | "number";
  min?: number;
  max?: number;
  unit?: string;
}
export interface TexmlEnumAttribute extends AttributeSpecBase {
  /** Exactly one of `values`. */
  type: "enum";
  values: readonly string[];
}
export interface TexmlListAttribute extends AttributeSpecBase {
  /** One or more of `values`, separated by spaces (e.g. `statusCallbackEvent="ringing answered"`). */
  type: "list";
  values: readonly string[];
}
export type TexmlAttributeSpec =
  | TexmlStringAttribute
  | TexmlBooleanAttribute
  | TexmlNumberAttribute
  | TexmlEnumAttribute
  | TexmlListAttribute;

export interface TexmlElementSpec {
  /** The element name, as written in XML. */
  name: string;
  /** `verb` for instructions, `noun` for what a verb acts on. Informational: both keys are accepted. */
  kind: "verb" | "noun";
  description: string;
  /** Whether the element has a text body. */
  text: "required" | "optional" | "none";
  /** What the text body is (e.g. "the words to speak"). */
  textDescription?: string;
  attributes: Readonly<Record<string, TexmlAttributeSpec>>;
  /** Elements allowed inside this one, by name, with their spec in this place. */
  children?: Readonly<Record<string, TexmlElementSpec>>;
  /** At least one of these must be present: "text", "children" or attribute names. */
  needsOneOf?: readonly string[];
  maxChildren?: number;
}

/** Top-level verbs by name. Nested elements are reached through `children`. */
export type TexmlSchema = Readonly<Record<string, TexmlElementSpec>>;
