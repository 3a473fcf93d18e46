// Issue 9's mismatch table: the same input used to get different answers from dial/transfer options, SMS
// options and TeXML call options. One field language gives one answer per row; each row is tested on all
// three (through their descriptors, as the nodes send them).
import { strict as assert } from "node:assert";
import { TelnyxInputError } from "../../src/shared/errors";
import { CALL_COMMANDS, DIAL } from "../../src/shared/operations/call-control";
import { buildBody } from "../../src/shared/operations/body";
import type { Descriptor } from "../../src/shared/operations/descriptor";
import { SEND_MESSAGE } from "../../src/shared/operations/messaging";
import { INITIATE_TEXML_CALL } from "../../src/shared/operations/texml-calls";

const dialFields = { to: "+15551234567", from: "+15557654321", connection_id: "1494404757140276705" };
const SYSTEMS = {
  dial: { descriptor: DIAL, fields: dialFields, boolean: "retry_on_timeout", region: "sip_region", headers: "custom_headers" },
  transfer: { descriptor: CALL_COMMANDS.transfer, fields: { to: "+15551234567" }, boolean: "early_media", region: "sip_region", headers: "custom_headers" },
  sms: { descriptor: SEND_MESSAGE, fields: { to: "+15551234567", from: "+15557654321", text: "hi" }, boolean: "use_profile_webhooks", region: undefined, headers: undefined },
  texml: {
    descriptor: INITIATE_TEXML_CALL,
    fields: { To: "+15551234567", From: "+15557654321", ApplicationSid: "1494404757140276705" },
    boolean: "Record",
    region: "SipRegion",
    headers: "CustomHeaders",
  },
} as const;

/** Sends `value` as the option `key` and returns the body, or the input error's message. */
function answer(system: keyof typeof SYSTEMS, key: string, value: unknown): Record<string, unknown> | string {
  const { descriptor, fields } = SYSTEMS[system];
  // A field with a row of its own in the node's dialog is sent as one; the others through the node's options.
  const own = descriptor.form.some((entry) => entry.field === key);
  try {
    return own
      ? buildBody(descriptor as Descriptor, { fields: { ...fields, [key]: value } })
      : buildBody(descriptor as Descriptor, { fields, options: { [key]: value } });
  } catch (err) {
    assert.ok(err instanceof TelnyxInputError, String(err));
    return err.message;
  }
}

describe("one answer per row of the mismatch table", () => {
  for (const system of ["dial", "transfer", "sms", "texml"] as const) {
    const { boolean } = SYSTEMS[system];

    it(`${system}: "true" for a boolean is accepted as true`, () => {
      const body = answer(system, boolean, "true");
      assert.equal(typeof body === "object" && body[boolean], true);
    });

    it(`${system}: "TRUE" for a boolean is refused, with a hint`, () => {
      assert.match(String(answer(system, boolean, "TRUE")), new RegExp(`${boolean}: expected true or false, got "TRUE" \\(did you mean true\\?\\)$`));
    });
  }

  for (const system of ["dial", "transfer", "texml"] as const) {
    const region = SYSTEMS[system].region;

    it(`${system}: an enum in the wrong case ("us") is refused with "did you mean"`, () => {
      assert.equal(
        answer(system, region, "us"),
        `options.${region}: expected one of "US", "Europe", "Canada", "Australia" or "Middle East", got "us" (did you mean "US"?)`,
      );
      const body = answer(system, region, "US");
      assert.equal(typeof body === "object" && body[region], "US");
    });

    it(`${system}: headers as an object are accepted and sent as the spec's list of {name, value}`, () => {
      const headers = SYSTEMS[system].headers;
      const body = answer(system, headers, { "X-Trace": "abc", "X-Count": 2 });
      assert.deepEqual(typeof body === "object" && body[headers], [{ name: "X-Trace", value: "abc" }, { name: "X-Count", value: "2" }]);
    });
  }

  it("sms: an enum in the wrong case is refused the same way", () => {
    assert.equal(answer("sms", "type", "sms"), 'options.type: expected one of "SMS" or "MMS", got "sms" (did you mean "SMS"?)');
    assert.equal(answer("sms", "encoding", "GSM7"), 'options.encoding: expected one of "auto", "gsm7" or "ucs2", got "GSM7" (did you mean "gsm7"?)');
  });

  it('one wording for a list of values everywhere: one of "a", "b" or "c"', () => {
    assert.match(String(answer("transfer", "mute_dtmf", "all")), /expected one of "none", "both", "self" or "opposite", got "all"$/);
    assert.match(String(answer("texml", "RecordingTrack", "all")), /expected one of "inbound", "outbound" or "both", got "all"$/);
    assert.match(String(answer("sms", "encoding", "utf8")), /expected one of "auto", "gsm7" or "ucs2", got "utf8"$/);
  });
});
