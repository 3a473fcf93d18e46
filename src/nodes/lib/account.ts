// What action nodes need from their telnyx-config node, and how they find it.
import type { Node, NodeAPI } from "node-red";
import type { TelnyxClient } from "../../telnyx/client";
import type { AccountRedis } from "./redis";

/** Defaults the account supplies when a node and its message leave a field empty. */
export interface AccountDefaults {
  connectionId?: string;
  fromNumber?: string;
  messagingProfileId?: string;
  texmlAccountSid?: string;
  texmlApplicationId?: string;
}

/** The running telnyx-config node, as other nodes see it. */
export interface TelnyxAccountNode extends Node {
  /** Undefined when the account has no API key: nodes then fail every message with a clear reason. */
  client: TelnyxClient | undefined;
  defaults: AccountDefaults;
  /** The webhook public key (base64), or undefined when none is set. */
  publicKey: string | undefined;
  /** Why the public key is unusable, or undefined when it is fine or absent. */
  publicKeyProblem: string | undefined;
  /** Redis shared by several Node-RED instances; undefined when the account sets no Redis URL. */
  redis: AccountRedis | undefined;
}

/** Looks up the node's account; undefined when none is selected or it is not deployed. */
export function findAccount(RED: NodeAPI, id: string | undefined): TelnyxAccountNode | undefined {
  if (!id) return undefined;
  return (RED.nodes.getNode(id) as TelnyxAccountNode | null) ?? undefined;
}
