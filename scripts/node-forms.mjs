// The parts of an operation node's dialog that follow from its descriptors (NODE_OPERATIONS in
// src/shared/operations/index.ts), so adding an operation or an action needs no dialog code by hand:
//   - editor.ts, between `// <form-defaults>` and `// </form-defaults>`: a `defaults` entry for every form
//     field and its type, and for client state, command id and options, written out (the Flow Library
//     reads every key of `defaults` as text);
//   - template.html, between `<!-- <form-rows> -->` and `<!-- </form-rows> -->`: the rows the template
//     does not write itself: the account, a typedInput row for every form field (its icon from
//     src/shared/operations/form-icons.ts, a placeholder where the catalog has one), client state,
//     command id, options, and the name;
//   - the node's catalog: a label for every form field and action it does not name (from the API name).
// scripts/build.mjs fills the regions in what it ships (nodes/<type>.html); in src/ they stay empty, so the
// sources hold no generated copies.
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
    ...(commands ? [{ property: "clientState", value: '{ value: "" }', type: '{ value: "str" }' }] : []),
    ...(commands ? [{ property: "commandId", value: '{ value: "" }', type: '{ value: "str" }' }] : []),
    { property: "options", value: '{ value: "", validate: form.options }', type: '{ value: "json" }' },
  ];
}

/** Whether `text` (an editor.ts or template.html in src/) has anything between its markers: only what the build ships has. */
export function hasFilledRegion(text) {
  return [DEFAULTS, ROWS].some(([start, end]) => {
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    return from >= 0 && to > from && text.slice(from + start.length, to).trim() !== "";
  });
}

/** The `defaults` entries of the form's fields; `form` names the editor's operation form. */
function formDefaultLines(descriptors, form = "form") {
  return [
    ...formEntries(descriptors).flatMap(({ property: p }) => [`${p}: ${form}.field("${p}"),`, `${p}Type: ${form}.type("${p}"),`]),
    ...commonFields(descriptors).flatMap(({ property: p, value, type }) => [`${p}: ${value.replace("form.", `${form}.`)},`, `${p}Type: ${type},`]),
  ];
}

export function editorWithDefaults(editor, descriptors) {
  return fillRegion(editor, DEFAULTS, formDefaultLines(descriptors));
}

/** What a node waits for (the first descriptor that says): waitFor's default, or undefined when it never waits. */
function waitDefault(descriptors) {
  const outcomes = descriptors.find((d) => d.outcomes)?.outcomes;
  if (!outcomes) return undefined;
  return outcomes.result ? "false" : '""';
}

/**
 * An editor.ts that does not register itself but exports `dialog` (src/editor/operation-dialog.ts), with
 * its registration written after it: literal, every `defaults` key written out, as the Flow Library reads it.
 * An editor that calls registerType itself only gets its `defaults` entries (editorWithDefaults).
 */
export function editorWithRegistration(editor, type, descriptors) {
  if (/RED\.nodes\.registerType\(/.test(editor)) return editorWithDefaults(editor, descriptors);
  if (!/export const dialog = /.test(editor)) throw new Error(`${type}: editor.ts neither calls RED.nodes.registerType nor exports a dialog`);
  const waitFor = waitDefault(descriptors);
  const defaults = [
    'name: { value: "" },',
    ...(waitFor ? [`waitFor: { value: ${waitFor} },`, 'waitTimeout: { value: "", validate: dialog.validWaitTimeout },', "outputs: { value: 1 },"] : []),
    'account: { value: "", type: "telnyx-config", required: true },',
    ...formDefaultLines(descriptors, "dialog.form"),
  ];
  const parts = ["onadd", "paletteLabel", "label", "inputLabels", "labelStyle", "outputLabels", "oneditprepare", "oneditsave"];
  const registration = [
    `RED.nodes.registerType("${type}", {`,
    `  category: "telnyx",`,
    `  color: "#00E3AA",`,
    `  icon: "${type}.svg",`,
    `  inputs: 1,`,
    `  outputs: 1,`,
    `  defaults: {`,
    ...defaults.map((line) => `    ${line}`),
    `  },`,
    ...parts.map((part) => `  ${part}: dialog.${part},`),
    `});`,
  ];
  return `${editor.trimEnd()}\n\n${registration.join("\n")}\n`;
}

/** Every node's first and last rows: the account, and the node's name. */
const ACCOUNT_ROW = [
  `<div class="form-row">`,
  `    <label for="node-input-account"><i class="fa fa-user"></i> <span data-i18n="telnyx.label.account"></span></label>`,
  `    <input type="text" id="node-input-account">`,
  `</div>`,
];
const NAME_ROW = [
  `<div class="form-row">`,
  `    <label for="node-input-name"><i class="fa fa-tag"></i> <span data-i18n="telnyx.label.name"></span></label>`,
  `    <input type="text" id="node-input-name" data-i18n="[placeholder]telnyx.label.name">`,
  `</div>`,
];

/**
 * The template with its rows: the account first and the name last, unless the template has its own
 * (call control puts its action between the account and the form, send SMS an option before the name); `icons` by property (FORM_ICONS), unless the form entry names its own;
 * a placeholder where `catalog` (the node's own) has `<type>.placeholder.<property>`.
 */
export function templateWithRows(template, type, descriptors, { icons = {}, catalog = {} } = {}) {
  const outside = fillRegion(template, ROWS, []);
  const placeholders = catalog[type]?.placeholder ?? {};
  const row = ({ property: p, icon }) => [
    `<div class="form-row">`,
    `    <label for="node-input-${p}"><i class="fa ${icon ?? icons[p] ?? "fa-pencil"}"></i> <span data-i18n="${type}.label.${p}"></span></label>`,
    `    <input type="text" id="node-input-${p}" style="width: 70%;"${p in placeholders ? ` data-i18n="[placeholder]${type}.placeholder.${p}"` : ""}>`,
    `    <input type="hidden" id="node-input-${p}Type">`,
    `</div>`,
  ];
  const own = (p) => outside.includes(`id="node-input-${p}"`);
  const rows = [
    ...(own("account") ? [] : ACCOUNT_ROW),
    ...[...formEntries(descriptors), ...commonFields(descriptors)].filter(({ property: p }) => !own(p)).flatMap(row),
    ...(own("name") ? [] : NAME_ROW),
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
