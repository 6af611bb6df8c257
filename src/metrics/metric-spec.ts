/**
 * The shape of the generated metric table (`metric-names.generated.ts`): which Prometheus
 * metric family each datapoint of the catalogue is exposed in, and how its value is scaled to
 * the family's base unit.
 * @module
 */
import type { Family } from '../catalogue/types.js';

/**
 * How a family is exposed. `'gauge'`: the value as it is. `'counter'`: a value that only grows,
 * or grows and is reset (a lifetime total, a counter the user resets, a "current day" value
 * that starts again at midnight), named `…_total`. `'enum'`: two families, the number as a
 * gauge named `<name>_code` and a state set `<name>{state="<label>"}`, 1 for the current
 * label and 0 for the others.
 */
export type MetricType = 'gauge' | 'counter' | 'enum';

/** One datapoint of a metric family: its family, its number, and the factor to the base unit. */
export type MetricMember = readonly [family: Family, id: number, scale: number];

/** One metric family of the table. */
export interface MetricFamilySpec {
  /** The metric name (`xcom_battery_voltage_volts`); for an enum, the state set's. */
  readonly name: string;
  /** How it is exposed. */
  readonly type: MetricType;
  /** Its `# HELP` text: the appendix's description and unit. */
  readonly help: string;
  /** The datapoints it holds: one, or one per device family that has the same description and unit. */
  readonly members: readonly MetricMember[];
}
