/**
 * The items of a batched read, and how each is read: in a multi-info request (a user info of
 * one unit, or aggregated over its family) or alone at an address (a parameter, a phase or
 * multicast address).
 * @module
 */
import { type AddressCode, formatDeviceCode, resolveAddress } from '../catalogue/device-codes.js';
import { FAMILIES, MULTICAST_ADDRESSES } from '../catalogue/families.js';
import type { Datapoint, Family } from '../catalogue/types.js';
import { XcomValidationError } from '../errors.js';
import { type Aggregation, aggregationCode, aggregationOf } from './aggregation.js';

/**
 * One item of {@link XcomClient.readValues} with where to read it: a `device` (an address or
 * a code such as `'XT2'`, `'L1'`, `100`) or an `aggregation` over the datapoint's family
 * (`'master'`, a device index 1–15, `'average'`, `'sum'`), not both. Without either, the
 * family's first unit (XT1, VT1, VS1, BSP, RCC) is read, as `getValue` does.
 */
export interface ReadItem {
  /** The datapoint (`XcomP.…` or a catalogue entry). */
  readonly datapoint: Datapoint;
  /** The unit or address to read. */
  readonly device?: number | AddressCode;
  /** The aggregation over the family's units (user infos; parameters take `'master'` or an index). */
  readonly aggregation?: Aggregation;
}

/** An item of {@link XcomClient.readValues}: a datapoint (read at its family's first unit) or a {@link ReadItem}. */
export type ReadValuesItem = Datapoint | ReadItem;

/** How one planned item is read. */
export type ReadRoute =
  /** In a multi-info request, with this aggregation code; `address` is the unit a device index or the master names. */
  | { readonly kind: 'multi'; readonly code: number; readonly address: number | undefined }
  /** Alone, at this address. */
  | { readonly kind: 'single'; readonly address: number };

/** One item, checked and routed. */
export interface PlannedItem {
  /** Names what is read, `'3000@XT2'`, `'3136@sum'`, `'1107@100'`: equal keys read the same thing. */
  readonly key: string;
  /** The datapoint. */
  readonly datapoint: Datapoint;
  /** How it is read. */
  readonly route: ReadRoute;
}

/** The families whose user infos a multi-info request reads (the gateway maps numbers to them). */
const MULTI_INFO_FAMILIES: ReadonlySet<Family> = new Set(['xtender', 'bsp', 'bms', 'variotrack', 'variostring']);
const ITEM_KEYS: ReadonlySet<string> = new Set(['datapoint', 'device', 'aggregation']);

/** Checks and routes every item; a bad one is an {@link XcomValidationError} naming it, before anything is sent. */
export function planReads(items: readonly ReadValuesItem[]): PlannedItem[] {
  if (!Array.isArray(items)) throw new XcomValidationError(`items must be an array of datapoints or { datapoint, device | aggregation }`, 'items');
  return items.map((item, index) => planItem(item, `items[${index}]`));
}

function planItem(item: ReadValuesItem, field: string): PlannedItem {
  if (typeof item !== 'object' || item === null) throw new XcomValidationError(`${field} must be a datapoint or { datapoint, device | aggregation }, got ${String(item)}`, field);
  if (!('datapoint' in item)) return route(checkDatapoint(item, field), undefined, undefined, field);
  for (const key of Object.keys(item)) {
    if (!ITEM_KEYS.has(key)) throw new XcomValidationError(`${field} has an unknown key '${key}' (allowed: datapoint, device, aggregation)`, `${field}.${key}`);
  }
  const datapoint = checkDatapoint(item.datapoint, `${field}.datapoint`);
  if (item.device !== undefined && item.aggregation !== undefined) {
    throw new XcomValidationError(`${field} names both a device and an aggregation: give one`, field);
  }
  const address = item.device === undefined ? undefined : resolveAddress(item.device, `${field}.device`);
  return route(datapoint, address, item.aggregation, field);
}

function checkDatapoint(value: unknown, field: string): Datapoint {
  const dp = value as Partial<Datapoint> | null;
  const ok =
    typeof dp === 'object' &&
    dp !== null &&
    typeof dp.id === 'number' &&
    Number.isInteger(dp.id) &&
    dp.id >= 0 &&
    typeof dp.family === 'string' &&
    Object.hasOwn(FAMILIES, dp.family) &&
    (dp.kind === 'info' || dp.kind === 'parameter') &&
    typeof dp.format === 'string';
  if (!ok) throw new XcomValidationError(`${field} must be a datapoint (XcomP.… or a catalogue entry), got ${JSON.stringify(value)}`, field);
  return value as Datapoint;
}

function route(dp: Datapoint, address: number | undefined, aggregation: Aggregation | undefined, field: string): PlannedItem {
  const family = FAMILIES[dp.family];
  const multi = dp.kind === 'info' && MULTI_INFO_FAMILIES.has(dp.family);
  const unitOf = (index: number): number => {
    const unit = family.firstAddress + index - 1;
    if (unit > family.lastAddress) {
      throw new XcomValidationError(`${field}: the ${family.label} family has ${family.lastAddress - family.firstAddress + 1} unit(s), not a device ${index}`, `${field}.aggregation`);
    }
    return unit;
  };
  const single = (at: number): PlannedItem => ({ key: keyOf(dp, formatDeviceCode(at, dp.family) ?? String(at)), datapoint: dp, route: { kind: 'single', address: at } });
  const byUnit = (unit: number): PlannedItem =>
    multi
      ? { key: keyOf(dp, formatDeviceCode(unit, dp.family) ?? String(unit)), datapoint: dp, route: { kind: 'multi', code: unit - family.firstAddress + 1, address: unit } }
      : single(unit);
  if (aggregation !== undefined) {
    const code = aggregationCode(aggregation);
    if (code >= 1 && code <= 15) return byUnit(unitOf(code));
    if (!multi) {
      if (code === 0) return single(family.readAddress);
      throw new XcomValidationError(`${field}: {${dp.id}} ${dp.description} is not a user info of an Xtender, VarioTrack, VarioString or battery monitor: it cannot be averaged or summed`, `${field}.aggregation`);
    }
    return { key: keyOf(dp, String(aggregationOf(code))), datapoint: dp, route: { kind: 'multi', code, address: code === 0 ? family.readAddress : undefined } };
  }
  if (address === undefined) return byUnit(family.readAddress);
  if (address >= family.firstAddress && address <= family.lastAddress) return byUnit(address);
  if (MULTICAST_ADDRESSES.get(address)?.includes(dp.family)) return single(address);
  throw new XcomValidationError(`${field}: {${dp.id}} ${dp.description} belongs to the ${family.label} family, which has no unit at address ${address}`, `${field}.device`);
}

/** BSP and Xcom-CAN BMS share numbers: a BMS info aggregated or at a group address says so. */
function keyOf(dp: Datapoint, where: string): string {
  return dp.family === 'bms' && where !== 'BMS' ? `${dp.id}/bms@${where}` : `${dp.id}@${where}`;
}
