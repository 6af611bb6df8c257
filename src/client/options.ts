/**
 * Options of the client and of each request, and the keys each accepts at run time.
 *
 * Every options interface has a list of its keys beside it: JavaScript callers and objects
 * built at run time escape the types, so the client checks the keys too (a typo such as
 * `propertyID` would otherwise silently write RAM instead of flash). Adding an option is one
 * line in the interface and one in its list; `KeysOf` fails the typecheck when they disagree.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Datapoint, Family } from '../catalogue/types.js';
import type { ScomFormat } from '../protocol/format.js';
import type { Aggregation } from './aggregation.js';

/** Which Xtender ranges apply: the 230 Vac models (default) or the 120 Vac ones. */
export type Variant = '230V' | '120V';

/**
 * Compile-time check that `Keys` lists every key of `T` and nothing else: `true`, or the keys
 * missing from the list (an alias of a non-`true` type fails {@link KeysOf}'s constraint).
 */
type ListsEveryKey<T, Keys extends readonly (keyof T)[]> = [Exclude<keyof T, Keys[number]>] extends [never]
  ? true
  : { readonly 'missing from the key list': Exclude<keyof T, Keys[number]> };
type KeysOf<Check extends true> = Check;

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

/** The keys of {@link XcomClientOptions}, which the client checks at run time. */
export const XCOM_CLIENT_OPTION_KEYS = [
  'srcAddr',
  'timeoutMs',
  'retries',
  'variant',
  'skipRangeCheck',
  'batteryVoltage',
  'quarantineMs',
  'maxConsecutiveTimeouts',
  'connectTimeoutMs',
] as const satisfies readonly (keyof XcomClientOptions)[];
type _ClientOptionKeys = KeysOf<ListsEveryKey<XcomClientOptions, typeof XCOM_CLIENT_OPTION_KEYS>>;

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

/** The keys of {@link RequestOptions}, which the client checks at run time. */
export const REQUEST_OPTION_KEYS = [
  'dstAddr',
  'propertyId',
  'timeoutMs',
  'retries',
  'signal',
  'objectType',
  'family',
  'skipRangeCheck',
  'connectTimeoutMs',
] as const satisfies readonly (keyof RequestOptions)[];
type _RequestOptionKeys = KeysOf<ListsEveryKey<RequestOptions, typeof REQUEST_OPTION_KEYS>>;

/**
 * Options of {@link XcomClient.trigger}. A signal always writes property 5 and is never
 * retried, so those options do not exist here.
 */
export interface TriggerOptions {
  /** Destination address; defaults to the datapoint family's multicast address (100, 300, 600, 700) or 501. */
  readonly dstAddr?: number;
  /** Timeout of the one attempt in milliseconds (default: the client's). */
  readonly timeoutMs?: number;
  /** Aborts the call while it is queued or in flight; it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The keys of {@link TriggerOptions}, which the client checks at run time. */
export const TRIGGER_OPTION_KEYS = ['dstAddr', 'timeoutMs', 'signal'] as const satisfies readonly (keyof TriggerOptions)[];
type _TriggerOptionKeys = KeysOf<ListsEveryKey<TriggerOptions, typeof TRIGGER_OPTION_KEYS>>;

/** One property of one object, for {@link XcomClient.readProperty} and {@link XcomClient.writeProperty}. */
export interface PropertyTarget<F extends ScomFormat = ScomFormat> {
  /** Destination address. */
  readonly dstAddr: number;
  /** Object type (1 info, 2 parameter, 3 message, 4 GUID, …). */
  readonly objectType: number;
  /** Object id (the datapoint number). */
  readonly objectId: number;
  /** Property id (1 info value, 5 flash, 6 min, 7 max, 8 level, 13 RAM). */
  readonly propertyId: number;
  /** The value's format: one of the Scom formats (`'FLOAT'`, `'INT32'`, …, `XcomC.TYPE_FLOAT`). */
  readonly format: F;
}

/** The keys of {@link PropertyTarget}, which the client checks at run time. */
export const PROPERTY_TARGET_KEYS = [
  'dstAddr',
  'objectType',
  'objectId',
  'propertyId',
  'format',
] as const satisfies readonly (keyof PropertyTarget)[];
type _PropertyTargetKeys = KeysOf<ListsEveryKey<PropertyTarget, typeof PROPERTY_TARGET_KEYS>>;

/** One item of {@link XcomClient.readMultiInfo}. */
export interface MultiInfoItem {
  /** The info: its number or its catalogue entry. */
  readonly id: number | Datapoint;
  /** Aggregation over the family's devices (default `'master'`). */
  readonly aggregation?: Aggregation;
}

/** The keys of {@link MultiInfoItem}, which the client checks at run time. */
export const MULTI_INFO_ITEM_KEYS = ['id', 'aggregation'] as const satisfies readonly (keyof MultiInfoItem)[];
type _MultiInfoItemKeys = KeysOf<ListsEveryKey<MultiInfoItem, typeof MULTI_INFO_ITEM_KEYS>>;
