// Waiting for the outcome in an action node ("wait for the result"). The node takes a mark before it
// sends its command and, with the answer in hand, calls wait(): the message goes out later on the
// outcome's output, with msg.outcome, msg.payload = the event's payload and msg.event as the webhook
// node sets them; the rest of the incoming msg travels along. The command's own done() is called when
// the command is answered; what the wait ends with is sent by whichever instance of the node runs then
// (see waits.ts), or reaches Catch: an outcome the table calls an error, a node gone while waiting.
import type { Node, NodeAPI, NodeMessage } from "node-red";
import { WAIT_TIMEOUT_SECONDS } from "../../shared/defaults";
import { numberInRange } from "../../shared/settings";
import { nodeOutcomes, type WaitConfig } from "../../shared/node-outcomes";
import type { OutcomeTable } from "../../shared/outcomes";
import { TelnyxError } from "../../shared/errors";
import { eventMessage } from "../../telnyx/webhook/inbox";
import type { WaitEnd, WaitTarget } from "../../telnyx/webhook/event-hub";
import { routeWithCode } from "./error-code";
import type { RequestStatus } from "./status";
import { accountHub, waitRegistry, type WaitOwner } from "./waits";

type AnyMessage = NodeMessage & Record<string, unknown>;

export interface OutcomeWaits {
  /** Take before sending the command (events from then on count). */
  mark(): number;
  /** After the command's answer: wait for its outcome. Throws when the account cannot take another wait. */
  wait(msg: NodeMessage, request: { table: OutcomeTable; target: WaitTarget; since: number; timeoutSecs?: number }): void;
}


/**
 * An action node's waiting, from its configuration: `table` is undefined when the node does not wait
 * (one output). Set up either way, so that waits of an earlier instance still end somewhere.
 */
export class NodeOutcomes {
  readonly table: OutcomeTable | undefined;
  private readonly timeoutSecs: number | undefined;
  private readonly waits: OutcomeWaits;

  constructor(RED: NodeAPI, node: Node, type: string, config: WaitConfig & { account?: string; waitTimeout?: unknown }, status: RequestStatus) {
    this.table = nodeOutcomes(type, config);
    this.timeoutSecs = waitTimeoutSeconds(config.waitTimeout);
    this.waits = setupOutcomes(RED, node, config.account, this.table?.outputs.length ?? 0, (count) =>
      status.waiting(count),
    );
  }

  /** Before sending the command: the mark to wait from, or undefined when the node does not wait. */
  begin(): number | undefined {
    return this.table ? this.waits.mark() : undefined;
  }

  /** After the command's answer: the message goes out later, on its outcome's output. */
  wait(msg: NodeMessage, since: number, target: WaitTarget, table: OutcomeTable | undefined = this.table): void {
    if (!table) throw new Error("this node does not wait for outcomes");
    this.waits.wait(msg, { table, target, since, timeoutSecs: this.timeoutSecs });
  }
}

/** What reaches Catch when a wait ends badly: `code` for a flow to branch on, the event in msg.payload. */
export class OutcomeError extends TelnyxError {
  override readonly name = "OutcomeError";
  constructor(
    message: string,
    readonly code: "ERR_TELNYX_OUTCOME" | "ERR_TELNYX_WAIT_ENDED",
    override readonly cause: { outcome?: string; reason?: string },
  ) {
    super(message);
  }
}

const settling = new WeakSet<object>();

/**
 * Makes `node` a waiting node: its waits (and those of earlier instances with its id) end through it,
 * its status shows how many are waiting (`showWaiting`), and its close hands them on.
 */
export function setupOutcomes(
  RED: NodeAPI,
  node: Node,
  accountId: string | undefined,
  outputs: number,
  showWaiting: (count: number) => void,
): OutcomeWaits {
  // Once per runtime: when a deploy is done, waits of nodes that did not come back fail.
  const events = RED.events as unknown as { on(event: string, fn: () => void): void };
  if (!settling.has(events)) {
    settling.add(events);
    events.on("flows:started", () => waitRegistry.settle());
  }
  const t = (key: string, vars?: Record<string, string | number>) => RED._(`telnyx.outcomes.${key}`, vars);

  const owner: WaitOwner<NodeMessage> = {
    deliver(msg, end) {
      const m = withOutcome(msg, end);
      if (end.kind === "error") {
        node.error(new OutcomeError(t(`errors.${end.error}`, { detail: detailOf(end) }), "ERR_TELNYX_OUTCOME", { outcome: end.outcome }), m);
        return;
      }
      if (end.output >= outputs) {
        // Redeployed with fewer outputs (or waiting switched off) while this wait ran: never drop it silently.
        node.error(new OutcomeError(t("errors.output-gone", { outcome: end.outcome }), "ERR_TELNYX_OUTCOME", { outcome: end.outcome }), m);
        return;
      }
      const out: Array<NodeMessage | null> = new Array(outputs).fill(null);
      out[end.output] = m;
      node.send(out);
    },
    fail(msg, reason) {
      const err = new OutcomeError(t(`errors.${reason}`), "ERR_TELNYX_WAIT_ENDED", { reason });
      reportFromGoneNode(RED, node, err, msg);
    },
    counted: showWaiting,
  };
  waitRegistry.attach(node.id, owner);
  node.on("close", (removed: boolean, done: () => void) => {
    waitRegistry.detach(node.id, owner, removed);
    done();
  });

  return {
    mark: () => (accountId ? accountHub(accountId).mark() : 0),
    wait(msg, { table, target, since, timeoutSecs }) {
      if (!accountId) throw new OutcomeError(RED._("telnyx.errors.no-account"), "ERR_TELNYX_OUTCOME", {});
      const hub = accountHub(accountId);
      const timeoutMs = Math.round((timeoutSecs ?? table.defaultTimeoutSecs) * 1000);
      waitRegistry.track(node.id, msg, (onEnd) => hub.wait({ table, target, since, timeoutMs, onEnd }));
    },
  };
}

function withOutcome(msg: NodeMessage, end: WaitEnd): NodeMessage {
  const m = msg as AnyMessage;
  m.outcome = end.outcome;
  if (end.event) {
    const fromEvent = eventMessage(end.event);
    m.payload = fromEvent.payload;
    m.event = fromEvent.event;
  }
  return m;
}

/** What went wrong, from the event: playback's status_detail, or a message's Telnyx error codes. */
function detailOf(end: Extract<WaitEnd, { kind: "error" }>): string {
  const payload = end.event.data.payload ?? {};
  if (typeof payload.status_detail === "string" && payload.status_detail !== "") return payload.status_detail;
  const codes = Array.isArray(payload.errors) ? payload.errors.map((e) => (e as { code?: unknown })?.code).filter((c) => c !== undefined) : [];
  return codes.length > 0 ? `${end.outcome}, Telnyx error ${codes.join(", ")}` : end.outcome;
}

interface FlowLike {
  handleError(node: Node, err: Error, msg: NodeMessage): boolean;
}

/**
 * A node's waitTimeout in seconds, or undefined (out of WAIT_TIMEOUT_SECONDS, or empty) for the operation's
 * default. A value that is not a string is read as Number() reads it, as the runtime always has.
 */
function waitTimeoutSeconds(waitTimeout: unknown): number | undefined {
  return numberInRange(typeof waitTimeout === "string" ? waitTimeout : Number(waitTimeout), WAIT_TIMEOUT_SECONDS);
}

/**
 * A node that is gone (removed, disabled) reports through the flow that runs its tab now: in a full
 * deploy its own flow object was stopped and replaced, with its Catch nodes. No tab left: logged.
 */
function reportFromGoneNode(RED: NodeAPI, node: Node, err: Error, msg: NodeMessage): void {
  const z = (node as Node & { z?: string }).z;
  let flow: FlowLike | undefined;
  RED.nodes.eachNode((config: { id: string; z?: string }) => {
    if (flow || config.z !== z || config.id === node.id) return;
    const live = RED.nodes.getNode(config.id) as (Node & { _flow?: FlowLike }) | null;
    if (live?._flow) flow = live._flow;
  });
  // routeWithCode: Node-RED before 4.1 leaves err.code out of the Catch node's msg.error otherwise.
  const handled = routeWithCode(err, () => flow?.handleError(node, err, msg) ?? false);
  if (!handled) node.error(err);
}
