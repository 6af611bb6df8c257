/**
 * The datapoints a simulated installation uses when none are given: the whole catalogue,
 * with the 120 Vac ranges for the 120 V variant.
 * @module
 */
import { DATAPOINTS } from '../catalogue/datapoints.generated.js';
import type { Datapoint } from '../catalogue/types.js';
import { with120V } from '../catalogue/variant-120v.js';
import type { Variant } from './installation-options.js';

let cached120V: readonly Datapoint[] | undefined;

/** The catalogue's datapoints for `variant`. */
export function catalogueDatapoints(variant: Variant): readonly Datapoint[] {
  if (variant === '230V') return DATAPOINTS;
  cached120V ??= DATAPOINTS.map((dp) => with120V(dp));
  return cached120V;
}
