/**
 * 12, 24 and 48 V installations: the appendix prints battery voltages for 48 V; Studer's user
 * manuals give 12 V and 24 V units a quarter and a half of them.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { BATTERY_VOLTAGE_PARAMETERS } from './battery-voltage.generated.js';
import type { Datapoint } from './types.js';

/** The nominal voltage of an installation's battery, in volts. */
export type BatteryVoltage = 12 | 24 | 48;

/** Every nominal battery voltage of Studer's units, ascending. */
export const BATTERY_VOLTAGES: readonly BatteryVoltage[] = [12, 24, 48];

/**
 * `value` as a {@link BatteryVoltage}, for options that arrive at run time (JavaScript callers,
 * configuration files); an {@link XcomValidationError} naming `name` when it is not 12, 24 or 48.
 */
export function checkBatteryVoltage(value: unknown, name = 'batteryVoltage'): BatteryVoltage {
  if (value === 12 || value === 24 || value === 48) return value;
  throw new XcomValidationError(`${name} must be 12, 24 or 48 (volts), got ${JSON.stringify(value) ?? String(value)}`, name);
}

// Keys "family/id": the same number means other parameters in other families.
let scaledKeys: ReadonlySet<string> | undefined;
const keyOf = (family: string, id: number): string => `${family}/${id}`;

/**
 * Whether the datapoint is one of {@link BATTERY_VOLTAGE_PARAMETERS}: a battery-side voltage
 * whose default and range follow the battery's nominal voltage.
 */
export function isBatteryVoltageParameter(datapoint: Pick<Datapoint, 'family' | 'id' | 'kind'>): boolean {
  if (datapoint.kind !== 'parameter') return false;
  scaledKeys ??= new Set(BATTERY_VOLTAGE_PARAMETERS.map((p) => keyOf(p.family, p.id)));
  return scaledKeys.has(keyOf(datapoint.family, datapoint.id));
}

/** Digits after the point of an increment (0.1 → 1, 0.01 → 2, 1 → 0). */
function decimalsOf(increment: number): number {
  const text = String(increment);
  if (text.includes('e')) return 12;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * `value` on the grid of `increment`, rounded by `round`. Computed in whole steps so that
 * 37.9 / 2 gives 18.9 with `Math.floor`, not 18.900000000000002 or 18.8.
 */
function onGrid(value: number, increment: number | undefined, round: (steps: number) => number): number {
  if (increment === undefined || !(increment > 0)) return value;
  // toPrecision drops the binary noise of the division (231.49999999999997 → 231.5).
  const steps = round(Number((value / increment).toPrecision(12)));
  return Number((steps * increment).toFixed(decimalsOf(increment)));
}

// One object per datapoint and voltage, made on first use, so that the same call returns the same object.
const scaled = new Map<BatteryVoltage, WeakMap<Datapoint, Datapoint>>();

/**
 * The datapoint as it is on a `batteryVoltage` installation. For a battery-side voltage
 * parameter ({@link BATTERY_VOLTAGE_PARAMETERS}) on 12 V or 24 V, a copy whose default, min and
 * max are a quarter or a half of the appendix's 48 V values, the minimum rounded down and the
 * maximum up to the increment (so that a check never refuses a value the unit accepts), the
 * default to the nearest step; the increment is kept. For every other datapoint, or on 48 V,
 * the datapoint itself. Studer's manuals give this scaling, not the spec nor the appendix: it is
 * not verified on hardware. It combines with {@link with120V} in either order.
 *
 * @example
 * ```ts
 * withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 24); // default 27.2, min 18.9, max 36 (48 V: 54.4, 37.9 to 72)
 * withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 48) === XcomP.XT_FLOATING_VOLTAGE; // true
 * ```
 */
export function withBatteryVoltage<D extends Datapoint>(datapoint: D, batteryVoltage: BatteryVoltage): D {
  const voltage = checkBatteryVoltage(batteryVoltage);
  if (voltage === 48 || !isBatteryVoltageParameter(datapoint)) return datapoint;
  let cache = scaled.get(voltage);
  if (cache === undefined) {
    cache = new WeakMap();
    scaled.set(voltage, cache);
  }
  let variant = cache.get(datapoint);
  if (variant === undefined) {
    variant = Object.freeze(scale(datapoint, voltage / 48));
    cache.set(datapoint, variant);
  }
  return variant as D;
}

function scale(datapoint: Datapoint, factor: number): Datapoint {
  const { increment } = datapoint;
  const min = datapoint.min === undefined ? undefined : onGrid(datapoint.min * factor, increment, Math.floor);
  const max = datapoint.max === undefined ? undefined : onGrid(datapoint.max * factor, increment, Math.ceil);
  let def = datapoint.default === undefined ? undefined : onGrid(datapoint.default * factor, increment, Math.round);
  if (def !== undefined && min !== undefined && def < min) def = min;
  if (def !== undefined && max !== undefined && def > max) def = max;
  return {
    ...datapoint,
    ...(def === undefined ? {} : { default: def }),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
}
