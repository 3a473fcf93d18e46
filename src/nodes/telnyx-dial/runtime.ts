// telnyx-dial: place an outbound call (POST /calls) for each message.
import type { NodeAPI } from "node-red";
import { DIAL } from "../../shared/operations/call-control";
import { registerOperationNode } from "../lib/operation-node";

export = (RED: NodeAPI) =>
  registerOperationNode(RED, "telnyx-dial", {
    operations: [DIAL],
    status: () => ({ busy: RED._("telnyx-dial.status.dialing"), done: RED._("telnyx-dial.status.dialed") }),
  });
