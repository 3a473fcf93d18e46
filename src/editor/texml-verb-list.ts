// The structured verb editor of the telnyx-texml dialog. Every level is a Node-RED editableList (add,
// remove, drag to reorder) whose rows are built from TEXML_SCHEMA: the element select (what may stand
// here), its text, a list of attribute rows (name from the schema, value with the documented options as
// suggestions) and, for elements that take them, a nested list of children built the same way. The list
// reads back into the object form of src/shared/texml/types.ts, which src/shared/texml/validate.ts checks; this file only edits.
import { TEXML_SCHEMA, describeTexmlAttribute } from "../shared/texml/schema";
import type { TexmlAttributeSpec, TexmlElementSpec, TexmlItem } from "../shared/texml/types";

type Specs = Readonly<Record<string, TexmlElementSpec>>;
type Translate = (key: string) => string;

/** Each row keeps the function that reads it back. */
const READER = "telnyx-texml-reader";
const RESERVED = ["verb", "noun", "text", "children"];

export interface VerbList {
  read(): TexmlItem[];
  replace(items: TexmlItem[]): void;
}

/** Turns the `<ol>` into the verb editor, filled with `items`; `onChange` runs after every edit. */
export function verbList(list: JQuery, items: unknown[], t: Translate, onChange: () => void): VerbList {
  const context = { t, onChange, ids: 0 };
  itemList(list, TEXML_SCHEMA, items, t("telnyx-texml.label.verb"), context);
  return {
    read: () => readItems(list),
    replace(next) {
      list.editableList("empty");
      list.editableList("addItems", next);
      onChange();
    },
  };
}

interface Context {
  t: Translate;
  onChange: () => void;
  /** For unique datalist ids. */
  ids: number;
}

function readItems(list: JQuery): TexmlItem[] {
  const items: TexmlItem[] = [];
  list.editableList("items").each((_, row) => {
    items.push(($(row).data(READER) as () => TexmlItem)());
  });
  return items;
}

function itemList(list: JQuery, allowed: Specs, items: unknown[], addLabel: string, context: Context): void {
  list.editableList({
    addButton: addLabel,
    height: "auto",
    sortable: true,
    removable: true,
    scrollOnAdd: false,
    addItem: (row: JQuery, _index: number, data: TexmlItem) => {
      itemRow(row, allowed, data, context);
      context.onChange();
    },
    removeItem: context.onChange,
    sortItems: context.onChange,
  });
  list.editableList("addItems", items.map((item) => (isObject(item) ? item : {})));
}

function nameOf(item: TexmlItem): string {
  return typeof item.verb === "string" && item.verb !== "" ? item.verb : typeof item.noun === "string" ? item.noun : "";
}

/** One element: its select and text on the first line, attributes and children below. */
function itemRow(row: JQuery, allowed: Specs, data: TexmlItem, context: Context): void {
  const names = Object.keys(allowed);
  const head = $('<div class="telnyx-texml-head"/>').appendTo(row);
  const select = $('<select class="telnyx-texml-name"/>').appendTo(head);
  // An element not allowed here (from JSON or an older flow) stays visible, for the check to report.
  const given = nameOf(data) || names[0] || "";
  for (const name of names.indexOf(given) < 0 ? [...names, given] : names) $("<option/>").val(name).text(name).appendTo(select);
  select.val(given);
  const textSlot = $('<span class="telnyx-texml-text-slot"/>').appendTo(head);
  const body = $('<div class="telnyx-texml-body"/>').appendTo(row);

  let readBody = renderBody(textSlot, body, specOf(allowed, given), data, context);
  const read = (): TexmlItem => {
    const name = String(select.val());
    return { [specOf(allowed, name)?.kind === "noun" ? "noun" : "verb"]: name, ...readBody() };
  };
  select.on("change", () => {
    const before = read();
    const spec = specOf(allowed, String(select.val()));
    // Keep what the new element can take.
    const kept: TexmlItem = {};
    if (spec && spec.text !== "none" && before.text !== undefined) kept.text = before.text;
    for (const key of Object.keys(before)) if (spec && has(spec.attributes, key)) kept[key] = before[key];
    if (spec?.children && before.children) kept.children = before.children.filter((child) => has(spec.children!, nameOf(child)));
    readBody = renderBody(textSlot, body, spec, kept, context);
    context.onChange();
  });
  row.data(READER, read);
}

/** The text input, attribute list and child list of one element; returns their reader. */
function renderBody(textSlot: JQuery, body: JQuery, spec: TexmlElementSpec | undefined, data: TexmlItem, context: Context): () => Partial<TexmlItem> {
  textSlot.empty();
  body.empty();
  const givenText = data.text === undefined || data.text === null ? "" : String(data.text);

  let text: JQuery | undefined;
  if (!spec || spec.text !== "none" || givenText !== "") {
    text = $('<input type="text" class="telnyx-texml-text">')
      .attr("placeholder", spec?.textDescription ?? context.t("telnyx-texml.label.text"))
      .val(givenText)
      .appendTo(textSlot);
  } else {
    $('<span class="telnyx-texml-no-text"/>').text(context.t("telnyx-texml.label.noText")).appendTo(textSlot);
  }

  const attributeSpecs = spec?.attributes ?? {};
  const givenAttributes = Object.keys(data)
    .filter((key) => RESERVED.indexOf(key) < 0 && data[key] !== undefined && data[key] !== null)
    .map((name) => ({ name, value: String(data[name]) }));
  let attributes: JQuery | undefined;
  if (Object.keys(attributeSpecs).length > 0 || givenAttributes.length > 0) {
    attributes = $('<ol class="telnyx-texml-attributes"/>').appendTo(body);
    const list = attributes;
    list.editableList({
      addButton: context.t("telnyx-texml.label.attribute"),
      height: "auto",
      sortable: false,
      removable: true,
      scrollOnAdd: false,
      addItem: (row: JQuery, _index: number, attr: { name?: string; value?: string }) => {
        attributeRow(row, attributeSpecs, attr.name ?? firstUnused(attributeSpecs, list), attr.value ?? "", context);
        context.onChange();
      },
      removeItem: context.onChange,
    });
    list.editableList("addItems", givenAttributes);
  }

  let children: JQuery | undefined;
  const givenChildren = Array.isArray(data.children) ? data.children : [];
  if (spec?.children || givenChildren.length > 0) {
    children = $('<ol class="telnyx-texml-children"/>').appendTo(body);
    itemList(children, spec?.children ?? {}, givenChildren, context.t("telnyx-texml.label.child"), context);
  }

  return () => {
    const out: Partial<TexmlItem> = {};
    const value = text ? String(text.val() ?? "") : "";
    if (value !== "") out.text = value;
    attributes?.editableList("items").each((_, row) => {
      const name = String($(row).find(".telnyx-texml-attribute-name").val() ?? "");
      const attributeValue = String($(row).find(".telnyx-texml-attribute-value").val() ?? "");
      if (name !== "" && attributeValue !== "") out[name] = attributeValue;
    });
    if (children) {
      const list = readItems(children);
      if (list.length > 0) out.children = list;
    }
    return out;
  };
}

/** An attribute row: the name (from the schema) and the value, with the documented options as suggestions. */
function attributeRow(row: JQuery, specs: Readonly<Record<string, TexmlAttributeSpec>>, name: string, value: string, context: Context): void {
  const names = Object.keys(specs);
  const select = $('<select class="telnyx-texml-attribute-name"/>').appendTo(row);
  for (const option of names.indexOf(name) < 0 && name !== "" ? [...names, name] : names) $("<option/>").val(option).text(option).appendTo(select);
  select.val(name);
  const listId = `telnyx-texml-values-${++context.ids}`;
  const input = $('<input type="text" class="telnyx-texml-attribute-value">').attr("list", listId).val(value).appendTo(row);
  const suggestions = $("<datalist/>").attr("id", listId).appendTo(row);
  const describe = () => {
    const spec = specOf(specs, String(select.val()));
    suggestions.empty();
    for (const option of spec ? suggestionsFor(spec) : []) $("<option/>").val(option).appendTo(suggestions);
    input
      .attr("placeholder", spec ? describeTexmlAttribute(spec) : context.t("telnyx-texml.placeholder.value"))
      .attr("title", spec?.description ? `${spec.description}: ${describeTexmlAttribute(spec)}` : "");
  };
  select.on("change", describe);
  describe();
}

function suggestionsFor(spec: TexmlAttributeSpec): readonly string[] {
  if (spec.type === "enum" || spec.type === "list") return spec.values;
  if (spec.type === "boolean") return ["true", "false"];
  return spec.default !== undefined ? [spec.default] : [];
}

/** The first attribute name the list does not use yet, for a new row. */
function firstUnused(specs: Readonly<Record<string, TexmlAttributeSpec>>, list: JQuery): string {
  const used: string[] = [];
  list.editableList("items").each((_, row) => {
    used.push(String($(row).find(".telnyx-texml-attribute-name").val() ?? ""));
  });
  return Object.keys(specs).find((name) => used.indexOf(name) < 0) ?? Object.keys(specs)[0] ?? "";
}

function specOf<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return has(record, name) ? record[name] : undefined;
}

function has(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

function isObject(value: unknown): value is TexmlItem {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
