/**
 * A hand-driven clock for the link layer's pauses and waits: each timer waits until the test
 * fires it, and every delay asked for is recorded.
 */
import type { LinkTimers } from '../../src/transport/link-timers.js';

interface Pending {
  readonly ms: number;
  readonly callback: () => void;
}

export class ManualTimers implements LinkTimers {
  /** Every delay asked for, in order. */
  readonly requested: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { ms, callback });
    this.requested.push(ms);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** The delays of the timers still pending, oldest first. */
  get delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Fires the oldest pending timer whose delay passes `filter`; returns its delay. */
  fire(filter: (ms: number) => boolean = () => true): number {
    for (const [id, timer] of this.pending) {
      if (!filter(timer.ms)) continue;
      this.pending.delete(id);
      timer.callback();
      return timer.ms;
    }
    throw new Error(`no pending timer matches (pending: ${this.delays.join(', ')})`);
  }
}
