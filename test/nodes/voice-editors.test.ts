// The voice nodes' dialogs against the operation descriptors they are built from (src/shared/operations): a row for
// every field, every label in the catalog. (test/browser/editor.test.ts opens them in a real editor.)
import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import { ANSWER, CALL_ACTIONS, CALL_COMMANDS, DIAL, SPEAK } from "../../src/shared/operations/call-control";
import type { NodeField } from "../../src/shared/operations/descriptor";
import { definitionOf } from "../support/editor-definition";
import { root } from "../support/node-red";

const COMMON = ["clientState", "commandId", "options"];
const FORMS: Record<string, { entries: readonly NodeField[]; common: string[] }> = {
  "telnyx-dial": { entries: DIAL.form, common: COMMON },
  "telnyx-answer": { entries: ANSWER.form, common: COMMON },
  "telnyx-speak": { entries: SPEAK.form, common: COMMON },
  "telnyx-call-control": { entries: Object.values(CALL_COMMANDS).flatMap((d) => d.form), common: COMMON },
};

function catalog(type: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(root, "nodes", "locales", "en-US", `${type}.json`), "utf8"));
}

function lookup(messages: Record<string, unknown>, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

describe("voice node dialogs", () => {
  for (const [type, { entries, common }] of Object.entries(FORMS)) {
    it(`${type}: a typedInput row for every field, and every label in the catalog`, () => {
      // As shipped: the build writes the rows from the descriptors (scripts/node-forms.mjs).
      const html = fs.readFileSync(path.join(root, "nodes", `${type}.html`), "utf8");
      const template = new RegExp(`<script type="text/html" data-template-name="${type}">([\\s\\S]*?)</script>`).exec(html)![1];
      const properties = [...new Set([...common, ...entries.map((e) => e.property)])];
      for (const property of properties) {
        assert.match(template, new RegExp(`id="node-input-${property}"`), `${type}: no input for ${property}`);
        assert.match(template, new RegExp(`id="node-input-${property}Type"`), `${type}: no type for ${property}`);
      }
      const declared = [...template.matchAll(/id="node-input-(\w+?)(Type)?"/g)].filter((m) => !m[2]).map((m) => m[1]);
      assert.deepEqual(declared.filter((p) => !["account", "name", "action", ...properties].includes(p)), [], "no rows the node does not read");

      const messages = catalog(type);
      const keys = [...template.matchAll(/data-i18n="(?:\[placeholder\])?([^"]+)"/g)].map((m) => m[1]);
      for (const key of keys) assert.equal(typeof lookup(messages, key), "string", `${type}: ${key} is not in the catalog`);
      for (const key of ["label.choice", "label.unset"]) assert.equal(typeof lookup(messages, `${type}.${key}`), "string", key);
    });
  }

  it("telnyx-call-control: a label for every action and for msg.action", () => {
    const messages = catalog("telnyx-call-control");
    for (const action of [...CALL_ACTIONS, "fromMsg"]) {
      assert.equal(typeof lookup(messages, `telnyx-call-control.action.${action}`), "string", action);
    }
  });

  for (const [type, { entries, common }] of Object.entries(FORMS)) {
    it(`${type}: defaults name every field and its type (written out, as the Flow Library reads them)`, () => {
      const { defaults } = definitionOf(type);
      const properties = [...new Set([...common, ...entries.map((e) => e.property)])];
      // Besides the fields: waiting for the outcome (waitFor, waitTimeout, the gather menu) and the outputs it sets.
      const waiting = ["waitFor", "waitTimeout", "outputs", ...(type === "telnyx-call-control" ? ["menu"] : [])];
      const expected = ["name", "account", ...(type === "telnyx-call-control" ? ["action"] : []), ...waiting, ...properties.flatMap((p) => [p, `${p}Type`])];
      assert.deepEqual(Object.keys(defaults).sort(), expected.sort());
      for (const property of properties) assert.equal(defaults[property].value, "", `${property} starts empty`);
      for (const property of properties) assert.ok(["str", "json"].includes(String(defaults[`${property}Type`].value)), `${property}Type`);
    });
  }

  it("telnyx-call-control: requires the chosen action's required fields, and checks literals against its spec", () => {
    const { defaults } = definitionOf("telnyx-call-control");
    const valid = (property: string, node: Record<string, unknown>, value: string) => defaults[property].validate!.call(node, value);
    assert.equal(valid("cause", { action: "reject", causeType: "str" }, ""), false, "reject needs a cause");
    assert.equal(valid("cause", { action: "reject", causeType: "str" }, "BUSY"), false, "not one of the API's causes");
    assert.equal(valid("cause", { action: "reject", causeType: "str" }, "USER_BUSY"), true);
    assert.equal(valid("cause", { action: "reject", causeType: "msg" }, "payload.cause"), true, "read at run time");
    assert.equal(valid("cause", { action: "hangup", causeType: "str" }, ""), true, "hidden for hangup");
    assert.equal(valid("cause", { action: "", causeType: "str" }, ""), true, "from msg.action");
    assert.equal(valid("to", { action: "transfer", toType: "str" }, ""), false);
    assert.equal(valid("to", { action: "transfer", toType: "str" }, "0800 123"), false);
    assert.equal(valid("bridgeWith", { action: "bridge", bridgeWithType: "str" }, ""), false);
    assert.equal(valid("format", { action: "record_start", formatType: "str" }, ""), false);
    assert.equal(valid("channels", { action: "record_start", channelsType: "str" }, "dual"), true);
    assert.equal(valid("digits", { action: "send_dtmf", digitsType: "str" }, "12x"), false);
    assert.equal(valid("text", { action: "gather_using_speak", textType: "str" }, ""), true, "msg.payload stands in");
    assert.equal(valid("maximumDigits", { action: "gather", maximumDigitsType: "str" }, "129"), false);
    assert.equal(valid("options", { action: "hangup", optionsType: "json" }, '{"custom_headers": []}'), true);
    assert.equal(valid("options", { action: "hangup", optionsType: "json" }, '{"cause": "USER_BUSY"}'), false, "not a hangup field");
    assert.equal(valid("options", { action: "reject", optionsType: "json" }, '{"cause": "USER_BUSY"}'), false, "reject has a Cause field");
    assert.equal(valid("sipAddress", { action: "refer", sipAddressType: "str" }, ""), false, "refer needs an address");
    assert.equal(valid("sipAddress", { action: "refer", sipAddressType: "str" }, "+15551234567"), false, "a SIP URI");
    assert.equal(valid("sipAddress", { action: "refer", sipAddressType: "str" }, "sip:alice@example.com"), true);
    assert.equal(valid("body", { action: "send_sip_info", bodyType: "str" }, ""), false);
    assert.equal(valid("contentType", { action: "send_sip_info", contentTypeType: "str" }, "application/json"), true);
    assert.equal(valid("action", {}, "mute"), false);
  });

  it("telnyx-dial and telnyx-speak: fallbacks make fields optional; literals must fit", () => {
    const dial = definitionOf("telnyx-dial").defaults;
    assert.equal(dial.to.validate!.call({ toType: "str" }, ""), true, "msg.to stands in");
    assert.equal(dial.to.validate!.call({ toType: "str" }, "+15551234567"), true);
    assert.equal(dial.to.validate!.call({ toType: "json" }, '["+15551234567", "sip:a@b.c"]'), true);
    assert.equal(dial.to.validate!.call({ toType: "str" }, "555-1234"), false);
    assert.equal(dial.timeLimitSecs.validate!.call({ timeLimitSecsType: "str" }, "10"), false);
    assert.equal(dial.timeLimitSecs.validate!.call({ timeLimitSecsType: "str" }, "60"), true);
    assert.equal(dial.fromDisplayName.validate!.call({ fromDisplayNameType: "str" }, "a".repeat(129)), false);
    assert.equal(dial.customHeaders.validate!.call({ customHeadersType: "json" }, '{"X-A": "1"}'), true);
    assert.equal(dial.options.validate!.call({ optionsType: "json" }, '{"to": "+15551234567"}'), false);
    const speak = definitionOf("telnyx-speak").defaults;
    assert.equal(speak.text.validate!.call({ textType: "str" }, "a".repeat(3001)), false);
    assert.equal(speak.voice.validate!.call({ voiceType: "str" }, ""), true, "the default voice stands in");
    assert.equal(speak.voiceSettings.validate!.call({ voiceSettingsType: "json" }, '{"type": "polly"}'), false);
  });
});
