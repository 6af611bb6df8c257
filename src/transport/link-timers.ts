/**
 * Injectable timers for the link layer: reconnection pauses and bounded waits are timed here,
 * so tests can drive them with a fake clock instead of waiting.
 * @module
 */

/**
 * The two timer functions the link layer needs. The simulator's `SimTimers` has the same
 * shape, so one fake clock can drive both.
 */
export interface LinkTimers {
  /** Calls `callback` after `ms` milliseconds; returns a handle for {@link LinkTimers.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer set by {@link LinkTimers.setTimeout}. */
  clearTimeout(handle: unknown): void;
}

/**
 * The global timers, looked up at each call (not captured at load time) so that fake timers
 * installed after import (`vi.useFakeTimers()`) still take effect.
 */
export const systemTimers: LinkTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * Lets the process exit while only this timer is pending, when the handle supports it (a
 * Node timer does; a test's fake handle need not).
 */
export function unrefTimer(handle: unknown): void {
  const timer = handle as { unref?: () => void } | null;
  if (typeof timer?.unref === 'function') timer.unref();
}
