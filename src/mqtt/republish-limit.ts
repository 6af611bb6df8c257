/**
 * The pace of the re-publications that Home Assistant's `online` asks for. Anyone who may
 * publish on `<prefix>/status` can send `online` again and again, and each one costs the
 * broker and every subscriber the whole discovery, availability and states (hundreds of
 * messages): an amplifier. The requests are coalesced instead.
 * @module
 */
import { type LinkTimers, systemTimers, unrefTimer } from '../transport/link-timers.js';

/** The least time between two re-publications for Home Assistant's `online`, in ms. */
export const REPUBLISH_INTERVAL_MS = 5000;

/**
 * Runs a task at once on the first request, then at most once more per interval: the
 * requests that come within an interval of the last run lead to one run at its end,
 * however many they were.
 */
export class RepublishLimit {
  private timer: unknown;
  private owed = false;
  private stopped = false;

  /**
   * @param run the task (re-publishing everything)
   * @param intervalMs the least time between two runs
   * @param timers the timers (tests pass manual ones)
   */
  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number = REPUBLISH_INTERVAL_MS,
    private readonly timers: LinkTimers = systemTimers,
  ) {}

  /** Asks for a run: now if none ran within the interval, else once at its end. */
  request(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) {
      this.owed = true;
      return;
    }
    this.runNow();
  }

  /** Cancels the run owed, if any; later requests are ignored. */
  stop(): void {
    this.stopped = true;
    this.owed = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private runNow(): void {
    this.owed = false;
    // Armed before the task runs, so that a request made by the task itself waits its turn.
    this.timer = this.timers.setTimeout(() => this.endOfInterval(), this.intervalMs);
    unrefTimer(this.timer);
    this.run();
  }

  private endOfInterval(): void {
    this.timer = undefined;
    if (this.owed && !this.stopped) this.runNow();
  }
}
