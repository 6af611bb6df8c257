/**
 * The dashboard `npm run bench:poll` refreshes: Studer's portal synoptic (spec §5.8, 24
 * multi-info items: sums and averages over the Xtenders, VarioTracks and VarioStrings, the BSP's
 * master) plus the energy counters an energy dashboard keeps per unit — 40 values of the default
 * simulated installation (XT1–XT3, VT1–VT2, VS1, BSP). Also: the same values read the slow way,
 * one `getValue` per unit value, as a library without multi-info does.
 * @module
 */
import { FAMILIES } from '../src/catalogue/families.js';
import { getDatapoint } from '../src/catalogue/lookup.js';
import type { Family } from '../src/catalogue/types.js';
import type { ReadItem } from '../src/client/read-plan.js';
import type { XcomClient } from '../src/client/xcom-client.js';

type Synoptic = readonly [id: number, family: Family, aggregation: 'average' | 'sum' | 'master'];

/** Spec §5.8: "the 24 requests for the synoptic display on the Xcom portal", in its order. */
export const SYNOPTIC: readonly Synoptic[] = [
  [3000, 'xtender', 'average'],
  [3080, 'xtender', 'sum'],
  [3081, 'xtender', 'sum'],
  [3082, 'xtender', 'sum'],
  [3083, 'xtender', 'sum'],
  [3136, 'xtender', 'sum'],
  [3137, 'xtender', 'sum'],
  [7000, 'bsp', 'master'],
  [7001, 'bsp', 'master'],
  [7002, 'bsp', 'master'],
  [7003, 'bsp', 'master'],
  [7005, 'bsp', 'master'],
  [7007, 'bsp', 'master'],
  [7008, 'bsp', 'master'],
  [7009, 'bsp', 'master'],
  [7010, 'bsp', 'master'],
  [11000, 'variotrack', 'average'],
  [11004, 'variotrack', 'sum'],
  [11007, 'variotrack', 'sum'],
  [11011, 'variotrack', 'sum'],
  [15000, 'variostring', 'average'],
  [15010, 'variostring', 'sum'],
  [15017, 'variostring', 'sum'],
  [15027, 'variostring', 'sum'],
];

/** The units of the default simulated installation, by family. */
export const UNITS: Readonly<Partial<Record<Family, readonly number[]>>> = {
  xtender: [101, 102, 103],
  variotrack: [301, 302],
  variostring: [701],
  bsp: [601],
};

/**
 * Energy counters per unit, as Home Assistant's energy dashboard keeps them: the Xtenders'
 * battery discharge, AC-in and consumers energy of the day, the BSP's lifetime Ah, the
 * VarioTracks' production of the day and lifetime, the VarioString's lifetime production.
 */
export const COUNTERS: readonly (readonly [id: number, family: Family])[] = [
  [3078, 'xtender'],
  [3081, 'xtender'],
  [3083, 'xtender'],
  [7011, 'bsp'],
  [7012, 'bsp'],
  [11007, 'variotrack'],
  [11009, 'variotrack'],
  [15023, 'variostring'],
];

/** The dashboard as `readValues` items: the synoptic, then every counter of every unit (40 items). */
export const DASHBOARD: readonly ReadItem[] = [
  ...SYNOPTIC.map(([id, family, aggregation]): ReadItem => ({ datapoint: getDatapoint(id, family), aggregation })),
  ...COUNTERS.flatMap(([id, family]) => (UNITS[family] ?? []).map((device): ReadItem => ({ datapoint: getDatapoint(id, family), device }))),
];

/** The unit reads one item needs without multi-info: the master, the unit named, or every unit of the family. */
export function unitsOf(item: ReadItem): readonly number[] {
  const family = item.datapoint.family;
  if (typeof item.device === 'number') return [item.device];
  if (item.aggregation === 'average' || item.aggregation === 'sum') return UNITS[family] ?? [];
  return [FAMILIES[family].readAddress];
}

/**
 * Reads the dashboard with one `getValue` per unit value (a sum over three Xtenders is three
 * reads, added here), one request after the other. Returns the values and the requests sent.
 */
export async function readOneByOne(client: XcomClient, items: readonly ReadItem[]): Promise<{ values: number[]; requests: number }> {
  const values: number[] = [];
  let requests = 0;
  for (const item of items) {
    const units = unitsOf(item);
    let total = 0;
    for (const unit of units) {
      total += Number(await client.getValue(item.datapoint, { dstAddr: unit }));
      requests++;
    }
    values.push(item.aggregation === 'average' ? total / units.length : total);
  }
  return { values, requests };
}
