/**
 * When a silence timer's firing means a silent line. A stalled event loop (a busy
 * application, a garbage collection) runs its expired timers before it reads what arrived
 * during the stall, so a timer that fires long after it was due heard nothing: the bytes may
 * be waiting to be read. Dropping the partial frame then would lose the reply they complete.
 * @module
 */

/**
 * Whether a silence timer of `ms`, armed at `armedAt`, that fires at `now` (both from
 * `performance.now()`) heard a silence: it fired within twice its wait. A later one is
 * checked again after another wait, once the reads have caught up.
 */
export function heardSilence(armedAt: number, ms: number, now: number): boolean {
  return now - armedAt <= 2 * ms;
}

/** How many waits in a row a late timer may add before the line counts as quiet anyway (an overloaded loop still drops a false start). */
export const MAX_LATE_WAITS = 3;
