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
import { operation, requestSchemaErrors } from "../support/spec";

/** Parts whose generic sample the spec would refuse (objects with typed keys). */
const PART_SAMPLES: Record<string, unknown[]> = {
  "whatsapp_message.template.components": [
    [{ type: "body", parameters: [{ type: "text", text: "Ada" }] }],
    [{ type: "button", sub_type: "quick_reply", index: 0, parameters: [{ type: "text", text: "yes" }] }],
  ],
};

/** Fields fed through their parts (whatsapp_message): the parts stand in for them. */
function fedByParts(descriptor: Descriptor, name: string): boolean {
  return Object.keys(descriptor.parts ?? {}).some((part) => part.startsWith(`${name}.`));
}

/** The smallest valid input: each required field (or part) with its first sample, plus whatever the rules need. */
function minimalInput(descriptor: Descriptor): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, field] of Object.entries({ ...descriptor.fields, ...descriptor.parts })) {
    if (field.required && !fedByParts(descriptor, name)) input[name] = samples(field)[0];
  }
  // What the prose rules need besides the required fields.
  if (descriptor.name === "playback_start") input.audio_url = FORMAT_SAMPLES.url;
  if (descriptor.name === "send_message" || descriptor.name === "schedule_message") Object.assign(input, { from: FORMAT_SAMPLES.e164, text: "hi" });
  // A message needs text or media (the long code, short code, number pool and group MMS endpoints).
  if (descriptor.operationId !== "SendWhatsappMessage" && "text" in descriptor.fields) input.text ??= "hi";
  if (descriptor.name === "update_texml_call") input.Status = "completed";
  return input;
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
        const input = minimalInput(descriptor);
        const base = buildBody(descriptor, { fields: input }) as Record<string, unknown>;
        if (Object.keys(descriptor.fields).length === 0) {
          // A read, or a DELETE with no fields: the spec takes no body, and none is sent (not even {}).
          const params = Object.fromEntries(Object.entries(descriptor.params).map(([name, field]) => [name, samples(field)[0]]));
          assert.equal(plan(descriptor, { params }).body, undefined);
          assert.deepEqual(requestSchemaErrors(descriptor.operationId, undefined), []);
          return;
        }
        assert.deepEqual(requestSchemaErrors(descriptor.operationId, base), []);
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
        // Parts (whatsapp_message.template.name, ...) go into their field where the spec has them.
        for (const [name, part] of Object.entries(descriptor.parts ?? {})) {
          for (const value of PART_SAMPLES[name] ?? samples(part)) {
            if (descriptor.fixed?.[name] !== undefined) continue;
            const body = buildBody(descriptor, { fields: { ...input, [name]: value } });
            assert.deepEqual(requestSchemaErrors(descriptor.operationId, body), [], `${name} = ${JSON.stringify(value)}`);
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
