// An operation descriptor: one API operation as data. Method, path and path parameters, how a repeat is
// made safe, its request fields in the field language, the node fields that feed it (with their
// fallbacks: msg, then an account default), the rules the API's prose adds across fields, and the events
// that end it (its outcome table). Runtime checks, request types, editor forms and spec tests all come from here.
// No node:* and no DOM.
import type { Field, Fields } from "../fields";
import type { MenuChoice, OutcomeTable } from "../outcomes";

/**
 * How a repeat (a retry after a timeout or a dropped connection) is made safe:
 * - `command_id`: the body carries a command_id Telnyx de-duplicates on; kept across retries;
 * - `read`: the request changes nothing, or its repeat changes nothing more (a DELETE: cancelling twice cancels once);
 * - `unsafe`: nothing makes it safe; never repeated after an ambiguous failure unless the account opts in.
 */
export type Repeat = "command_id" | "read" | "unsafe";

/** A default the account (telnyx-config) supplies when the node and msg leave a field empty. */
export type AccountDefault = "fromNumber" | "connectionId" | "messagingProfileId" | "texmlAccountSid" | "texmlApplicationId";

/** One field of a node's dialog and where its value comes from. */
export interface NodeField {
  /** The API name: a body field, or a path or query parameter when `in` says so. */
  field: string;
  in?: "path" | "query";
  /** Inside an object field: where the value goes (whatsapp_message's "template.name"); declared in `parts`. */
  at?: string;
  /** The node property holding it, as a typedInput: `<property>` and `<property>Type`. */
  property: string;
  /** msg properties read, in order, when the node's field is empty (`payload` itself only when it is a string). */
  msg?: readonly string[];
  /** The account's default, when neither the node nor msg gives a value. */
  account?: AccountDefault;
  /** The value used when nothing else gives one. */
  default?: string;
  /** call-control with the action from msg.action: the msg property carrying it (default: its API name). */
  msgKey?: string;
  /** The dialog row's icon, where this node's differs from the one for the property in ./form-icons. */
  icon?: string;
}

/**
 * The events that end an operation, for a node that waits for them: the outcome table (src/shared/outcomes.ts)
 * by what the node waits for: `result` (the call nodes' "wait for the result"), or a sent message's
 * `delivery` or `reply` (send SMS offers both).
 */
export interface OperationOutcomes {
  result?: OutcomeTable;
  delivery?: OutcomeTable;
  reply?: OutcomeTable;
  /** The table for one request, where its body changes which events decide (dial's machine detection); same outputs. */
  forRequest?: (body: Readonly<Record<string, unknown>>) => OutcomeTable;
  /** The table for a menu of choices on the result, one output each (the gathers). */
  menu?: (choices: readonly MenuChoice[]) => OutcomeTable;
}

/** What a node waits for, from its waitFor property (a checkbox, or send SMS's choice); undefined: it does not. */
export function waitKind(waitFor: unknown): "result" | "delivery" | "reply" | undefined {
  if (waitFor === true) return "result";
  return waitFor === "delivery" || waitFor === "reply" ? waitFor : undefined;
}

export interface Descriptor<F extends Fields = Fields> {
  /** Our short name (the call-control node's action, the node's operation). */
  name: string;
  /** The OpenAPI operationId. */
  operationId: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** With `{param}` placeholders, as in the spec. */
  path: string;
  /** The path parameters, in the field language. */
  params: Readonly<Record<string, Field>>;
  /** Query parameters by their name on the wire (a deepObject's `page[limit]` as such), in the field language. */
  query?: Readonly<Record<string, Field>>;
  repeat: Repeat;
  /** The request body's fields. */
  fields: F;
  /**
   * Values inside object fields that have node fields of their own, by "<field>.<path>" (e.g.
   * "whatsapp_message.template.name"): checked one by one, then put together into their field.
   */
  parts?: Fields;
  /** Values the operation always sends (a body field or a part), e.g. WhatsApp's `type: "WHATSAPP"`. */
  fixed?: Readonly<Record<string, string>>;
  /** The node fields that feed it, in dialog order; fields not listed are set through the node's options. */
  form: readonly NodeField[];
  /** Rules across fields the spec's prose states; throw TelnyxInputError. They run on the merged body. */
  rules?: (body: Readonly<Record<string, unknown>>) => void;
  /** The answer's payload: under `data` (most of the API) or the whole body (TeXML). */
  answer?: "data" | "body";
  /** A list whose pages the node follows (as the API node does): how, and where the items are. */
  list?: { style: "page" | "uri"; items: string };
  /** How the body is sent: JSON (the default) or application/x-www-form-urlencoded (the TeXML REST updates). */
  encoding?: "json" | "form";
  /** For an operation a node can wait on: the events that end it. */
  outcomes?: OperationOutcomes;
}

/** snake_case or PascalCase API name -> camelCase node property. */
export function propertyName(field: string): string {
  return field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());
}

/** Form entries from field names (property derived) or partial entries. */
export function form(...entries: Array<string | (Partial<NodeField> & { field: string })>): readonly NodeField[] {
  return entries.map((entry) => {
    const spec = typeof entry === "string" ? { field: entry } : entry;
    return { property: propertyName(spec.field), ...spec };
  });
}

/** Keeps a descriptor's field types literal while checking its shape. */
export function operation<const F extends Fields>(descriptor: Descriptor<F>): Descriptor<F> {
  return descriptor;
}

/** Whether the dialog requires a field: the API requires it and nothing (msg, the account, a default) stands in. */
export function requiredInForm(descriptor: Descriptor, entry: NodeField): boolean {
  const field = fieldOf(descriptor, entry);
  return field?.required === true && entry.msg === undefined && entry.account === undefined && entry.default === undefined;
}

/**
 * The fields a node's options object may set: the documented ones without a node field of their own (a
 * dialog row, or one the node sets itself: `byNode`). The dialog's Options check and the runtime both read it.
 */
export function optionFields(descriptor: Descriptor): ReadonlySet<string> {
  const fields = new Set(Object.entries(descriptor.fields).flatMap(([name, field]) => (field.byNode ? [] : [name])));
  const rows = descriptor.form.filter((entry) => entry.in === undefined).map((entry) => entry.field);
  for (const field of [...rows, ...Object.keys(descriptor.fixed ?? {})]) fields.delete(field);
  return fields;
}

/** The field a node entry feeds. */
export function fieldOf(descriptor: Descriptor, entry: NodeField): Field | undefined {
  if (entry.in === "path") return descriptor.params[entry.field];
  if (entry.in === "query") return descriptor.query?.[entry.field];
  return entry.at ? descriptor.parts?.[inputKey(entry)] : descriptor.fields[entry.field];
}

/** The name a node field's value goes by in a request's input: its API name, or "<field>.<at>" for a part. */
export function inputKey(entry: NodeField): string {
  return entry.at ? `${entry.field}.${entry.at}` : entry.field;
}
