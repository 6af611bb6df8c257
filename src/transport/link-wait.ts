/**
 * A send's wait for its link, bounded by its `connectTimeoutMs` and its `AbortSignal`.
 * @module
 */
import type { XcomTransportError } from '../errors.js';
import type { LinkTimers } from './link-timers.js';

/** How long a wait may last, and what ends it early. */
export interface LinkWaitBounds {
  /** The longest wait; `undefined`: until `wait` settles (or the signal aborts). */
  readonly timeoutMs: number | undefined;
  /** Aborting rejects the wait with the signal's reason. */
  readonly signal: AbortSignal | undefined;
  /** Where the timeout is timed. */
  readonly timers: LinkTimers;
  /** The error the wait rejects with once `timeoutMs` has passed. */
  readonly timedOut: () => XcomTransportError;
}

/**
 * Runs `wait` and settles with it, unless the timeout passes or the signal aborts first. `wait`
 * gets a signal of its own, aborted as soon as the outcome is known, so that a retry loop
 * stops and a waiter unregisters; its late outcome is ignored.
 */
export function waitForLink<T>(wait: (stop: AbortSignal) => Promise<T>, bounds: LinkWaitBounds): Promise<T> {
  const { signal, timers } = bounds;
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = new AbortController();
    let timer: unknown;
    const settle = (outcome: () => void): void => {
      if (stop.signal.aborted) return;
      stop.abort();
      if (timer !== undefined) timers.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => settle(() => reject(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (bounds.timeoutMs !== undefined) {
      timer = timers.setTimeout(() => {
        timer = undefined;
        settle(() => reject(bounds.timedOut()));
      }, bounds.timeoutMs);
    }
    wait(stop.signal).then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
