/**
 * Sequential reads per second through `XcomClient` over loopback UDP and TCP, beside a raw
 * dgram / net ping-pong of frames of the same sizes (a 26-byte request, a 30-byte reply) in
 * the same run; and the heap before and after 100,000 requests.
 *
 *   npm run bench:client                 # SECONDS=3 per measurement, HEAP_REQUESTS=100000
 *
 * Three peers per link, all in this process:
 * - raw: a bare socket sends the request and waits for the canned reply — the floor;
 * - canned: `XcomClient.getValue()` against a bare socket that answers every request with
 *   the same canned reply — what the client (queue, matching, timers, decoding) costs;
 * - simulator: `getValue()` against the simulator — the client plus a device model.
 * The ratio is raw requests/s over the client's. Loopback only.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { XcomP } from '../src/catalogue/index.js';
import { XcomClient } from '../src/client/index.js';
import { SERVICE_READ, encodeRequest, encodeResponse } from '../src/protocol/service.js';
import { encodeValue } from '../src/protocol/value-codec.js';
import { startSimulator } from '../src/simulator/index.js';
import { printTable } from './measure.js';

const SECONDS = Number(process.env['SECONDS'] ?? 3);
const HEAP_REQUESTS = Number(process.env['HEAP_REQUESTS'] ?? 100_000);
const HOST = '127.0.0.1';

// What getValue(XcomP.BATT_VOLTAGE) sends, and a reply it accepts.
const DP = XcomP.BATT_VOLTAGE;
const PROPERTY = { serviceId: SERVICE_READ, objectType: 1, objectId: DP.id, propertyId: 1 };
const REQUEST = encodeRequest({ ...PROPERTY, dstAddr: 601 });
const RESPONSE = encodeResponse({ ...PROPERTY, srcAddr: 601, dstAddr: 1, propertyData: encodeValue('FLOAT', 51.2) });
if (REQUEST.length !== 26 || RESPONSE.length !== 30) throw new Error('frame sizes changed');

type Link = 'udp' | 'tcp';

/** Something a client can be pointed at, and stopped. */
interface Peer {
  readonly url: string;
  close(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  socket.bind(0, HOST);
  await once(socket, 'listening');
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, HOST);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Calls `handler` once per whole `size`-byte message on a stream. */
function perMessage(socket: Socket, size: number, handler: () => void): void {
  let pending = 0;
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.length;
    for (; pending >= size; pending -= size) handler();
  });
}

/** A bare socket answering every request with RESPONSE. */
async function cannedPeer(link: Link): Promise<Peer> {
  if (link === 'udp') {
    const socket = createSocket('udp4');
    socket.on('message', (_msg, from) => socket.send(RESPONSE, from.port, from.address));
    socket.bind(0, HOST);
    await once(socket, 'listening');
    const url = `udp://${HOST}:${socket.address().port}?localPort=0&bind=${HOST}`;
    return { url, close: () => new Promise((resolve) => socket.close(() => resolve())) };
  }
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    perMessage(socket, REQUEST.length, () => socket.write(RESPONSE));
  });
  const port = await listen(server);
  return {
    url: `tcp://${HOST}:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function simulatorPeer(link: Link): Promise<Peer> {
  if (link === 'udp') {
    const clientPort = await freeUdpPort();
    const sim = await startSimulator({ udp: { port: 0, host: HOST, clientHost: HOST, clientPort } });
    return { url: `${sim.connectionUrls()[0] ?? ''}&bind=${HOST}`, close: () => sim.close() };
  }
  const sim = await startSimulator({ tcpListen: { port: 0, host: HOST } });
  return { url: sim.connectionUrls()[0] ?? '', close: () => sim.close() };
}

/** Round trips per second of a bare socket against the canned peer, sequential. */
async function rawRate(link: Link, peer: Peer): Promise<number> {
  const port = Number(/:(\d+)/.exec(peer.url.slice(6))?.[1]);
  let send: () => void;
  let onReply: (handler: () => void) => void;
  let close: () => void;
  if (link === 'udp') {
    const socket = createSocket('udp4');
    socket.bind(0, HOST);
    await once(socket, 'listening');
    send = () => socket.send(REQUEST, port, HOST);
    onReply = (handler) => socket.on('message', handler);
    close = () => socket.close();
  } else {
    const socket = connect({ host: HOST, port });
    await once(socket, 'connect');
    socket.setNoDelay(true);
    send = () => socket.write(REQUEST);
    onReply = (handler) => perMessage(socket, RESPONSE.length, handler);
    close = () => socket.destroy();
  }
  const rate = await new Promise<number>((resolve) => {
    let rounds = 0;
    let start = performance.now();
    const warmUntil = start + 300;
    let warming = true;
    onReply(() => {
      const now = performance.now();
      if (warming && now >= warmUntil) [warming, rounds, start] = [false, 0, now];
      rounds++;
      if (!warming && now - start >= SECONDS * 1000) resolve(rounds / ((now - start) / 1000));
      else send();
    });
    send();
  });
  close();
  return rate;
}

/** Sequential getValue() calls per second, after a short warm-up. */
async function clientRate(client: XcomClient): Promise<number> {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) await client.getValue(DP);
  let reads = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    for (let i = 0; i < 100; i++) await client.getValue(DP);
    reads += 100;
    elapsed = performance.now() - start;
  }
  return reads / (elapsed / 1000);
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapUsed = (): number => {
  gc?.();
  gc?.(); // a second pass collects what the first one's finalizers freed
  return process.memoryUsage().heapUsed;
};

interface HeapRow {
  readonly before: number;
  readonly after: number;
  readonly seconds: number;
}

/** Heap before and after HEAP_REQUESTS sequential reads (the client warmed up and connected first). */
async function heapAround(client: XcomClient): Promise<HeapRow> {
  const before = heapUsed();
  const start = performance.now();
  for (let i = 0; i < HEAP_REQUESTS; i++) await client.getValue(DP);
  const seconds = (performance.now() - start) / 1000;
  return { before, after: heapUsed(), seconds };
}

async function withClient<T>(peer: Peer, fn: (client: XcomClient) => Promise<T>): Promise<T> {
  try {
    await using client = await XcomClient.connect(peer.url);
    return await fn(client);
  } finally {
    await peer.close();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const signedMb = (bytes: number): string => {
  const text = (Math.abs(bytes) / 2 ** 20).toFixed(1);
  return `${text === '0.0' ? '±' : bytes < 0 ? '−' : '+'}${text} MB`;
};

const rates: string[][] = [];
const heaps: string[][] = [];
for (const link of ['udp', 'tcp'] as const) {
  const canned = await cannedPeer(link);
  const raw = await rawRate(link, canned).finally(() => canned.close());
  const viaCanned = await withClient(await cannedPeer(link), clientRate);
  const viaSim = await withClient(await simulatorPeer(link), clientRate);
  const name = link === 'udp' ? 'UDP (loopback)' : 'TCP (loopback)';
  rates.push([name, fmt(raw), fmt(viaCanned), fmt(viaSim), `${(raw / viaCanned).toFixed(2)}×`, `${(raw / viaSim).toFixed(2)}×`]);

  for (const [peerName, makePeer] of [
    ['canned', cannedPeer],
    ['simulator', simulatorPeer],
  ] as const) {
    const row = await withClient(await makePeer(link), async (client) => {
      for (let i = 0; i < 1000; i++) await client.getValue(DP); // connect, JIT, first buffers
      return heapAround(client);
    });
    heaps.push([name, peerName, fmt(HEAP_REQUESTS), mb(row.before), mb(row.after), signedMb(row.after - row.before), fmt(HEAP_REQUESTS / row.seconds)]);
  }
}

console.log(`XcomClient.getValue(XcomP.BATT_VOLTAGE), sequential: a ${REQUEST.length}-byte request, a ${RESPONSE.length}-byte reply`);
console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${SECONDS} s per measurement\n`);
printTable(['link', 'raw req/s', 'client ↔ canned', 'client ↔ simulator', 'raw / canned', 'raw / simulator'], rates);
console.log(`\nHeap used around ${fmt(HEAP_REQUESTS)} sequential reads${gc === undefined ? ' (no gc: run with --expose-gc for exact figures)' : ', after gc()'}`);
printTable(['link', 'peer', 'requests', 'before', 'after', 'after − before', 'req/s'], heaps);
// Measured: the simulator rows grow as much after 300,000 requests as after 100,000.
console.log("(the simulator's growth is its request log, which keeps the last 10,000 requests)");
