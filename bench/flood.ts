// `xcom simulate --tcp-listen` (the built CLI, a child process) against 0, 1 and 4 peers that
// flood requests and never read: its peak RSS, a genuine client's read latency (p50/p99) on its
// own connection meanwhile, how much flood it absorbed, and how long it takes to exit after
// SIGTERM under that flood. The flooders run in a process of their own, so that their writes
// do not delay the genuine client's measurements. Loopback only.
// CPU % is the simulator's CPU time over its whole life (start-up included).
// Usage: npm run build && npm run bench:flood [-- READS [LATENCY_MS]]
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GenuineClient, REQUEST, sampler, startSimulatorProcess } from '../test/simulator/hostile-peers.js';
import { printTable } from './measure.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const READS = Number(process.argv[2] ?? 300);
/** The simulator's `--latency`: 0 answers at once; 10 makes every flooder's queue stay full. */
const LATENCY_MS = Number(process.argv[3] ?? 0);
const WARM_UP_MS = 500;
/** The genuine client polls, one read every 10 ms at most (a poller, not a load test). */
const PACE_MS = 10;

if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run npm run build first');
  process.exit(1);
}

// N connections writing requests as fast as the simulator takes them, reading nothing.
const FLOODER = `
const { connect } = require('node:net');
const [port, count, hex] = process.argv.slice(1);
const block = Buffer.concat(Array.from({ length: 2500 }, () => Buffer.from(hex, 'hex')));
let connected = 0;
for (let i = 0; i < Number(count); i++) {
  const s = connect(Number(port), '127.0.0.1');
  s.on('error', () => process.exit(0));
  s.on('close', () => process.exit(0));
  s.pause();
  s.once('connect', function pump() {
    if (++connected === Number(count)) process.stdout.write('flooding\\n');
    (function more() { while (s.write(block)); s.once('drain', more); })();
  });
}
setInterval(() => undefined, 1 << 30);
`;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Starts `count` flooders in a process of their own; resolves once they all flood. */
async function startFlooders(port: number, count: number): Promise<ChildProcess> {
  const flood = spawn(process.execPath, ['-e', FLOODER, String(port), String(count), Buffer.from(REQUEST).toString('hex')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    flood.stdout?.once('data', () => resolve());
    flood.once('exit', (code) => reject(new Error(`the flooders exited (${code}) before flooding`)));
  });
  return flood;
}

async function scenario(flooders: number): Promise<string[]> {
  const born = performance.now();
  // Room for the flooders and the genuine client, which connects first.
  const sim = await startSimulatorProcess(CLI, ['--max-connections', String(flooders + 1), '--latency', String(LATENCY_MS)]);
  const rss = sampler(() => sim.rssMB());
  const client = new GenuineClient(sim.port);
  await client.read();
  const flood = flooders === 0 ? undefined : await startFlooders(sim.port, flooders);
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  for (let i = 0; i < READS; i++) {
    const ms = await client.read();
    if (ms === undefined) failed++;
    else latencies.push(ms);
    await new Promise((resolve) => setTimeout(resolve, PACE_MS));
  }
  const seconds = (performance.now() - start + WARM_UP_MS) / 1000;
  const lifetime = (performance.now() - born) / 1000;
  client.close();
  const killedAt = performance.now();
  sim.child.kill('SIGTERM');
  await sim.exited;
  const exitMs = performance.now() - killedAt;
  flood?.kill('SIGKILL');
  rss.stop();
  const tcp = sim.stats().endpoints['tcp-listen'] ?? {};
  const absorbedMB = (((tcp['framesReceived'] ?? 0) + (tcp['requestsDropped'] ?? 0)) * REQUEST.length + (tcp['bytesDropped'] ?? 0)) / 1e6;
  latencies.sort((a, b) => a - b);
  return [
    String(flooders),
    (absorbedMB / seconds).toFixed(1),
    ((tcp['requestsDropped'] ?? 0) * REQUEST.length / 1e6 + (tcp['bytesDropped'] ?? 0) / 1e6).toFixed(0),
    `${String(tcp['peakQueued'] ?? 0)}/${String(tcp['replyQueueLimit'] ?? 0)}`,
    Math.max(rss.max(), sim.stats().maxRssMB).toFixed(0),
    ((100 * sim.stats().cpuSeconds) / lifetime).toFixed(0),
    quantile(latencies, 0.5).toFixed(2),
    quantile(latencies, 0.99).toFixed(2),
    `${READS - failed}/${READS}`,
    exitMs.toFixed(0),
  ];
}

const rows: string[][] = [];
for (const flooders of [0, 1, 4]) rows.push(await scenario(flooders));
console.log(
  `xcom simulate --tcp-listen --latency ${LATENCY_MS} against peers that flood and never read; ${READS} genuine reads each, ${PACE_MS} ms apart, node ${process.version}`,
);
printTable(
  ['flooders', 'flood MB/s taken', 'MB dropped', 'peak queue', 'peak RSS MB', 'CPU %', 'read p50 ms', 'read p99 ms', 'reads ok', 'exit after SIGTERM ms'],
  rows,
);
