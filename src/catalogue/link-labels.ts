/**
 * Rebuilds the shared label lists of the generated catalogue data.
 * @module
 */
import type { Datapoint, EnumLabel } from './types.js';

/**
 * Replaces each datapoint's `labels` index by the label list it stands for (the generated data
 * writes each distinct list once), so that datapoints with the same labels share one list.
 */
export function linkLabels(rows: readonly Datapoint[], labels: readonly (readonly EnumLabel[])[]): readonly Datapoint[] {
  for (const row of rows) {
    const index = row.labels as unknown;
    if (typeof index !== 'number') continue;
    const list = labels[index];
    if (list === undefined) throw new Error(`catalogue data: no label list ${index} for datapoint ${row.id}`);
    (row as { labels?: readonly EnumLabel[] }).labels = list;
  }
  return rows;
}
