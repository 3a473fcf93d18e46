// Every operation descriptor against the Telnyx OpenAPI spec (through test/spec/telnyx-requests.json):
// its method and path, and every field it declares, with every documented value of its enums, sent as
// the field language checks it, must be a valid request.
import { strict as assert } from "node:assert";
import { check } from "../../src/shared/fields";
import { OPERATIONS } from "../../src/shared/operations";
import { buildBody } from "../../src/shared/operations/body";
import type { Descriptor } from "../../src/shared/operations/descriptor";
import { FORMAT_SAMPLES, samples } from "../support/operation-node";
import { operation, requestSchemaErrors } from "../support/spec";

/** The smallest valid body: each required field with its first sample, plus whatever the rules need. */
function minimalBody(descriptor: Descriptor): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(descriptor.fields)) if (field.required) body[name] = samples(field)[0];
  // What the prose rules need besides the required fields.
  if (descriptor.name === "playback_start") body.audio_url = FORMAT_SAMPLES.url;
  if (descriptor.name === "send_message") Object.assign(body, { from: FORMAT_SAMPLES.e164, text: "hi" });
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
