/**
 * The datapoints a simulated installation uses when none are given: the whole catalogue,
 * with the 120 Vac ranges for the 120 V variant.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import type { Variant } from './installation-options.js';

/** The catalogue's datapoints for `variant`. */
export function catalogueDatapoints(variant: Variant): readonly Datapoint[] {
  void variant;
  return [];
}
