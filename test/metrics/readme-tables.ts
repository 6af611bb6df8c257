// The README's metric tables, as the code makes them: the tests compare the README with these,
// so that the docs say what the exporter does.
import { DEFAULT_DATAPOINTS } from '../../src/bridge/default-datapoints.js';
import { findDatapoint } from '../../src/catalogue/lookup.js';
import type { Family } from '../../src/catalogue/types.js';
import { metricOf } from '../../src/metrics/metric-table.js';
import type { MetricFamilySpec } from '../../src/metrics/metric-spec.js';
import { METRIC_UNITS } from '../../scripts/metrics/metric-units.js';

const SHORT: Readonly<Record<Family, string>> = { xtender: 'XT', rcc: 'RCC', bsp: 'BSP', bms: 'BMS', variotrack: 'VT', variostring: 'VS' };

/** The rows of the unit table: the appendix's units (with their factor where it is not 1), the metric's unit suffix. */
export function unitRows(): string[] {
  const bySuffix = new Map<string, string[]>();
  for (const [unit, { suffix, scale }] of Object.entries(METRIC_UNITS)) {
    if (unit === '' || suffix === '') continue;
    const units = bySuffix.get(suffix) ?? [];
    units.push(scale === 1 ? `\`${unit}\`` : `\`${unit}\` (×${scale.toLocaleString('en-US')})`);
    bySuffix.set(suffix, units);
  }
  return [...bySuffix].map(([suffix, units]) => `| ${units.join(', ')} | \`_${suffix}\` |`);
}

/** The rows of the default set's table: metric, type, datapoints (family and number). */
export function defaultSetRows(): string[] {
  const families = new Map<MetricFamilySpec, string[]>();
  for (const [family, ids] of Object.entries(DEFAULT_DATAPOINTS) as [Family, readonly number[]][]) {
    for (const id of ids) {
      const datapoint = findDatapoint(id, family);
      const metric = datapoint === undefined ? undefined : metricOf(datapoint);
      if (metric === undefined) continue;
      const members = families.get(metric.family) ?? [];
      members.push(`${SHORT[family]} ${id}`);
      families.set(metric.family, members);
    }
  }
  return [...families]
    .sort(([a], [b]) => (a.name < b.name ? -1 : 1))
    .map(([family, members]) => {
      const name = family.type === 'enum' ? `\`${family.name}{state}\`, \`${family.name}_code\`` : `\`${family.name}\``;
      return `| ${name} | ${family.type} | ${members.join(', ')} |`;
    });
}
