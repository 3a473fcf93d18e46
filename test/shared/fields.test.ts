import { strict as assert } from "node:assert";
import { TelnyxInputError } from "../../src/shared/errors";
import {
  base64,
  boolean,
  check,
  describe as describeField,
  didYouMean,
  either,
  formOf,
  headers,
  integer,
  list,
  number,
  object,
  oneOf,
  required,
  string,
  test as testField,
  text,
  variant,
  type BodyOf,
} from "../../src/shared/fields";

/** The message of the input error check() throws for this value. */
function refusal(name: string, field: Parameters<typeof check>[1], value: unknown): string {
  try {
    check(name, field, value);
  } catch (err) {
    assert.ok(err instanceof TelnyxInputError, String(err));
    assert.equal(err.code, "ERR_TELNYX_INPUT");
    assert.ok(err.cause.field.startsWith(name), `${err.cause.field} names ${name}`);
    return err.message;
  }
  assert.fail(`${name}: ${JSON.stringify(value)} was accepted`);
}

describe("the field language", () => {
  describe("strings and text", () => {
    it("trims strings, keeps text as written, and treats blanks as unset", () => {
      assert.equal(check("s", string(), "  abc "), "abc");
      assert.equal(check("t", text(), "  Hello  "), "  Hello  ");
      assert.equal(check("s", string(), "   "), undefined);
      assert.equal(check("t", text(), "   "), undefined);
      assert.equal(check("s", string(), ""), undefined);
      assert.equal(check("s", string(), null), undefined);
    });

    it("takes a number as its digits and refuses other types", () => {
      assert.equal(check("s", string(), 42), "42");
      assert.equal(refusal("s", string(), { a: 1 }), "s: expected a string, got an object");
    });

    it("counts lengths in characters and checks formats", () => {
      assert.equal(check("s", string({ max: 2 }), "😀😀"), "😀😀");
      assert.equal(refusal("s", string({ max: 2 }), "abc"), "s: expected at most 2 characters, got 3 characters");
      assert.equal(refusal("u", string({ format: "url" }), "ftp://x"), 'u: expected an http(s) URL, got "ftp://x"');
      assert.equal(refusal("n", string({ format: "e164" }), "5551234"), 'n: expected a +E.164 number (e.g. +15551234567), got "5551234"');
      assert.equal(check("n", string({ format: "e164" }), " +15551234567 "), "+15551234567");
    });
  });

  describe("numbers", () => {
    it("takes numbers and strings of digits, within the limits", () => {
      assert.equal(check("i", integer({ min: 5, max: 120 }), "30"), 30);
      assert.equal(check("i", integer(), 7), 7);
      assert.equal(check("n", number(), "0.5"), 0.5);
      assert.equal(refusal("i", integer({ min: 5, max: 120 }), 4), "i: expected an integer from 5 to 120, got 4");
      assert.equal(refusal("i", integer({ min: 0 }), "1.5"), 'i: expected an integer of at least 0, got "1.5"');
      assert.equal(refusal("i", integer({ max: 3 }), "x"), 'i: expected an integer of at most 3, got "x"');
      assert.equal(refusal("n", number(), Number.NaN), "n: expected a number, got NaN");
    });
  });

  describe("enums", () => {
    const region = oneOf(["US", "Europe", "Canada", "Australia", "Middle East"]);

    it("take the API's exact spelling", () => {
      assert.equal(check("sip_region", region, "Europe"), "Europe");
      assert.equal(check("sip_region", region, " Middle East "), "Middle East");
    });

    it('refuse a near miss with a "did you mean"', () => {
      assert.equal(
        refusal("sip_region", region, "us"),
        'sip_region: expected one of "US", "Europe", "Canada", "Australia" or "Middle East", got "us" (did you mean "US"?)',
      );
      assert.match(refusal("sip_region", region, "middle_east"), /did you mean "Middle East"\?/);
      assert.match(refusal("sip_region", region, "Erope"), /did you mean "Europe"\?/);
      assert.doesNotMatch(refusal("sip_region", region, "Mars"), /did you mean/);
    });

    it("take numbers for numeric values", () => {
      const rate = oneOf([8000, 16000]);
      assert.equal(check("rate", rate, "16000"), 16000);
      assert.equal(check("rate", rate, 8000), 8000);
      assert.equal(refusal("rate", rate, 8001), 'rate: expected one of 8000 or 16000, got 8001');
    });

    it("shorten long lists", () => {
      const many = oneOf(Array.from({ length: 20 }, (_, i) => `v${i}`));
      assert.match(describeField(many), /^one of the 20 documented values \("v0", "v1", "v2", "v3", "v4", "v5", \.\.\.\)$/);
    });
  });

  describe("booleans", () => {
    it('take true/false and exactly "true"/"false"', () => {
      assert.equal(check("b", boolean(), true), true);
      assert.equal(check("b", boolean(), "false"), false);
      assert.equal(check("b", boolean(), " true "), true);
    });

    it("refuse other spellings, with a hint for a near miss", () => {
      assert.equal(refusal("b", boolean(), "TRUE"), 'b: expected true or false, got "TRUE" (did you mean true?)');
      assert.equal(refusal("b", boolean(), "yes"), 'b: expected true or false, got "yes"');
      assert.equal(refusal("b", boolean(), 1), "b: expected true or false, got 1");
    });
  });

  describe("objects", () => {
    it("pass objects on, checking documented keys", () => {
      assert.deepEqual(check("o", object(), { a: 1 }), { a: 1 });
      const amd = object({ keys: ["total_analysis_time_millis", "silence_threshold"] });
      assert.equal(
        refusal("amd", amd, { silence_treshold: 1 }),
        'amd.silence_treshold: expected one of the documented keys: total_analysis_time_millis, silence_threshold, got "silence_treshold" (did you mean "silence_threshold"?)',
      );
      assert.equal(refusal("o", object(), [1]), "o: expected an object, got an array of 1");
    });

    it("tell variants apart by their tag", () => {
      const settings = variant("type", { telnyx: ["voice_speed"], aws: [] });
      assert.deepEqual(check("vs", settings, { type: "telnyx", voice_speed: 1.2 }), { type: "telnyx", voice_speed: 1.2 });
      assert.match(refusal("vs", settings, { type: "Telnyx" }), /^vs\.type: expected one of "telnyx" or "aws", got "Telnyx" \(did you mean "telnyx"\?\)$/);
      assert.match(refusal("vs", settings, { type: "aws", voice_speed: 1 }), /^vs\.voice_speed: expected /);
    });
  });

  describe("headers", () => {
    it("send the list of {name, value} the spec wants, from a list or an object", () => {
      const expected = [{ name: "X-A", value: "1" }, { name: "X-B", value: "two" }];
      assert.deepEqual(check("h", headers(), [{ name: "X-A", value: 1 }, { name: "X-B", value: "two" }]), expected);
      assert.deepEqual(check("h", headers(), { "X-A": "1", "X-B": "two" }), expected);
      assert.equal(check("h", headers(), []), undefined);
      assert.equal(check("h", headers(), {}), undefined);
    });

    it("check names and shapes, saying where", () => {
      assert.equal(refusal("h", headers(), [{ name: "X", value: "1", extra: 1 }]), 'h[0]: expected a header {"name": ..., "value": ...}');
      assert.equal(refusal("h", headers(), [{ name: "", value: "1" }]), "h[0].name: expected a header name");
      assert.equal(
        refusal("sip_headers", headers({ names: ["User-to-User"] }), { "user-to-user": "x" }),
        'sip_headers[0].name: expected "User-to-User", got "user-to-user" (did you mean "User-to-User"?)',
      );
    });
  });

  describe("lists", () => {
    it("take arrays, or one item standing for a list of one", () => {
      const urls = list(string({ format: "url" }), { split: "items" });
      assert.deepEqual(check("media_urls", urls, "https://a.test/1.png, https://a.test/2.png"), ["https://a.test/1.png", "https://a.test/2.png"]);
      assert.deepEqual(check("media_urls", urls, ["https://a.test/1.png"]), ["https://a.test/1.png"]);
      assert.equal(check("media_urls", urls, []), undefined);
      assert.equal(refusal("media_urls", urls, ["https://a.test/1.png", "x"]), 'media_urls[1]: expected an http(s) URL, got "x"');
    });

    it("join words, each from the documented values", () => {
      const events = list(oneOf(["initiated", "ringing", "completed"]), { split: "words" });
      assert.equal(check("events", events, "ringing  completed ringing"), "ringing completed");
      assert.equal(check("events", events, ["initiated"]), "initiated");
      assert.equal(
        refusal("events", events, "ringing Completed"),
        'events: expected one or more of "initiated", "ringing" or "completed" separated by spaces, got "ringing Completed" (did you mean "completed"?)',
      );
    });

    it("refuse an empty list when one item is needed", () => {
      const to = either([string({ format: "e164" }), list(string({ format: "e164" }), { min: 1 })]);
      assert.equal(check("to", to, "+15551234567"), "+15551234567");
      assert.deepEqual(check("to", to, ["+15551234567", "+15557654321"]), ["+15551234567", "+15557654321"]);
      assert.match(refusal("to", to, []), /^to: expected a \+E\.164 number .*, or a list of them, got/);
      assert.equal(refusal("to", to, ["+15551234567", "bad"]), 'to[1]: expected a +E.164 number (e.g. +15551234567), got "bad"');
    });
  });

  describe("base64 values (client state)", () => {
    it("encode text and objects (as JSON)", () => {
      assert.equal(check("client_state", base64(), "héllo"), Buffer.from("héllo").toString("base64"));
      assert.equal(check("client_state", base64(), { step: 2 }), Buffer.from('{"step":2}').toString("base64"));
      assert.equal(refusal("client_state", base64(), 3), "client_state: expected a string or an object, got 3");
    });
  });

  it("one wording for lists of values: one of \"a\", \"b\" or \"c\"", () => {
    assert.equal(describeField(oneOf(["a"])), '"a"');
    assert.equal(describeField(oneOf(["a", "b"])), 'one of "a" or "b"');
    assert.equal(describeField(oneOf(["a", "b", "c"])), 'one of "a", "b" or "c"');
  });

  it("did you mean: same letters in another case or with other separators, or one or two letters off", () => {
    assert.equal(didYouMean("us", ["US", "Europe"]), '"US"');
    assert.equal(didYouMean("record_from_answer", ["record-from-answer"]), '"record-from-answer"');
    assert.equal(didYouMean("Caada", ["Canada", "Europe"]), '"Canada"');
    assert.equal(didYouMean("zz", ["US"]), undefined);
  });

  it("test() answers without throwing (the editors' validators)", () => {
    assert.deepEqual(testField(integer({ min: 1 }), "0"), { ok: false, expected: "an integer of at least 1" });
    assert.deepEqual(testField(integer({ min: 1 }), "2"), { ok: true, value: 2 });
  });

  it("describe() gives a dialog its choices and whether a field holds JSON", () => {
    assert.deepEqual(formOf(oneOf(["GET", "POST"])), { choices: ["GET", "POST"], json: false, stringOrJson: false, expected: 'one of "GET" or "POST"' });
    assert.deepEqual(formOf(boolean()).choices, ["true", "false"]);
    assert.equal(formOf(headers()).json, true);
    assert.equal(formOf(base64()).stringOrJson, true);
  });

  it("derives request body types from the declarations", () => {
    const fields = { to: required(string({ format: "e164" })), record: boolean(), region: oneOf(["US", "Europe"]), h: headers({ names: ["User-to-User"] }) };
    type Body = BodyOf<typeof fields>;
    const body: Body = { to: "+15551234567", record: true, region: "Europe", h: [{ name: "User-to-User", value: "x" }] };
    // @ts-expect-error: "us" is not one of the declared values
    const wrongCase: Body = { to: "+15551234567", region: "us" };
    // @ts-expect-error: `to` is required
    const missing: Body = { record: true };
    // @ts-expect-error: a boolean field takes a boolean
    const wrongType: Body = { to: "+15551234567", record: "true" };
    assert.ok(body && wrongCase && missing && wrongType);
  });
});
