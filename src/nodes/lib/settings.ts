// A node's number settings (timeouts, limits) as the runtime reads them: the same range the dialog checks
// (src/shared/defaults.ts, src/shared/settings.ts), so a flow imported or edited by hand gets the same
// answer. A value out of range is reported on the node, naming the field, and the default is used.
import type { Node, NodeAPI } from "node-red";
import { readNumberSetting, type NumberSetting } from "../../shared/settings";

/** The node's `field` (its `value` in the node's configuration) read as `setting` (src/shared/settings.ts) says. */
export function numberSetting(RED: NodeAPI, node: Node, field: string, value: unknown, { fallback, range }: NumberSetting): number {
  const setting = readNumberSetting(value, fallback, range);
  if (setting.problem) node.error(RED._("telnyx.errors.bad-setting", { field, problem: setting.problem, fallback: String(fallback) }));
  return setting.value;
}
