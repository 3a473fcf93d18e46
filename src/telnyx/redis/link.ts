// The Redis connection of an account: settings checked, the client loaded only when Redis is configured,
// reconnecting on its own, and a state the webhook nodes show and act on.
//
//   parseRedisSettings   the account's fields -> settings, or a reason naming the field
//   RedisLink            one command connection plus, on demand, one subscriber connection
//
// The password is a credential: it never goes into the URL (the URL is part of the flows, which users
// export and share), and every text this file hands out passes through `redact`.
import type { RedisClientType } from "@redis/client";
import { redisUrlProblem } from "../../shared/redis-url";

export interface RedisSettings {
  /** redis://host:port/db or rediss://… ; never holds a password. */
  url: string;
  tls: boolean;
  password?: string;
}

export type RedisSettingsResult = { ok: true; settings: RedisSettings } | { ok: false; reason: string };

/** The account's Redis fields; `undefined` settings when no URL is set (one instance, no Redis). */
export function parseRedisSettings(fields: { url?: string; tls?: boolean; password?: string }): RedisSettingsResult | undefined {
  const url = fields.url?.trim() ?? "";
  if (url === "") return undefined;
  const problem = redisUrlProblem(url);
  if (problem !== undefined) return { ok: false, reason: problem };
  const password = fields.password?.trim() || undefined;
  return { ok: true, settings: { url, tls: fields.tls === true || new URL(url).protocol === "rediss:", password } };
}

export type RedisState = "connecting" | "ready" | "down";

export interface RedisLinkOptions {
  /** Work to finish on every (re)connection before the link counts as ready (e.g. restoring claims). */
  onConnect?: Array<(client: RedisCommandClient) => Promise<void>>;
  /** Longest pause between reconnection attempts. */
  maxReconnectDelayMs?: number;
  connectTimeoutMs?: number;
}

/** The part of the client the adapters use (kept small so it is clear what we rely on). */
export type RedisCommandClient = RedisClientType;

type Listener = (state: RedisState, reason?: string) => void;

/**
 * One Redis connection for commands, the offline queue disabled: while Redis is unreachable a command
 * fails at once (the webhook answers 503) instead of waiting in a queue Telnyx would time out on.
 */
export class RedisLink {
  readonly client: RedisCommandClient;
  private subscriber: RedisCommandClient | undefined;
  private current: RedisState = "connecting";
  private lastReason: string | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly onConnect: Array<(client: RedisCommandClient) => Promise<void>>;
  private closed = false;
  private generation = 0;

  constructor(
    private readonly settings: RedisSettings,
    options: RedisLinkOptions = {},
  ) {
    this.onConnect = [...(options.onConnect ?? [])];
    const maxDelay = options.maxReconnectDelayMs ?? 1_000;
    // Loaded here, not at the top: installations without Redis never load the client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createClient } = require("@redis/client") as typeof import("@redis/client");
    this.client = createClient({
      url: settings.url,
      password: settings.password,
      disableOfflineQueue: true,
      socket: {
        tls: settings.tls,
        connectTimeout: options.connectTimeoutMs ?? 2_000,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
      },
    } as Parameters<typeof createClient>[0]) as RedisCommandClient;
    // "error" is about the connection (command errors reject their own promise): it is down, and retrying.
    this.client.on("error", (err: Error) => this.set("down", err.message || err.name));
    this.client.on("reconnecting", () => this.set("down", this.lastReason ?? "reconnecting"));
    this.client.on("end", () => this.set("down", "connection closed"));
    this.client.on("ready", () => void this.prepare());
    // connect() retries by itself; its promise only tells about the first attempt, which "error" reports.
    this.client.connect().catch((err: Error) => this.set("down", err.message));
  }

  get state(): RedisState {
    return this.current;
  }

  /** Why the link is not ready (redacted), when it is not. */
  get reason(): string | undefined {
    return this.current === "ready" ? undefined : this.lastReason;
  }

  /** Where Redis is, for messages: scheme, host and port only. */
  get address(): string {
    const url = new URL(this.settings.url);
    return `${url.protocol}//${url.host}`;
  }

  /** Calls `listener` on every change of state; returns a function that stops it. */
  watch(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds work to do on every (re)connection (done at once too when ready already); returns its removal. */
  addOnConnect(task: (client: RedisCommandClient) => Promise<void>): () => void {
    this.onConnect.push(task);
    if (this.current === "ready") void this.prepare();
    return () => {
      const at = this.onConnect.indexOf(task);
      if (at >= 0) this.onConnect.splice(at, 1);
    };
  }

  /** A second connection (Redis reserves a subscribed connection for messages); it resubscribes after a reconnect. */
  async subscribe(channel: string, listener: (message: Buffer) => void): Promise<() => Promise<void>> {
    this.subscriber ??= this.client.duplicate();
    const subscriber = this.subscriber;
    if (!subscriber.isOpen) {
      subscriber.on("error", () => undefined); // the command connection reports the state
      await subscriber.connect();
    }
    const onMessage = (message: Buffer) => listener(message);
    await subscriber.subscribe(channel, onMessage, true);
    return () => subscriber.unsubscribe(channel, onMessage, true).then(() => undefined, () => undefined);
  }

  /** Redacts the password from any text about this link. */
  redact(text: string): string {
    const password = this.settings.password;
    return password ? text.split(password).join("***") : text;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    for (const client of [this.subscriber, this.client]) {
      if (!client?.isOpen) continue;
      // Still trying to connect: nothing to finish, and close() would wait for the connection.
      if (!client.isReady) {
        client.destroy();
        continue;
      }
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    }
  }

  /** A (re)connection: finish the onConnect work, then count as ready. A drop meanwhile starts over. */
  private async prepare(): Promise<void> {
    const generation = ++this.generation;
    this.set("connecting", "restoring state after connecting");
    try {
      for (const task of this.onConnect) await task(this.client);
      if (generation === this.generation && this.client.isReady) this.set("ready");
    } catch (err) {
      if (generation === this.generation) this.set("down", (err as Error).message);
    }
  }

  private set(state: RedisState, reason?: string): void {
    if (this.closed) return;
    const text = reason === undefined ? undefined : this.redact(reason);
    const changed = state !== this.current || (state !== "ready" && text !== this.lastReason);
    this.current = state;
    if (text !== undefined) this.lastReason = text;
    if (!changed) return;
    for (const listener of this.listeners) listener(state, state === "ready" ? undefined : this.lastReason);
  }
}
