// Reading a node's typedInput fields. Each field is stored as `<field>` and `<field>Type` (the core
// convention). An empty field means "not set here": the caller then falls back to the documented msg
// property and then to the account's defaults.
import type { Node, NodeAPI, NodeMessage } from "node-red";

export interface TypedField {
  value: string | undefined;
  type: string | undefined;
}

export function typedField(config: Record<string, unknown>, name: string): TypedField {
  const value = config[name];
  const type = config[`${name}Type`];
  return {
    value: typeof value === "string" ? value : value === undefined || value === null ? undefined : String(value),
    type: typeof type === "string" && type !== "" ? type : "str",
  };
}

/**
 * Evaluates one typedInput field against the message. Resolves undefined when the field is empty, so
 * that fallbacks apply. Works for every typedInput type, JSONata included (hence the callback form).
 */
export function evaluateField(RED: NodeAPI, node: Node, field: TypedField, msg: NodeMessage): Promise<unknown> {
  if (field.value === undefined || (field.value === "" && field.type !== "bool" && field.type !== "num")) {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    RED.util.evaluateNodeProperty(field.value as string, field.type as string, node, msg, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}
