/**
 * Which parameters of the appendix are battery-side voltages, printed for a 48 V system: the ones
 * Studer's user manuals give 12 V and 24 V units a quarter and a half of.
 * @module
 */
import type { Family } from '../../src/catalogue/types.js';
import type { AppendixData, DatapointRecord } from './appendix-data.js';

/** The families whose battery voltages follow the installation's nominal voltage. */
export const BATTERY_VOLTAGE_FAMILIES: readonly Family[] = ['xtender', 'variotrack', 'variostring', 'bsp'];

/**
 * The band a battery-side voltage of a 48 V system lies in, in volts: 24 lead-acid cells from
 * 1.25 V to 3.1 V a cell. Every battery threshold of the appendix fits (the lowest minimum is
 * 31.9 V, BSP {6024}; the highest maximum 74.4 V, Xtender {1121}), while no other voltage does:
 * PV voltages (VarioTrack {10103}: 0 to 165 V; VarioString: 100 to 900 V), offsets
 * (VarioTrack {10350}: −50 to −5 V) and steps (Xtender {1298}: 0 to 1.4 V) fall outside.
 */
export const BATTERY_BAND_48V = { min: 30, max: 75 } as const;

/** A description that names the PV side ("PV voltage fixed", "PV1 voltage fixed"). */
const PV_SIDE = /\bPV/i;

/**
 * Whether a record is a battery-side voltage parameter printed for 48 V: a parameter of an
 * Xtender, VarioTrack, VarioString or BSP in `Vdc` (or `V`, as BSP {6024}) whose whole range lies
 * in {@link BATTERY_BAND_48V} and whose description does not name the PV side.
 */
export function isBatteryVoltageRecord(dp: DatapointRecord): boolean {
  if (dp.kind !== 'parameter' || !BATTERY_VOLTAGE_FAMILIES.includes(dp.family)) return false;
  if (dp.unit !== 'Vdc' && dp.unit !== 'V') return false;
  if (dp.min === undefined || dp.max === undefined) return false;
  if (dp.min < BATTERY_BAND_48V.min || dp.max > BATTERY_BAND_48V.max) return false;
  return !PV_SIDE.test(dp.description);
}

/** The battery-side voltage parameters of the appendix, in its order. */
export function batteryVoltageRecords(data: AppendixData): DatapointRecord[] {
  return data.datapoints.filter(isBatteryVoltageRecord);
}
