// The status vocabulary every action node shares: a blue dot while requests are in flight (with how
// many), a green dot for a few seconds after success, a red ring with a short reason after a failure,
// and, for a node that waits for outcomes, a blue ring with how many are waiting when nothing else shows.
import type { Node } from "node-red";

const SUCCESS_VISIBLE_MS = 3_000;

export class RequestStatus {
  private inFlight = 0;
  private clearTimer: NodeJS.Timeout | undefined;
  private waitingCount = 0;
  private showingFailure = false;

  constructor(
    private readonly node: Node,
    private readonly busyText: string,
    private readonly doneText: string,
    /** How many outcomes are awaited, in the locale's words (for nodes that wait for outcomes). */
    private readonly waitingText?: (count: number) => string,
  ) {}

  /** How many outcomes the node waits for; shown when no request is in flight and no result is showing. */
  waiting(count: number): void {
    this.waitingCount = count;
    if (this.inFlight === 0 && this.clearTimer === undefined && !this.showingFailure) this.showIdle();
  }

  started(): void {
    this.inFlight++;
    this.showingFailure = false;
    this.cancelClear();
    this.showBusy();
  }

  succeeded(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight > 0) return this.showBusy();
    this.node.status({ fill: "green", shape: "dot", text: this.doneText });
    this.clearTimer = setTimeout(() => {
      this.clearTimer = undefined;
      this.showIdle();
    }, SUCCESS_VISIBLE_MS);
  }

  failed(reason: string): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.cancelClear();
    this.showingFailure = true;
    this.node.status({ fill: "red", shape: "ring", text: shorten(reason) });
  }

  /** A standing problem (no account, no key): a red ring that stays. */
  problem(reason: string): void {
    this.node.status({ fill: "red", shape: "ring", text: shorten(reason) });
  }

  close(): void {
    this.cancelClear();
    this.node.status({});
  }

  private showBusy(): void {
    const text = this.inFlight > 1 ? `${this.busyText} (${this.inFlight})` : this.busyText;
    this.node.status({ fill: "blue", shape: "dot", text });
  }

  private showIdle(): void {
    this.node.status(this.waitingCount > 0 && this.waitingText ? { fill: "blue", shape: "ring", text: this.waitingText(this.waitingCount) } : {});
  }

  private cancelClear(): void {
    if (this.clearTimer) clearTimeout(this.clearTimer);
    this.clearTimer = undefined;
  }
}

/** Status text has little room: keep the start of the reason. */
function shorten(text: string): string {
  const firstClause = text.split(": ")[0];
  const short = firstClause.length >= 12 ? firstClause : text;
  return short.length > 60 ? short.slice(0, 57) + "..." : short;
}
