// For tests of operation nodes (those `npm run new-node` makes, and the descriptor tests): sample values
// that every field's declaration accepts, and one node wired to an output and a Catch node.
import type { Field } from "../../src/shared/fields";
import type { FormatName } from "../../src/shared/fields/formats";
import type { Descriptor } from "../../src/shared/operations/descriptor";
import type { TelnyxStandIn } from "./telnyx-standin";
import { coreNode, nodeModule } from "./node-red";
import { CALL_ID, loadVoiceNode } from "./call-control-flow";

export { CALL_ID };

/** A valid sample of each named format. */
export const FORMAT_SAMPLES: Record<FormatName, string> = {
  e164: "+15551234567",
  "e164-or-sip": "sip:alice@example.com",
  destination: "+15551234567",
  "sip-uri": "sip:alice@example.com",
  recipient: "+15551234567",
  sender: "+15551234567",
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
export function samples(field: Field): unknown[] {
  switch (field.kind) {
    case "string":
      return [field.format ? FORMAT_SAMPLES[field.format] : "abc"];
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

/** The node's typed-input literals for every required body field of its form (objects as JSON). */
export function sampleFields(descriptor: Descriptor): Record<string, string> {
  const props: Record<string, string> = {};
  for (const entry of descriptor.form) {
    const field = descriptor.fields[entry.field];
    if (entry.in === "path" || !field?.required) continue;
    const value = samples(field)[0];
    props[entry.property] = typeof value === "string" ? value : JSON.stringify(value);
    props[`${entry.property}Type`] = typeof value === "string" ? "str" : "json";
  }
  return props;
}

/** One node ("voice") of `type` wired to `out`, a Catch node wired to `caught`, on an account. */
export function loadOperationNode(api: TelnyxStandIn, type: string, props: Record<string, unknown> = {}) {
  return loadVoiceNode(api, type, props, {}, [nodeModule("telnyx-config"), nodeModule(type), coreNode("common/25-catch.js")]);
}
