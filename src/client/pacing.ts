/**
 * Pacing: bursts of requests separated by pauses, so that a gateway shared with Studer's
 * portal (an Xcom-LAN uploading to the portal through the same Moxa) has idle time left.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import type { PollClock } from './poll-clock.js';

/**
 * Bursts of requests, each followed by a pause: the gateway is left idle for at least
 * `pauseMs` after every `burstMs` of traffic, a share of `pauseMs / (burstMs + pauseMs)`.
 * `{ burstMs: 5000, pauseMs: 1000 }` is what pystuderxcom does so that the portal keeps working.
 */
export interface Pacing {
  /** How long requests may follow each other before a pause, in milliseconds. */
  readonly burstMs: number;
  /** The pause, in milliseconds; an idle time this long between two requests ends a burst too. */
  readonly pauseMs: number;
}

/** Checks a {@link Pacing} option, naming the field at fault. */
export function checkPacing(pacing: Pacing): Pacing {
  if (typeof pacing !== 'object' || pacing === null) {
    throw new XcomValidationError(`pacing must be { burstMs, pauseMs }, got ${JSON.stringify(pacing)}`, 'pacing');
  }
  for (const key of Object.keys(pacing)) {
    if (key !== 'burstMs' && key !== 'pauseMs') throw new XcomValidationError(`unknown pacing option '${key}'`, key);
  }
  for (const key of ['burstMs', 'pauseMs'] as const) {
    const value = pacing[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new XcomValidationError(`pacing.${key} must be a positive number of milliseconds, got ${JSON.stringify(value)}`, key);
    }
  }
  return pacing;
}

/**
 * Keeps a run of requests within its bursts: call {@link Pacer.before} before each request and
 * {@link Pacer.after} when it settled. One pacer spans the cycles of a poll, so that idle time
 * between cycles counts as a pause.
 */
export class Pacer {
  private burstStart: number | undefined;
  private lastEnd: number | undefined;

  /**
   * @param pacing the burst and pause lengths (checked)
   * @param clock the time source
   */
  constructor(
    readonly pacing: Pacing,
    private readonly clock: PollClock,
  ) {
    checkPacing(pacing);
  }

  /** Waits, when the burst is over, until the gateway has been idle for the pause. */
  async before(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const idleSince = this.lastEnd;
    if (this.burstStart === undefined || idleSince === undefined || now - idleSince >= this.pacing.pauseMs) {
      this.burstStart = now;
      return;
    }
    if (now - this.burstStart < this.pacing.burstMs) return;
    await this.clock.sleep(idleSince + this.pacing.pauseMs - now, signal);
    signal?.throwIfAborted();
    this.burstStart = this.clock.now();
  }

  /** Marks the end of a request. */
  after(): void {
    this.lastEnd = this.clock.now();
  }
}
