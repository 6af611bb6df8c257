/**
 * The ranges a datapoint has on one installation: the appendix's, overlaid with the 120 Vac
 * models' and scaled to the battery's nominal voltage.
 * @module
 */
import { withBatteryVoltage, type BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Datapoint } from '../catalogue/types.js';
import { with120V } from '../catalogue/variant-120v.js';
import type { Variant } from './options.js';

/** What decides a datapoint's ranges besides the appendix. */
export interface InstallationKind {
  /** The Xtenders' mains variant. */
  readonly variant: Variant;
  /** The battery's nominal voltage. */
  readonly batteryVoltage: BatteryVoltage;
}

/**
 * The datapoint with the default, min and max it has on `installation`. The two overlays touch
 * disjoint parameters (AC ones, battery ones), so their order does not matter.
 */
export function installationRanges(datapoint: Datapoint, installation: InstallationKind): Datapoint {
  const mains = installation.variant === '120V' ? with120V(datapoint) : datapoint;
  return withBatteryVoltage(mains, installation.batteryVoltage);
}
