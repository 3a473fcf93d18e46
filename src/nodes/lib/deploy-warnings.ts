// A setup problem many nodes can share (every webhook node of an account without a public key) goes to
// Node-RED's log once per deploy, naming the nodes, rather than once per node into the debug sidebar,
// where five identical warnings per deploy push the useful messages out of view. Each node still shows
// the problem in its own status.
import type { Node, NodeAPI } from "node-red";

export class DeployWarnings {
  /** Problems reported since the last deploy started the flows: the reason, and who has it. */
  private readonly pending = new Map<string, string[]>();
  private waiting = false;

  /** `summary` builds the one log line from the problems of one deploy. */
  constructor(
    private readonly RED: NodeAPI,
    private readonly summary: (problems: Array<{ reason: string; nodes: string[] }>) => string,
  ) {}

  /** Records a node's problem; the log line is written when the deploy has started every node. */
  add(node: Node, reason: string): void {
    const nodes = this.pending.get(reason) ?? [];
    nodes.push(node.name ? `"${node.name}" (${node.id})` : node.id);
    this.pending.set(reason, nodes);
    if (this.waiting) return;
    this.waiting = true;
    this.RED.events.once("flows:started", () => this.flush());
  }

  private flush(): void {
    this.waiting = false;
    const problems = [...this.pending].map(([reason, nodes]) => ({ reason, nodes }));
    this.pending.clear();
    if (problems.length) this.RED.log.warn(this.summary(problems));
  }
}
