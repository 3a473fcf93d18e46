// Messages survive a redeploy. When a node or its account is redeployed, Node-RED closes the node with
// close(removed = false) and then creates a new instance with the same id; removing or disabling it
// closes it with removed = true. A node's messages not yet sent are handed to the instance that replaces
// it and received there again, in arrival order; messages already on their way finish, and their outputs
// and errors are reported by whichever instance is current (after a full deploy the old instance's wires
// and Catch nodes are gone: reported by it, they would vanish).
//
// Between the old instance's close and the successor's start nothing is current: reports wait. The
// successor takes over once the deploy has finished ("flows:started"), when every node it sends to and
// every Catch node that watches it exists again.
import type { Node, NodeAPI, NodeMessage, NodeMessageInFlow } from "node-red";
import { SUCCESSOR_WAIT_MS } from "../../shared/defaults";

/** A message handed over, with the old instance's `done` to end it if no successor ever takes it. */
export interface HandedOver {
  msg: NodeMessageInFlow;
  done: (err?: Error) => void;
}

/** What the relay needs from the node kind: the error and the warning for messages no successor took. */
export interface Abandon {
  error: () => Error;
  warning: (count: number) => string;
}

type Report = (node: Node) => void;

const relays = new Map<string, Relay>();

/** One per node id: outlives the node's instances. */
export class Relay {
  /** The instance that reports; undefined between a redeploy's close and the successor's take-over. */
  private current: Node | undefined;
  /** An instance created by a redeploy, waiting for the deploy to finish before it takes over. */
  private successor: Node | undefined;
  private readonly reports: Report[] = [];
  private readonly handedOver: HandedOver[] = [];
  /** Inputs that reached the successor before it took over the older messages: they go after them. */
  private readonly early: Array<() => void> = [];
  private waitTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly id: string,
    private abandon: Abandon,
  ) {}

  /** Makes `node` the instance of its id; what an older instance left is taken over when the deploy ends. */
  static attach(RED: NodeAPI, node: Node, abandon: Abandon): Relay {
    let relay = relays.get(node.id);
    if (!relay) relays.set(node.id, (relay = new Relay(node.id, abandon)));
    relay.abandon = abandon;
    if (relay.reports.length === 0 && relay.handedOver.length === 0) {
      relay.current = node;
    } else {
      relay.successor = node;
      RED.events.once("flows:started", () => relay.takeOver(node));
    }
    return relay;
  }

  /** Runs `work` after the older messages have been received again: at once when there are none. */
  inTurn(work: () => void): void {
    if (this.successor) this.early.push(work);
    else work();
  }

  send(msg: NodeMessage): void {
    this.report((node) => node.send(msg));
  }

  error(err: Error, msg: NodeMessage): void {
    this.report((node) => node.error(err, msg));
  }

  /** `node` closes for a redeploy: its unsent messages, and reports from now on, wait for the successor. */
  handOver(node: Node, messages: HandedOver[]): void {
    if (this.current === node) this.current = undefined;
    this.handedOver.push(...messages);
    clearTimeout(this.waitTimer);
    this.waitTimer = setTimeout(() => this.giveUp(node), SUCCESSOR_WAIT_MS);
    this.waitTimer.unref();
  }

  /** A message that reached `node` while it was closing for a redeploy. */
  handOverLate(message: HandedOver): void {
    this.handedOver.push(message);
  }

  /** `node` is gone for good (removed or disabled). Reports of its last requests still go to it (its log). */
  remove(node: Node): void {
    if (this.current === node) relays.delete(this.id);
  }

  private report(report: Report): void {
    if (this.current) report(this.current);
    else this.reports.push(report);
  }

  private takeOver(node: Node): void {
    if (this.successor !== node) return;
    clearTimeout(this.waitTimer);
    this.successor = undefined;
    this.current = node;
    for (const report of this.reports.splice(0)) report(node);
    for (const { msg } of this.handedOver.splice(0)) node.receive(msg);
    for (const work of this.early.splice(0)) work();
  }

  /** No successor came (a shutdown, or a start that failed): say so once and end the messages. */
  private giveUp(old: Node): void {
    if (this.current || this.successor) return;
    relays.delete(this.id);
    const messages = this.handedOver.splice(0);
    if (messages.length > 0) old.warn(this.abandon.warning(messages.length));
    for (const report of this.reports.splice(0)) report(old);
    for (const { done } of messages) done(this.abandon.error());
  }
}
