// The part every action node shares: find the account, run one request per message with status, and
// report the result through send/done so that failures reach a Catch node. Messages survive a redeploy
// (see ./redeploy): those not yet sent continue on the redeployed node, the rest report through it.
import type { Node, NodeAPI, NodeMessage, NodeMessageInFlow } from "node-red";
import type { RequestOptions, TelnyxRequest, TelnyxRequester } from "../../telnyx/client";
import { TelnyxClosedError } from "../../telnyx/errors";
import { findAccount, type TelnyxAccountNode } from "./account";
import { keepErrorCodes } from "./error-code";
import { Relay } from "./redeploy";
import { RequestStatus } from "./status";

export type SendFn = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;
export type DoneFn = (err?: Error) => void;

export interface ActionContext {
  account: TelnyxAccountNode;
  /** The account's client, seen through this message: its requests can be withdrawn until they are sent. */
  client: TelnyxRequester;
  status: RequestStatus;
  /** Reports a failure of one part of the message (with its own msg) to Catch; use instead of node.error. */
  error: (err: Error, msg: NodeMessage) => void;
}

/**
 * What a handler may report besides success: some parts of the message failed and were reported on
 * their own (ctx.error with their own msg), so the message as a whole is done but the status is red.
 */
export interface PartialFailure {
  partialFailure: string;
}

/** One message in the node, from input to its output or error. */
interface Job {
  msg: NodeMessageInFlow;
  done: DoneFn;
  /** Aborted to take back the requests the message has not sent yet. */
  withdraw: AbortController;
  /** Requests of this message that got a slot: once one has, the message is on its way and stays. */
  slots: number;
  /** Set when the message was taken back at close: it is handed over, or ended as not sent. */
  takenBack: boolean;
  /** Settles when the handler has finished with the message. */
  finished?: Promise<void>;
}

/**
 * Wires an action node: resolves its account, shows a standing problem when there is none, and calls
 * `handle` for every message. `handle` does its requests through `ctx.client` and resolves when it has
 * sent its output; any error it throws goes to done(err). Returns the node's status, for a node that also
 * shows its waits (a wait outlives its message here: lib/waits.ts carries it across a redeploy).
 *
 * On close for a redeploy, messages that have sent nothing yet are taken back (nothing of them reached
 * the API) and handed to the redeployed node in arrival order; messages on their way finish and report
 * through whichever instance is current. On close for removal, messages not sent end with
 * ERR_TELNYX_CLOSED, with one warning saying how many; those on their way finish first.
 */
export function setupActionNode(
  RED: NodeAPI,
  node: Node,
  accountId: string | undefined,
  statusText: { busy: string; done: string },
  handle: (msg: NodeMessageInFlow, send: SendFn, ctx: ActionContext) => Promise<void | PartialFailure>,
): RequestStatus {
  keepErrorCodes(RED, node);
  const status = new RequestStatus(node, statusText.busy, statusText.done, (count) => RED._("telnyx.outcomes.status.waiting", { count }));
  const jobs = new Set<Job>(); // in arrival order
  let closingForRedeploy = false;
  const relay = Relay.attach(RED, node, {
    error: () => new TelnyxClosedError("", "node"),
    warning: (count) => RED._("telnyx.warnings.no-successor", { count }),
  });

  const initialAccount = findAccount(RED, accountId);
  if (!initialAccount) status.problem(RED._("telnyx.status.no-account"));
  else if (!initialAccount.client) status.problem(RED._("telnyx.status.no-api-key"));

  function run(msg: NodeMessageInFlow, done: DoneFn): void {
    const account = findAccount(RED, accountId);
    const client = account?.client;
    if (!account || !client) {
      const reason = RED._(account ? "telnyx.errors.no-api-key" : "telnyx.errors.no-account");
      status.problem(reason);
      done(Object.assign(new Error(reason), { code: "ERR_TELNYX_ACCOUNT" }));
      return;
    }
    const job: Job = { msg, done, withdraw: new AbortController(), slots: 0, takenBack: false };
    const options: RequestOptions = { withdraw: job.withdraw.signal, onSlot: () => job.slots++ };
    const view: TelnyxRequester = { request: <T>(req: TelnyxRequest) => client.request<T>(req, options) };
    // A message taken back reports nothing here: the successor receives it again.
    const send: SendFn = (out) => job.takenBack || relay.send(out as NodeMessage);
    const error = (err: Error, out: NodeMessage) => job.takenBack || relay.error(err, out);
    jobs.add(job);
    status.started();
    job.finished = handle(msg, send, { account, client: view, status, error }).then(
      (outcome) => {
        jobs.delete(job);
        if (job.takenBack) return;
        if (closingForRedeploy) return done(); // its output went through the relay already
        if (outcome) status.failed(outcome.partialFailure);
        else status.succeeded();
        done();
      },
      (err: Error) => {
        jobs.delete(job);
        if (job.takenBack) return;
        // Replaced by a redeploy: the current instance reports it (the old one's Catch nodes are gone).
        if (closingForRedeploy) return relay.error(err, msg);
        status.failed(err.message);
        done(err);
      },
    );
  }

  node.on("input", (msg: NodeMessageInFlow, _send: SendFn, done: DoneFn) => {
    // Delivered while closing for a redeploy (sent before the deploy began): it goes to the successor.
    if (closingForRedeploy) return relay.handOverLate({ msg, done });
    relay.inTurn(() => run(msg, done));
  });

  node.on("close", (removed: boolean, closed: () => void) => {
    const unsent = [...jobs].filter((job) => job.slots === 0);
    for (const job of unsent) {
      job.takenBack = true;
      job.withdraw.abort();
      jobs.delete(job);
    }
    if (removed) {
      relay.remove(node);
      for (const job of unsent) job.done(new TelnyxClosedError("", "node"));
      if (unsent.length > 0) node.warn(RED._("telnyx.warnings.removed-unsent", { count: unsent.length }));
      // Messages on their way finish before the node is gone: their outputs and errors are its last.
      Promise.allSettled([...jobs].map((job) => job.finished)).then(() => {
        status.close();
        closed();
      });
      return;
    }
    closingForRedeploy = true;
    relay.handOver(node, unsent.map(({ msg, done }) => ({ msg, done })));
    status.close();
    closed();
  });
  return status;
}
