// Installed with MQTT.js: the bridge publishes the simulator's values on a real broker
// (Debian's mosquitto on a free loopback port), and `offline` when it stops.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startBridge } from 'xcom-ts/mqtt';
import { startSimulator } from 'xcom-ts/simulator';
import { freeUdpPort } from './free-udp-port.mjs';

const MOSQUITTO = '/usr/sbin/mosquitto';
if (!existsSync(MOSQUITTO)) {
  if (process.env.CI) throw new Error(`${MOSQUITTO} is missing (CI installs it)`);
  console.log('mqtt-bridge: no mosquitto here, skipped');
  process.exit(0);
}
const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'pack-smoke-mosquitto-'));
writeFileSync(join(dir, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
const broker = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
// However this script ends (a throw before the try below, an uncaught error), the broker and
// its folder go with it: 'exit' handlers run on every exit but a signal's.
process.once('exit', () => {
  broker.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const url = `mqtt://127.0.0.1:${port}`;
const sim = await startSimulator({ udp: { port: await freeUdpPort(), clientPort: await freeUdpPort() } });
let bridge;
let consumer;
try {
  await new Promise((r) => setTimeout(r, 300));
  bridge = await startBridge({ url: sim.connectionUrls()[0], broker: url, site: 'smoke', reconnect: { initialMs: 100, maxMs: 500 } });
  bridge.on('log', ({ message }) => console.log(`mqtt-bridge: ${message}`));
  await Promise.race([bridge.ready, new Promise((_, reject) => setTimeout(() => reject(new Error('the bridge was not ready within 20 s')), 20_000))]);
  consumer = await mqtt.connectAsync(url);
  const topic = 'xcom/smoke/XT1/XT_BATTERY_VOLTAGE';
  const volts = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing retained on ${topic}`)), 10_000);
    consumer.on('message', (t, payload) => {
      if (t !== topic) return;
      clearTimeout(timer);
      resolve(Number(payload.toString()));
    });
    void consumer.subscribeAsync(topic);
  });
  if (!(volts > 10 && volts < 70)) throw new Error(`implausible battery voltage ${volts} on ${topic}`);
  console.log(`mqtt-bridge: ${topic} = ${volts} V on ${url}`);
  await bridge.stop();
  const status = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('nothing retained on xcom/smoke/status')), 10_000);
    consumer.on('message', (t, payload) => {
      if (t !== 'xcom/smoke/status') return;
      clearTimeout(timer);
      resolve(payload.toString());
    });
    void consumer.subscribeAsync('xcom/smoke/status');
  });
  if (status !== 'offline') throw new Error(`after stop, xcom/smoke/status is ${status}`);
  console.log('mqtt-bridge: offline after stop');
} finally {
  await consumer?.endAsync();
  await bridge?.stop();
  await sim.close();
  broker.kill();
  rmSync(dir, { recursive: true, force: true });
}
