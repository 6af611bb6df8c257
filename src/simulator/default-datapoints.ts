/**
 * The datapoints a simulated installation uses when none are given: the whole catalogue,
 * with the 120 Vac ranges for the 120 V variant and the battery voltages of its battery.
 * @module
 */
import { withBatteryVoltage, type BatteryVoltage } from '../catalogue/battery-voltage.js';
import { DATAPOINTS } from '../catalogue/datapoints.generated.js';
import type { Datapoint } from '../catalogue/types.js';
import { with120V } from '../catalogue/variant-120v.js';
import type { Variant } from './installation-options.js';

const cached = new Map<string, readonly Datapoint[]>();

/** The catalogue's datapoints for `variant` and `batteryVoltage`. */
export function catalogueDatapoints(variant: Variant, batteryVoltage: BatteryVoltage = 48): readonly Datapoint[] {
  if (variant === '230V' && batteryVoltage === 48) return DATAPOINTS;
  const key = `${variant}/${batteryVoltage}`;
  let list = cached.get(key);
  if (list === undefined) {
    list = DATAPOINTS.map((dp) => withBatteryVoltage(variant === '120V' ? with120V(dp) : dp, batteryVoltage));
    cached.set(key, list);
  }
  return list;
}
