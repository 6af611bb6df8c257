/**
 * The quiet-line detector of the stream transports (TCP): fires once when no byte has arrived
 * for a while after the last chunk.
 * @module
 */
import { heardSilence, MAX_LATE_WAITS } from './quiet-line.js';

/** A restartable one-shot timer; {@link IdleTimer.stop} leaves nothing running. */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param ms how long the line must stay quiet
   * @param onIdle called once per quiet period
   */
  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  /** Starts the countdown again from now. */
  restart(): void {
    this.arm(0);
  }

  /** Cancels the countdown. */
  stop(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(lateWaits: number): void {
    this.stop();
    const armedAt = performance.now();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Fired late: the loop stalled, and what came meanwhile is not read yet (see quiet-line).
      if (!heardSilence(armedAt, this.ms, performance.now()) && lateWaits < MAX_LATE_WAITS) this.arm(lateWaits + 1);
      else this.onIdle();
    }, this.ms);
    // The socket, not this timer, decides whether the process stays alive.
    this.timer.unref?.();
  }
}
