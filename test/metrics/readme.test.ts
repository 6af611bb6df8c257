// The README's metric tables say what the code does: the unit table is the generator's, the
// default set's table is what the default set maps to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSetRows, unitRows } from './readme-tables.js';

/** The table rows after the marker comment `<!-- name: … -->` (its header and separator left out). */
function rowsAfter(marker: string): string[] {
  const lines = readFileSync('README.md', 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`<!-- ${marker}:`));
  if (start < 0) throw new Error(`README.md has no <!-- ${marker}: --> marker`);
  const rows: string[] = [];
  for (const line of lines.slice(start + 3)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

describe('README: Prometheus and Grafana', () => {
  it('names every unit conversion of the generator', () => {
    expect(rowsAfter('metric-units')).toEqual(unitRows());
  });

  it('lists the metrics of the default set as the table maps them', () => {
    expect(rowsAfter('metric-defaults')).toEqual(defaultSetRows());
  });
});
