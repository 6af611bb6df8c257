/**
 * Simulator timers that drive a ManualClock: a timer fires when the test advances time past its
 * deadline, and time then reads that deadline, so the moment a reply arrives can be read off
 * exactly. `elapsed` counts from 0 (fractional milliseconds stay exact there, unlike on a clock
 * near 1.7e12 ms); the installation's clock follows it.
 */
import type { ManualClock } from '../../src/simulator/clock.js';
import type { SimTimers } from '../../src/simulator/timers.js';

interface Timer {
  readonly at: number;
  readonly callback: () => void;
}

/** Lets pending promise chains (the endpoint's line, the client's matching) run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ManualScheduler implements SimTimers {
  /** Every delay asked for, in order. */
  readonly requested: number[] = [];
  private readonly timers = new Map<number, Timer>();
  private nextId = 1;
  private now = 0;
  private readonly origin: number;

  constructor(readonly clock: ManualClock) {
    this.origin = clock.now();
  }

  /** The time since the scheduler was made, ms. */
  get elapsed(): number {
    return this.now;
  }

  private moveTo(at: number): void {
    this.now = Math.max(this.now, at);
    this.clock.set(this.origin + this.now);
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    this.requested.push(ms);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.timers.size;
  }

  /**
   * Moves the clock forward by `ms`, firing each timer due on the way at its own deadline
   * (oldest deadline first) and letting what it starts run before the next.
   */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    await settle();
    for (;;) {
      let next: [number, Timer] | undefined;
      for (const entry of this.timers) if (entry[1].at <= until && (next === undefined || entry[1].at < next[1].at)) next = entry;
      if (next === undefined) break;
      this.timers.delete(next[0]);
      this.moveTo(next[1].at);
      next[1].callback();
      await settle();
    }
    this.moveTo(until);
  }

  /** Runs the timers until none is pending; returns the time that took. */
  async runAll(): Promise<number> {
    const start = this.now;
    await settle();
    for (let guard = 0; this.timers.size > 0; guard++) {
      if (guard > 100_000) throw new Error('timers keep coming');
      const at = Math.min(...[...this.timers.values()].map((t) => t.at));
      await this.advance(at - this.now);
    }
    return this.now - start;
  }
}
