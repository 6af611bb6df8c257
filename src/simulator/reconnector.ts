/**
 * Keeps an outgoing link up, as a Moxa in "TCP client" mode does: it connects, and whenever
 * the connection drops or cannot be made, it tries again after a pause. The pauses follow the
 * link layer's one reconnection policy ({@link Backoff}), as the client's transports do.
 * @module
 */
import { Backoff, type BackoffOptions } from '../transport/backoff.js';
import type { Transport } from '../transport/transport.js';
import type { SimTimers } from './timers.js';

/**
 * Reopens `transport` after every disconnect or failed attempt: the first pause is about
 * `retryMs` (jittered), and it grows while attempts keep failing, up to 30 s (or `retryMs`
 * if longer); a link that comes up starts the pauses over.
 */
export class Reconnector {
  private timer: unknown;
  private stopped = false;
  private busy = false;
  private readonly backoff: Backoff;
  private readonly onDisconnect = (): void => {
    // Our own close() in attempt() also reports a disconnect: that one is not a drop.
    if (!this.busy) this.schedule();
  };

  /**
   * @param transport the link to keep up (a `TcpClientTransport`, a `SerialTransport`)
   * @param retryMs the first pause before a new attempt
   * @param timers where the pauses are timed
   * @param onError told of each failed attempt
   * @param policy how the pauses grow (default: ×2 per failure, half of each pause jittered)
   */
  constructor(
    private readonly transport: Transport,
    retryMs: number,
    private readonly timers: SimTimers,
    private readonly onError: (error: unknown) => void,
    policy: BackoffOptions = {},
  ) {
    this.backoff = new Backoff({ initialMs: retryMs, maxMs: Math.max(retryMs, 30_000), ...policy }, 'Reconnector');
  }

  /** Connects now (without failing: a failed attempt is retried) and keeps reconnecting. */
  async start(): Promise<void> {
    this.stopped = false;
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

  /** Drops the connection now; the next attempt comes about `retryMs` later, as a Moxa's would. */
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
    }, this.backoff.next());
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    this.busy = true;
    try {
      // close() first: the transport stays "open" after a drop and would not dial again.
      await this.transport.close();
      if (this.stopped) return;
      await this.transport.open();
      this.backoff.reset();
    } catch (error) {
      this.busy = false;
      this.onError(error);
      this.schedule();
    } finally {
      this.busy = false;
    }
  }
}
