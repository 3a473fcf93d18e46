import { strict as assert } from "node:assert";
import path from "node:path";
import { compileEventFilter, parseEvent, parseForm, parseQuery, type ParseEventResult, type TelnyxEvent } from "../../../src/telnyx/webhook/parse";
import { fixtureBytes, fixtureFiles, fixtureJson } from "../../support/fixtures";

function parsedOk(result: ParseEventResult): TelnyxEvent {
  assert.ok(result.ok, `expected a parsed event, got: ${result.ok ? "" : result.reason}`);
  return result.event;
}

function parseFails(body: string | Buffer, reason: RegExp): void {
  const result = parseEvent(typeof body === "string" ? Buffer.from(body, "utf8") : body);
  assert.equal(result.ok, false, `expected ${JSON.stringify(String(body))} to be refused`);
  if (!result.ok) assert.match(result.reason, reason);
}

/** A form fixture's body without the file's final newline (it is not part of the body). */
function formBody(file: string): Buffer {
  return Buffer.from(fixtureBytes(file).toString("utf8").replace(/\n$/, ""), "utf8");
}

describe("telnyx/webhook/parse", () => {
  describe("parseEvent", () => {
    for (const file of fixtureFiles("webhooks", ".json")) {
      it(`parses ${file}`, () => {
        const event = parsedOk(parseEvent(fixtureBytes(file)));
        assert.equal(event.data.event_type, path.basename(file, ".json"));
        assert.equal(event.data.record_type, "event");
        assert.equal(typeof event.data.id, "string");
        // Most events carry occurred_at beside event_type; the spec's conference events carry it in the payload.
        const occurredAt = event.data.occurred_at ?? (event.data.payload as { occurred_at?: unknown }).occurred_at;
        assert.equal(typeof occurredAt, "string");
        assert.equal(typeof event.data.payload, "object");
        assert.deepEqual(event, fixtureJson(file));
      });
    }

    it("keeps meta and unicode text as sent", () => {
      const e2e = parsedOk(parseEvent(fixtureBytes("sdk-test-payloads/call.answered.e2e.json")));
      assert.equal(e2e.data.event_type, "call.answered");
      assert.equal(e2e.meta?.attempt, "1");
      const special = parsedOk(parseEvent(fixtureBytes("sdk-test-payloads/message.received.special-chars.json")));
      assert.match(String(special.data.payload?.text), /中文 🚀$/);
    });

    it("parses the signed fixture bodies, compact and pretty", () => {
      const { vectors } = fixtureJson<{ vectors: Array<{ id: string; raw_body_base64: string }> }>("signature-vectors.json");
      for (const id of ["valid-call-initiated-compact-json", "valid-message-received-pretty-unicode"]) {
        const vector = vectors.find((v) => v.id === id);
        assert.ok(vector, id);
        const event = parsedOk(parseEvent(Buffer.from(vector.raw_body_base64, "base64")));
        assert.match(event.data.event_type, /^(call\.initiated|message\.received)$/);
      }
    });

    it("accepts a UTF-8 byte order mark", () => {
      const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixtureBytes("webhooks/call.hangup.json")]);
      assert.equal(parsedOk(parseEvent(body)).data.event_type, "call.hangup");
    });

    it("reports malformed JSON", () => {
      parseFails("{", /^body is not valid JSON: /);
      parseFails('{"data":{"event_type":"call.hangup","id":"x"}', /^body is not valid JSON: /);
      parseFails("data=1&id=2", /^body is not valid JSON: /);
      parseFails("", /^body is empty$/);
      parseFails(" \n", /^body is empty$/);
      parseFails(Buffer.from([0x7b, 0xff, 0x7d]), /^body is not UTF-8 text$/);
    });

    it("reports a body that is not a Telnyx event", () => {
      parseFails("[]", /^body is not a JSON object$/);
      parseFails("null", /^body is not a JSON object$/);
      parseFails('"call.hangup"', /^body is not a JSON object$/);
      parseFails("{}", /^body has no data object$/);
      parseFails('{"data":[]}', /^body has no data object$/);
      parseFails('{"data":"x"}', /^body has no data object$/);
      parseFails('{"data":{"id":"x"}}', /^body is missing data\.event_type$/);
      parseFails('{"data":{"id":"x","event_type":""}}', /^body is missing data\.event_type$/);
      parseFails('{"data":{"id":"x","event_type":7}}', /^body is missing data\.event_type$/);
      parseFails('{"data":{"event_type":"call.hangup"}}', /^body is missing data\.id$/);
      parseFails('{"data":{"event_type":"call.hangup","id":null}}', /^body is missing data\.id$/);
      parseFails('{"data":{"event_type":"call.hangup","id":"x","payload":"text"}}', /^data\.payload is not an object$/);
    });

    it("needs only event_type and id", () => {
      const event = parsedOk(parseEvent(Buffer.from('{"data":{"event_type":"fax.queued","id":"f1"}}')));
      assert.deepEqual(event, { data: { event_type: "fax.queued", id: "f1" } });
    });
  });

  describe("parseForm and parseQuery", () => {
    // The .form.txt fixtures are the .json objects urlencoded (booleans lower-cased).
    for (const name of ["texml-gather", "texml-call-initiated"]) {
      it(`parses texml-callbacks/${name}.form.txt into the fields of ${name}.json`, () => {
        const expected = Object.fromEntries(
          Object.entries(fixtureJson<Record<string, unknown>>(`texml-callbacks/${name}.json`)).map(([k, v]) => [k, String(v)]),
        );
        const body = formBody(`texml-callbacks/${name}.form.txt`);
        assert.deepEqual(parseForm(body), expected);
        assert.deepEqual(parseForm(body.toString("utf8")), expected);
      });
    }

    it("decodes + as a space and percent escapes, including UTF-8", () => {
      const fields = parseForm(Buffer.from("SpeechResult=Please+connect+me&From=%2B15552010091&Name=Z%C3%BCrich%20%F0%9F%9A%80&Empty="));
      assert.deepEqual(fields, { SpeechResult: "Please connect me", From: "+15552010091", Name: "Zürich 🚀", Empty: "" });
    });

    it("turns a repeated name into an array of its values in order", () => {
      assert.deepEqual(parseForm("a=1&b=2&a=3&a=4"), { a: ["1", "3", "4"], b: "2" });
    });

    it("keeps odd field names as ordinary fields", () => {
      const fields = parseForm("__proto__=x&constructor=y&hasOwnProperty=z");
      assert.equal(Object.getPrototypeOf(fields), Object.prototype);
      assert.deepEqual(Object.keys(fields), ["__proto__", "constructor", "hasOwnProperty"]);
      assert.equal(Object.getOwnPropertyDescriptor(fields, "__proto__")?.value, "x");
    });

    it("tolerates malformed escapes and an empty body", () => {
      assert.deepEqual(parseForm("a=%ZZ&b=%"), { a: "%ZZ", b: "%" });
      assert.deepEqual(parseForm(""), {});
      assert.deepEqual(parseForm(Buffer.alloc(0)), {});
      assert.deepEqual(parseForm("?a=1"), { a: "1" });
    });

    it("parses the query of the TeXML instruction-fetch GET example", () => {
      const requestLine = fixtureBytes("texml-callbacks/instruction-fetch-get.txt").toString("utf8").trim();
      const url = requestLine.replace(/^GET /, "");
      assert.deepEqual(parseQuery(url), {
        AccountSid: "6a9a7976-012e-45d2-9258-6f5dc68d861e",
        CallSid: "fcc47bc6-e428-11ed-ad79-02420aef00b4",
        CallSidLegacy: "fcc47bc6-e428-11ed-ad79-02420aef00b4",
        From: "+13122010091",
        To: "+13122010090",
        ConnectionId: "1568109700606592442",
        CallStatus: "in-progress",
      });
    });

    it("gives {} for a URL without a query and ignores a fragment", () => {
      assert.deepEqual(parseQuery("/texml-instructions"), {});
      assert.deepEqual(parseQuery("/texml?"), {});
      assert.deepEqual(parseQuery("/texml?a=1#b=2"), { a: "1" });
      assert.deepEqual(parseQuery("/texml?a=1?b=2"), { a: "1?b=2" });
    });
  });

  describe("compileEventFilter", () => {
    const types = ["call.initiated", "call.speak.ended", "message.received", "message.sent", "texml.callback"];
    const passing = (patterns: Parameters<typeof compileEventFilter>[0]): string[] => types.filter(compileEventFilter(patterns));

    it("lets everything through when there are no patterns", () => {
      assert.deepEqual(passing([]), types);
      assert.deepEqual(passing(undefined), types);
      assert.deepEqual(passing(""), types);
      assert.deepEqual(passing([" ", ""]), types);
    });

    it("matches exact names and * wildcards (across dots)", () => {
      assert.deepEqual(passing(["call.*", "message.received"]), ["call.initiated", "call.speak.ended", "message.received"]);
      assert.deepEqual(passing(["*.ended"]), ["call.speak.ended"]);
      assert.deepEqual(passing(["message.*ed"]), ["message.received"]);
      assert.deepEqual(passing(["*"]), types);
    });

    it("anchors both ends and treats . and other regex characters literally", () => {
      const filter = compileEventFilter(["call.initiated", "a+b", "(x|y)"]);
      assert.equal(filter("call.initiated"), true);
      assert.equal(filter("callXinitiated"), false);
      assert.equal(filter("xcall.initiated"), false);
      assert.equal(filter("call.initiated.later"), false);
      assert.equal(filter("a+b"), true);
      assert.equal(filter("aab"), false);
      assert.equal(filter("(x|y)"), true);
      assert.equal(filter("x"), false);
      assert.equal(compileEventFilter(["message.received"])("message.received.extra"), false);
    });

    it("ignores letter case and accepts a comma- or space-separated string", () => {
      assert.deepEqual(passing("Call.Initiated, message.*"), ["call.initiated", "message.received", "message.sent"]);
      assert.deepEqual(passing("call.speak.* \n texml.callback"), ["call.speak.ended", "texml.callback"]);
    });
  });
});
