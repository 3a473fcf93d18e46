// Waits that outlive one node instance. A node that waits for an outcome registers each wait here under
// its node id. A redeploy closes the node and starts a new instance with the same id: the waits stay
// (their events and timeouts keep running in the account's hub) and the new instance sends what they
// end with; an ending that comes while no instance is there is held until one attaches. A node that is
// not started again once the deploy is done (removed, or disabled) fails its waits with the reason,
// through its last instance. That happens when the deploy has finished (settle(), on Node-RED's
// flows:started), not at close: during a full deploy the Catch nodes are stopping too.
//
// Also here: the event hub of each account (keyed by the account node's id, so it too survives a
// redeploy of the account node).
import type { NodeMessage } from "node-red";
import { EventHub, type Wait, type WaitEnd } from "../../telnyx/webhook/event-hub";

/** One node instance, as the registry sees it. */
export interface WaitOwner<M> {
  /** A wait ended with an output (or an error for Catch, `end.kind === "error"`): send it. */
  deliver(msg: M, end: WaitEnd): void;
  /** A wait can no longer end normally (its node is gone): fail it to Catch, saying why. */
  fail(msg: M, reason: WaitEndedReason): void;
  /** How many waits the node has now (for its status). */
  counted(count: number): void;
}

/** Why a node's waits failed: it was closed as removed (Node-RED also says so of a disabled node), or not started again. */
export type WaitEndedReason = "removed" | "not-restarted";

interface Tracked<M> {
  msg: M;
  wait?: Wait;
}

interface NodeWaits<M> {
  owner: WaitOwner<M>;
  /** False between the close of one instance and the start of the next. */
  attached: boolean;
  /** The last instance closed as removed. */
  removed: boolean;
  waits: Set<Tracked<M>>;
  /** Endings that came while detached, in order. */
  held: Array<{ msg: M; end: WaitEnd }>;
}

export class WaitRegistry<M> {
  private readonly nodes = new Map<string, NodeWaits<M>>();

  /** A node instance starts: it owns the waits of its id from now on, and gets what ended meanwhile. */
  attach(nodeId: string, owner: WaitOwner<M>): void {
    const existing = this.nodes.get(nodeId);
    if (!existing) {
      this.nodes.set(nodeId, { owner, attached: true, removed: false, waits: new Set(), held: [] });
      return;
    }
    existing.owner = owner;
    existing.attached = true;
    existing.removed = false;
    const held = existing.held.splice(0);
    for (const { msg, end } of held) owner.deliver(msg, end);
    owner.counted(existing.waits.size);
  }

  /**
   * A node instance closes (a redeploy, a removal, Node-RED stopping). Its waits stay for the next
   * instance; settle() fails them if none has come by the end of the deploy.
   */
  detach(nodeId: string, owner: WaitOwner<M>, removed: boolean): void {
    const entry = this.nodes.get(nodeId);
    if (!entry || entry.owner !== owner) return;
    entry.attached = false;
    entry.removed = removed;
  }

  /** The deploy is done: waits of nodes that did not start again end with an error saying why. */
  settle(): void {
    for (const [nodeId, entry] of [...this.nodes]) {
      if (!entry.attached) this.failAll(nodeId, entry, entry.removed ? "removed" : "not-restarted");
    }
  }

  /**
   * Tracks one wait of a node: `start` registers it in the hub with the onEnd it is given. Throws what
   * `start` throws (nothing is tracked then). A node closed for a redeploy still takes waits: a message
   * whose command was on its way at the deploy gets its answer after the close (lib/action.ts lets it
   * finish), and its wait goes to the next instance like the others (or fails at settle()).
   */
  track(nodeId: string, msg: M, start: (onEnd: (end: WaitEnd) => void) => Wait): void {
    const entry = this.nodes.get(nodeId);
    if (!entry || entry.removed) throw new Error(`node ${nodeId} has no running instance to wait in`);
    const tracked: Tracked<M> = { msg };
    let endedEarly: WaitEnd | undefined;
    let registered = false;
    const onEnd = (end: WaitEnd) => {
      if (!registered) endedEarly = end; // ended inside start(): handled below, once tracked
      else this.ended(nodeId, tracked, end);
    };
    tracked.wait = start(onEnd);
    registered = true;
    entry.waits.add(tracked);
    if (endedEarly) this.ended(nodeId, tracked, endedEarly);
    else if (entry.attached) entry.owner.counted(entry.waits.size);
  }

  /** Waits of a node not yet ended. */
  count(nodeId: string): number {
    return this.nodes.get(nodeId)?.waits.size ?? 0;
  }

  private ended(nodeId: string, tracked: Tracked<M>, end: WaitEnd): void {
    const entry = this.nodes.get(nodeId);
    if (!entry || !entry.waits.delete(tracked)) return;
    if (entry.attached) {
      entry.owner.deliver(tracked.msg, end);
      entry.owner.counted(entry.waits.size);
    } else entry.held.push({ msg: tracked.msg, end });
  }

  private failAll(nodeId: string, entry: NodeWaits<M>, reason: WaitEndedReason): void {
    this.nodes.delete(nodeId);
    // Endings that came while detached were real outcomes, but no instance is left to send them on.
    for (const { msg } of entry.held) entry.owner.fail(msg, reason);
    for (const tracked of entry.waits) {
      tracked.wait?.cancel();
      entry.owner.fail(tracked.msg, reason);
    }
    entry.owner.counted(0);
  }
}

/** The waits of every node in this Node-RED (one per process: node modules share it). */
export const waitRegistry = new WaitRegistry<NodeMessage>();

const hubs = new Map<string, EventHub>();

/** The event hub of an account (by the account node's id), made on first use; it outlives redeploys. */
export function accountHub(accountId: string): EventHub {
  let hub = hubs.get(accountId);
  if (!hub) hubs.set(accountId, (hub = new EventHub()));
  return hub;
}
