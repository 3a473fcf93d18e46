// Every operation descriptor against the Telnyx OpenAPI spec (through test/spec/telnyx-requests.json):
// its method and path, and every field it declares, with every documented value of its enums, sent as
// the field language checks it, must be a valid request.
import { strict as assert } from "node:assert";
import { check, type Field } from "../../src/shared/fields";
import type { FormatName } from "../../src/shared/fields/formats";
import { OPERATIONS } from "../../src/shared/operations";
import { buildBody } from "../../src/shared/operations/body";
import type { Descriptor } from "../../src/shared/operations/descriptor";
import { operation, requestSchemaErrors } from "../support/spec";

const SAMPLES: Record<FormatName, string> = {
  e164: "+15551234567",
  "e164-or-sip": "sip:alice@example.com",
  destination: "+15551234567",
  "sip-uri": "sip:alice@example.com",
  recipient: "+15551234567",
  url: "https://example.com/hook",
  uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  "date-time": "2030-01-01T00:00:00Z",
  "display-name": "Alice",
  dtmf: "1w2#",
  digits: "123#",
  digit: "#",
  "call-id": "v3:abc",
  word: "completed",
};

/** Valid values for a field as a flow would give them: every documented value of an enum, one sample otherwise. */
function samples(field: Field): unknown[] {
  switch (field.kind) {
    case "string":
      return [field.format ? SAMPLES[field.format] : "abc"];
    case "integer":
    case "number":
      return [field.min ?? field.max ?? 1];
    case "boolean":
      return [true, "false"];
    case "enum":
      return [...field.values];
    case "object":
      return [field.keys ? { [field.keys[0]]: 1 } : {}];
    case "headers":
      return [[{ name: field.names?.[0] ?? "X-Example", value: "1" }], { [field.names?.[0] ?? "X-Example"]: "1" }];
    case "list":
      return field.split === "words" ? samples(field.of).map(String) : [samples(field.of)];
    case "either":
      return field.options.flatMap(samples);
    case "variant": {
      const [tag, keys] = Object.entries(field.variants)[0];
      return [{ [field.tag]: tag, ...(keys[0] ? { [keys[0]]: "x" } : {}) }];
    }
    case "base64":
      return ["state", { step: 1 }];
  }
}

/** The smallest valid body: each required field with its first sample, plus whatever the rules need. */
function minimalBody(descriptor: Descriptor): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(descriptor.fields)) if (field.required) body[name] = samples(field)[0];
  // What the prose rules need besides the required fields.
  if (descriptor.name === "playback_start") body.audio_url = SAMPLES.url;
  if (descriptor.name === "send_message") Object.assign(body, { from: SAMPLES.e164, text: "hi" });
  return body;
}

describe("operation descriptors match the Telnyx OpenAPI spec", () => {
  for (const descriptor of Object.values(OPERATIONS)) {
    describe(`${descriptor.name} (${descriptor.operationId})`, () => {
      it("has the spec's method, path and path parameters", () => {
        const spec = operation(descriptor.operationId);
        assert.equal(descriptor.method, spec.method.toUpperCase());
        assert.equal(descriptor.path, spec.path);
        assert.deepEqual(Object.keys(descriptor.params).sort(), [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      });

      it("sends every declared field, with every documented value, as the spec takes it", () => {
        const base = minimalBody(descriptor);
        assert.deepEqual(requestSchemaErrors(descriptor.operationId, buildBody(descriptor, { fields: base })), []);
        for (const [name, field] of Object.entries(descriptor.fields)) {
          for (const value of samples(field)) {
            const body = { ...base, [name]: check(name, field, value) };
            if (descriptor.rules) {
              try {
                descriptor.rules(body);
              } catch {
                continue; // a combination the prose forbids (e.g. Url and Texml together)
              }
            }
            // An object without documented keys is passed on as given: only its name is ours to check.
            const freeForm = field.kind === "object" && !field.keys;
            const errors = requestSchemaErrors(descriptor.operationId, body).filter((e) => !(freeForm && e.startsWith(`/${name}`)));
            assert.deepEqual(errors, [], `${name} = ${JSON.stringify(value)}`);
          }
        }
      });

      it("gives every node field a declared field or path parameter", () => {
        for (const entry of descriptor.form) {
          const declared = entry.in === "path" ? descriptor.params[entry.field] : descriptor.fields[entry.field];
          assert.ok(declared, `${entry.property} feeds ${entry.field}, which ${descriptor.operationId} does not declare`);
        }
      });
    });
  }
});
