import { strict as assert } from "node:assert";
import { buildTexml } from "../../../src/shared/texml/builder";
import { TexmlError } from "../../../src/shared/texml/error";
import { stripInvalidXmlChars } from "../../../src/shared/texml/escaping";
import { TEXML_SCHEMA, describeTexmlAttribute } from "../../../src/shared/texml/schema";
import type { TexmlElementSpec } from "../../../src/shared/texml/types";
import { validateTexmlVerbs } from "../../../src/shared/texml/validate";
import { assertWellFormedTexml } from "../../../src/shared/texml/well-formed";
import { parse, toTree, type Tree } from "../../support/xml";

// ---------------------------------------------------------------------------------------------
// Helpers: parse the output back with a real XML parser (test/support/xml.ts).
// ---------------------------------------------------------------------------------------------

/** Builds, checks the document both with xmldom and our own checker, returns the verbs as trees. */
function roundTrip(verbs: unknown, options?: { pretty?: boolean }): Tree[] {
  const xml = buildTexml(verbs, options);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), "starts with the XML declaration");
  assertWellFormedTexml(xml); // the builder's output always passes the raw-XML checker
  const root = toTree(parse(xml));
  assert.equal(root.name, "Response");
  assert.deepEqual(root.attrs, {});
  return root.children;
}

const el = (name: string, attrs: Record<string, string> = {}, body?: string | Tree[]): Tree => {
  const t: Tree = { name, attrs, children: Array.isArray(body) ? body : [] };
  if (typeof body === "string") t.text = body;
  return t;
};

/** Asserts `fn` throws a TexmlError whose fields match and whose message matches every regexp. */
function assertTexmlError(fn: () => unknown, expected: { path?: string; attribute?: string; element?: string; code?: string }, ...messages: RegExp[]): TexmlError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof TexmlError, `expected a TexmlError, got ${String(caught)}`);
  const err = caught;
  if (expected.path !== undefined) assert.equal(err.path, expected.path, err.message);
  if (expected.attribute !== undefined) assert.equal(err.attribute, expected.attribute, err.message);
  if (expected.element !== undefined) assert.equal(err.element, expected.element, err.message);
  if (expected.code !== undefined) assert.equal(err.code, expected.code, err.message);
  for (const m of messages) assert.match(err.message, m);
  return err;
}

const invalid = (verbs: unknown, expected: Parameters<typeof assertTexmlError>[1], ...messages: RegExp[]) => {
  assertTexmlError(() => validateTexmlVerbs(verbs), { code: "ERR_TEXML_INVALID", ...expected }, ...messages);
  // buildTexml fails the same way: nothing is emitted.
  assertTexmlError(() => buildTexml(verbs), { code: "ERR_TEXML_INVALID", ...expected }, ...messages);
};

const malformed = (xml: string, ...messages: RegExp[]) => assertTexmlError(() => assertWellFormedTexml(xml), { code: "ERR_TEXML_MALFORMED" }, ...messages);

// ---------------------------------------------------------------------------------------------

describe("texml builder", () => {
  describe("verbs and nouns", () => {
    it("builds the example from the documentation", () => {
      const verbs = [
        { verb: "Say", text: "Hello", voice: "alice" },
        { verb: "Gather", action: "/next", numDigits: 1, children: [{ verb: "Say", text: "Press 1" }] },
        { verb: "Dial", children: [{ noun: "Number", text: "+15551234567" }] },
      ];
      const xml = buildTexml(verbs);
      assert.equal(
        xml,
        [
          '<?xml version="1.0" encoding="UTF-8"?>',
          "<Response>",
          '  <Say voice="alice">Hello</Say>',
          '  <Gather action="/next" numDigits="1">',
          "    <Say>Press 1</Say>",
          "  </Gather>",
          "  <Dial>",
          "    <Number>+15551234567</Number>",
          "  </Dial>",
          "</Response>",
          "",
        ].join("\n"),
      );
      assert.deepEqual(roundTrip(verbs), [
        el("Say", { voice: "alice" }, "Hello"),
        el("Gather", { action: "/next", numDigits: "1" }, [el("Say", {}, "Press 1")]),
        el("Dial", {}, [el("Number", {}, "+15551234567")]),
      ]);
    });

    it("builds compact output when pretty is false", () => {
      const xml = buildTexml([{ verb: "Gather", children: [{ verb: "Say", text: "Hi" }] }, { verb: "Hangup" }], { pretty: false });
      assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Gather><Say>Hi</Say></Gather><Hangup/></Response>\n');
    });

    it("builds an empty <Response/> from an empty list", () => {
      assert.deepEqual(roundTrip([]), []);
    });

    it("Say with every kind of attribute", () => {
      assert.deepEqual(
        roundTrip([
          { verb: "Say", text: "Hi", voice: "Polly.Joanna-Neural", language: "en-US", loop: 0, voiceSpeed: 1.5 },
          { verb: "Say", text: "Hallo", voice: "Azure.de-DE-KatjaNeural", gender: "Female", effect: "eq_car", api_key_ref: "k1" },
        ]),
        [
          el("Say", { voice: "Polly.Joanna-Neural", language: "en-US", loop: "0", voiceSpeed: "1.5" }, "Hi"),
          el("Say", { voice: "Azure.de-DE-KatjaNeural", gender: "Female", effect: "eq_car", api_key_ref: "k1" }, "Hallo"),
        ],
      );
    });

    it("Play: URL, DTMF digits and ring tone", () => {
      assert.deepEqual(
        roundTrip([
          { verb: "Play", text: "https://example.com/a.mp3", loop: 2, continueOnError: true, failoverUrl: "https://example.com/b.wav" },
          { verb: "Play", text: "greeting", mediaStorage: true },
          { verb: "Play", digits: "ww1234#" },
          { verb: "Play", ringTone: "uk", loop: 0 },
        ]),
        [
          el("Play", { loop: "2", continueOnError: "true", failoverUrl: "https://example.com/b.wav" }, "https://example.com/a.mp3"),
          el("Play", { mediaStorage: "true" }, "greeting"),
          el("Play", { digits: "ww1234#" }),
          el("Play", { ringTone: "uk", loop: "0" }),
        ],
      );
    });

    it("Gather with nested Say and Play", () => {
      assert.deepEqual(
        roundTrip([
          {
            verb: "Gather",
            action: "https://example.com/gather",
            timeout: 5,
            input: "dtmf speech",
            finishOnKey: "#",
            minDigits: 1,
            maxDigits: 4,
            validDigits: "0123*",
            transcriptionEngine: "Deepgram",
            model: "deepgram/nova-3",
            partialResultCallbackMethod: "GET",
            smartFormat: false,
            children: [
              { verb: "Say", voice: "alice", text: "Press 1 for sales, press 2 for support." },
              { verb: "Play", text: "https://example.com/beep.wav" },
            ],
          },
        ]),
        [
          el(
            "Gather",
            {
              action: "https://example.com/gather",
              timeout: "5",
              input: "dtmf speech",
              finishOnKey: "#",
              minDigits: "1",
              maxDigits: "4",
              validDigits: "0123*",
              transcriptionEngine: "Deepgram",
              model: "deepgram/nova-3",
              partialResultCallbackMethod: "GET",
              smartFormat: "false",
            },
            [el("Say", { voice: "alice" }, "Press 1 for sales, press 2 for support."), el("Play", {}, "https://example.com/beep.wav")],
          ),
        ],
      );
    });

    it("Dial with a bare number", () => {
      assert.deepEqual(roundTrip([{ verb: "Dial", callerId: "+15550001234", timeout: 30, text: "+15559999999" }]), [
        el("Dial", { callerId: "+15550001234", timeout: "30" }, "+15559999999"),
      ]);
    });

    it("Dial with Number, Sip, Queue and Conference nouns", () => {
      assert.deepEqual(
        roundTrip([
          {
            verb: "Dial",
            action: "/next",
            method: "GET",
            record: "record-from-answer-dual",
            answerOnBridge: true,
            sequential: true,
            timeLimit: 600,
            recordingStatusCallbackEvent: "in-progress completed",
            children: [
              {
                noun: "Number",
                text: "+15559999999",
                statusCallback: "https://foo.com/stats",
                statusCallbackEvent: "initiated ringing answered completed",
                machineDetection: "DetectMessageEnd",
                detectionMode: "Premium",
                machineDetectionTimeout: 5000,
                sendDigits: "ww123",
              },
              { noun: "Sip", text: "sip:alice@example.com", username: "alice", password: "s3cret", url: "https://example.com/whisper" },
            ],
          },
          { verb: "Dial", children: [{ noun: "Queue", text: "support", url: "https://example.com/about-to-connect", method: "POST" }] },
          {
            verb: "Dial",
            children: [
              {
                noun: "Conference",
                text: "Room 1234",
                muted: false,
                beep: "onEnter",
                maxParticipants: 10,
                record: "record-from-start",
                trim: "trim-silence",
                statusCallbackEvent: "start end join leave",
                waitUrl: "https://example.com/hold.xml",
                startConferenceOnEnter: true,
              },
            ],
          },
        ]),
        [
          el("Dial", { action: "/next", method: "GET", record: "record-from-answer-dual", answerOnBridge: "true", sequential: "true", timeLimit: "600", recordingStatusCallbackEvent: "in-progress completed" }, [
            el(
              "Number",
              {
                statusCallback: "https://foo.com/stats",
                statusCallbackEvent: "initiated ringing answered completed",
                machineDetection: "DetectMessageEnd",
                detectionMode: "Premium",
                machineDetectionTimeout: "5000",
                sendDigits: "ww123",
              },
              "+15559999999",
            ),
            el("Sip", { username: "alice", password: "s3cret", url: "https://example.com/whisper" }, "sip:alice@example.com"),
          ]),
          el("Dial", {}, [el("Queue", { url: "https://example.com/about-to-connect", method: "POST" }, "support")]),
          el("Dial", {}, [
            el(
              "Conference",
              {
                muted: "false",
                beep: "onEnter",
                maxParticipants: "10",
                record: "record-from-start",
                trim: "trim-silence",
                statusCallbackEvent: "start end join leave",
                waitUrl: "https://example.com/hold.xml",
                startConferenceOnEnter: "true",
              },
              "Room 1234",
            ),
          ]),
        ],
      );
    });

    it("Record, Redirect, Pause, Hangup, Reject, Enqueue, Leave", () => {
      assert.deepEqual(
        roundTrip([
          {
            verb: "Record",
            action: "/recorded",
            maxLength: 30,
            finishOnKey: "#",
            playBeep: false,
            channels: "single",
            format: "wav",
            transcription: true,
            transcriptionEngine: "Deepgram",
            recordingStatusCallbackEvent: "completed",
          },
          { verb: "Redirect", method: "GET", text: "https://example.com/next.xml" },
          { verb: "Pause", length: 180 },
          { verb: "Pause" },
          { verb: "Enqueue", text: "support", waitUrl: "/wait", maxWaitTimeSecs: 300, action: "/dequeued" },
          { verb: "Leave" },
          { verb: "Reject", reason: "busy" },
          { verb: "Hangup" },
        ]),
        [
          el("Record", {
            action: "/recorded",
            maxLength: "30",
            finishOnKey: "#",
            playBeep: "false",
            channels: "single",
            format: "wav",
            transcription: "true",
            transcriptionEngine: "Deepgram",
            recordingStatusCallbackEvent: "completed",
          }),
          el("Redirect", { method: "GET" }, "https://example.com/next.xml"),
          el("Pause", { length: "180" }),
          el("Pause"),
          el("Enqueue", { waitUrl: "/wait", maxWaitTimeSecs: "300", action: "/dequeued" }, "support"),
          el("Leave"),
          el("Reject", { reason: "busy" }),
          el("Hangup"),
        ],
      );
    });

    it("Refer with its Sip noun", () => {
      assert.deepEqual(roundTrip([{ verb: "Refer", action: "/refer-status", method: "POST", children: [{ noun: "Sip", text: "sip:bob@example.com" }] }]), [
        el("Refer", { action: "/refer-status", method: "POST" }, [el("Sip", {}, "sip:bob@example.com")]),
      ]);
    });

    it("Start with Stream (+Parameter), Transcription, Suppression, Recording and Siprec", () => {
      assert.deepEqual(
        roundTrip([
          {
            verb: "Start",
            children: [
              {
                noun: "Stream",
                url: "wss://example.com/audio",
                track: "both_tracks",
                name: "s1",
                codec: "OPUS",
                bidirectionalMode: "rtp",
                bidirectionalSamplingRate: 16000,
                enableReconnect: false,
                children: [{ noun: "Parameter", name: "customer", value: "42" }],
              },
              { noun: "Transcription", language: "de", interimResults: true, transcriptionTracks: "both", transcriptionCallback: "/transcripts" },
              { noun: "Suppression", direction: "both", noiseSuppressionEngine: "Krisp" },
              { noun: "Recording", channels: "dual", track: "inbound", format: "wav", recordingStatusCallback: "/rec", recordingStatusCallbackEvent: "in-progress completed absent" },
              { noun: "Siprec", connectorName: "rec-1", name: "siprec1", track: "inbound_track", sessionTimeoutSecs: 90, secure: true },
            ],
          },
        ]),
        [
          el("Start", {}, [
            el("Stream", { url: "wss://example.com/audio", track: "both_tracks", name: "s1", codec: "OPUS", bidirectionalMode: "rtp", bidirectionalSamplingRate: "16000", enableReconnect: "false" }, [
              el("Parameter", { name: "customer", value: "42" }),
            ]),
            el("Transcription", { language: "de", interimResults: "true", transcriptionTracks: "both", transcriptionCallback: "/transcripts" }),
            el("Suppression", { direction: "both", noiseSuppressionEngine: "Krisp" }),
            el("Recording", { channels: "dual", track: "inbound", format: "wav", recordingStatusCallback: "/rec", recordingStatusCallbackEvent: "in-progress completed absent" }),
            el("Siprec", { connectorName: "rec-1", name: "siprec1", track: "inbound_track", sessionTimeoutSecs: "90", secure: "true" }),
          ]),
        ],
      );
    });

    it("Stop with Stream, Transcription, Suppression and Siprec", () => {
      assert.deepEqual(
        roundTrip([{ verb: "Stop", children: [{ noun: "Stream" }, { noun: "Transcription" }, { noun: "Suppression" }, { noun: "Siprec", name: "siprec1" }] }]),
        [el("Stop", {}, [el("Stream"), el("Transcription"), el("Suppression"), el("Siprec", { name: "siprec1" })])],
      );
    });

    it("Connect with Stream or ConversationRelay", () => {
      assert.deepEqual(
        roundTrip([
          { verb: "Connect", children: [{ noun: "Stream", url: "wss://example.com/ws" }] },
          {
            verb: "Connect",
            children: [
              {
                noun: "ConversationRelay",
                url: "wss://example.com/relay",
                welcomeGreeting: "Hi!",
                interruptible: "speech",
                dtmfDetection: true,
                children: [{ noun: "Language", code: "en-US", voice: "Telnyx.NaturalHD.Astra" }, { noun: "Parameter", name: "a", value: "b" }],
              },
            ],
          },
        ]),
        [
          el("Connect", {}, [el("Stream", { url: "wss://example.com/ws" })]),
          el("Connect", {}, [
            el("ConversationRelay", { url: "wss://example.com/relay", welcomeGreeting: "Hi!", interruptible: "speech", dtmfDetection: "true" }, [
              el("Language", { code: "en-US", voice: "Telnyx.NaturalHD.Astra" }),
              el("Parameter", { name: "a", value: "b" }),
            ]),
          ]),
        ],
      );
    });
  });

  describe("the object form", () => {
    it("accepts verb or noun for any element, and numbers as text", () => {
      assert.deepEqual(
        roundTrip([
          { noun: "Say", text: 42 },
          { verb: "Dial", children: [{ verb: "Number", text: 15551234567 }] },
        ]),
        [el("Say", {}, "42"), el("Dial", {}, [el("Number", {}, "15551234567")])],
      );
    });

    it("normalises values: numeric strings, boolean strings, list tokens (enums in TeXML's exact spelling)", () => {
      assert.deepEqual(
        roundTrip([
          { verb: "Gather", numDigits: "04", timeout: "10", smartFormat: "true", input: " speech   dtmf speech ", partialResultCallbackMethod: "GET", transcriptionEngine: "Deepgram" },
          { verb: "Dial", record: "record-from-answer", hangupOnStar: "false", children: [{ noun: "Conference", text: "r", beep: false }] },
          { verb: "Say", text: "x", voiceSpeed: "0.5", gender: "Female" },
        ]),
        [
          el("Gather", { numDigits: "4", timeout: "10", smartFormat: "true", input: "speech dtmf", partialResultCallbackMethod: "GET", transcriptionEngine: "Deepgram" }),
          el("Dial", { record: "record-from-answer", hangupOnStar: "false" }, [el("Conference", { beep: "false" }, "r")]),
          el("Say", { voiceSpeed: "0.5", gender: "Female" }, "x"),
        ],
      );
    });

    it("refuses other spellings of enums and booleans, as every field does, with a did-you-mean", () => {
      for (const [item, message] of [
        [{ verb: "Gather", smartFormat: "TRUE" }, /attribute "smartFormat": expected true or false, got "TRUE" \(did you mean true\?\)$/],
        [{ verb: "Gather", partialResultCallbackMethod: "get" }, /expected one of "GET" or "POST", got "get" \(did you mean "GET"\?\)$/],
        [{ verb: "Gather", input: "Speech" }, /attribute "input": expected one or more of "dtmf" or "speech" separated by spaces, got "Speech" \(did you mean "speech"\?\)$/],
      ] as const) {
        assert.throws(() => roundTrip([item]), (err: Error) => message.test(err.message), String(item));
      }
    });

    it("leaves out attributes and text that are undefined, null or empty", () => {
      assert.deepEqual(
        roundTrip([
          { verb: "Gather", action: "", numDigits: null, timeout: undefined, text: "", children: [] },
          { verb: "Hangup", text: null, children: null },
        ]),
        [el("Gather"), el("Hangup")],
      );
    });

    it("keeps attributes in the order given", () => {
      const xml = buildTexml([{ verb: "Gather", numDigits: 1, action: "/a", timeout: 3 }], { pretty: false });
      assert.match(xml, /<Gather numDigits="1" action="\/a" timeout="3"\/>/);
    });
  });

  describe("hostile text and attribute values", () => {
    const hostile = [
      "</Say><Hangup/>",
      "]]>",
      "<![CDATA[x]]>",
      "a & b < c > d",
      "&amp; &lt; &#0; &bogus;",
      `"double" and 'single' quotes`,
      "line 1\nline 2\r\nline 3\rline 4",
      "\ttabbed\t and  double  spaces ",
      "emoji 🎉📞 and 中文 and é",
      "separators \u0085 \u2028 \u2029",
      '<?xml version="1.0"?><Response><Reject/></Response>',
      "<!-- comment -->",
    ];

    for (const value of hostile) {
      it(`round-trips ${JSON.stringify(value)} exactly`, () => {
        const verbs = [
          { verb: "Say", text: value, language: value },
          { verb: "Gather", action: value, children: [{ verb: "Say", text: value }] },
          { verb: "Dial", callerId: value, children: [{ noun: "Number", text: value, statusCallback: value }] },
          { verb: "Start", children: [{ noun: "Stream", url: value, children: [{ noun: "Parameter", name: value, value }] }] },
          { verb: "Redirect", text: value },
        ];
        for (const pretty of [true, false]) {
          assert.deepEqual(roundTrip(verbs, { pretty }), [
            el("Say", { language: value }, value),
            el("Gather", { action: value }, [el("Say", {}, value)]),
            el("Dial", { callerId: value }, [el("Number", { statusCallback: value }, value)]),
            el("Start", {}, [el("Stream", { url: value }, [el("Parameter", { name: value, value })])]),
            el("Redirect", {}, value),
          ]);
        }
      });
    }

    it("escapes exactly as documented", () => {
      const xml = buildTexml([{ verb: "Say", text: `<&>"'\t\n\r\u2028`, language: `<&>"'\t\n\r\u2028` }], { pretty: false });
      assert.ok(
        xml.includes(`<Say language="&lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;&#x2028;">&lt;&amp;&gt;"'\t\n&#13;&#x2028;</Say>`),
        xml,
      );
    });

    it("never lets text become markup", () => {
      const xml = buildTexml([{ verb: "Say", text: "</Say><Hangup/><Say>" }]);
      assert.doesNotMatch(xml, /<Hangup/);
      assert.equal(xml.split("<Say").length - 1, 1);
    });

    it("rejects characters XML 1.0 cannot represent, in text and in attributes", () => {
      invalid([{ verb: "Say", text: "a\u0000b" }], { path: "verbs[0]", element: "Say" }, /verbs\[0\] \(Say\): text contains U\+0000, which XML 1\.0 cannot represent/);
      invalid([{ verb: "Say", text: "ok" }, { verb: "Redirect", text: "/x", method: "GET" }, { verb: "Gather", action: "/a\u0008" }], { path: "verbs[2]", attribute: "action" }, /U\+0008/);
      invalid([{ verb: "Say", text: "lone \uD83D surrogate" }], { path: "verbs[0]" }, /U\+D83D/);
      invalid([{ verb: "Say", text: "\uFFFF" }], { path: "verbs[0]" }, /U\+FFFF/);
    });

    it("stripInvalidXmlChars removes exactly those characters", () => {
      assert.equal(stripInvalidXmlChars("a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uDC00g\uD800"), "abcdefg");
      const keep = "tab\t nl\n cr\r 🎉 \u0085 \uE000 \uFFFD";
      assert.equal(stripInvalidXmlChars(keep), keep);
      assert.deepEqual(roundTrip([{ verb: "Say", text: stripInvalidXmlChars("hi\u0007 there") }]), [el("Say", {}, "hi there")]);
    });
  });

  describe("invalid lists", () => {
    it("gives errors that read on their own (a Catch node's msg.error.message is err.toString())", () => {
      const err = assertTexmlError(() => buildTexml([{ verb: "Say" }]), { path: "verbs[0]" }, /missing text/);
      assert.equal(String(err), err.message);
      assert.equal(String(err), "verbs[0] (Say): missing text (the words to speak)");
    });

    it("rejects input that is not an array", () => {
      for (const input of [undefined, null, "Say hello", 42, { verb: "Say", text: "hi" }]) {
        invalid(input, { path: "verbs" }, /^verbs: expected an array of TeXML verbs/);
      }
    });

    it("rejects items that are not objects", () => {
      invalid([{ verb: "Hangup" }, "Say"], { path: "verbs[1]" }, /^verbs\[1\]: expected an object like .*, got "Say"/);
      invalid([[]], { path: "verbs[0]" }, /got an array/);
    });

    it("rejects an item without verb, or with both verb and noun", () => {
      invalid([{ text: "Hello" }], { path: "verbs[0]" }, /missing "verb"/);
      invalid([{ verb: "Say", noun: "Say", text: "x" }], { path: "verbs[0]" }, /either "verb" or "noun", not both/);
      invalid([{ verb: 7 }], { path: "verbs[0]" }, /"verb" must be a string, got 7/);
    });

    it("rejects an unknown verb", () => {
      invalid([{ verb: "Say", text: "hi" }, { verb: "Sms", text: "hi" }], { path: "verbs[1]" }, /^verbs\[1\]: unknown verb "Sms"; TeXML verbs are Say, Play, Gather, Dial/);
      invalid([{ verb: "say", text: "hi" }], { path: "verbs[0]" }, /unknown verb "say" \(did you mean "Say"\?\)/);
      invalid([{ verb: "constructor" }], { path: "verbs[0]" }, /unknown verb "constructor"/);
      invalid([{ verb: "Dial", children: [{ noun: "Client", text: "bob" }] }], { path: "verbs[0].children[0]" }, /unknown element "Client"; Dial takes Number, Sip, Queue, Conference/);
    });

    it("rejects an unknown attribute", () => {
      invalid(
        [{ verb: "Say", text: "hi" }, { verb: "Gather", num_digits: 1 }],
        { path: "verbs[1]", element: "Gather", attribute: "num_digits" },
        /^verbs\[1\] \(Gather\): unknown attribute "num_digits" \(did you mean "numDigits"\?\); Gather takes action, timeout, input/,
      );
      invalid([{ verb: "Hangup", reason: "busy" }], { attribute: "reason" }, /unknown attribute "reason"; Hangup takes no attributes/);
      invalid([{ verb: "Say", text: "x", toString: "y" }], { attribute: "toString" }, /unknown attribute "toString"/);
      invalid(JSON.parse('[{"verb":"Say","text":"x","__proto__":{"voice":"alice"}}]'), { attribute: "__proto__" }, /unknown attribute "__proto__"/);
      invalid([{ verb: "Stop", children: [{ noun: "Stream", url: "wss://x" }] }], { path: "verbs[0].children[0]", element: "Stream", attribute: "url" }, /Stream takes no attributes/);
    });

    it("rejects a value outside an enum", () => {
      invalid(
        [{ verb: "Say", text: "hi" }, { verb: "Hangup" }, { verb: "Reject", reason: "declined" }],
        { path: "verbs[2]", element: "Reject", attribute: "reason" },
        /^verbs\[2\] \(Reject\): attribute "reason": expected one of "rejected" or "busy", got "declined"$/,
      );
      invalid([{ verb: "Gather", input: "dtmf keys" }], { attribute: "input" }, /expected one or more of "dtmf" or "speech" separated by spaces, got "dtmf keys"/);
      invalid([{ verb: "Redirect", text: "/x", method: "PUT" }], { attribute: "method" }, /expected one of "GET" or "POST", got "PUT"/);
      invalid([{ verb: "Dial", text: "+1", record: true }], { attribute: "record" }, /expected one of "do-not-record"/);
    });

    it("rejects a number out of range, a fraction where an integer is expected, and non-numbers", () => {
      invalid([{ verb: "Hangup" }, { verb: "Pause", length: 0 }], { path: "verbs[1]", element: "Pause", attribute: "length" }, /^verbs\[1\] \(Pause\): attribute "length": expected an integer from 1 to 180 \(s\), got 0$/);
      invalid([{ verb: "Pause", length: 181 }], { attribute: "length" }, /got 181/);
      invalid([{ verb: "Gather", timeout: 2.5 }], { attribute: "timeout" }, /expected an integer from 1 to 120 \(s\), got 2\.5/);
      invalid([{ verb: "Say", text: "x", voiceSpeed: 2.01 }], { attribute: "voiceSpeed" }, /expected a number from 0\.1 to 2, got 2\.01/);
      invalid([{ verb: "Say", text: "x", loop: "three" }], { attribute: "loop" }, /expected an integer from 0 to 10, got "three"/);
      invalid([{ verb: "Say", text: "x", loop: Number.NaN }], { attribute: "loop" }, /got NaN/);
      invalid([{ verb: "Dial", children: [{ noun: "Conference", text: "r", maxParticipants: 1 }] }], { path: "verbs[0].children[0]", attribute: "maxParticipants" }, /from 2 to 250/);
    });

    it("rejects wrong value types, patterns and lengths", () => {
      invalid([{ verb: "Gather", action: { url: "/x" } }], { attribute: "action" }, /expected text, got an object/);
      invalid([{ verb: "Gather", action: true }], { attribute: "action" }, /expected text, got true/);
      invalid([{ verb: "Record", playBeep: "yes" }], { attribute: "playBeep" }, /expected true or false, got "yes"/);
      invalid([{ verb: "Gather", finishOnKey: "x" }], { attribute: "finishOnKey" }, /expected text made of keys 0-9, \* and #, got "x"/);
      invalid([{ verb: "Dial", text: "+1", fromDisplayName: "x".repeat(129) }], { attribute: "fromDisplayName" }, /at most 128 characters/);
    });

    it("rejects a noun at the top level", () => {
      invalid([{ verb: "Say", text: "hi" }, { noun: "Number", text: "+15551234567" }], { path: "verbs[1]", element: "Number" }, /^verbs\[1\] \(Number\): Number is not allowed at the top level; Number belongs inside Dial$/);
      invalid([{ noun: "Stream", url: "wss://x" }], { element: "Stream" }, /^verbs\[0\] \(Stream\): Stream is not allowed at the top level; Stream belongs inside Start, Stop or Connect$/);
    });

    it("rejects a Number inside Gather", () => {
      invalid(
        [{ verb: "Say", text: "hi" }, { verb: "Gather", children: [{ verb: "Say", text: "x" }, { noun: "Number", text: "+1" }] }],
        { path: "verbs[1].children[1]", element: "Number" },
        /^verbs\[1\]\.children\[1\] \(Number\): Number is not allowed inside Gather; Gather takes Say, Play; Number belongs inside Dial$/,
      );
    });

    it("rejects a verb inside a verb that does not take it", () => {
      invalid(
        [{ verb: "Dial", children: [{ verb: "Say", text: "x" }] }],
        { path: "verbs[0].children[0]", element: "Say" },
        /^verbs\[0\]\.children\[0\] \(Say\): Say is not allowed inside Dial; Dial takes Number, Sip, Queue, Conference; Say belongs at the top level or inside Gather$/,
      );
      invalid([{ verb: "Gather", children: [{ verb: "Pause", length: 1 }] }], { path: "verbs[0].children[0]", element: "Pause" }, /Pause is not allowed inside Gather; Gather takes Say, Play/);
    });

    it("rejects a Gather nested in a Gather", () => {
      invalid(
        [{ verb: "Gather", children: [{ verb: "Gather", children: [{ verb: "Say", text: "x" }] }] }],
        { path: "verbs[0].children[0]", element: "Gather" },
        /^verbs\[0\]\.children\[0\] \(Gather\): Gather is not allowed inside Gather; Gather takes Say, Play; Gather belongs at the top level$/,
      );
    });

    it("rejects missing required text, and text where none is allowed", () => {
      invalid([{ verb: "Hangup" }, { verb: "Say" }], { path: "verbs[1]", element: "Say" }, /^verbs\[1\] \(Say\): missing text \(the words to speak\)$/);
      invalid([{ verb: "Say", text: "   " }], { element: "Say" }, /missing text/);
      invalid([{ verb: "Dial", children: [{ noun: "Number" }] }], { path: "verbs[0].children[0]", element: "Number" }, /missing text \(the phone number/);
      invalid([{ verb: "Redirect" }], { element: "Redirect" }, /missing text \(the URL to fetch\)/);
      invalid([{ verb: "Hangup", text: "bye" }], { element: "Hangup" }, /Hangup takes no text/);
      invalid([{ verb: "Say", text: true }], { element: "Say" }, /"text" must be a string or a number, got true/);
    });

    it("rejects missing content and bad children", () => {
      invalid([{ verb: "Dial" }], { element: "Dial" }, /Dial\): needs one of: text, children \(Number, Sip, Queue, Conference\)/);
      invalid([{ verb: "Dial", text: "+1", children: [{ noun: "Number", text: "+2" }] }], { element: "Dial" }, /either text or children, not both/);
      invalid([{ verb: "Play" }], { element: "Play" }, /needs one of: text, attribute "digits", attribute "ringTone"/);
      invalid([{ verb: "Start" }], { element: "Start" }, /needs children \(Stream, Transcription, Suppression, Recording, Siprec\)/);
      invalid([{ verb: "Stop", children: [{ noun: "Recording" }] }], { path: "verbs[0].children[0]" }, /Recording is not allowed inside Stop; Stop takes Stream, Transcription, Suppression, Siprec; Recording belongs inside Start/);
      invalid([{ verb: "Refer", children: [{ noun: "Sip", text: "sip:a@x" }, { noun: "Sip", text: "sip:b@x" }] }], { element: "Refer" }, /at most 1 child element, got 2/);
      invalid([{ verb: "Refer", children: [{ noun: "Sip", text: "sip:a@x", username: "u" }] }], { attribute: "username" }, /Sip takes no attributes/);
      invalid([{ verb: "Say", text: "x", children: [{ verb: "Pause" }] }], { element: "Say" }, /Say takes no children/);
      invalid([{ verb: "Gather", children: { verb: "Say", text: "x" } }], { element: "Gather" }, /"children" must be an array, got an object/);
    });

    it("rejects missing required attributes", () => {
      invalid([{ verb: "Start", children: [{ noun: "Stream", track: "both_tracks" }] }], { path: "verbs[0].children[0]", attribute: "url" }, /missing attribute "url"/);
      invalid([{ verb: "Start", children: [{ noun: "Stream", url: "wss://x", children: [{ noun: "Parameter", value: "v" }] }] }], { path: "verbs[0].children[0].children[0]", attribute: "name" }, /missing attribute "name"/);
      // Blank is not given, for a required attribute too.
      invalid([{ verb: "Start", children: [{ noun: "Stream", url: "   " }] }], { path: "verbs[0].children[0]", attribute: "url" }, /missing attribute "url"/);
    });

    it("leaves out an attribute that is only blank, as one that is empty (never writes \"undefined\")", () => {
      assert.equal(buildTexml([{ verb: "Say", text: "hi", voice: "  " }]), buildTexml([{ verb: "Say", text: "hi" }]));
      assert.equal(buildTexml([{ verb: "Dial", action: " ", children: [{ noun: "Number", text: "+15550001111" }] }]), buildTexml([{ verb: "Dial", children: [{ noun: "Number", text: "+15550001111" }] }]));
    });

    it("names the deepest failing position", () => {
      const err = assertTexmlError(
        () => buildTexml([{ verb: "Say", text: "a" }, { verb: "Start", children: [{ noun: "Stream", url: "wss://x" }, { noun: "Siprec", sessionTimeoutSecs: 20000 }] }]),
        { path: "verbs[1].children[1]", element: "Siprec", attribute: "sessionTimeoutSecs" },
      );
      assert.equal(err.message, 'verbs[1].children[1] (Siprec): attribute "sessionTimeoutSecs": expected an integer from 90 to 14440 (s), got 20000');
      // Node-RED only copies message, code, stack and cause onto msg.error: the details ride in cause.
      assert.equal(err.code, "ERR_TEXML_INVALID");
      assert.deepEqual((err as { cause?: unknown }).cause, { path: "verbs[1].children[1]", element: "Siprec", attribute: "sessionTimeoutSecs" });
    });
  });

  describe("assertWellFormedTexml", () => {
    const good: Array<[string, string]> = [
      ["the builder's output", buildTexml([{ verb: "Say", text: "x" }])],
      ["a bare root", "<Response/>"],
      ["no declaration", "<Response><Say>Hi</Say></Response>"],
      ["a declaration without encoding", `<?xml version="1.0"?>\n<Response/>`],
      ["a declaration with single quotes and standalone", `<?xml version='1.0' encoding='utf-8' standalone='yes' ?><Response/>`],
      ["a byte order mark", "\uFEFF<?xml version=\"1.0\"?><Response/>"],
      ["comments and PIs around and inside", "<!-- a --><?app do?>\n<Response><!-- b --><?app x?><Hangup /></Response>\n<!-- c -->\n"],
      ["CDATA", "<Response><AIGather><Parameters><![CDATA[{\"a\": \"<b> & ]] c\"}]]></Parameters></AIGather></Response>"],
      ["references", `<Response><Say voice='a&quot;b'>&lt;&gt;&amp;&apos;&quot;&#65;&#x1F389;</Say></Response>`],
      ["whitespace in tags", `<Response ><Say\n  voice = "alice"\t>x</Say ><Pause length="2"\n/></Response\n>`],
      ["unknown verbs (not checked here)", "<Response><Pay chargeAmount=\"1.00\"><Prompt for=\"payment-card-number\"><Say>x</Say></Prompt></Pay></Response>"],
      ["namespaced names", `<Response xmlns:x="urn:x"><x:Foo x:bar="1"/></Response>`],
    ];
    for (const [what, xml] of good) {
      it(`accepts ${what}`, () => {
        assertWellFormedTexml(xml);
        parse(xml.replace(/^\uFEFF/, "")); // and a real parser agrees (xmldom wants the BOM decoded away)
      });
    }

    const bad: Array<[string, string, RegExp]> = [
      ["a non-string", undefined as unknown as string, /expected a string of XML, got nothing/],
      ["an empty string", "", /no root element \(expected <Response>\)/],
      ["only a declaration", `<?xml version="1.0"?>`, /no root element/],
      ["an unclosed tag", "<Response><Say>Hi</Response>", /mismatched closing tag <\/Response>: expected <\/Say> for the tag opened at line 1, column 11/],
      ["an unclosed root", "<Response>\n  <Say>Hi</Say>\n", /<Response> \(line 1, column 1\) is never closed at line 3, column 1/],
      ["mismatched tags", "<Response>\n<Say>Hi</Play>\n</Response>", /mismatched closing tag <\/Play>: expected <\/Say> .* at line 2, column 8/],
      ["a stray closing tag", "<Response></Response></Say>", /closing tag without a matching opening tag/],
      ["two roots", "<Response/><Response/>", /more than one root element/],
      ["a wrong root name", "<Resp><Say>x</Say></Resp>", /the root element is <Resp>, expected <Response>/],
      ["a lower-case root", "<response/>", /the root element is <response>, expected <Response>/],
      ["a bare & in text", "<Response><Say>Tom & Jerry</Say></Response>", /bare '&' \(write &amp; for a literal '&'\) at line 1, column 20/],
      ["a bare & in an attribute", `<Response><Redirect method="GET" x="a&b">/x</Redirect></Response>`, /bare '&'/],
      ["an unknown entity", "<Response><Say>&nbsp;</Say></Response>", /unknown entity &nbsp;/],
      ["an illegal character reference", "<Response><Say>&#0;</Say></Response>", /character reference &#0; is not a legal XML character/],
      ["an unquoted attribute", "<Response><Say voice=alice>x</Say></Response>", /the value of attribute voice in <Say> must be in quotes/],
      ["an attribute without a value", "<Response><Gather finishOnKey>x</Gather></Response>", /attribute finishOnKey in <Gather> has no value/],
      ["a duplicate attribute", `<Response><Say voice="a" voice="b">x</Say></Response>`, /attribute voice appears twice in <Say>/],
      ["attributes without whitespace", `<Response><Say voice="a"loop="2">x</Say></Response>`, /expected whitespace, '>' or '\/>' in <Say>/],
      ["< in an attribute", `<Response><Say voice="<a>">x</Say></Response>`, /'<' is not allowed in an attribute value/],
      ["an unterminated attribute", `<Response><Say voice="a>x</Say></Response>`, /is never closed|not allowed in an attribute value/],
      ["a literal < in text", "<Response><Say>1 < 2</Say></Response>", /'<' must start a tag \(write &lt; for a literal '<'\)/],
      ["]]> in text", "<Response><Say>a ]]> b</Say></Response>", /']]>' is not allowed in text/],
      ["text before the root", "hello <Response/>", /text before the root element/],
      ["text after the root", "<Response/> bye", /text after the root element/],
      ["a DOCTYPE", `<!DOCTYPE Response [<!ENTITY x "y">]><Response>&x;</Response>`, /DOCTYPE declarations are not allowed/],
      ["a declaration not at the start", ` <?xml version="1.0"?><Response/>`, /the XML declaration is only allowed at the very start/],
      ["a malformed declaration", `<?xml encoding="UTF-8"?><Response/>`, /malformed XML declaration/],
      ["an unclosed comment", "<Response><!-- x </Response>", /comment is never closed/],
      ["-- in a comment", "<Response><!-- a -- b --></Response>", /'--' is not allowed inside a comment/],
      ["an unclosed CDATA section", "<Response><Say><![CDATA[x</Say></Response>", /CDATA section is never closed/],
      ["CDATA outside the root", "<![CDATA[x]]><Response/>", /unexpected markup before the root element/],
      ["an illegal character", "<Response><Say>a\u0001b</Say></Response>", /U\+0001 is not allowed in an XML document at line 1, column 17/],
      ["an unfinished start tag", "<Response><Say voice=\"a\"", /<Say> start tag is not finished/],
    ];
    for (const [what, xml, message] of bad) {
      it(`rejects ${what}`, () => {
        const err = malformed(xml, message);
        if (typeof xml === "string") {
          assert.ok(err.line === undefined || err.line >= 1);
          // A real parser agrees that the document is broken (xmldom accepts a few of these).
          const xmldomLenient = [
            "a wrong root name",
            "a lower-case root",
            "an empty string",
            "only a declaration",
            "a bare & in text",
            "an illegal character reference",
            "]]> in text",
            "an illegal character",
          ];
          if (!xmldomLenient.includes(what)) assert.throws(() => parse(xml));
        }
      });
    }

    it("reports line and column", () => {
      const err = malformed("<Response>\n  <Say>\n    a & b\n  </Say>\n</Response>", /bare '&'/);
      assert.equal(err.line, 3);
      assert.equal(err.column, 7);
      assert.equal(err.path, "line 3, column 7");
      assert.deepEqual((err as { cause?: unknown }).cause, { path: "line 3, column 7", line: 3, column: 7 });
    });

    it("copes with deep nesting without recursion", () => {
      const depth = 100000;
      assertWellFormedTexml(`<Response>${"<a>".repeat(depth)}${"</a>".repeat(depth)}</Response>`);
      malformed(`<Response>${"<a>".repeat(depth)}${"</a>".repeat(depth - 1)}</Response>`, /mismatched closing tag <\/Response>: expected <\/a>/);
    });
  });

  describe("the schema table", () => {
    const everySpec = (): Array<[string, TexmlElementSpec]> => {
      const out: Array<[string, TexmlElementSpec]> = [];
      const walk = (path: string, spec: TexmlElementSpec) => {
        out.push([path, spec]);
        for (const [name, child] of Object.entries(spec.children ?? {})) walk(`${path} > ${name}`, child);
      };
      for (const [name, spec] of Object.entries(TEXML_SCHEMA)) walk(name, spec);
      return out;
    };

    it("has every required verb and noun", () => {
      for (const verb of ["Say", "Play", "Gather", "Dial", "Record", "Redirect", "Pause", "Hangup", "Reject", "Refer", "Enqueue", "Leave", "Start", "Stop"]) {
        assert.ok(TEXML_SCHEMA[verb], verb);
      }
      assert.deepEqual(Object.keys(TEXML_SCHEMA.Dial!.children!), ["Number", "Sip", "Queue", "Conference"]);
      assert.deepEqual(Object.keys(TEXML_SCHEMA.Gather!.children!), ["Say", "Play"]);
      assert.deepEqual(Object.keys(TEXML_SCHEMA.Refer!.children!), ["Sip"]);
      assert.deepEqual(Object.keys(TEXML_SCHEMA.Start!.children!), ["Stream", "Transcription", "Suppression", "Recording", "Siprec"]);
      assert.deepEqual(Object.keys(TEXML_SCHEMA.Stop!.children!), ["Stream", "Transcription", "Suppression", "Siprec"]);
    });

    it("is consistent: names match keys, defaults are valid values, ranges are ordered", () => {
      for (const [path, spec] of everySpec()) {
        assert.equal(path.split(" > ").pop(), spec.name, path);
        assert.ok(!spec.needsOneOf || spec.needsOneOf.every((w) => w === "text" || w === "children" || w in spec.attributes), path);
        assert.ok(spec.text !== "required" || spec.textDescription, `${path} describes its text`);
        for (const [attr, a] of Object.entries(spec.attributes)) {
          assert.ok(!["verb", "noun", "text", "children"].includes(attr), `${path}.${attr} is reserved`);
          if ((a.type === "enum" || a.type === "list") && a.default !== undefined) {
            for (const d of a.default.split(" ")) assert.ok(a.values.includes(d), `${path}.${attr} default ${a.default}`);
          }
          if ((a.type === "integer" || a.type === "number") && a.min !== undefined && a.max !== undefined) assert.ok(a.min < a.max, `${path}.${attr}`);
          if (a.type === "integer" && a.default !== undefined) {
            const d = Number(a.default);
            assert.ok(Number.isInteger(d) && (a.min === undefined || d >= a.min) && (a.max === undefined || d <= a.max), `${path}.${attr} default`);
          }
        }
      }
    });

    it("is frozen", () => {
      assert.ok(Object.isFrozen(TEXML_SCHEMA));
      assert.ok(Object.isFrozen(TEXML_SCHEMA.Gather!.attributes.timeout));
      assert.equal(Reflect.set(TEXML_SCHEMA, "Foo", {}), false);
      assert.equal(Reflect.set(TEXML_SCHEMA.Pause!.attributes, "length", {}), false);
      assert.equal("Foo" in TEXML_SCHEMA, false);
    });

    it("describes an attribute's accepted values", () => {
      assert.equal(describeTexmlAttribute(TEXML_SCHEMA.Gather!.attributes.timeout!), "an integer from 1 to 120 (s), default 5");
      assert.equal(describeTexmlAttribute(TEXML_SCHEMA.Reject!.attributes.reason!), 'one of "rejected" or "busy", default rejected');
    });
  });
});
