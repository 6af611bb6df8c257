// Installed without prom-client (an optional peer dependency): the exporter's entry loads, and
// starting it fails with MODULE_MISSING naming the install command, before anything is opened.
import { METRIC_FAMILIES, startExporter } from 'xcom-ts/metrics';

if (!(METRIC_FAMILIES.length > 100)) throw new Error('xcom-ts/metrics has no metric table');
const error = await startExporter({ url: 'udp://127.0.0.1:4002', listen: 0 }).then(
  () => undefined,
  (e) => e,
);
if (error?.code !== 'MODULE_MISSING' || !String(error.message).includes('npm install prom-client')) {
  throw new Error(`expected MODULE_MISSING naming prom-client, got ${error?.code}: ${error?.message}`);
}
console.log(`no-prom-client: startExporter fails as expected: ${error.message}`);
