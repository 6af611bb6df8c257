// Prints line and branch coverage per layer (src/<layer>/) from vitest's json-summary report.
// The thresholds themselves are enforced by vitest (vitest.config.ts).
import { readFileSync } from 'node:fs';

const summary = JSON.parse(readFileSync(process.argv[2] ?? 'coverage/coverage-summary.json', 'utf8'));
const layers = new Map();
for (const [file, v] of Object.entries(summary)) {
  if (file === 'total') continue;
  const layer = /\/src\/([^/]+)\//.exec(file)?.[1] ?? '(src root)';
  const acc = layers.get(layer) ?? { lines: [0, 0], branches: [0, 0] };
  acc.lines[0] += v.lines.covered;
  acc.lines[1] += v.lines.total;
  acc.branches[0] += v.branches.covered;
  acc.branches[1] += v.branches.total;
  layers.set(layer, acc);
}
const pct = ([c, t]) => (t === 0 ? '100.0' : ((100 * c) / t).toFixed(1)).padStart(6);
console.log('layer         lines  branches');
for (const [layer, acc] of [...layers].sort()) console.log(`${layer.padEnd(12)} ${pct(acc.lines)}%  ${pct(acc.branches)}%`);
const t = summary.total;
console.log(`${'total'.padEnd(12)} ${pct([t.lines.covered, t.lines.total])}%  ${pct([t.branches.covered, t.branches.total])}%`);
