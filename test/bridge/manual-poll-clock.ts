// A poll clock that moves only when the test says so: advance(ms) wakes the sleepers whose
// time has come, in order, and no other (unlike gateClock, which wakes every sleeper at a tick).
import type { PollClock } from '../../src/client/poll-clock.js';

export interface ManualPollClock extends PollClock {
  /** Moves time forward by `ms`, waking each sleeper due by then; resolves once they have run a little. */
  advance(ms: number): Promise<void>;
  /** The sleepers waiting, with how long each still waits. */
  sleeping(): number[];
}

/** Lets promise continuations and pending I/O callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function manualPollClock(): ManualPollClock {
  let t = 0;
  let sleepers: { at: number; wake: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (!(ms > 0) || signal?.aborted) return resolve();
        const sleeper = {
          at: t + ms,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      }),
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = sleepers.filter((s) => s.at <= end).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        t = Math.max(t, due.at);
        sleepers = sleepers.filter((s) => s !== due);
        due.wake();
        await settle();
      }
      t = end;
      await settle();
    },
    sleeping: () => sleepers.map((s) => s.at - t),
  };
}
