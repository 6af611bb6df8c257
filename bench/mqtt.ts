/**
 * The MQTT bridge under load: the simulated installation (3 Xtenders, 2 VarioTracks, a
 * VarioString, a BSP, served over UDP on loopback in this process) read by a bridge in a process
 * of its own, which publishes the default set every second on Debian's mosquitto. Every second
 * this process moves each FLOAT value of the default set a little, so that about 100 values a
 * second change and are published (the plant model alone moves a few).
 *
 *   npm run bench:mqtt                   # MEASURE_S=20 (about 30 s)
 *
 * Rows: the bridge's RSS (largest sample, one a second; and the process's before the bridge
 * started, tsx and the sources loaded) and CPU time per wall-clock time; the
 * state messages per second the broker delivered; and the latency from a change of the XT1
 * battery voltage in the simulator to its state message at a consumer, p50 and p99, for that
 * datapoint polled every 100 ms (half the period is the expected wait for the next poll).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATAPOINTS } from '../src/bridge/default-datapoints.js';
import { findDatapoint } from '../src/catalogue/lookup.js';
import { formatNumber } from '../src/mqtt/state-payload.js';
import { startSimulator } from '../src/simulator/simulator.js';
import { consumer, startBroker } from '../test/mqtt/mosquitto.js';
import { freeUdpPort } from '../test/transport/helpers.js';
import { printTable } from './measure.js';

const MEASURE_S = Number(process.env['MEASURE_S'] ?? 20);
const WARM_UP_MS = 3000;

interface Sample {
  readonly rss: number;
  readonly cpu: NodeJS.CpuUsage;
  readonly at: number;
}

function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (reply: Record<string, unknown>): void => {
      if (!(key in reply)) return;
      child.off('message', on);
      resolve(reply as T);
    };
    child.on('message', on);
    if (message !== '') child.send(message);
  });
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const broker = await startBroker();
const sim = await startSimulator({ seed: 1, udp: { port: await freeUdpPort(), clientPort: await freeUdpPort() } });
const url = sim.connectionUrls()[0] as string;
const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./mqtt-child.ts', import.meta.url)), url, broker.url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
try {
  const { ready, idleRss } = await ask<{ ready: number; idleRss: number }>(child, '', 'ready');
  // Every FLOAT info of the default set but the probe, each moved a little every second.
  const moved = sim.installation.devices.flatMap((device) =>
    DEFAULT_DATAPOINTS[device.family]
      .filter((id) => findDatapoint(id, device.family)?.format === 'FLOAT' && !(device.address === 101 && id === 3000))
      .map((id) => ({ address: device.address, id, base: sim.installation.infoValue(device.address, id) ?? 0 })),
  );
  let tick = 0;
  const mover = setInterval(() => {
    tick++;
    for (const m of moved) sim.installation.setValue(m.address, m.id, Math.fround(m.base + (tick % 2 === 0 ? 0.25 : -0.25) + (tick % 7) / 100));
  }, 1000);
  const watcher = await consumer(broker.url, ['xcom/bench/+/+']);
  const stateTopic = 'xcom/bench/XT1/XT_BATTERY_VOLTAGE';
  await new Promise((r) => setTimeout(r, WARM_UP_MS));

  const first = await ask<Sample>(child, 'sample', 'rss');
  const countFrom = watcher.seen.length;
  let rss = first.rss;
  const sampler = setInterval(() => void ask<Sample>(child, 'sample', 'rss').then((s) => (rss = Math.max(rss, s.rss))), 1000);
  const latencies: number[] = [];
  const end = performance.now() + MEASURE_S * 1000;
  for (let i = 0; performance.now() < end; i++) {
    // A value the simulator would never produce by itself, distinct each time.
    const volts = Math.fround(40 + (i % 1000) / 100);
    const payload = formatNumber(volts);
    const arrived = watcher.waitFor((m) => m.topic === stateTopic && m.payload === payload, `${payload} V`, 5000, false);
    const t0 = performance.now();
    sim.installation.setValue(101, 3000, volts);
    await arrived;
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  clearInterval(sampler);
  clearInterval(mover);
  const last = await ask<Sample>(child, 'sample', 'rss');
  rss = Math.max(rss, last.rss);
  const wallMs = last.at - first.at;
  const cpuMs = (last.cpu.user - first.cpu.user + last.cpu.system - first.cpu.system) / 1000;
  const states = watcher.seen.slice(countFrom).filter((m) => !m.topic.endsWith('/status')).length;
  latencies.sort((a, b) => a - b);
  await watcher.close();

  console.log(`MQTT bridge: ${ready} datapoints of the simulator (UDP, loopback), ${moved.length} moved every second, on mosquitto ${broker.url}, ${MEASURE_S} s measured`);
  printTable(
    ['measure', 'value'],
    [
      ['state messages delivered per second', (states / (wallMs / 1000)).toFixed(0)],
      ['bridge RSS, largest sample (MB)', (rss / 1024 / 1024).toFixed(1)],
      ['the same process before the bridge started (MB)', (idleRss / 1024 / 1024).toFixed(1)],
      ['bridge CPU time / wall time (%)', ((cpuMs / wallMs) * 100).toFixed(1)],
      [`change → state message, p50 (ms; ${latencies.length} changes, polled every 100 ms)`, percentile(latencies, 50).toFixed(1)],
      ['change → state message, p99 (ms)', percentile(latencies, 99).toFixed(1)],
      ['change → state message, max (ms)', (latencies.at(-1) ?? Number.NaN).toFixed(1)],
    ],
  );
} finally {
  child.send('stop');
  await once(child, 'exit');
  await sim.close();
  await broker.close();
}
