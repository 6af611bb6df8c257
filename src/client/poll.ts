/**
 * Polling: batched reads of the same items on a fixed schedule, as an async iterator of
 * snapshots.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import type { MultiInfoSupport } from './multi-info-support.js';
import { Pacer } from './pacing.js';
import { systemPollClock } from './poll-clock.js';
import { planReads, type ReadValuesItem } from './read-plan.js';
import { checkReadValuesOptions, type ReadValueEntry, type ReadValuesOptions, type ReadValuesResult, runReads, type ValueSource } from './read-values.js';

/** Options of {@link XcomClient.poll}. */
export interface PollOptions extends ReadValuesOptions {
  /** The period in milliseconds, from the start of one cycle to the start of the next. */
  readonly every: number;
  /**
   * Yields only the entries whose value (or error code) differs from the one last yielded for
   * that item; a cycle where nothing changed yields no snapshot. The first cycle yields every
   * entry.
   */
  readonly onlyChanged?: boolean;
}

/** One cycle of a poll. */
export interface PollSnapshot {
  /** The cycle's number, from 0. */
  readonly cycle: number;
  /** When the cycle was due, on the poll's clock (milliseconds; the first cycle's start is its origin). */
  readonly scheduledAt: number;
  /** When it started, on the poll's clock. */
  readonly startedAt: number;
  /**
   * How late it started, in milliseconds: after a cycle that overran its period (or a slow
   * consumer), the next cycle starts at once and says here by how much it missed its time.
   */
  readonly lateMs: number;
  /** Scheduled cycles skipped entirely because the one before overran them (never caught up). */
  readonly missed: number;
  /** How long its reads took, in milliseconds. */
  readonly durationMs: number;
  /** Wall-clock time of its start, milliseconds since 1970 (`Date.now()`). */
  readonly timestamp: number;
  /** The entries: every item in order, or with `onlyChanged` only those that changed. */
  readonly entries: readonly ReadValueEntry[];
  /** The link's failure in this cycle, if any (see {@link ReadValuesResult.linkError}). */
  readonly linkError: ReadValuesResult['linkError'];
  /** The requests the cycle made. */
  readonly requests: number;
}

const POLL_KEYS: ReadonlySet<string> = new Set(['every', 'onlyChanged']);

/**
 * Reads `items` every `options.every` milliseconds through `source`. The items and options are
 * checked now, before the first cycle. See {@link XcomClient.poll}.
 */
export function poll(
  source: ValueSource,
  support: MultiInfoSupport,
  items: readonly ReadValuesItem[],
  options: PollOptions,
): AsyncGenerator<PollSnapshot, void, undefined> {
  const units = checkReadValuesOptions(options, POLL_KEYS);
  const every = options.every;
  if (typeof every !== 'number' || !Number.isFinite(every) || every <= 0) {
    throw new XcomValidationError(`every must be a positive number of milliseconds, got ${JSON.stringify(every)}`, 'every');
  }
  if (options.onlyChanged !== undefined && typeof options.onlyChanged !== 'boolean') {
    throw new XcomValidationError(`onlyChanged must be a boolean, got ${JSON.stringify(options.onlyChanged)}`, 'onlyChanged');
  }
  const planned = planReads(items);
  const clock = options.clock ?? systemPollClock;
  const pacer = options.pacing === undefined ? undefined : new Pacer(options.pacing, clock);
  const signal = options.signal;

  return (async function* cycles(): AsyncGenerator<PollSnapshot, void, undefined> {
    const last: (ReadValueEntry | undefined)[] = [];
    const origin = clock.now();
    let tick = 0;
    let scheduledAt = origin;
    let missed = 0;
    for (let cycle = 0; ; cycle++) {
      if (signal?.aborted) return;
      const startedAt = clock.now();
      const timestamp = Date.now();
      let result;
      try {
        result = await runReads(source, support, planned, options, units, pacer);
      } catch (error) {
        // Aborting ends the iteration; a closed client or a bug is thrown to the loop.
        if (signal?.aborted) return;
        throw error;
      }
      const entries = options.onlyChanged === true ? changed(result.entries, last) : result.entries;
      if (options.onlyChanged !== true || entries.length > 0) {
        yield {
          cycle,
          scheduledAt,
          startedAt,
          lateMs: startedAt - scheduledAt,
          missed,
          durationMs: clock.now() - startedAt,
          timestamp,
          entries,
          linkError: result.linkError,
          requests: result.requests,
        };
      }
      // The schedule is a fixed grid from the first start, so it never drifts; after an
      // overrun, the latest tick passed is run at once and the earlier ones are dropped.
      const now = clock.now();
      const next = tick + 1;
      const passed = Math.floor((now - origin) / every);
      if (passed >= next) {
        missed = passed - next;
        tick = passed;
      } else {
        missed = 0;
        tick = next;
        await clock.sleep(origin + tick * every - now, signal);
      }
      scheduledAt = origin + tick * every;
    }
  })();
}

/** The entries that differ from the ones last seen at the same position; remembers them. */
function changed(entries: readonly ReadValueEntry[], last: (ReadValueEntry | undefined)[]): ReadValueEntry[] {
  const out: ReadValueEntry[] = [];
  entries.forEach((entry, i) => {
    const before = last[i];
    if (before !== undefined && same(before, entry)) return;
    last[i] = entry;
    out.push(entry);
  });
  return out;
}

function same(a: ReadValueEntry, b: ReadValueEntry): boolean {
  if (a.ok && b.ok) {
    if (a.absent !== undefined || b.absent !== undefined) return a.absent === b.absent;
    const x = a.value;
    const y = b.value;
    if (x instanceof Uint8Array && y instanceof Uint8Array) return x.length === y.length && x.every((byte, i) => byte === y[i]);
    return Object.is(x, y);
  }
  return !a.ok && !b.ok && a.error.code === b.error.code;
}
