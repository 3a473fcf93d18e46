// Redis on the account (several Node-RED instances): what the telnyx-config node opens and the webhook
// nodes use. None of it runs, and the Redis client is never loaded, unless the account sets a Redis URL.
//
//   account.redis = openAccountRedis(...)   a link, claims per webhook node, the account's event channel
//   account.redis.problem                    settings unusable: webhooks refuse (503) rather than run unshared
import type { Node } from "node-red";
import { RedisClaims } from "../../telnyx/redis/claims";
import { RedisEventBus, type EventSink } from "../../telnyx/redis/event-bus";
import { parseRedisSettings, RedisLink, type RedisState } from "../../telnyx/redis/link";

/** Every key and channel of this package starts with this. */
export const REDIS_PREFIX = "telnyx:";

export interface AccountRedis {
  /** Why the settings are unusable; then there is no link. */
  readonly problem?: string;
  readonly link?: RedisLink;
  /** Exactly-once claims for one webhook node (keys `telnyx:seen:<node id>:<event id>`). */
  claimsFor(nodeId: string, windowMs: number): RedisClaims;
  /** Publishes a verified event body to every instance (best effort). */
  publish(body: Uint8Array): void;
  /** Offers the events every instance publishes to `sink` (the account's event hub). */
  forwardTo(sink: EventSink): Promise<void>;
  close(): Promise<void>;
}

export interface AccountRedisTexts {
  down: (address: string, reason: string) => string;
  up: (address: string) => string;
  badMessage: (reason: string) => string;
}

/** Undefined when the account sets no Redis URL. Logs outages and recoveries on the account node, once each. */
export function openAccountRedis(
  account: Node,
  fields: { url?: string; tls?: boolean; password?: string },
  texts: AccountRedisTexts,
): AccountRedis | undefined {
  const parsed = parseRedisSettings(fields);
  if (!parsed) return undefined;
  if (!parsed.ok) {
    account.error(parsed.reason);
    const refuse = () => {
      throw new Error(parsed.reason);
    };
    return { problem: parsed.reason, claimsFor: refuse, publish: () => undefined, forwardTo: async () => undefined, close: async () => undefined };
  }

  const link = new RedisLink(parsed.settings);
  const bus = new RedisEventBus(link, `${REDIS_PREFIX}events:${account.id}`);
  let wasReady = false;
  let reportedDown = false;
  link.watch((state: RedisState, reason?: string) => {
    if (state === "ready") {
      if (reportedDown || !wasReady) account.log(texts.up(link.address));
      wasReady = true;
      reportedDown = false;
    } else if (state === "down" && !reportedDown) {
      reportedDown = true;
      account.warn(texts.down(link.address, reason ?? "unknown"));
    }
  });

  return {
    link,
    claimsFor: (nodeId, windowMs) => new RedisClaims(link, { keyPrefix: `${REDIS_PREFIX}seen:${nodeId}:`, windowMs }),
    publish: (body) => {
      bus.publish(body).catch(() => undefined); // the outage is reported by the link
    },
    forwardTo: (sink) => bus.start(sink, (reason) => account.warn(texts.badMessage(reason))),
    close: async () => {
      await bus.stop();
      await link.close();
    },
  };
}
