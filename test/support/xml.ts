// Reading XML back with a real parser (xmldom) in tests: any parser complaint fails the test.
import { strict as assert } from "node:assert";
import { DOMParser } from "@xmldom/xmldom";

/** An element as a plain tree: what assertions compare. */
export interface Tree {
  name: string;
  attrs: Record<string, string>;
  text?: string;
  children: Tree[];
}

export interface DomNode {
  nodeType: number;
  nodeName: string;
  data?: string;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

/** The document's root element; throws on anything the parser reports. */
export function parse(xml: string): DomNode {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML parser ${level}: ${message}`);
    },
  }).parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  assert.ok(root, "document has a root element");
  return root as unknown as DomNode;
}

/** Element -> plain tree; whitespace-only text between elements (indentation) is dropped. */
export function toTree(el: DomNode): Tree {
  const attrs: Record<string, string> = {};
  for (const a of Array.from(el.attributes ?? [])) attrs[a.name] = a.value;
  const children: Tree[] = [];
  let text = "";
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType === 1) children.push(toTree(node));
    else if (node.nodeType === 3 || node.nodeType === 4) text += node.data ?? "";
    else assert.fail(`unexpected node type ${node.nodeType} in <${el.nodeName}>`);
  }
  const tree: Tree = { name: el.nodeName, attrs, children };
  if (children.length === 0 && text !== "") tree.text = text;
  else assert.equal(text.trim(), "", `<${el.nodeName}> mixes text and elements`);
  return tree;
}
