// scripts/node-forms.mjs: what the build generates for an operation node's dialog from its descriptors, so
// that adding a Call Control action is its descriptor and help text (see docs/architecture.md).
import { strict as assert } from "node:assert";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { string, required } from "../src/shared/fields";
import { CALL_COMMANDS } from "../src/shared/operations/call-control";
import { form, operation, type Descriptor } from "../src/shared/operations/descriptor";
import { FORM_ICONS } from "../src/shared/operations/form-icons";
import { SEND_MESSAGE } from "../src/shared/operations/messaging";
import { DIAL, SPEAK } from "../src/shared/operations/call-control";
import { operationForm } from "../src/editor/operation-form";

type NodeForms = {
  editorWithDefaults(editor: string, descriptors: readonly Descriptor[]): string;
  templateWithRows(
    template: string,
    type: string,
    descriptors: readonly Descriptor[],
    options?: { icons?: Record<string, string>; catalog?: Record<string, unknown> },
  ): string;
  hasFilledRegion(text: string): boolean;
  editorWithRegistration(editor: string, type: string, descriptors: readonly Descriptor[]): string;
  catalogWithLabels(catalog: Record<string, unknown>, type: string, descriptors: readonly Descriptor[]): Record<string, Record<string, Record<string, string>>>;
};
const load = async () => (await import(pathToFileURL(path.join(__dirname, "..", "scripts", "node-forms.mjs")).href)) as NodeForms;

/** An action the node does not have yet, as a newcomer would declare it. */
const NEW_ACTION = operation({
  name: "new_action",
  operationId: "NewAction",
  method: "POST",
  path: "/calls/{call_control_id}/actions/new_action",
  params: { call_control_id: required(string()) },
  repeat: "command_id",
  fields: { client_state: { kind: "base64" }, command_id: string(), tone_name: required(string()) },
  form: form({ field: "call_control_id", in: "path", property: "callControlId" }, "tone_name"),
});
const descriptors = [...Object.values(CALL_COMMANDS), NEW_ACTION];

describe("node dialogs generated from descriptors (scripts/node-forms.mjs)", () => {
  it("writes a defaults entry for every form field and its type, literally, between the markers", async () => {
    const { editorWithDefaults } = await load();
    const editor = 'defaults: {\n    name: { value: "" },\n    // <form-defaults>\n    stale: 1,\n    // </form-defaults>\n  },';
    const out = editorWithDefaults(editor, descriptors);
    assert.match(out, /\n {4}toneName: form\.field\("toneName"\),\n {4}toneNameType: form\.type\("toneName"\),\n/);
    assert.match(out, /sipAddress: form\.field\("sipAddress"\)/);
    assert.doesNotMatch(out, /stale/);
    assert.equal(editorWithDefaults(out, descriptors), out, "stable");
    assert.equal(editorWithDefaults("no markers", descriptors), "no markers");
  });

  it("adds a row for every form field the template has none for", async () => {
    const { templateWithRows } = await load();
    const template = '<input id="node-input-cause">\n<!-- <form-rows> -->\n<!-- </form-rows> -->\n';
    const out = templateWithRows(template, "telnyx-call-control", descriptors);
    assert.match(out, /id="node-input-toneName"/);
    assert.match(out, /id="node-input-toneNameType"/);
    assert.match(out, /data-i18n="telnyx-call-control\.label\.toneName"/);
    assert.equal(out.match(/id="node-input-cause"/g)?.length, 1, "rows written by hand are kept, not repeated");
  });

  it("gives each row its icon (the entry's own, else the table's, else a pencil) and the catalog's placeholder", async () => {
    const { templateWithRows } = await load();
    const template = "<!-- <form-rows> -->\n<!-- </form-rows> -->\n";
    const sms = templateWithRows(template, "telnyx-sms", [SEND_MESSAGE], {
      icons: FORM_ICONS,
      catalog: { "telnyx-sms": { placeholder: { to: "msg.to" } } },
    });
    assert.match(sms, /<i class="fa fa-mobile"><\/i> <span data-i18n="telnyx-sms\.label\.to">/, "send SMS names its own icon for to");
    assert.match(sms, /<i class="fa fa-picture-o"><\/i> <span data-i18n="telnyx-sms\.label\.mediaUrls">/, "from the table");
    assert.match(sms, /id="node-input-to" style="width: 70%;" data-i18n="\[placeholder\]telnyx-sms\.placeholder\.to">/);
    assert.match(sms, /id="node-input-mediaUrls" style="width: 70%;">/, "no placeholder where the catalog has none");
    const calls = templateWithRows(template, "telnyx-call-control", descriptors, { icons: FORM_ICONS });
    assert.match(calls, /<i class="fa fa-phone"><\/i> <span data-i18n="telnyx-call-control\.label\.to">/);
    assert.match(calls, /<i class="fa fa-pencil"><\/i> <span data-i18n="telnyx-call-control\.label\.toneName">/, "a field with no icon");
  });

  it("finds generated text left in a source's regions (the build fills them only in what it ships)", async () => {
    const { hasFilledRegion } = await load();
    assert.equal(hasFilledRegion("    // <form-defaults>\n    // </form-defaults>\n"), false);
    assert.equal(hasFilledRegion("<!-- <form-rows> -->\n<!-- </form-rows> -->"), false);
    assert.equal(hasFilledRegion("no markers"), false);
    assert.equal(hasFilledRegion('// <form-defaults>\n    to: form.field("to"),\n// </form-defaults>'), true);
    assert.equal(hasFilledRegion('<!-- <form-rows> -->\n<div class="form-row"></div>\n<!-- </form-rows> -->'), true);
  });

  it("registers an editor that exports its dialog: literal, every defaults key written out, waiting keys only where events end the operation", async () => {
    const { editorWithRegistration } = await load();
    const editor = 'export const dialog = operationDialog("telnyx-speak", SPEAK, { paletteLabel: "speak", inputLabels: "call", outputLabel: "queued" });\n';
    const speak = editorWithRegistration(editor, "telnyx-speak", [SPEAK]);
    assert.ok(speak.startsWith(editor), "the editor's own code first");
    assert.match(speak, /\nRED\.nodes\.registerType\("telnyx-speak", \{\n {2}category: "telnyx",\n {2}color: "#00E3AA",\n {2}icon: "telnyx-speak\.svg",\n {2}inputs: 1,\n {2}outputs: 1,\n/);
    for (const line of ['waitFor: { value: false },', "outputs: { value: 1 },", 'text: dialog.form.field("text"),', 'textType: dialog.form.type("text"),', 'options: { value: "", validate: dialog.form.options },']) {
      assert.ok(speak.includes(`\n    ${line}\n`), line);
    }
    assert.match(speak, /\n {2}oneditsave: dialog\.oneditsave,\n\}\);\n$/);
    const plain = editorWithRegistration(editor, "telnyx-new-action", [NEW_ACTION]);
    assert.doesNotMatch(plain, /waitFor|waitTimeout|outputs: \{/, "no events end it: one output, no waiting");
    assert.match(plain, /\n {4}toneName: dialog\.form\.field\("toneName"\),\n/);
    const own = 'RED.nodes.registerType("telnyx-x", {\n  defaults: {\n    // <form-defaults>\n    // </form-defaults>\n  },\n});\n';
    assert.match(editorWithRegistration(own, "telnyx-x", [NEW_ACTION]), /\n {4}toneName: form\.field\("toneName"\),\n/, "one that registers itself gets its defaults");
    assert.throws(() => editorWithRegistration("const x = 1;\n", "telnyx-x", [NEW_ACTION]), /neither calls RED\.nodes\.registerType nor exports a dialog/);
  });

  it("marks a field nothing stands in for as required in defaults, as Node-RED shows it (not where the operation may not be sent)", () => {
    assert.equal(operationForm(NEW_ACTION).field("toneName").required, true);
    assert.equal(operationForm(NEW_ACTION, () => false).field("toneName").required, undefined);
    assert.equal(operationForm(DIAL).field("to").required, undefined, "msg.to stands in");
    assert.equal(operationForm(DIAL).field("from").required, undefined, "the account's number stands in");
  });

  it("names every form field and action the catalog does not", async () => {
    const { catalogWithLabels } = await load();
    const catalog = { "telnyx-call-control": { label: { cause: "Cause" }, action: { hangup: "hang up" } } };
    const out = catalogWithLabels(catalog, "telnyx-call-control", descriptors)["telnyx-call-control"];
    assert.equal(out.label.cause, "Cause");
    assert.equal(out.label.toneName, "Tone name");
    assert.equal(out.action.hangup, "hang up");
    assert.equal(out.action.new_action, "new action");
    assert.equal(out.action.send_sip_info, "send sip info");
  });
});
