// Status and logging for nodes that listen for inbound requests: a standing state (listening on a
// path, verification off, a problem) plus a count of refused requests. Refusals come from outside and
// can come in floods, so the status is redrawn and the log written at most once per interval.
import type { Node } from "node-red";

const REDRAW_MS = 1_000;
const LOG_EVERY_MS = 10_000;

type Fill = "green" | "yellow" | "red";

export class ListenerStatus {
  private base: { fill: Fill; shape: "dot" | "ring"; text: string } = { fill: "green", shape: "dot", text: "" };
  private rejected = 0;
  private redrawTimer: NodeJS.Timeout | undefined;
  private lastRedraw = 0;
  private unlogged = 0;
  private lastLog = 0;
  private lastReason = "";
  private logTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly node: Node,
    private readonly texts: {
      rejected: (count: number) => string;
      logRejected: (count: number, reason: string) => string;
    },
  ) {}

  listening(text: string): void {
    this.show({ fill: "green", shape: "dot", text });
  }

  warning(text: string): void {
    this.show({ fill: "yellow", shape: "ring", text });
  }

  problem(text: string): void {
    this.show({ fill: "red", shape: "ring", text });
  }

  /** Counts a refused request: status shows the count, the log says why (throttled). */
  refused(reason: string): void {
    this.rejected++;
    this.scheduleRedraw();
    this.unlogged++;
    this.lastReason = reason;
    const wait = this.lastLog + LOG_EVERY_MS - Date.now();
    if (wait <= 0) this.flushLog();
    else this.logTimer ??= setTimeout(() => this.flushLog(), wait);
  }

  close(): void {
    clearTimeout(this.redrawTimer);
    clearTimeout(this.logTimer);
    this.redrawTimer = this.logTimer = undefined;
    this.node.status({});
  }

  private show(base: ListenerStatus["base"]): void {
    this.base = base;
    this.redraw();
  }

  private scheduleRedraw(): void {
    if (this.redrawTimer) return;
    const wait = this.lastRedraw + REDRAW_MS - Date.now();
    if (wait <= 0) return this.redraw();
    this.redrawTimer = setTimeout(() => this.redraw(), wait);
  }

  private redraw(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = undefined;
    this.lastRedraw = Date.now();
    const text = this.rejected > 0 ? `${this.base.text} · ${this.texts.rejected(this.rejected)}` : this.base.text;
    this.node.status({ ...this.base, text });
  }

  private flushLog(): void {
    clearTimeout(this.logTimer);
    this.logTimer = undefined;
    if (this.unlogged === 0) return;
    this.node.warn(this.texts.logRejected(this.unlogged, this.lastReason));
    this.unlogged = 0;
    this.lastLog = Date.now();
  }
}
