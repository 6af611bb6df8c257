/**
 * Enum labels: from a value to its label and back.
 * @module
 */
import type { Datapoint } from './types.js';

/**
 * The appendix's label of `value` for an enum datapoint (its long label where it has two), or
 * `undefined` when the datapoint has no labels or none for this value.
 *
 * @example
 * ```ts
 * labelOf(XcomP.VT_OPERATING_MODE, 3); // 'Charger'
 * ```
 */
export function labelOf(datapoint: Datapoint, value: number): string | undefined {
  return datapoint.labels?.find((l) => l.value === value)?.label;
}

/**
 * The value whose label (long or short) is `label`, case and surrounding spaces ignored; the
 * first such value when the appendix gives two values one label (the RCC's short "M" stands for
 * both Manual ON and Manual OFF). `undefined` when no label matches.
 */
export function valueOfLabel(datapoint: Datapoint, label: string): number | undefined {
  const wanted = label.trim().toLowerCase();
  const match =
    datapoint.labels?.find((l) => l.label.toLowerCase() === wanted) ?? datapoint.labels?.find((l) => l.short?.toLowerCase() === wanted);
  return match?.value;
}
