import { strict as assert } from "node:assert";
import { TelnyxInputError } from "../../src/shared/errors";
import { planTexmlCall } from "../../src/telnyx/texml-call-request";
import { optionFields } from "../../src/shared/operations/descriptor";
import { INITIATE_TEXML_CALL, UPDATE_TEXML_CALL } from "../../src/shared/operations/texml-calls";
import { buildBody } from "../../src/shared/operations/body";
import { assertMatchesRequestSchema, componentSchema, pathParams } from "../support/spec";

const TEXML = '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Say>Hi</Say></Response>\n';
/** The request's fields by API name, plus the path's accountSid and the node's options. */
type TexmlCallInput = Record<string, unknown> & { accountSid?: unknown; options?: unknown };
const BASE: TexmlCallInput = { accountSid: "acc-1", ApplicationSid: "app-1", To: "+15557654321", From: "+15550001111" };

function plan(extra: Partial<TexmlCallInput> = {}) {
  const { accountSid, options, ...fields } = { ...BASE, ...extra };
  const request = planTexmlCall({ params: { account_sid: accountSid }, fields, options });
  return { path: request.path, body: request.body as Record<string, unknown> };
}

function assertInputError(fn: () => unknown, field: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TelnyxInputError, `expected a TelnyxInputError, got ${String(err)}`);
    assert.equal(err.code, "ERR_TELNYX_INPUT");
    assert.equal(err.cause.field, field);
    assert.match(err.message, message);
    return true;
  });
}

describe("texml-call-request: planTexmlCall", () => {
  it("builds the request path and body, with Texml", () => {
    const { path, body } = plan({ Texml: TEXML });
    assert.equal(path, "/texml/Accounts/acc-1/Calls");
    assert.deepEqual(pathParams("InitiateTexmlCall", path), { account_sid: "acc-1" });
    assert.deepEqual(body, { ApplicationSid: "app-1", To: "+15557654321", From: "+15550001111", Texml: TEXML });
    assertMatchesRequestSchema("InitiateTexmlCall", body);
  });

  it("sends Url, or neither (the application's voice URL), each matching its branch of the spec's oneOf", () => {
    const withUrl = plan({ Url: "https://example.com/texml.xml" }).body;
    assert.deepEqual(withUrl, { ApplicationSid: "app-1", To: "+15557654321", From: "+15550001111", Url: "https://example.com/texml.xml" });
    assertMatchesRequestSchema("InitiateTexmlCall", withUrl);
    const neither = plan().body;
    assert.deepEqual(neither, { ApplicationSid: "app-1", To: "+15557654321", From: "+15550001111" });
    assertMatchesRequestSchema("InitiateTexmlCall", neither);
  });

  it("never sends Url and Texml together", () => {
    assertInputError(() => plan({ Url: "https://example.com/t.xml", Texml: TEXML }), "Url", /^Url: expected either a Url .* not both, got both$/);
    // The spec itself forbids it: a body with both fails the schema.
    assert.throws(() => assertMatchesRequestSchema("InitiateTexmlCall", { ...BASE, Url: "https://e.com/x", Texml: TEXML }));
  });

  it("maps every field of its own, normalising typed-input strings", () => {
    const { body } = plan({
      Texml: TEXML,
      StatusCallback: " https://example.com/status ",
      StatusCallbackEvent: "initiated  ringing answered completed",
      MachineDetection: "DetectMessageEnd",
      Record: "true",
      CallerId: "Acme Support",
      Timeout: "60",
      TimeLimit: 3600,
    });
    assert.deepEqual(body, {
      ApplicationSid: "app-1", To: "+15557654321", From: "+15550001111", Texml: TEXML,
      StatusCallback: "https://example.com/status",
      StatusCallbackEvent: "initiated ringing answered completed",
      MachineDetection: "DetectMessageEnd",
      Record: true,
      CallerId: "Acme Support",
      Timeout: 60,
      TimeLimit: 3600,
    });
    assertMatchesRequestSchema("InitiateTexmlCall", body);
  });

  it("takes every further documented field through options, and the body matches the spec", () => {
    const options = {
      UrlMethod: "GET", FallbackUrl: "https://example.com/fallback.xml", StatusCallbackMethod: "POST",
      DetectionMode: "Premium", MachineDetectionTimeout: 5000, MachineDetectionSpeechThreshold: 2000,
      MachineDetectionSpeechEndThreshold: 800, MachineDetectionSilenceTimeout: "3500", MachineDetectionPromptEndTimeout: 5000,
      AsyncAmd: true, AsyncAmdStatusCallback: "https://example.com/amd", AsyncAmdStatusCallbackMethod: "GET",
      CancelPlaybackOnMachineDetection: false, CancelPlaybackOnDetectMessageEnd: "false",
      RecordingChannels: "dual", RecordingStatusCallback: "https://example.com/rec", RecordingStatusCallbackEvent: ["in-progress", "completed"],
      RecordingStatusCallbackMethod: "GET", RecordingTimeout: 0, RecordingTrack: "both", Trim: "trim-silence", SendRecordingUrl: false,
      SipAuthUsername: "user", SipAuthPassword: "pass", SipRegion: "Middle East", MediaEncryption: "SRTP", PreferredCodecs: "PCMA,PCMU",
      CustomHeaders: [{ name: "X-Ref", value: "42" }], DeepfakeDetection: "Enable", DeepfakeDetectionCallbackUrl: "https://example.com/df",
      DeepfakeDetectionCallbackMethod: "POST", SuperviseCallSid: "v3:abc", SupervisingRole: "monitor",
    };
    // The test covers every field the table knows.
    assert.deepEqual(Object.keys(options).sort(), [...optionFields(INITIATE_TEXML_CALL)].sort());
    const { body } = plan({ Url: "https://example.com/t.xml", options });
    assertMatchesRequestSchema("InitiateTexmlCall", body);
    assert.equal(body.UrlMethod, "GET");
    assert.equal(body.MachineDetectionSilenceTimeout, 3500);
    assert.equal(body.CancelPlaybackOnDetectMessageEnd, false);
    assert.equal(body.RecordingStatusCallbackEvent, "in-progress completed");
    assert.equal(body.SipRegion, "Middle East");
    assert.equal(body.MediaEncryption, "SRTP");
  });

  it("knows exactly the spec's fields", () => {
    const schema = componentSchema("InitiateCallRequest") as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(INITIATE_TEXML_CALL.fields).sort(), Object.keys(schema.properties).sort());
  });

  it("encodes the account SID as one path segment", () => {
    assert.equal(plan({ accountSid: "a/b c" }).path, "/texml/Accounts/a%2Fb%20c/Calls");
  });

  it("calls a SIP URI", () => {
    assert.equal(plan({ To: "sip:alice@example.sip.telnyx.com" }).body.To, "sip:alice@example.sip.telnyx.com");
  });

  const invalid: Array<[string, Partial<TexmlCallInput>, string, RegExp]> = [
    ["no To", { To: undefined }, "To", /^To: expected a \+E\.164 number or a SIP URI to call, got nothing$/],
    ["a malformed To", { To: "555-1234" }, "To", /^To: expected a \+E\.164 number .* or a SIP URI .*, got "555-1234"$/],
    ["no From", { From: "" }, "From", /^From: expected a \+E\.164 number to call from, got nothing$/],
    ["a From that is not E.164", { From: "ACME" }, "From", /^From: expected a \+E\.164 number/],
    ["no account SID", { accountSid: undefined }, "account_sid", /^account_sid: expected the TeXML account SID/],
    ["an account SID of ..", { accountSid: ".." }, "account_sid", /^account_sid: expected an id \(not empty, not \. or \.\.\), got "\.\."$/],
    ["no application", { ApplicationSid: "  " }, "ApplicationSid", /^ApplicationSid: expected the TeXML application id/],
    ["a Timeout out of range", { Timeout: 3 }, "Timeout", /^Timeout: expected an integer from 5 to 120, got 3$/],
    ["a fractional TimeLimit", { TimeLimit: "90.5" }, "TimeLimit", /^TimeLimit: expected an integer from 30 to 14400/],
    ["a MachineDetection not in the enum", { MachineDetection: "on" }, "MachineDetection", /^MachineDetection: expected one of "Enable", "Disable" or "DetectMessageEnd", got "on"$/],
    ["a MachineDetection in the wrong case", { MachineDetection: "detectmessageend" }, "MachineDetection", /got "detectmessageend" \(did you mean "DetectMessageEnd"\?\)$/],
    ["a Record of TRUE", { Record: "TRUE" }, "Record", /^Record: expected true or false, got "TRUE" \(did you mean true\?\)$/],
    ["a SipRegion in the wrong case", { options: { SipRegion: "middle east" } }, "options.SipRegion", /did you mean "Middle East"\?\)$/],
    ["a Record that is not boolean", { Record: "yes" }, "Record", /^Record: expected true or false, got "yes"$/],
    ["a CallerId with markup", { CallerId: "<b>" }, "CallerId", /^CallerId: expected at most 128 letters, digits, spaces and -_~!\.\+, got "<b>"$/],
    ["a CallerId over 128 characters", { CallerId: "a".repeat(129) }, "CallerId", /^CallerId: expected at most 128 characters, got 129 characters$/],
    ["a relative StatusCallback", { StatusCallback: "/status" }, "StatusCallback", /^StatusCallback: expected an http\(s\) URL/],
    ["a bad StatusCallbackEvent", { StatusCallbackEvent: "ringing, answered" }, "StatusCallbackEvent", /^StatusCallbackEvent: expected one or more event names separated by spaces, got "ringing, answered"$/],
    ["options that are not an object", { options: "x" }, "options", /^options: expected an object of further request fields/],
    ["an unknown option", { options: { Foo: 1 } }, "options.Foo", /^options\.Foo: expected a field InitiateTexmlCall documents, got an unknown field$/],
    ["an option the node sets itself", { options: { Timeout: 30 } }, "options.Timeout", /^options\.Timeout: expected no Timeout here: the node has a field of its own for it, got 30$/],
    ["Texml through options", { options: { Texml: TEXML } }, "options.Texml", /the node has a field of its own for it/],
    ["a bad option value", { options: { RecordingStatusCallbackEvent: "done" } }, "options.RecordingStatusCallbackEvent", /expected one or more of "in-progress", "completed" or "absent" separated by spaces, got "done"$/],
    ["malformed CustomHeaders", { options: { CustomHeaders: [{ name: "X" }] } }, "options.CustomHeaders[0].value", /expected a string$/],
    ["an empty Texml", { Texml: " " }, "Texml", /^Texml: expected a TeXML document, got " "$/],
  ];
  for (const [what, input, field, message] of invalid) {
    it(`rejects ${what}, naming ${field}`, () => assertInputError(() => plan(input), field, message));
  }
});

describe("texml-call-request: UpdateTexmlCall's one-thing-at-a-time rule", () => {
  const body = (fields: Record<string, unknown>) => buildBody(UPDATE_TEXML_CALL, { params: { account_sid: "acc-1", call_sid: "v3:call" }, fields });

  it("names the Url beside Texml or Status (the node's action gives those; the Url is what to remove)", () => {
    const url = "https://example.com/next";
    assertInputError(() => body({ Texml: TEXML, Url: url }), "Url", /^Url: expected no Url when redirecting to TeXML \(the verbs or msg\.texml\): leave it empty, or choose "redirect to a URL", got "https:\/\/example\.com\/next"$/);
    assertInputError(() => body({ Url: url, Status: "completed" }), "Url", /^Url: expected no Url when ending the call \(Status completed\): leave it empty, or choose "redirect to a URL", got "https:\/\/example\.com\/next"$/);
  });

  it("names Status beside Texml, and says what is missing when nothing is given", () => {
    assertInputError(() => body({ Texml: TEXML, Status: "completed" }), "Status", /^Status: expected one of Texml, Url or Status, not Texml and Status together, got both$/);
    assertInputError(() => body({}), "Url", /^Url: expected what to do with the call/);
  });
});
