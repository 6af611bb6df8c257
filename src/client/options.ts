/**
 * Options of the client and of each request.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Family } from '../catalogue/types.js';

/** Which Xtender ranges apply: the 230 Vac models (default) or the 120 Vac ones. */
export type Variant = '230V' | '120V';

/** Options of an {@link XcomClient}. */
export interface XcomClientOptions {
  /** Our Scom address, the replies' destination (default 1, the DTE). */
  readonly srcAddr?: number;
  /** Per-attempt timeout in milliseconds, counted from the write (default 2000, the spec's figure). */
  readonly timeoutMs?: number;
  /** Further attempts of a read after a timeout (default 2). Writes are never repeated. */
  readonly retries?: number;
  /** Xtender model range used to validate values (default `'230V'`). */
  readonly variant?: Variant;
  /**
   * The battery's nominal voltage, 12, 24 or 48 V (default 48): the appendix prints the battery
   * voltages for 48 V, and values are checked against a quarter or a half of them on 12 V or
   * 24 V (see `withBatteryVoltage`).
   */
  readonly batteryVoltage?: BatteryVoltage;
  /** Skips the min/max check of written values for every request (experts; default false). */
  readonly skipRangeCheck?: boolean;
  /**
   * Grace window of a timed-out or aborted request, in milliseconds from its write (default
   * 3000: the spec's 2 s gateway limit plus margin; never shorter than 1.5 × the timeout). Its
   * late answer is dropped meanwhile, and a request it could be mistaken for waits.
   */
  readonly quarantineMs?: number;
  /**
   * Consecutive timeouts after which the link is judged dead and re-established (default 3;
   * 0 never). Device errors and aborts do not count; any reply resets the count.
   */
  readonly maxConsecutiveTimeouts?: number;
  /** How long a request may wait for the link (a Moxa to connect, a reconnect), in milliseconds (default 15000). */
  readonly connectTimeoutMs?: number;
}

/** Options of one request. */
export interface RequestOptions {
  /** Destination address; defaults to the datapoint family's master for reads and its multicast address for writes. */
  readonly dstAddr?: number;
  /**
   * Property to read or write. Reads: 1 for infos, 13 for parameters (falling back to 5 on
   * firmware that lacks 13). Writes: 13, the RAM value; `XcomC.QSP_VALUE` (5) writes flash.
   */
  readonly propertyId?: number;
  /** Per-attempt timeout in milliseconds (default: the client's). */
  readonly timeoutMs?: number;
  /** Further attempts of a read after a timeout (default: the client's); ignored for writes. */
  readonly retries?: number;
  /** Aborts the call, queued or in flight; it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** How long this request may wait for the link, in milliseconds (default: the client's). */
  readonly connectTimeoutMs?: number;
  /** Object type for a number the catalogue lacks (1 info, 2 parameter). */
  readonly objectType?: number;
  /** Family where BSP and BMS numbers overlap (`'bsp'` by default, or `'bms'`). */
  readonly family?: Family;
  /** Skips the min/max check of a written value (experts). Formats and enums are still checked. */
  readonly skipRangeCheck?: boolean;
}
