// The parts of an operation node's dialog that follow from its descriptors (NODE_OPERATIONS in
// src/shared/operations/index.ts), so adding an operation or an action needs no dialog code by hand:
//   - editor.ts, between `// <form-defaults>` and `// </form-defaults>`: a `defaults` entry for every form
//     field and its type, and for client state, command id and options, written out (the Flow Library
//     reads every key of `defaults` as text);
//   - template.html, between `<!-- <form-rows> -->` and `<!-- </form-rows> -->`: a typedInput row for
//     every form field the template has no row of its own for, then client state, command id, options;
//   - the node's catalog: a label for every form field and action it does not name (from the API name).
// scripts/build.mjs rewrites the two regions in src/ (and --check fails when they are stale).

const DEFAULTS = ["// <form-defaults>", "// </form-defaults>"];
const ROWS = ["<!-- <form-rows> -->", "<!-- </form-rows> -->"];

/** The node's form fields, once per property, in dialog order. */
export function formEntries(descriptors) {
  const seen = new Map();
  for (const descriptor of descriptors) for (const entry of descriptor.form) if (!seen.has(entry.property)) seen.set(entry.property, entry);
  return [...seen.values()];
}

/** `text` with what is between the markers replaced by `lines` (indented like the start marker); unchanged without markers. */
function fillRegion(text, [start, end], lines) {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return text;
  const lineStart = text.lastIndexOf("\n", from) + 1;
  const indent = text.slice(lineStart, from);
  const body = lines.map((line) => `${indent}${line}\n`).join("");
  return text.slice(0, from + start.length) + "\n" + body + indent + text.slice(to);
}

/** What every operation node has besides its form: client state and command id (commands), options. */
function commonFields(descriptors) {
  const commands = descriptors.some((d) => d.repeat === "command_id");
  return [
    ...(commands ? [{ property: "clientState", icon: "fa-bookmark", value: '{ value: "" }', type: '{ value: "str" }' }] : []),
    ...(commands ? [{ property: "commandId", icon: "fa-key", value: '{ value: "" }', type: '{ value: "str" }' }] : []),
    { property: "options", icon: "fa-sliders", value: '{ value: "", validate: form.options }', type: '{ value: "json" }' },
  ];
}

export function editorWithDefaults(editor, descriptors) {
  const lines = [
    ...formEntries(descriptors).flatMap(({ property: p }) => [`${p}: form.field("${p}"),`, `${p}Type: form.type("${p}"),`]),
    ...commonFields(descriptors).flatMap(({ property: p, value, type }) => [`${p}: ${value},`, `${p}Type: ${type},`]),
  ];
  return fillRegion(editor, DEFAULTS, lines);
}

export function templateWithRows(template, type, descriptors) {
  const outside = fillRegion(template, ROWS, []);
  const row = (p, icon, placeholder) => [
    `<div class="form-row">`,
    `    <label for="node-input-${p}"><i class="fa ${icon}"></i> <span data-i18n="${type}.label.${p}"></span></label>`,
    `    <input type="text" id="node-input-${p}" style="width: 70%;"${placeholder ? ` data-i18n="[placeholder]${type}.placeholder.${p}"` : ""}>`,
    `    <input type="hidden" id="node-input-${p}Type">`,
    `</div>`,
  ];
  const rows = [
    ...formEntries(descriptors).filter(({ property: p }) => !outside.includes(`id="node-input-${p}"`)).flatMap(({ property: p }) => row(p, "fa-pencil", false)),
    ...commonFields(descriptors).flatMap(({ property: p, icon }) => row(p, icon, true)),
  ];
  return fillRegion(template, ROWS, rows);
}

/** "sip_address" -> "Sip address". */
function humanize(name) {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The node's catalog with a label for every form field and (call control) action it lacks. */
export function catalogWithLabels(catalog, type, descriptors) {
  const own = { ...(catalog[type] ?? {}) };
  const label = { ...(own.label ?? {}) };
  for (const entry of formEntries(descriptors)) label[entry.property] ??= humanize(entry.field);
  own.label = label;
  if (own.action) {
    const action = { ...own.action };
    for (const descriptor of descriptors) action[descriptor.name] ??= humanize(descriptor.name).toLowerCase();
    own.action = action;
  }
  return { ...catalog, [type]: own };
}
