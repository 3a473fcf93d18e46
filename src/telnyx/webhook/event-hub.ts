// The event hub of one Telnyx account: verified webhook events in, waiting commands resolved.
//
// A node that sends a command and waits for its outcome takes a mark() before sending, then, with the
// command's answer in hand, registers a wait: what it waits for (a call, a sent message, a reply) and
// the outcome table that says which event ends it how (src/shared/outcomes.ts). Every verified event
// is offer()ed here. The first matching event after the mark ends the wait:
//
// - an event that arrives before the command's HTTP answer (Telnyx is fast) waits in a short buffer,
//   and the wait finds it there when it registers;
// - a repeat delivery (same data.id) is dropped, so it never ends a second wait;
// - an event ends at most one wait (the oldest that matches: Telnyx queues commands of one kind on a
//   call in order), except call.hangup, which every wait on that call sees, and a message's delivery
//   receipts, which every recipient of that message sees (a group MMS waits once per recipient);
// - every wait ends: by an event, by its timeout, or by cancel().
//
// Bounded: at most maxWaits waits, maxBuffered events kept for at most bufferMs, maxSeen event ids.
// Indexes are maps from a correlation key to its waits, so an event costs O(waits on its call), not
// O(all waits).
import { CALL_HANGUP, RECEIPTS, matchRule, timeoutEnding, type OutcomeTable } from "../../shared/outcomes";
import { SeenDigests } from "./seen-digests";
import { DEFAULT_DEDUPE_MAX_ENTRIES, DEFAULT_DEDUPE_MINUTES, DEFAULT_MAX_WAITS, DEFAULT_WAIT_BUFFER_MAX, DEFAULT_WAIT_BUFFER_MS, MAX_WAIT_TIMEOUT_SECONDS } from "../../shared/defaults";
import { TelnyxError } from "../../shared/errors";
import type { TelnyxEvent } from "./parse";

/** What a wait is about. Fill what the table's correlation needs (see `keysOfWait`). */
export interface WaitTarget {
  /** The call the command went to (call waits). */
  callControlId?: string;
  /** Bridge: the other call, whose events the wait watches too. */
  otherCallControlId?: string;
  /** Transfer: the call session, whose other legs (the new leg B) the wait watches too. */
  callSessionId?: string;
  /**
   * The call's leg id, for the one call event whose payload names the leg but not the call_control_id (the
   * spec's call.recording.saved).
   */
  callLegId?: string;
  /** The sent message (message and reply waits). */
  messageId?: string;
  /** The recipient of the sent message (message and reply waits). */
  recipient?: string;
  /** Reply waits: the number the message was sent from, which the reply goes to. */
  sender?: string;
}

/** How a wait ended. `event` is the event that ended it (none for a timeout or a cancel). */
export type WaitEnd =
  | { kind: "output"; output: number; outcome: string; event?: TelnyxEvent }
  | { kind: "error"; error: string; outcome: string; event: TelnyxEvent };

export interface WaitRequest {
  table: OutcomeTable;
  target: WaitTarget;
  /** The hub's mark() taken before the command was sent: only events offered after it count. */
  since: number;
  timeoutMs: number;
  /** Called once when the wait ends (possibly before wait() returns, when the buffer already holds the event). */
  onEnd: (end: WaitEnd) => void;
}

export interface Wait {
  /** True once ended (by an event, the timeout or cancel). */
  readonly ended: boolean;
  /** Ends the wait without calling onEnd; false when it had ended already. */
  cancel(): boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EventHubOptions {
  /** At most this many waits at once; wait() throws beyond. */
  maxWaits?: number;
  /** Events no wait took are kept this long for waits whose command is still being answered. */
  bufferMs?: number;
  /** ... and at most this many of them (the oldest go first). */
  maxBuffered?: number;
  /** Event ids remembered to drop repeats: how many, for how long. */
  maxSeen?: number;
  seenMs?: number;
  now?: () => number;
  timers?: Timers;
  /** Told when an onEnd callback throws (the hub carries on). */
  onError?: (err: unknown) => void;
}

const NO_NOTES: ReadonlySet<string> = new Set();
/** Longer waits are refused rather than firing at once (setTimeout's limit). */
const MAX_TIMER_MS = MAX_WAIT_TIMEOUT_SECONDS * 1000;

/** wait() beyond maxWaits: the command was sent, but its outcome cannot be waited for. */
export class WaitLimitError extends TelnyxError {
  override readonly name = "WaitLimitError";
  readonly code = "ERR_TELNYX_WAITS_FULL";
  constructor(limit: number) {
    super(`too many waits: the account already has ${limit} commands waiting for their outcome`);
  }
}

export interface OfferResult {
  /** A repeat of an event already offered: ignored. */
  duplicate: boolean;
  /** How many waits the event ended. */
  ended: number;
}

/** One wait; a class so that its methods are shared, not one closure per wait (10,000 waits add up). */
class WaitEntry implements Wait {
  ended = false;
  /** Notes taken (made on the first one: most waits never take any). */
  notes: Set<string> | undefined;
  timer: unknown;
  constructor(
    private readonly hub: EventHub,
    readonly seq: number,
    readonly table: OutcomeTable,
    readonly target: WaitTarget,
    readonly keys: readonly string[],
    public deadline: number,
    readonly onEnd: (end: WaitEnd) => void,
  ) {}

  cancel(): boolean {
    if (this.ended) return false;
    this.hub.remove(this);
    return true;
  }
}

interface Buffered {
  readonly seq: number;
  readonly at: number;
  readonly event: TelnyxEvent;
  readonly keys: readonly string[];
  /** Ended a wait: no later wait may have it (hangups are never taken). */
  taken: boolean;
}

export class EventHub {
  private readonly maxWaits: number;
  private readonly bufferMs: number;
  private readonly maxBuffered: number;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly onError: (err: unknown) => void;
  private readonly seen: SeenDigests;
  private seq = 0;
  private waitCount = 0;
  // Key -> its waits, oldest first (an array: almost always one or two waits per call).
  private readonly waitsByKey = new Map<string, WaitEntry[]>();
  // Buffered events in arrival order (a queue with a moving head), and by key.
  private buffer: Buffered[] = [];
  private bufferHead = 0;
  private readonly bufferedByKey = new Map<string, Buffered[]>();

  constructor(options: EventHubOptions = {}) {
    this.maxWaits = positive("maxWaits", options.maxWaits ?? DEFAULT_MAX_WAITS);
    this.bufferMs = positive("bufferMs", options.bufferMs ?? DEFAULT_WAIT_BUFFER_MS);
    this.maxBuffered = positive("maxBuffered", options.maxBuffered ?? DEFAULT_WAIT_BUFFER_MAX);
    this.now = options.now ?? Date.now;
    // unref: a wait must not keep the process alive on its own (Node-RED stopping, a test run ending).
    this.timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
    this.onError = options.onError ?? (() => undefined);
    this.seen = new SeenDigests({ capacity: options.maxSeen ?? DEFAULT_DEDUPE_MAX_ENTRIES, windowMs: options.seenMs ?? DEFAULT_DEDUPE_MINUTES * 60_000, now: this.now });
  }

  /** Take before sending a command; pass to wait() as `since`. */
  mark(): number {
    return this.seq;
  }

  /** Waits not yet ended. */
  get size(): number {
    return this.waitCount;
  }

  /** Events held for waits still to register. */
  get buffered(): number {
    return this.buffer.length - this.bufferHead;
  }

  /** A verified event. Ends the waits it matches; else keeps it briefly for waits about to register. */
  offer(event: TelnyxEvent): OfferResult {
    const id = event.data.id;
    // Never "full": nothing here is protected, so the oldest id gives way.
    if (this.seen.checkAndRemember(id) === "seen") return { duplicate: true, ended: 0 };
    this.prune();
    const keys = keysOfEvent(event);
    const entry: Buffered = { seq: ++this.seq, at: this.now(), event, keys, taken: false };
    const broadcast = seenByAll(event);
    let ended = 0;
    for (const wait of this.waitsFor(keys)) {
      if (this.apply(wait, event)) {
        ended++;
        if (!broadcast) {
          entry.taken = true;
          break;
        }
      }
    }
    if (!entry.taken && keys.length > 0) this.keep(entry);
    return { duplicate: false, ended };
  }

  /** Registers a wait; events offered since `since` and still buffered are applied at once. */
  wait(request: WaitRequest): Wait {
    if (this.waitCount >= this.maxWaits) throw new WaitLimitError(this.maxWaits);
    if (!(request.timeoutMs > 0) || request.timeoutMs > MAX_TIMER_MS) {
      throw new RangeError(`timeoutMs: expected a number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${String(request.timeoutMs)}`);
    }
    const keys = keysOfWait(request.table, request.target);
    if (keys.length === 0) throw new RangeError(`target: nothing to wait on for a "${request.table.correlation}" wait`);
    this.prune();

    const wait = new WaitEntry(this, ++this.seq, request.table, request.target, keys, this.now() + request.timeoutMs, request.onEnd);
    this.waitCount++;
    for (const key of keys) {
      const list = this.waitsByKey.get(key);
      if (list) list.push(wait);
      else this.waitsByKey.set(key, [wait]);
    }
    this.arm(wait, request.timeoutMs);

    for (const entry of this.bufferedFor(keys, request.since)) {
      if (this.apply(wait, entry.event)) {
        if (!seenByAll(entry.event)) entry.taken = true;
        break;
      }
    }
    return wait;
  }

  /** Ends every wait without calling onEnd (the hub's owner is going away) and forgets the buffer. */
  clear(): void {
    for (const list of [...this.waitsByKey.values()]) for (const wait of [...list]) wait.cancel();
    this.buffer = [];
    this.bufferHead = 0;
    this.bufferedByKey.clear();
  }

  /** Applies an event to a wait; true when it ended the wait. */
  private apply(wait: WaitEntry, event: TelnyxEvent): boolean {
    if (wait.ended) return false;
    const payload = event.data.payload ?? {};
    const rule = matchRule(wait.table, { callControlId: wait.target.callControlId, callLegId: wait.target.callLegId, recipient: wait.target.recipient }, event.data.event_type, payload);
    if (!rule) return false;
    const then = rule.then;
    if ("note" in then) {
      (wait.notes ??= new Set()).add(then.note);
      return false;
    }
    if ("graceMs" in then) {
      const left = wait.deadline - this.now();
      if (then.graceMs < left) {
        this.timers.clearTimeout(wait.timer);
        wait.deadline = this.now() + then.graceMs;
        this.arm(wait, then.graceMs);
      }
      return false;
    }
    this.finish(wait, "error" in then ? { kind: "error", error: then.error, outcome: then.outcome, event } : { kind: "output", output: then.output, outcome: then.outcome, event });
    return true;
  }

  private arm(wait: WaitEntry, ms: number): void {
    wait.timer = this.timers.setTimeout(() => {
      if (!wait.ended) this.finish(wait, { kind: "output", ...timeoutEnding(wait.table, wait.notes ?? NO_NOTES) });
    }, ms);
  }

  private finish(wait: WaitEntry, end: WaitEnd): void {
    this.remove(wait);
    try {
      wait.onEnd(end);
    } catch (err) {
      this.onError(err);
    }
  }

  /** Takes a wait out (ended or cancelled); for WaitEntry.cancel. */
  remove(wait: WaitEntry): void {
    if (wait.ended) return;
    wait.ended = true;
    this.timers.clearTimeout(wait.timer);
    this.waitCount--;
    for (const key of wait.keys) {
      const list = this.waitsByKey.get(key);
      if (!list) continue;
      const at = list.indexOf(wait);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.waitsByKey.delete(key);
    }
  }

  /** The waits on any of `keys`, each once, oldest first (a copy: applying events changes the lists). */
  private waitsFor(keys: readonly string[]): WaitEntry[] {
    const lists: WaitEntry[][] = [];
    for (const key of keys) {
      const list = this.waitsByKey.get(key);
      if (list) lists.push(list);
    }
    if (lists.length <= 1) return lists.length === 0 ? [] : [...lists[0]];
    return [...new Set(lists.flat())].sort((a, b) => a.seq - b.seq);
  }

  /** Buffered events on any of `keys` offered after `since`, not taken, each once, in arrival order. */
  private bufferedFor(keys: readonly string[], since: number): Buffered[] {
    const found = new Set<Buffered>();
    for (const key of keys) for (const entry of this.bufferedByKey.get(key) ?? []) if (entry.seq > since && !entry.taken) found.add(entry);
    return [...found].sort((a, b) => a.seq - b.seq);
  }

  private keep(entry: Buffered): void {
    this.buffer.push(entry);
    for (const key of entry.keys) {
      let list = this.bufferedByKey.get(key);
      if (!list) this.bufferedByKey.set(key, (list = []));
      list.push(entry);
    }
    this.prune();
  }

  /** Drops buffered events that are too old or too many; the oldest are at the front of every list. */
  private prune(): void {
    const oldest = this.now() - this.bufferMs;
    while (this.bufferHead < this.buffer.length) {
      const entry = this.buffer[this.bufferHead];
      if (entry.at > oldest && this.buffer.length - this.bufferHead <= this.maxBuffered) break;
      this.bufferHead++;
      for (const key of entry.keys) {
        const list = this.bufferedByKey.get(key);
        if (!list) continue;
        if (list[0] === entry) list.shift();
        if (list.length === 0) this.bufferedByKey.delete(key);
      }
    }
    // Compact now and then so the array does not grow without end.
    if (this.bufferHead > 1024 && this.bufferHead * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.bufferHead);
      this.bufferHead = 0;
    }
  }
}

/** Events every matching wait sees, rather than the oldest only: a hangup, a message's receipts (one wait per recipient). */
function seenByAll(event: TelnyxEvent): boolean {
  const type = event.data.event_type;
  return type === CALL_HANGUP || RECEIPTS.includes(type);
}

/** Correlation keys of an event: its call, its call leg, its call session, its message, its sender -> receiver pairs. */
export function keysOfEvent(event: TelnyxEvent): string[] {
  const type = event.data.event_type;
  const payload = event.data.payload ?? {};
  const keys: string[] = [];
  if (typeof payload.call_control_id === "string") keys.push(callKey(payload.call_control_id));
  if (typeof payload.call_leg_id === "string") keys.push(legKey(payload.call_leg_id));
  if (typeof payload.call_session_id === "string") keys.push(sessionKey(payload.call_session_id));
  if (type.startsWith("message.")) {
    if (type === "message.received") {
      const from = phoneNumber(payload.from);
      if (from !== undefined) for (const to of addressees(payload)) keys.push(replyKey(from, to));
    } else if (typeof payload.id === "string") keys.push(messageKey(payload.id));
  }
  return keys;
}

/** Correlation keys of a wait, by its table's correlation. */
export function keysOfWait(table: OutcomeTable, target: WaitTarget): string[] {
  const keys: string[] = [];
  if (table.correlation === "call") {
    if (target.callControlId) keys.push(callKey(target.callControlId));
    if (target.callLegId) keys.push(legKey(target.callLegId));
    if (target.otherCallControlId) keys.push(callKey(target.otherCallControlId));
    if (target.callSessionId) keys.push(sessionKey(target.callSessionId));
    return target.callControlId ? keys : [];
  }
  if (!target.messageId || !target.recipient) return [];
  keys.push(messageKey(target.messageId));
  if (table.correlation === "reply") {
    if (!target.sender) return [];
    keys.push(replyKey(target.recipient, target.sender));
  }
  return keys;
}

const callKey = (id: string) => `c ${id}`;
const legKey = (id: string) => `l ${id}`;
const sessionKey = (id: string) => `s ${id}`;
const messageKey = (id: string) => `m ${id}`;
const replyKey = (from: string, to: string) => `r ${from} ${to}`;

function phoneNumber(value: unknown): string | undefined {
  if (value !== null && typeof value === "object" && typeof (value as { phone_number?: unknown }).phone_number === "string") {
    return (value as { phone_number: string }).phone_number;
  }
  return undefined;
}

/** The numbers an inbound message went to: payload.to[] (and cc[] for group MMS). */
function addressees(payload: Record<string, unknown>): string[] {
  const numbers: string[] = [];
  for (const list of [payload.to, payload.cc]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const number = phoneNumber(item);
      if (number !== undefined) numbers.push(number);
    }
  }
  return numbers;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name}: expected a whole number >= 1, got ${String(value)}`);
  return value;
}
