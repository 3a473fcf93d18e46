// The status vocabulary every action node shares: a blue dot while requests are in flight (with how
// many), a green dot for a few seconds after success, a red ring with a short reason after a failure.
import type { Node } from "node-red";

const SUCCESS_VISIBLE_MS = 3_000;

export class RequestStatus {
  private inFlight = 0;
  private clearTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly node: Node,
    private readonly busyText: string,
    private readonly doneText: string,
  ) {}

  started(): void {
    this.inFlight++;
    this.cancelClear();
    this.showBusy();
  }

  succeeded(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight > 0) return this.showBusy();
    this.node.status({ fill: "green", shape: "dot", text: this.doneText });
    this.clearTimer = setTimeout(() => this.node.status({}), SUCCESS_VISIBLE_MS);
  }

  failed(reason: string): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.cancelClear();
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
