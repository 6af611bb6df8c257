/**
 * The simulator's sense of time: injectable, so that tests replay simulated days in
 * milliseconds and the values stay deterministic.
 * @module
 */

/** A source of wall-clock time, in milliseconds since 1970 (like `Date.now()`). */
export interface SimClock {
  /** The current time in milliseconds since 1970-01-01T00:00:00Z. */
  now(): number;
}

/** The real clock (`Date.now()`), looked up at each call so fake timers that mock `Date` apply. */
export const systemClock: SimClock = {
  now: () => Date.now(),
};

/**
 * A clock that only moves when told to: for tests and for replaying simulated days fast.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(Date.UTC(2025, 5, 21, 12));
 * clock.advance(24 * 3600_000); // one simulated day later
 * ```
 */
export class ManualClock implements SimClock {
  private ms: number;

  /** @param startMs the initial time (default 2025-06-21T06:00:00Z, a summer sunrise) */
  constructor(startMs: number = Date.UTC(2025, 5, 21, 6, 0, 0)) {
    this.ms = startMs;
  }

  /** {@inheritDoc SimClock.now} */
  now(): number {
    return this.ms;
  }

  /** Moves the clock forward by `ms` milliseconds (a negative amount is refused). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance needs a non-negative duration, got ${ms}`);
    this.ms += ms;
  }

  /** Sets the clock to `ms` milliseconds since 1970. */
  set(ms: number): void {
    this.ms = ms;
  }
}
