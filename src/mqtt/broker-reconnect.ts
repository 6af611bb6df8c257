/**
 * Reconnecting to the broker with backoff. MQTT.js retries on a fixed period of its own (an
 * interval that a later change of `reconnectPeriod` does not touch); the bridge turns that off
 * and connects again itself after each close, with the same backoff policy as the Xcom
 * links: quick after a blip, every 30 s at most during a long outage, jittered so that a fleet
 * of bridges does not return to a restarted broker all at once. It calls `connect()`, as
 * MQTT.js's own timer does: `reconnect()` would replace the message stores and leave the QoS 1
 * messages in flight at the loss unacknowledged for ever.
 * @module
 */
import { Backoff, type BackoffOptions } from '../transport/backoff.js';
import { type LinkTimers, systemTimers } from '../transport/link-timers.js';
import type { MqttClientLike } from './mqtt-module.js';

/** Reconnects an MQTT.js client after each close, until stopped. */
export class BrokerReconnector {
  private readonly backoff: Backoff;
  private timer: unknown;
  private stopped = false;
  private lastError: string | undefined;

  /**
   * @param client the client, created with `reconnectPeriod: 0`
   * @param options the backoff (default 1 s growing to 30 s)
   * @param onWait told of each pause: how long, and the last error seen
   * @param timers the timers (tests pass manual ones)
   */
  constructor(
    private readonly client: MqttClientLike,
    options: BackoffOptions,
    private readonly onWait: (ms: number, reason: string | undefined) => void,
    private readonly timers: LinkTimers = systemTimers,
  ) {
    this.backoff = new Backoff({ initialMs: 1000, maxMs: 30_000, ...options }, 'reconnect');
    client.on('connect', () => {
      this.backoff.reset();
      this.lastError = undefined;
      this.clear();
    });
    client.on('error', (error) => {
      this.lastError = error.message;
    });
    client.on('close', () => this.schedule());
  }

  /** Stops reconnecting (before the bridge ends the client). */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined) return;
    const pause = this.backoff.next();
    this.onWait(pause, this.lastError);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.client.connect();
    }, pause);
  }

  private clear(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
