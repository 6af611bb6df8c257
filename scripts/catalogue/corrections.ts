/**
 * Where the catalogue departs from the appendix as printed, each with the specification's
 * word for it. The data file (`catalogue/appendix-*.json`) keeps what the PDF says; the
 * generator applies these on its way to TypeScript, and the datapoint's doc comment says so.
 * @module
 */
import type { Family } from '../../src/catalogue/types.js';
import type { AppendixData, DatapointRecord } from './appendix-data.js';

/** One departure from the printed appendix. */
export interface Correction {
  /** The datapoint's family. */
  readonly family: Family;
  /** Its number. */
  readonly id: number;
  /** The fields that replace the printed ones. */
  readonly fields: Partial<Pick<DatapointRecord, 'default' | 'min' | 'max'>>;
  /** Why, with the specification's section. */
  readonly reason: string;
}

/** Every correction. */
export const CORRECTIONS: readonly Correction[] = [
  {
    family: 'rcc',
    id: 5002,
    fields: { max: 2147483647 },
    reason:
      'the appendix prints the range 0 to 0, but the spec (§4.5.10) says {5002} takes and returns the real-time clock, ' +
      'an INT32 of seconds since 1970 in local wall-clock time, so any non-negative INT32 is a value.',
  },
];

/** The correction of a datapoint, if it has one. */
export function correctionOf(dp: Pick<DatapointRecord, 'family' | 'id'>): Correction | undefined {
  return CORRECTIONS.find((c) => c.family === dp.family && c.id === dp.id);
}

/** The data with every correction applied (a copy; the input is left as printed). */
export function applyCorrections(data: AppendixData): AppendixData {
  for (const c of CORRECTIONS) {
    if (!data.datapoints.some((dp) => dp.family === c.family && dp.id === c.id)) {
      throw new Error(`correction of ${c.family} ${c.id}: no such datapoint in the appendix`);
    }
  }
  return {
    ...data,
    datapoints: data.datapoints.map((dp) => {
      const c = correctionOf(dp);
      return c === undefined ? dp : { ...dp, ...c.fields };
    }),
  };
}
