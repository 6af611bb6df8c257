/**
 * Where a datapoint lives on the bus: its Scom object type and its family's default addresses.
 * @module
 */
import { FAMILIES } from './families.js';
import type { Datapoint } from './types.js';

/** The Scom object type of a datapoint: 1 for a user info, 2 for a parameter. */
export function objectTypeOf(datapoint: Datapoint): 1 | 2 {
  return datapoint.kind === 'info' ? 1 : 2;
}

/** Where a read of the datapoint goes by default: its family's master (101, 301, 501, 601, 701). */
export function defaultReadAddress(datapoint: Datapoint): number {
  return FAMILIES[datapoint.family].readAddress;
}

/**
 * Where a write of the datapoint goes by default: its family's multicast address (100, 300, 600,
 * 700), or 501 for the RCC / Xcom-232i.
 */
export function defaultWriteAddress(datapoint: Datapoint): number {
  return FAMILIES[datapoint.family].writeAddress;
}
