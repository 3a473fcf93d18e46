/**
 * Characters and escaping for the TeXML builder.
 *
 * Text and attribute values are escaped (`&`, `<`, `>` in text; also `"` and `'` in attributes;
 * tab, CR and LF in attributes and CR in text as character references, so they survive XML's
 * whitespace normalisation; U+0085, U+2028, U+2029 as character references, so XML 1.1-style
 * parsers do not turn them into line feeds). A caller's text such as `</Say><Hangup/>` or `]]>`
 * therefore stays text. Characters that XML 1.0 cannot represent at all (U+0000-U+0008, U+000B,
 * U+000C, U+000E-U+001F, U+FFFE, U+FFFF and unpaired surrogates) are REJECTED with an error,
 * not silently dropped: changing what a caller said is the caller's decision. Use
 * `stripInvalidXmlChars()` on untrusted input first if dropping them is what you want.
 */


// Characters outside XML 1.0's Char production, and unpaired surrogates.
const ILLEGAL_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Removes the characters XML 1.0 cannot represent (see the comment at the top). */
export function stripInvalidXmlChars(value: string): string {
  return value.replace(new RegExp(ILLEGAL_XML_CHARS.source, "g"), "");
}

/** The index of the first character XML 1.0 cannot represent, or -1. */
export function findIllegalChar(value: string): number {
  const m = ILLEGAL_XML_CHARS.exec(value);
  return m ? m.index : -1;
}

/** "U+0007": how messages name a character. */
export function codePointName(value: string, index: number): string {
  return "U+" + (value.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, "0");
}

const TEXT_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "\r": "&#13;",
  "\u0085": "&#x85;",
  "\u2028": "&#x2028;",
  "\u2029": "&#x2029;",
};
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
};

export function escapeText(value: string): string {
  return value.replace(/[&<>\r\u0085\u2028\u2029]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r\u0085\u2028\u2029]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}
