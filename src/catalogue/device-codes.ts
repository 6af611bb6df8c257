/**
 * Short codes of the units and phases (`XT2`, `VT1`, `BSP`, `L1`), as aliases of their Scom
 * addresses.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import type { Family } from './types.js';

/**
 * The code of one unit: Xtenders `XT1`–`XT9` (101–109), VarioTracks `VT1`–`VT15` (301–315),
 * VarioStrings `VS1`–`VS15` (701–715), the battery monitor `BSP` or `BMS` (601, an Xcom-CAN BMS
 * answers there in a BSP's place) and the Xcom-232i `RCC` (501).
 */
export type DeviceCode =
  | `XT${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`
  | `VT${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`
  | `VS${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`
  | 'BSP'
  | 'BMS'
  | 'RCC';

/** The code of a phase address: every Xtender of L1, L2 or L3 (191–193). Not a unit. */
export type PhaseCode = 'L1' | 'L2' | 'L3';

/** A code accepted wherever an address is. */
export type AddressCode = DeviceCode | PhaseCode;

/** Each code's prefix, first address and count. */
const RANGES: readonly { readonly prefix: string; readonly first: number; readonly count: number }[] = [
  { prefix: 'XT', first: 101, count: 9 },
  { prefix: 'VT', first: 301, count: 15 },
  { prefix: 'VS', first: 701, count: 15 },
  { prefix: 'L', first: 191, count: 3 },
];
const SINGLES: Readonly<Record<string, number>> = { BSP: 601, BMS: 601, RCC: 501 };

/**
 * The address a code stands for (`'XT2'` → 102, `'vt1'` → 301, `'L1'` → 191), or `undefined`
 * when `text` is no code. Case and surrounding spaces are ignored.
 */
export function parseDeviceCode(text: string): number | undefined {
  const code = text.trim().toUpperCase();
  const single = SINGLES[code];
  if (single !== undefined) return single;
  const match = /^([A-Z]+)([1-9]\d?)$/.exec(code);
  if (match === null) return undefined;
  const range = RANGES.find((r) => r.prefix === match[1]);
  const index = Number(match[2]);
  return range === undefined || index > range.count ? undefined : range.first + index - 1;
}

/**
 * The code of an address (102 → `'XT2'`, 193 → `'L3'`), or `undefined` for an address without
 * one (the multicast addresses 100, 300, 600, 700, the DTE). 601 is `'BSP'` unless `family` is
 * `'bms'`.
 */
export function formatDeviceCode(address: number, family?: Family): AddressCode | undefined {
  if (address === 601) return family === 'bms' ? 'BMS' : 'BSP';
  if (address === 501) return 'RCC';
  for (const range of RANGES) {
    if (address >= range.first && address < range.first + range.count) {
      return `${range.prefix}${address - range.first + 1}` as AddressCode;
    }
  }
  return undefined;
}

/**
 * An address given as a number, a decimal string (`'101'`) or a code (`'XT1'`, `'L2'`), as a
 * number. Anything else is an {@link XcomValidationError} naming `field`.
 */
export function resolveAddress(address: number | string, field = 'dstAddr'): number {
  if (typeof address === 'string') {
    const coded = parseDeviceCode(address);
    if (coded !== undefined) return coded;
    if (/^\s*\d+\s*$/.test(address)) return resolveAddress(Number(address), field);
  } else if (typeof address === 'number' && Number.isInteger(address) && address >= 0 && address <= 0xffffffff) {
    return address;
  }
  throw new XcomValidationError(
    `${field} must be an address (0–4294967295) or a code (XT1–XT9, VT1–VT15, VS1–VS15, BSP, BMS, RCC, L1–L3), got ${JSON.stringify(address)}`,
    field,
  );
}
