/**
 * The installation's real-time clock {5002} as a JavaScript `Date`. The Xcom-232i counts
 * seconds since 1970 in local wall-clock time (spec §4.5.10; its message timestamps count the
 * same way): 10:42:10 on its clock is 10:42:10 "UTC" in the number, whatever the time zone.
 * A `Date` is an instant, so the conversion needs to know the installation's zone: by
 * default the zone of the machine running the client, or `utcOffsetMinutes`.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import type { RequestOptions } from './options.js';

/** Options of `readClock` and `setClock`: a request's options and the installation's time zone. */
export interface ClockOptions extends RequestOptions {
  /**
   * The installation's offset from UTC in minutes (120 for CEST), when it differs from this
   * machine's time zone. Default: this machine's zone, daylight saving time included.
   */
  readonly utcOffsetMinutes?: number;
}

const MAX_CLOCK = 2147483647;

/** Throws {@link XcomValidationError} unless `offset` is undefined or whole minutes within ±18 h. */
export function checkUtcOffset(offset: number | undefined): void {
  if (offset !== undefined && !(Number.isInteger(offset) && Math.abs(offset) <= 18 * 60)) {
    throw new XcomValidationError(`utcOffsetMinutes must be an integer from -1080 to 1080, got ${JSON.stringify(offset)}`, 'utcOffsetMinutes');
  }
}

/**
 * The instant a {5002} value names: `seconds` of local wall-clock time since 1970, in the zone
 * `utcOffsetMinutes` from UTC (default this machine's zone).
 */
export function clockSecondsToDate(seconds: number, utcOffsetMinutes?: number): Date {
  checkUtcOffset(utcOffsetMinutes);
  if (utcOffsetMinutes !== undefined) return new Date((seconds - utcOffsetMinutes * 60) * 1000);
  const wall = new Date(seconds * 1000);
  return new Date(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds());
}

/**
 * The {5002} value of an instant: its local wall-clock time in the zone `utcOffsetMinutes`
 * from UTC (default this machine's zone), in whole seconds since 1970. Throws
 * {@link XcomValidationError} for an invalid date or one the INT32 cannot hold.
 */
export function dateToClockSeconds(date: Date, utcOffsetMinutes?: number): number {
  checkUtcOffset(utcOffsetMinutes);
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new XcomValidationError(`setClock takes a valid Date, got ${String(date)}`, 'date');
  }
  const seconds =
    utcOffsetMinutes !== undefined
      ? Math.floor(date.getTime() / 1000) + utcOffsetMinutes * 60
      : Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()) / 1000);
  if (seconds < 0 || seconds > MAX_CLOCK) {
    throw new XcomValidationError(`the installation's clock holds 1970 to 2038 in local time, got ${date.toISOString()}`, 'date');
  }
  return seconds;
}
