/**
 * The polling loop of `xcom watch`, with its clock and its sleep injected so that tests drive it
 * without real time.
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises';

/** What the loop needs. */
export interface WatchLoopOptions {
  /** The period, start to start, in milliseconds. */
  readonly everyMs: number;
  /** Stop after this many cycles; `undefined` runs until `signal` aborts. */
  readonly count: number | undefined;
  /** Aborts the loop (Ctrl+C): no further cycle starts, the pending sleep ends at once. */
  readonly signal: AbortSignal;
  /** The current time in milliseconds. */
  now(): number;
  /** Waits `ms`, or less when `signal` aborts; never rejects. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** One poll; `at` is the time it started. */
  cycle(index: number, at: number): Promise<void>;
}

/** A sleep on Node's timers that returns early, without rejecting, when the signal aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/**
 * Runs `cycle` every `everyMs` (a slow cycle is followed by the next at once, never by two)
 * until `count` cycles ran or the signal aborts; resolves with the number of cycles run.
 */
export async function runWatchLoop(options: WatchLoopOptions): Promise<number> {
  let cycles = 0;
  while (!options.signal.aborted && (options.count === undefined || cycles < options.count)) {
    const start = options.now();
    await options.cycle(cycles, start);
    cycles++;
    if (options.signal.aborted || (options.count !== undefined && cycles >= options.count)) break;
    await options.sleep(Math.max(0, start + options.everyMs - options.now()), options.signal);
  }
  return cycles;
}
