/**
 * The time source of polling and pacing, injectable so that tests drive it.
 * @module
 */

/** What polling and pacing need of time. */
export interface PollClock {
  /** The current time in milliseconds, monotonic (only differences matter). */
  now(): number;
  /** Waits `ms` milliseconds, or less when `signal` aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * `performance.now()` and `setTimeout`, looked up at each call (not captured at load time), so
 * that fake timers installed after import (`vi.useFakeTimers()`) take effect.
 */
export const systemPollClock: PollClock = {
  now: () => globalThis.performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (!(ms > 0) || signal?.aborted) {
        resolve();
        return;
      }
      const done = (): void => {
        globalThis.clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = globalThis.setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};
