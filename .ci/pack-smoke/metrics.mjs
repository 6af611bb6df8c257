// With prom-client installed: the exporter serves the simulator's values (ESM), and the CJS
// entry loads too.
import { createRequire } from 'node:module';
import { startExporter } from 'xcom-ts/metrics';
import { startSimulator } from 'xcom-ts/simulator';
import { freeUdpPort } from './free-udp-port.mjs';

const cjs = createRequire(import.meta.url)('xcom-ts/metrics');
if (typeof cjs.startExporter !== 'function') throw new Error('require("xcom-ts/metrics") has no startExporter');

const sim = await startSimulator({ udp: { port: await freeUdpPort(), clientPort: await freeUdpPort() } });
const exporter = await startExporter({ url: sim.connectionUrls()[0], listen: 0 });
try {
  await exporter.started;
  let text = '';
  for (let i = 0; i < 100 && !/^xcom_battery_voltage_volts\{/m.test(text); i++) {
    const res = await fetch(exporter.url);
    if (res.status !== 200) throw new Error(`GET ${exporter.url}: ${res.status}`);
    text = await res.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const line = text.split('\n').find((l) => l.startsWith('xcom_battery_voltage_volts{'));
  if (line === undefined || !/^xcom_up 1$/m.test(text)) throw new Error(`no values in the scrape:\n${text.slice(0, 2000)}`);
  console.log(`metrics: ${exporter.url}: ${line}`);
} finally {
  await exporter.stop();
  await sim.close();
}
