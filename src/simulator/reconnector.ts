/**
 * Keeps an outgoing link up, as a Moxa in "TCP client" mode does: it connects, and whenever
 * the connection drops or cannot be made, it tries again after a pause.
 * @module
 */
import type { Transport } from '../transport/transport.js';
import type { SimTimers } from './timers.js';

/** Reopens `transport` after every disconnect or failed attempt, `retryMs` apart. */
export class Reconnector {
  private timer: unknown;
  private stopped = false;
  private busy = false;
  private readonly onDisconnect = (): void => {
    // Our own close() in attempt() also reports a disconnect: that one is not a drop.
    if (!this.busy) this.schedule();
  };

  /**
   * @param transport the link to keep up (a `TcpClientTransport`)
   * @param retryMs the pause before each new attempt
   * @param timers where the pause is timed
   * @param onError told of each failed attempt
   */
  constructor(
    private readonly transport: Transport,
    private readonly retryMs: number,
    private readonly timers: SimTimers,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Connects now (without failing: a failed attempt is retried) and keeps reconnecting. */
  async start(): Promise<void> {
    this.transport.on('disconnect', this.onDisconnect);
    await this.attempt();
  }

  /** Stops reconnecting. */
  stop(): void {
    this.stopped = true;
    this.transport.off('disconnect', this.onDisconnect);
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Drops the connection now; the next attempt comes `retryMs` later, as a Moxa's would. */
  async drop(): Promise<void> {
    this.busy = true;
    try {
      await this.transport.close();
    } finally {
      this.busy = false;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.attempt();
    }, this.retryMs);
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    this.busy = true;
    try {
      // close() first: the transport stays "open" after a drop and would not dial again.
      await this.transport.close();
      if (this.stopped) return;
      await this.transport.open();
    } catch (error) {
      this.onError(error);
      this.busy = false;
      this.schedule();
    } finally {
      this.busy = false;
    }
  }
}
