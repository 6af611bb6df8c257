/**
 * Injectable timers: the simulator never calls `setTimeout` directly, so tests can pass their
 * own scheduler or use fake timers.
 * @module
 */

/** The two timer functions the simulator needs. */
export interface SimTimers {
  /** Calls `callback` after `ms` milliseconds; returns a handle for {@link SimTimers.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer set by {@link SimTimers.setTimeout}. */
  clearTimeout(handle: unknown): void;
}

/**
 * The global timers, looked up at each call (not captured at load time) so that
 * `vi.useFakeTimers()` installed after import still takes effect.
 */
export const globalTimers: SimTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Resolves after `ms` milliseconds on `timers`; resolves at once (no timer) when `ms <= 0`. */
export function sleep(ms: number, timers: SimTimers): Promise<void> {
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve) => {
    timers.setTimeout(resolve, ms);
  });
}
