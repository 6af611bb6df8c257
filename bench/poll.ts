/**
 * The speed users feel: the time to refresh a dashboard of 40 values (spec §5.8's 24-item portal
 * synoptic plus per-unit energy counters, see bench/dashboard.ts) of 3 Xtenders, 2 VarioTracks,
 * a VarioString and a BSP, through an Xcom-LAN whose RS-232 side runs at 38400 baud 8E1 (11 bits
 * a byte) behind a gateway that takes 100 ms to answer — the simulator's link model, served over
 * UDP on loopback in this process, in real time.
 *
 *   npm run bench:poll                   # SLOW_ROUNDS=2 FAST_ROUNDS=10 (about 20 s)
 *
 * Rows: (a) one `getValue` per unit value (a sum over three Xtenders is three reads), (b)
 * `readValues` (one multi-info request), each beside (c) its limit: the wire time of the bytes
 * that crossed the line (counted: requests as the client sent them, replies as the simulator
 * wrote them) plus one gateway latency per request. Goal: readValues within 1.1× of its limit
 * and at least 10× faster than (a).
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { XcomClient } from '../src/client/xcom-client.js';
import { startSimulator } from '../src/simulator/simulator.js';
import { type LinkOptions, wireTimeMs } from '../src/simulator/link-model.js';
import { DelegatingTransport } from '../src/transport/delegating-transport.js';
import type { Transport } from '../src/transport/transport.js';
import { UdpTransport } from '../src/transport/udp-transport.js';
import { DASHBOARD, readOneByOne } from './dashboard.js';
import { printTable } from './measure.js';

const SLOW_ROUNDS = Number(process.env['SLOW_ROUNDS'] ?? 2);
const FAST_ROUNDS = Number(process.env['FAST_ROUNDS'] ?? 10);
const HOST = '127.0.0.1';
const LINK: LinkOptions = { baudRate: 38400, bitsPerByte: 11, latencyMs: 100 };

/** Counts the bytes the client puts on the line. */
class CountingTransport extends DelegatingTransport {
  bytes = 0;
  override send(...args: Parameters<Transport['send']>): Promise<void> {
    this.bytes += args[0].length;
    return super.send(...args);
  }
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  socket.bind(0, HOST);
  await once(socket, 'listening');
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

interface Round {
  readonly ms: number;
  readonly requests: number;
  readonly bytes: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function main(): Promise<void> {
  const [simPort, clientPort] = [await freeUdpPort(), await freeUdpPort()];
  await using sim = await startSimulator({ udp: { port: simPort, clientPort, host: HOST, clientHost: HOST }, link: LINK });
  const endpoint = sim.endpoint('udp');
  const wire = new CountingTransport(new UdpTransport({ host: HOST, port: simPort, localPort: clientPort, bindAddress: HOST }));
  await using client = new XcomClient(wire);

  /** Runs `refresh` `rounds` times, each timed, with the requests and bytes it put on the line. */
  async function measure(rounds: number, refresh: () => Promise<void>): Promise<Round[]> {
    const out: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      const [requests0, sent0, received0] = [sim.requests.size, wire.bytes, endpoint.stats.bytesSent];
      const start = performance.now();
      await refresh();
      const ms = performance.now() - start;
      out.push({ ms, requests: sim.requests.size - requests0, bytes: wire.bytes - sent0 + endpoint.stats.bytesSent - received0 });
    }
    return out;
  }

  // Warm up the code paths, and let readValues learn that the gateway answers multi-info.
  const check = await client.readValues(DASHBOARD);
  const failed = check.entries.filter((e) => !e.ok);
  if (failed.length > 0) throw new Error(`the dashboard does not read cleanly: ${failed.map((e) => e.key).join(', ')}`);
  await readOneByOne(client, DASHBOARD.slice(0, 1));

  const slow = await measure(SLOW_ROUNDS, async () => {
    await readOneByOne(client, DASHBOARD);
  });
  const fast = await measure(FAST_ROUNDS, async () => {
    const result = await client.readValues(DASHBOARD);
    if (result.linkError !== undefined) throw result.linkError;
  });

  const rows: string[][] = [];
  const summary = (name: string, rounds: readonly Round[]) => {
    const last = rounds[rounds.length - 1] as Round;
    if (rounds.some((r) => r.requests !== last.requests || r.bytes !== last.bytes)) throw new Error(`${name}: rounds differ in requests or bytes (a retry?)`);
    const ms = median(rounds.map((r) => r.ms));
    const limit = wireTimeMs(last.bytes, LINK) + last.requests * (LINK.latencyMs ?? 0);
    rows.push([name, String(rounds.length), String(last.requests), String(last.bytes), ms.toFixed(1), limit.toFixed(1), (ms / limit).toFixed(3)]);
    return { ms, limit };
  };
  const a = summary('(a) one getValue per value', slow);
  const b = summary('(b) readValues', fast);

  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  console.log(
    `Refreshing ${DASHBOARD.length} values (spec §5.8's synoptic + energy counters) of XT1-3, VT1-2, VS1, BSP over UDP loopback;` +
      ` simulated line ${LINK.baudRate} baud, ${LINK.bitsPerByte} bits a byte (8E1), gateway latency ${LINK.latencyMs} ms.`,
  );
  console.log('(c) limit = wire time of the bytes that crossed the line + one latency per request.\n');
  printTable(['method', 'rounds', 'requests', 'bytes', 'refresh ms (median)', '(c) limit ms', '× limit'], rows);
  const speedup = a.ms / b.ms;
  const ofLimit = b.ms / b.limit;
  console.log(`\nreadValues: ${ofLimit.toFixed(3)}× its limit (goal ≤ 1.1: ${ofLimit <= 1.1 ? 'met' : 'MISSED'}),` + ` ${speedup.toFixed(1)}× faster than one getValue per value (goal ≥ 10: ${speedup >= 10 ? 'met' : 'MISSED'}).`);
}

await main();
