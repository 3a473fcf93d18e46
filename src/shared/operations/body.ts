// Making a request body from a descriptor: the node's fields and its options object checked against the
// operation's fields, the rules across fields, the required fields. The same code runs in the runtime
// (before anything is sent) and could run in an editor; the request path (src/telnyx/operations) adds
// the command_id and sends.
import { TelnyxInputError, describeValue } from "../errors";
import { check, isPlainObject, missingText, type BodyOf, type Fields } from "../fields";
import { isUnset } from "../formats";
import { optionFields, type Descriptor } from "./descriptor";

/** What a flow gives for one request, values as evaluated (unset: undefined, null or ""). */
export interface RequestInput {
  /** API-named body values from the node's own fields (and their fallbacks); a part by "<field>.<path>". */
  fields?: Readonly<Record<string, unknown>>;
  /** Path parameters by name. */
  params?: Readonly<Record<string, unknown>>;
  /** Query parameters by their name on the wire. */
  query?: Readonly<Record<string, unknown>>;
  /** An object of further documented request fields (not those the node has a field for). */
  options?: unknown;
}

/** The "options" object of further request fields: nothing gives {}, anything but a plain object is an error. */
export function readOptionsObject(value: unknown): Record<string, unknown> {
  if (isUnset(value)) return {};
  if (!isPlainObject(value)) throw new TelnyxInputError("options", "an object of further request fields", describeValue(value));
  return value;
}

/** The checked body. Throws TelnyxInputError naming the field; nothing is sent then. */
export function buildBody<F extends Fields>(descriptor: Descriptor<F>, input: RequestInput): BodyOf<F> {
  const fields: Fields = descriptor.fields;
  const given = { ...input.fields, ...descriptor.fixed };
  const parts: Fields = descriptor.parts ?? {};
  // Options set only what has no node field (the descriptor's form, and whatever else the node gives itself).
  const allowed = new Set([...optionFields(descriptor)].filter((key) => !(key in given)));
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(readOptionsObject(input.options))) {
    if (!allowed.has(key)) {
      const own = fields[key] !== undefined;
      throw new TelnyxInputError(
        `options.${key}`,
        own ? `no ${key} here: the node has a field of its own for it` : `a field ${descriptor.operationId} documents`,
        own ? describeValue(value) : "an unknown field",
      );
    }
    const v = check(`options.${key}`, fields[key], value);
    if (v !== undefined) body[key] = v;
  }
  for (const [name, value] of Object.entries(given)) {
    if (parts[name]) {
      const v = check(name, parts[name], value);
      if (v !== undefined) setPart(body, name, v);
      continue;
    }
    const field = fields[name];
    if (!field) throw new Error(`${name} is not a ${descriptor.operationId} field`);
    const v = check(name, field, value);
    if (v !== undefined) body[name] = v;
  }
  for (const [name, field] of Object.entries({ ...fields, ...parts })) {
    if (field.required && valueAt(body, name) === undefined) throw new TelnyxInputError(name, missingText(field), "nothing");
  }
  descriptor.rules?.(body);
  return body as BodyOf<F>;
}

/** Puts a part's value at its dotted place ("whatsapp_message.template.name"), making the objects on the way. */
function setPart(body: Record<string, unknown>, name: string, value: unknown): void {
  const steps = name.split(".");
  let at = body;
  for (const step of steps.slice(0, -1)) {
    at[step] = isPlainObject(at[step]) ? { ...at[step] } : {};
    at = at[step] as Record<string, unknown>;
  }
  at[steps[steps.length - 1]] = value;
}

/** The value at a field's name, or a part's dotted place. */
function valueAt(body: Record<string, unknown>, name: string): unknown {
  let value: unknown = body;
  for (const step of name.split(".")) value = isPlainObject(value) ? value[step] : undefined;
  return value;
}
