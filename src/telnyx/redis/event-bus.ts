// Outcomes across instances: every verified event is published on the account's Redis channel, and
// every instance offers what arrives there to its own event hub. A command waiting on instance A thus
// sees an event delivered to instance B. The hub drops ids it has seen, so an event offered twice (it
// came both ways) still ends a wait once.
//
// The message is the verified body exactly as Telnyx sent it: the subscribers parse it like the webhook.
import { parseEvent, type TelnyxEvent } from "../webhook/parse";
import type { RedisLink } from "./link";

/** Where events from other instances go: the account's event hub. */
export interface EventSink {
  offer(event: TelnyxEvent): unknown;
}

export class RedisEventBus {
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly link: RedisLink,
    readonly channel: string,
  ) {}

  /** Publishes a verified body. Best effort: a wait the event misses ends by its timeout. */
  async publish(body: Uint8Array): Promise<void> {
    if (this.link.state !== "ready") return;
    await this.link.client.publish(this.channel, Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }

  /** Offers every event on the channel to `sink`; messages that are not events are skipped. */
  async start(sink: EventSink, onBadMessage?: (reason: string) => void): Promise<void> {
    this.unsubscribe = await this.link.subscribe(this.channel, (message) => {
      const parsed = parseEvent(message);
      if (parsed.ok) sink.offer(parsed.event);
      else onBadMessage?.(parsed.reason);
    });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
