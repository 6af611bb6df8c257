/**
 * The models behind the "ID type" user infos (Xtender {3124}, BSP {7034}, VarioTrack {11047},
 * VarioString {15074}), from the values the appendix prints in their remarks.
 * @module
 */
import type { Family } from './types.js';

/** One "ID type" value and the model it names. */
export interface DeviceModel {
  /** The family whose "ID type" info carries the value. */
  readonly family: Family;
  /** The value of "ID type" (a FLOAT on the wire, a 16-bit integer in fact). */
  readonly idType: number;
  /** The model: `'XTH'`, `'XTM'`, `'XTS'`, `'VT-65/VT-80'`, `'VS-120'`, `'VS-70'`, `'BSP-500/BSP-1200'`. */
  readonly model: string;
}

/**
 * Every "ID type" value of the appendix. For the VarioTrack the appendix prints
 * "9079d (0x2601)", whose two numbers disagree: 0x2601 is 9729, which fits the pattern of the
 * other families (0x2801 BSP, 0x3201 VS-120), so both 9729 and 9079 name the VT-65/VT-80.
 */
export const DEVICE_MODELS: readonly DeviceModel[] = [
  { family: 'xtender', idType: 1, model: 'XTH' },
  { family: 'xtender', idType: 256, model: 'XTM' },
  { family: 'xtender', idType: 512, model: 'XTS' },
  { family: 'variotrack', idType: 9729, model: 'VT-65/VT-80' },
  { family: 'variotrack', idType: 9079, model: 'VT-65/VT-80' },
  { family: 'variostring', idType: 12801, model: 'VS-120' },
  { family: 'variostring', idType: 13057, model: 'VS-70' },
  { family: 'bsp', idType: 10241, model: 'BSP-500/BSP-1200' },
];

/**
 * The model named by a device's "ID type" value, or `undefined` for a value the appendix does
 * not print.
 *
 * @example
 * ```ts
 * deviceModelOf('variostring', await xcom.getValue(XcomP.VS_ID_TYPE, { dstAddr: 701 })); // 'VS-120'
 * ```
 */
export function deviceModelOf(family: Family, idType: number): string | undefined {
  const n = Math.trunc(idType);
  return DEVICE_MODELS.find((m) => m.family === family && m.idType === n)?.model;
}
