/**
 * Telling a reading from a value that only stands for "nothing to read": the sentinels the
 * appendix documents ({3001} battery temperature answers about 32767 °C without a sensor).
 * @module
 */
import type { Datapoint, Sentinel } from '../catalogue/types.js';

/** A value that is a reading. */
export interface PresentReading<T> {
  /** It is a reading. */
  readonly present: true;
  /** The value, as read. */
  readonly value: T;
}

/** A value that is not a reading: what the device answers when there is nothing to measure. */
export interface AbsentReading<T> {
  /** It is not a reading. */
  readonly present: false;
  /** Why: the sentinel's meaning (`'no sensor'`, `'charging'`, `'invalid value'`), or `'not a number'`. */
  readonly reason: string;
  /** The value as the device answered it. */
  readonly raw: T;
}

/** A value read, classified by {@link classifyReading}. */
export type ClassifiedReading<T> = PresentReading<T> | AbsentReading<T>;

/**
 * How near an `'approx'` sentinel a value must be, as a share of the sentinel: 2.5 %, so
 * 32767 ± 819 for {3001}. The appendix writes "~32767 °C" without saying how near: the window
 * holds the 16-bit word 0x7FFF after any rounding, scaling by 1 or kelvin offset (± 273.15) the
 * firmware may apply, and it lies more than 30 000 °C above any battery's temperature, so no
 * reading falls in it.
 */
const APPROX_SHARE = 0.025;

function matches(sentinel: Sentinel, value: number): boolean {
  switch (sentinel.match) {
    case 'nan':
      return Number.isNaN(value);
    case 'exact':
      return value === sentinel.value;
    case 'approx':
      return Math.abs(value - sentinel.value) <= Math.abs(sentinel.value) * APPROX_SHARE;
  }
}

/**
 * Whether `value`, read from `datapoint`, is a reading or a value that stands for none, by the
 * sentinels the catalogue documents for it ({@link Datapoint.sentinels}):
 * - `'exact'`: the value itself (an enum's 0 "Invalid value");
 * - `'approx'`: within 2.5 % of it ({3001} battery temperature: 31 948 to 33 586 stands for
 *   "no sensor", where the appendix says "~32767 °C");
 * - `'nan'`: a NaN (BSP {7004} remaining autonomy while charging).
 *
 * A NaN the catalogue does not document is no reading either (reason `'not a number'`). Only
 * numbers are classified: booleans, strings and bytes are always readings, and so is any value
 * of a datapoint the catalogue does not know (`undefined`). Pure: it reads nothing.
 *
 * @example
 * ```ts
 * classifyReading(XcomP.XT_BATTERY_TEMPERATURE, 32767); // { present: false, reason: 'no sensor', raw: 32767 }
 * classifyReading(XcomP.XT_BATTERY_TEMPERATURE, 21.5);  // { present: true, value: 21.5 }
 * ```
 */
export function classifyReading<T>(datapoint: Pick<Datapoint, 'sentinels'> | undefined, value: T): ClassifiedReading<T> {
  if (typeof value !== 'number') return { present: true, value };
  const sentinel = datapoint?.sentinels?.find((s) => matches(s, value));
  if (sentinel !== undefined) return { present: false, reason: sentinel.meaning, raw: value };
  if (Number.isNaN(value)) return { present: false, reason: 'not a number', raw: value };
  return { present: true, value };
}
