/**
 * The device families and their Scom addresses (spec §3.5).
 * @module
 */
import type { Family } from './types.js';

/** Addresses and identity of one device family. */
export interface FamilyInfo {
  /** The family's key. */
  readonly family: Family;
  /** A display name ("Xtender", "Xcom-CAN BMS"). */
  readonly label: string;
  /** Where reads go by default: the family's master (first) device. */
  readonly readAddress: number;
  /** Where writes go by default: the family's multicast address (501 for the RCC/Xcom). */
  readonly writeAddress: number;
  /** The first unicast address of the family. */
  readonly firstAddress: number;
  /** The last unicast address of the family. */
  readonly lastAddress: number;
}

/** Every family with its addresses. */
export const FAMILIES: Readonly<Record<Family, FamilyInfo>> = {
  xtender: { family: 'xtender', label: 'Xtender', readAddress: 101, writeAddress: 100, firstAddress: 101, lastAddress: 109 },
  rcc: { family: 'rcc', label: 'RCC/Xcom-232i', readAddress: 501, writeAddress: 501, firstAddress: 501, lastAddress: 501 },
  bsp: { family: 'bsp', label: 'BSP', readAddress: 601, writeAddress: 600, firstAddress: 601, lastAddress: 601 },
  bms: { family: 'bms', label: 'Xcom-CAN BMS', readAddress: 601, writeAddress: 600, firstAddress: 601, lastAddress: 601 },
  variotrack: { family: 'variotrack', label: 'VarioTrack', readAddress: 301, writeAddress: 300, firstAddress: 301, lastAddress: 315 },
  variostring: { family: 'variostring', label: 'VarioString', readAddress: 701, writeAddress: 700, firstAddress: 701, lastAddress: 715 },
};

/** Multicast addresses and the families whose unicast addresses may answer for them. */
export const MULTICAST_ADDRESSES: ReadonlyMap<number, readonly Family[]> = new Map<number, readonly Family[]>([
  [100, ['xtender']],
  [191, ['xtender']],
  [192, ['xtender']],
  [193, ['xtender']],
  [300, ['variotrack']],
  [600, ['bsp', 'bms']],
  [700, ['variostring']],
]);

/** The family whose unicast range holds `address` (601 is reported as `'bsp'`), if any. */
export function familyOfAddress(address: number): Family | undefined {
  for (const info of Object.values(FAMILIES)) {
    if (address >= info.firstAddress && address <= info.lastAddress) return info.family;
  }
  return undefined;
}

/** Whether `address` is a multicast or phase address (100, 191–193, 300, 600, 700). */
export function isMulticastAddress(address: number): boolean {
  return MULTICAST_ADDRESSES.has(address);
}
