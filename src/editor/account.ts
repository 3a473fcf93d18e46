// The Account field every Telnyx node has.

interface ConfigNode {
  id: string;
  type: string;
  /** The flow or subflow a config node is scoped to; none for a global one. */
  z?: string;
  /** Disabled. */
  d?: boolean;
}

/**
 * Every Telnyx node's `onadd` (run when a node is dropped from the palette or quick-added, not when one is
 * imported or pasted): with exactly one account this node may use, start on it. Node-RED itself leaves a
 * new node's config property empty, "none" in the dropdown, however many accounts there are.
 */
export function preselectOnlyAccount(this: { account?: string; z?: string }): void {
  if (this.account) return;
  const usable: string[] = [];
  RED.nodes.eachConfig((config) => {
    const account = config as ConfigNode;
    if (account.type === "telnyx-config" && !account.d && (!account.z || account.z === this.z)) usable.push(account.id);
    return true;
  });
  if (usable.length === 1) this.account = usable[0];
}
