// Every operation descriptor against the Telnyx OpenAPI spec (through test/spec/telnyx-requests.json):
// its method and path, and every field it declares, with every documented value of its enums, sent as
// the field language checks it, must be a valid request.
import { strict as assert } from "node:assert";
import { check } from "../../src/shared/fields";
import { OPERATIONS } from "../../src/shared/operations";
import { buildBody } from "../../src/shared/operations/body";
import { fieldOf, type Descriptor } from "../../src/shared/operations/descriptor";
import { apiCatalogue, findApiOperation } from "../../src/telnyx/operations/api";
import { plan } from "../../src/telnyx/operations/request";
import { FORMAT_SAMPLES, samples } from "../support/operation-node";
import { operation, requestSchema, requestSchemaErrors } from "../support/spec";

/** The smallest valid body: each required field with its first sample, plus whatever the rules need. */
function minimalBody(descriptor: Descriptor): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(descriptor.fields)) if (field.required) body[name] = samples(field)[0];
  // What the prose rules need besides the required fields.
  if (descriptor.name === "playback_start") body.audio_url = FORMAT_SAMPLES.url;
  if (descriptor.name === "send_message") Object.assign(body, { from: FORMAT_SAMPLES.e164, text: "hi" });
  if (descriptor.name === "update_texml_call") body.Status = "completed";
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
        // The body goes out as the spec takes it: JSON, or a form for the TeXML REST updates.
        const form = spec.requestContentType === "application/x-www-form-urlencoded";
        assert.equal(descriptor.encoding === "form", form, `${descriptor.operationId} takes ${spec.requestContentType ?? "no body"}`);
      });

      it("sends every declared field, with every documented value, as the spec takes it", () => {
        if (requestSchema(descriptor.operationId).schema === null) {
          // A read: the spec documents no body, and none is sent (not even {}).
          assert.deepEqual(descriptor.fields, {});
          const params = Object.fromEntries(Object.entries(descriptor.params).map(([name, field]) => [name, samples(field)[0]]));
          assert.equal(plan(descriptor, { params }).body, undefined);
          return;
        }
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

      it("gives every node field a declared field, path or query parameter", () => {
        for (const entry of descriptor.form) {
          assert.ok(fieldOf(descriptor, entry), `${entry.property} feeds ${entry.field}, which ${descriptor.operationId} does not declare`);
        }
      });

      it("declares only the spec's query parameters, with the spec's limits", () => {
        // The parameters as the committed catalogue has them (generated from openapi.yml by scripts/catalogue.mjs).
        const { checker } = apiCatalogue();
        const params = findApiOperation(descriptor.operationId).params.filter((p) => p.in === "query");
        for (const [name, field] of Object.entries(descriptor.query ?? {})) {
          // `page[limit]` is the property `limit` of the deepObject parameter `page`.
          const [, outer, inner] = /^([^[]+)(?:\[([^\]]+)\])?$/.exec(name) ?? [];
          const param = params.find((p) => p.name === outer);
          assert.ok(param, `${name}: a query parameter of ${descriptor.operationId}`);
          const wrap = (value: unknown) => (inner ? { [inner]: value } : value);
          if (inner) assert.ok(inner in checker.properties(param.schema).properties, `${name}: ${outer} has ${inner}`);
          for (const value of samples(field)) assert.doesNotThrow(() => checker.check(name, param.schema, wrap(check(name, field, value))));
          if ((field.kind === "integer" || field.kind === "number") && field.max !== undefined) {
            assert.throws(() => checker.check(name, param.schema, wrap(field.max! + 1)), Error, `${name}: the spec's maximum is ${field.max}`);
          }
          if ((field.kind === "integer" || field.kind === "number") && field.min !== undefined) {
            assert.throws(() => checker.check(name, param.schema, wrap(field.min! - 1)), Error, `${name}: the spec's minimum is ${field.min}`);
          }
        }
      });
    });
  }
});
