// The one error the TeXML code raises, for invalid verb lists and malformed XML documents.
import { TelnyxError } from "../errors";

export interface TexmlErrorDetails {
  code: "ERR_TEXML_INVALID" | "ERR_TEXML_MALFORMED";
  path: string;
  element?: string;
  attribute?: string;
  line?: number;
  column?: number;
}

/**
 * Thrown for an invalid verb list (`code` ERR_TEXML_INVALID) or a malformed XML document
 * (ERR_TEXML_MALFORMED). Nothing is emitted. Node-RED copies only `message`, `code`, `stack` and
 * `cause` onto a Catch node's `msg.error`, so `cause` repeats the details
 * (`{ path, element?, attribute?, line?, column? }`).
 */
export class TexmlError extends TelnyxError {
  readonly code: TexmlErrorDetails["code"];
  override readonly cause: Omit<TexmlErrorDetails, "code">;
  /** Where: `verbs[1].children[0]` for verb lists, `line 3, column 7` for XML documents, or `verbs` / `xml` for the whole input. */
  readonly path: string;
  /** The element concerned (e.g. `Gather`), when known. */
  readonly element?: string;
  /** The attribute concerned, when the problem is an attribute. */
  readonly attribute?: string;
  /** 1-based position of the problem in an XML document. */
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, details: TexmlErrorDetails) {
    super(message);
    this.name = "TexmlError";
    this.code = details.code;
    this.path = details.path;
    if (details.element !== undefined) this.element = details.element;
    if (details.attribute !== undefined) this.attribute = details.attribute;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    const { code: _code, ...cause } = details;
    this.cause = cause;
  }
}
