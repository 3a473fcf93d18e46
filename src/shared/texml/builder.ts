/**
 * The TeXML builder: an ordered list of verbs (the object form, ./types) in, escaped, well-formed
 * XML out. Validation (./validate) decides what is allowed; escaping (./escaping) keeps a caller's
 * text as text.
 */
import { escapeAttribute, escapeText } from "./escaping";
import { checkVerbs, type CheckedElement } from "./validate";

export interface BuildTexmlOptions {
  /** Indent nested elements, one per line (default true). Whitespace between elements is insignificant in TeXML. */
  pretty?: boolean;
}

/** Validates `verbs` and returns the TeXML document. Throws a `TexmlError` (and returns nothing) when invalid. */
export function buildTexml(verbs: unknown, options: BuildTexmlOptions = {}): string {
  const elements = checkVerbs(verbs);
  const pretty = options.pretty !== false;
  const nl = pretty ? "\n" : "";
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n`];
  const write = (el: CheckedElement, depth: number) => {
    const indent = pretty ? "  ".repeat(depth) : "";
    const attrs = el.attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join("");
    if (el.text !== undefined) {
      out.push(`${indent}<${el.name}${attrs}>${escapeText(el.text)}</${el.name}>${nl}`);
    } else if (el.children.length > 0) {
      out.push(`${indent}<${el.name}${attrs}>${nl}`);
      for (const child of el.children) write(child, depth + 1);
      out.push(`${indent}</${el.name}>${nl}`);
    } else {
      out.push(`${indent}<${el.name}${attrs}/>${nl}`);
    }
  };
  write({ name: "Response", attributes: [], children: elements }, 0);
  return out.join("").replace(/\n$/, "") + "\n";
}
