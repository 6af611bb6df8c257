/**
 * The generated metric table, looked up by datapoint.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import { METRIC_FAMILIES } from './metric-names.generated.js';
import type { MetricFamilySpec } from './metric-spec.js';

/** Where one datapoint is exposed: its metric family and the factor to the family's unit. */
export interface DatapointMetric {
  /** The metric family. */
  readonly family: MetricFamilySpec;
  /** What the datapoint's value is multiplied by. */
  readonly scale: number;
}

let index: Map<string, DatapointMetric> | undefined;

/** The metric family of a datapoint; `undefined` for one that is not exposed (a string, a signal). */
export function metricOf(datapoint: Pick<Datapoint, 'family' | 'id'>): DatapointMetric | undefined {
  if (index === undefined) {
    index = new Map();
    for (const family of METRIC_FAMILIES) {
      for (const [deviceFamily, id, scale] of family.members) index.set(`${deviceFamily}/${id}`, { family, scale });
    }
  }
  return index.get(`${datapoint.family}/${datapoint.id}`);
}
