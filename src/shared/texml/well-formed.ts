/**
 * Well-formedness of a raw TeXML document.
 *
 * `assertWellFormedTexml(xml)` checks a complete document a user supplies as a string: a small,
 * strict XML 1.0 well-formedness checker (optional XML declaration, comments, processing
 * instructions, CDATA, the five predefined entities and numeric character references, single
 * `<Response>` root). It does not check verbs or attributes against the schema (raw XML may use
 * verbs this package does not model) and it rejects DOCTYPE declarations, which TeXML never needs.
 */
import { describeValue } from "../errors";
import { TexmlError } from "./error";
import { codePointName, findIllegalChar } from "./escaping";


const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][A-Za-z0-9_:.-]*);/y;
const PREDEFINED_ENTITIES = ["lt", "gt", "amp", "quot", "apos"];
const XML_DECLARATION =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>/y;

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

function isLegalCodePoint(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** A strict, single-pass XML 1.0 well-formedness check (no DTDs). */
class WellFormednessChecker {
  private pos = 0;
  private readonly open: Array<{ name: string; at: number }> = [];

  constructor(private readonly src: string) {}

  run(): void {
    const s = this.src;
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
    const bad = findIllegalChar(s);
    if (bad >= 0) this.fail(`${codePointName(s, bad)} is not allowed in an XML document`, bad);

    if (s.startsWith("<?xml", this.pos) && (isSpace(s[this.pos + 5]) || s[this.pos + 5] === "?")) {
      XML_DECLARATION.lastIndex = this.pos;
      if (!XML_DECLARATION.exec(s)) this.fail(`malformed XML declaration (expected <?xml version="1.0" encoding="UTF-8"?>)`);
      this.pos = XML_DECLARATION.lastIndex;
    }

    let rootSeen = false;
    while (this.pos < s.length) {
      if (this.open.length === 0) {
        // Prolog or epilogue: only whitespace, comments and processing instructions.
        if (isSpace(s[this.pos])) {
          this.pos++;
        } else if (s.startsWith("<!--", this.pos)) {
          this.comment();
        } else if (s.startsWith("<?", this.pos)) {
          this.processingInstruction();
        } else if (s.startsWith("<!DOCTYPE", this.pos)) {
          this.fail("DOCTYPE declarations are not allowed in TeXML");
        } else if (s.startsWith("</", this.pos)) {
          this.fail(`closing tag without a matching opening tag`);
        } else if (s[this.pos] === "<" && !s.startsWith("<!", this.pos)) {
          if (rootSeen) this.fail("more than one root element (a document has a single <Response>)");
          const at = this.pos;
          const tag = this.startTag();
          if (tag.name !== "Response") this.fail(`the root element is <${tag.name}>, expected <Response>`, at);
          rootSeen = true;
          if (!tag.selfClosing) this.open.push({ name: tag.name, at });
        } else {
          this.fail(rootSeen ? "text after the root element" : s[this.pos] === "<" ? "unexpected markup before the root element" : "text before the root element");
        }
      } else {
        // Element content.
        if (s.startsWith("<!--", this.pos)) this.comment();
        else if (s.startsWith("<![CDATA[", this.pos)) this.cdata();
        else if (s.startsWith("<?", this.pos)) this.processingInstruction();
        else if (s.startsWith("</", this.pos)) this.endTag();
        else if (s.startsWith("<!", this.pos)) this.fail("unexpected '<!' (only comments and CDATA sections are allowed here)");
        else if (s[this.pos] === "<") {
          const at = this.pos;
          const tag = this.startTag();
          if (!tag.selfClosing) this.open.push({ name: tag.name, at });
        } else this.text();
      }
    }
    if (this.open.length > 0) {
      const top = this.open[this.open.length - 1]!;
      this.fail(`<${top.name}> (${this.where(top.at)}) is never closed`, s.length);
    }
    if (!rootSeen) this.fail("no root element (expected <Response>)");
  }

  private where(index: number): string {
    const { line, column } = this.lineColumn(index);
    return `line ${line}, column ${column}`;
  }

  private lineColumn(index: number): { line: number; column: number } {
    const before = this.src.slice(0, index);
    const line = before.split("\n").length;
    return { line, column: index - before.lastIndexOf("\n") };
  }

  private fail(message: string, index: number = this.pos): never {
    const { line, column } = this.lineColumn(index);
    throw new TexmlError(`TeXML document is not well-formed: ${message} at line ${line}, column ${column}`, {
      code: "ERR_TEXML_MALFORMED",
      path: `line ${line}, column ${column}`,
      line,
      column,
    });
  }

  private name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) {
      this.fail(what === "element" ? "'<' must start a tag (write &lt; for a literal '<')" : `expected ${what} name`);
    }
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private skipSpace(): boolean {
    const from = this.pos;
    while (isSpace(this.src[this.pos])) this.pos++;
    return this.pos > from;
  }

  /** Checks every '&' in src[from, to) starts a valid reference. */
  private references(from: number, to: number): void {
    let i = this.src.indexOf("&", from);
    while (i >= 0 && i < to) {
      REFERENCE.lastIndex = i;
      const m = REFERENCE.exec(this.src);
      if (!m || REFERENCE.lastIndex > to) this.fail("bare '&' (write &amp; for a literal '&')", i);
      const ref = m[1]!;
      if (ref[0] === "#") {
        const cp = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (!isLegalCodePoint(cp)) this.fail(`character reference &${ref}; is not a legal XML character`, i);
      } else if (PREDEFINED_ENTITIES.indexOf(ref) < 0) {
        this.fail(`unknown entity &${ref}; (only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed)`, i);
      }
      i = this.src.indexOf("&", REFERENCE.lastIndex);
    }
  }

  private startTag(): { name: string; selfClosing: boolean } {
    const s = this.src;
    this.pos++; // '<'
    const name = this.name("element");
    const seen: string[] = [];
    for (;;) {
      const spaced = this.skipSpace();
      if (s.startsWith("/>", this.pos)) {
        this.pos += 2;
        return { name, selfClosing: true };
      }
      if (s[this.pos] === ">") {
        this.pos++;
        return { name, selfClosing: false };
      }
      if (this.pos >= s.length) this.fail(`<${name}> start tag is not finished`);
      if (!spaced) this.fail(`expected whitespace, '>' or '/>' in <${name}>`);
      const attrAt = this.pos;
      const attr = this.name("attribute");
      if (seen.indexOf(attr) >= 0) this.fail(`attribute ${attr} appears twice in <${name}>`, attrAt);
      seen.push(attr);
      this.skipSpace();
      if (s[this.pos] !== "=") this.fail(`attribute ${attr} in <${name}> has no value (expected ${attr}="...")`);
      this.pos++;
      this.skipSpace();
      const quote = s[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`the value of attribute ${attr} in <${name}> must be in quotes`);
      const end = s.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail(`the value of attribute ${attr} in <${name}> is never closed`);
      const lt = s.indexOf("<", this.pos + 1);
      if (lt >= 0 && lt < end) this.fail(`'<' is not allowed in an attribute value (write &lt;)`, lt);
      this.references(this.pos + 1, end);
      this.pos = end + 1;
    }
  }

  private endTag(): void {
    const at = this.pos;
    this.pos += 2; // '</'
    const name = this.name("element");
    this.skipSpace();
    if (this.src[this.pos] !== ">") this.fail(`expected '>' to finish </${name}>`);
    this.pos++;
    const top = this.open.pop()!;
    if (top.name !== name) this.fail(`mismatched closing tag </${name}>: expected </${top.name}> for the tag opened at ${this.where(top.at)}`, at);
  }

  private text(): void {
    const s = this.src;
    let end = s.indexOf("<", this.pos);
    if (end < 0) end = s.length;
    const cdataEnd = s.indexOf("]]>", this.pos);
    if (cdataEnd >= 0 && cdataEnd < end) this.fail("']]>' is not allowed in text (write ]]&gt;)", cdataEnd);
    this.references(this.pos, end);
    this.pos = end;
  }

  private comment(): void {
    const end = this.src.indexOf("-->", this.pos + 4);
    if (end < 0) this.fail("comment is never closed (expected -->)");
    const body = this.src.slice(this.pos + 4, end);
    if (body.indexOf("--") >= 0 || body.endsWith("-")) this.fail("'--' is not allowed inside a comment");
    this.pos = end + 3;
  }

  private cdata(): void {
    const end = this.src.indexOf("]]>", this.pos + 9);
    if (end < 0) this.fail("CDATA section is never closed (expected ]]>)");
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const at = this.pos;
    this.pos += 2; // '<?'
    const target = this.name("processing instruction");
    if (target.toLowerCase() === "xml") this.fail("the XML declaration is only allowed at the very start of the document", at);
    const end = this.src.indexOf("?>", this.pos);
    if (end < 0) this.fail("processing instruction is never closed (expected ?>)", at);
    if (end > this.pos && !isSpace(this.src[this.pos])) this.fail("expected whitespace after the processing instruction target");
    this.pos = end + 2;
  }
}

/**
 * Throws a `TexmlError` (code `ERR_TEXML_MALFORMED`, with `line` and `column`) unless `xml` is a
 * well-formed XML document whose single root element is `<Response>`.
 */
export function assertWellFormedTexml(xml: unknown): asserts xml is string {
  if (typeof xml !== "string") {
    throw new TexmlError(`TeXML document: expected a string of XML, got ${describeValue(xml)}`, { code: "ERR_TEXML_MALFORMED", path: "xml" });
  }
  new WellFormednessChecker(xml).run();
}
