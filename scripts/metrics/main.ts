/**
 * `npm run metric-names`: writes `src/metrics/metric-names.generated.ts`, the Prometheus
 * metric family of every datapoint of the catalogue (see `metric-rules.ts`). CI runs it and
 * fails when the committed file differs.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMetricTable } from './render.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const path = join(root, 'src/metrics/metric-names.generated.ts');
const content = renderMetricTable();
if (!existsSync(path) || readFileSync(path, 'utf8') !== content) {
  writeFileSync(path, content);
  console.log('wrote src/metrics/metric-names.generated.ts');
}
