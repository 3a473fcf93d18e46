// The part every action node shares: find the account, run one request per message with status, and
// report the result through send/done so that failures reach a Catch node.
import type { Node, NodeAPI, NodeMessage, NodeMessageInFlow } from "node-red";
import type { TelnyxClient } from "../../telnyx/client";
import { findAccount, type TelnyxAccountNode } from "./account";
import { keepErrorCodes } from "./error-code";
import { RequestStatus } from "./status";

export type SendFn = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;
export type DoneFn = (err?: Error) => void;

export interface ActionContext {
  account: TelnyxAccountNode;
  client: TelnyxClient;
  status: RequestStatus;
}

/**
 * What a handler may report besides success: some parts of the message failed and were reported on
 * their own (node.error with their own msg), so the message as a whole is done but the status is red.
 */
export interface PartialFailure {
  partialFailure: string;
}

/**
 * Wires an action node: resolves its account, shows a standing problem when there is none, and calls
 * `handle` for every message. `handle` does its requests through `ctx` and resolves when it has sent its
 * output; any error it throws goes to done(err). On close the node waits for its messages in flight, so a
 * redeploy never drops one.
 */
export function setupActionNode(
  RED: NodeAPI,
  node: Node,
  accountId: string | undefined,
  statusText: { busy: string; done: string },
  handle: (msg: NodeMessageInFlow, send: SendFn, ctx: ActionContext) => Promise<void | PartialFailure>,
): void {
  keepErrorCodes(RED, node);
  const status = new RequestStatus(node, statusText.busy, statusText.done);
  const pending = new Set<Promise<void>>();
  const initialAccount = findAccount(RED, accountId);
  if (!initialAccount) status.problem(RED._("telnyx.status.no-account"));
  else if (!initialAccount.client) status.problem(RED._("telnyx.status.no-api-key"));

  node.on("input", (msg: NodeMessageInFlow, send: SendFn, done: DoneFn) => {
    const account = findAccount(RED, accountId);
    const client = account?.client;
    if (!account || !client) {
      const reason = RED._(account ? "telnyx.errors.no-api-key" : "telnyx.errors.no-account");
      status.problem(reason);
      done(Object.assign(new Error(reason), { code: "ERR_TELNYX_ACCOUNT" }));
      return;
    }
    status.started();
    const work = handle(msg, send, { account, client, status }).then(
      (outcome) => {
        if (outcome) status.failed(outcome.partialFailure);
        else status.succeeded();
        done();
      },
      (err: Error) => {
        status.failed(err.message);
        done(err);
      },
    );
    pending.add(work);
    void work.finally(() => pending.delete(work));
  });

  node.on("close", (_removed: boolean, done: () => void) => {
    Promise.allSettled([...pending]).then(() => {
      status.close();
      done();
    });
  });
}
