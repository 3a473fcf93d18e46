import { strict as assert } from "node:assert";
import { buildTexml } from "../../../src/shared/texml/builder";
import { TexmlError } from "../../../src/shared/texml/error";
import { fillTemplate, fillTexmlTemplates, hasTemplate, withoutTemplates, type TemplateLookup } from "../../../src/shared/texml/template";
import { validateTexmlVerbs } from "../../../src/shared/texml/validate";
import { parse, toTree } from "../../support/xml";

/** A lookup over a plain object with dotted paths, standing in for Node-RED's property expressions. */
function lookupIn(msg: Record<string, unknown>): TemplateLookup {
  return (path) => {
    if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(path)) throw new Error(`invalid property expression ${path}`);
    return path.split(".").reduce<unknown>((value, key) => (value == null ? undefined : (value as Record<string, unknown>)[key]), msg);
  };
}

describe("texml templates", () => {
  describe("fillTemplate", () => {
    const msg = { payload: { Digits: "42", n: 7, ok: true, list: [1, 2], obj: { a: "b" }, nothing: null }, topic: "t" };
    const fill = (text: string) => fillTemplate(text, lookupIn(msg));

    it("replaces references, with or without msg., with spaces inside the braces", () => {
      assert.equal(fill("You pressed {{payload.Digits}}."), "You pressed 42.");
      assert.equal(fill("{{msg.payload.Digits}}-{{ payload.Digits }}-{{ msg.topic }}"), "42-42-t");
    });

    it("writes numbers and booleans as text, objects as JSON, unset values as nothing", () => {
      assert.equal(fill("{{payload.n}} {{payload.ok}}"), "7 true");
      assert.equal(fill("{{payload.list}} {{payload.obj}}"), '[1,2] {"a":"b"}');
      assert.equal(fill("[{{payload.nothing}}][{{payload.missing}}][{{payload.missing.deeper}}]"), "[][][]");
    });

    it("leaves text without references, and lone braces, alone", () => {
      assert.equal(fill("no refs { } {x} }}{{"), "no refs { } {x} }}{{");
    });

    it("does not expand a value again", () => {
      const lookup = lookupIn({ payload: { said: "{{payload.secret}}", secret: "s3cret" } });
      assert.equal(fillTemplate("{{payload.said}}", lookup), "{{payload.secret}}");
    });

    it("names the value when a reference is empty or not a property path", () => {
      assert.throws(() => fillTemplate("x {{ }}", lookupIn(msg), "verbs[0] (Say): text"), (err: TexmlError) => {
        assert.ok(err instanceof TexmlError);
        assert.equal(err.code, "ERR_TEXML_INVALID");
        assert.equal(err.message, "verbs[0] (Say): text: {{ }} names no message property (write e.g. {{payload.Digits}})");
        return true;
      });
      assert.throws(() => fillTemplate("{{msg}}", lookupIn(msg)), /names no message property/);
      assert.throws(
        () => fillTemplate("{{payload..x}}", lookupIn(msg), "verbs[2] (Play): attribute \"loop\""),
        /^verbs\[2\] \(Play\): attribute "loop": \{\{payload\.\.x\}\} is not a property path: invalid property expression payload\.\.x$/,
      );
    });
  });

  describe("fillTexmlTemplates", () => {
    it("fills texts and attribute values at every depth, never verb names, and does not change its input", () => {
      const verbs = [
        { verb: "Say", text: "Hi {{payload.name}}", voice: "{{payload.voice}}" },
        { verb: "Gather", numDigits: "{{payload.n}}", children: [{ verb: "Say", text: "{{payload.prompt}}" }] },
        { verb: "{{payload.verb}}" },
      ];
      const copy = JSON.parse(JSON.stringify(verbs));
      const filled = fillTexmlTemplates(verbs, lookupIn({ payload: { name: "Ada", voice: "alice", n: 3, prompt: "Press 1", verb: "Hangup" } }));
      assert.deepEqual(filled, [
        { verb: "Say", text: "Hi Ada", voice: "alice" },
        { verb: "Gather", numDigits: "3", children: [{ verb: "Say", text: "Press 1" }] },
        { verb: "{{payload.verb}}" },
      ]);
      assert.deepEqual(verbs, copy);
    });

    it("leaves an attribute out when its reference is unset", () => {
      const filled = fillTexmlTemplates([{ verb: "Say", text: "x", voice: "{{payload.voice}}" }], lookupIn({ payload: {} }));
      assert.equal(buildTexml(filled, { pretty: false }), '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Say>x</Say></Response>\n');
    });

    it("names the element in reference errors", () => {
      assert.throws(
        () => fillTexmlTemplates([{ verb: "Say", text: "ok" }, { verb: "Gather", children: [{ verb: "Say", text: "{{}}" }] }], lookupIn({})),
        /^verbs\[1\]\.children\[0\] \(Say\): text: \{\{\}\} names no message property/,
      );
    });

    it("passes malformed input through for the builder to report", () => {
      assert.equal(fillTexmlTemplates("nope", lookupIn({})), "nope");
      assert.deepEqual(fillTexmlTemplates([null, 3, { verb: "Say", children: "x" }], lookupIn({})), [null, 3, { verb: "Say", children: "x" }]);
    });

    const hostile = ["</Say><Hangup/>", "a & b", "<![CDATA[x]]>", "]]>", `"double" 'single'`, "<?xml version=\"1.0\"?>", "&amp; &#60;", "{{payload.x}}"];
    for (const value of hostile) {
      it(`keeps the caller's ${JSON.stringify(value)} as text, in text and attributes`, () => {
        const verbs = [
          { verb: "Say", text: "You said: {{payload.said}}" },
          { verb: "Gather", action: "https://example.com/next?q={{payload.said}}", children: [{ verb: "Say", text: "{{payload.said}}" }] },
        ];
        const xml = buildTexml(fillTexmlTemplates(verbs, lookupIn({ payload: { said: value } })));
        assert.deepEqual(toTree(parse(xml)).children, [
          { name: "Say", attrs: {}, text: `You said: ${value}`, children: [] },
          {
            name: "Gather",
            attrs: { action: `https://example.com/next?q=${value}` },
            children: [{ name: "Say", attrs: {}, text: value, children: [] }],
          },
        ]);
      });
    }
  });

  describe("withoutTemplates (checking a list before any message)", () => {
    it("drops referenced values the builder would check against a type, keeps texts and plain text attributes", () => {
      const verbs = [
        { verb: "Gather", numDigits: "{{payload.n}}", finishOnKey: "{{payload.key}}", action: "{{payload.next}}", children: [{ verb: "Say", text: "{{payload.t}}", loop: "{{payload.loop}}" }] },
        { verb: "Start", children: [{ noun: "Stream", url: "{{payload.wss}}" }] },
      ];
      assert.deepEqual(withoutTemplates(verbs), [
        { verb: "Gather", numDigits: undefined, finishOnKey: undefined, action: "{{payload.next}}", children: [{ verb: "Say", text: "{{payload.t}}", loop: undefined }] },
        { verb: "Start", children: [{ noun: "Stream", url: "{{payload.wss}}" }] },
      ]);
      validateTexmlVerbs(withoutTemplates(verbs));
    });

    it("still reports what is wrong apart from references", () => {
      assert.throws(() => validateTexmlVerbs(withoutTemplates([{ verb: "Say", text: "{{payload.t}}", colour: "{{payload.c}}" }])), /unknown attribute "colour"/);
      assert.throws(() => validateTexmlVerbs(withoutTemplates([{ verb: "Say", loop: "{{payload.n}}" }])), /missing text/);
    });

    it("hasTemplate tells references from plain values", () => {
      assert.equal(hasTemplate("a {{b}} c"), true);
      assert.equal(hasTemplate("{{}}"), true);
      assert.equal(hasTemplate("a { b } c"), false);
      assert.equal(hasTemplate(3), false);
    });
  });
});
