/**
 * The bridge of `npm run bench:mqtt`, alone in its process so that its memory and CPU time are
 * its own: the default set every second, and the XT1 battery voltage every 100 ms (the probe of
 * the latency). It reports its RSS before the bridge starts; told `sample` it reports its RSS
 * and CPU time; told `stop` it stops.
 */
import { parseBridgeConfig } from '../src/bridge/bridge-config.js';
import { startBridge } from '../src/mqtt/index.js';

const [url, broker] = process.argv.slice(2);
if (url === undefined || broker === undefined || process.send === undefined) throw new Error('run by bench/mqtt.ts');
const send = process.send.bind(process);
// Before the bridge runs: the process with its modules loaded, for comparison.
const idleRss = process.memoryUsage().rss;
const bridge = await startBridge({
  url,
  broker,
  site: 'bench',
  messages: false,
  config: parseBridgeConfig({ interval: 1, datapoints: [{ datapoint: 'XT_BATTERY_VOLTAGE', devices: ['XT1'], interval: 0.1 }] }),
});
bridge.on('log', ({ level, message }) => {
  if (level !== 'info') console.error(`bridge: ${message}`);
});
await bridge.ready;
send({ ready: bridge.monitor.items.length, idleRss });
process.on('message', (message) => {
  if (message === 'sample') send({ rss: process.memoryUsage().rss, cpu: process.cpuUsage(), at: performance.now() });
  if (message === 'stop') void bridge.stop().then(() => process.exit(0));
});
