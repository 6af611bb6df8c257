/**
 * Frames per second through each transport pair over loopback (and a socat pty pair), beside a
 * raw dgram / net / serialport ping-pong of the same bytes in the same run: the difference is
 * what the transport layer (decoder, listener, promises) costs.
 *
 *   npm run bench:transport            # ROUNDS=20000 SECONDS=3 by default
 *
 * Each measurement is a ping-pong: one side sends a request frame, the other answers with a
 * response frame as soon as it has it whole, ROUNDS times or for SECONDS at most. Frames/s
 * counts both directions. Loopback only.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { fromHex } from '../src/protocol/frame.js';
import {
  SerialTransport,
  TcpClientTransport,
  TcpServerTransport,
  type Transport,
  UdpTransport,
} from '../src/transport/index.js';
import { ptyPair } from '../test/transport/socat.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 20_000);
const SECONDS = Number(process.env['SECONDS'] ?? 3);
const HOST = '127.0.0.1';

const REQUEST = fromHex('AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 00 01 01 00 B8 0B 00 00 01 00 C5 90');
const RESPONSE = fromHex('AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 02 01 01 00 B8 0B 00 00 01 00 00 C0 45 41 0D CB');

interface Result {
  readonly frames: number;
  readonly seconds: number;
}

/** Runs a ping-pong: `start()` sends the first request; `onRound` is called per answered request. */
async function pingPong(run: (round: () => boolean) => void): Promise<Result> {
  let rounds = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await new Promise<void>((resolve) => {
    run(() => {
      rounds++;
      if (rounds >= ROUNDS || performance.now() >= deadline) {
        resolve();
        return false;
      }
      return true;
    });
  });
  return { frames: rounds * 2, seconds: (performance.now() - started) / 1000 };
}

async function throughTransports(a: Transport, b: Transport): Promise<Result> {
  b.setFrameListener(() => void b.send(RESPONSE));
  const result = await pingPong((round) => {
    a.setFrameListener(() => {
      if (round()) void a.send(REQUEST);
    });
    void a.send(REQUEST);
  });
  a.setFrameListener(undefined);
  b.setFrameListener(undefined);
  return result;
}

/** Counts bytes on a stream and calls back once per whole message of `size` bytes. */
function onMessages(stream: NodeJS.ReadableStream, size: number, handler: () => void): void {
  let pending = 0;
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.length;
    while (pending >= size) {
      pending -= size;
      handler();
    }
  });
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  socket.bind(0, HOST);
  await once(socket, 'listening');
  const { port } = socket.address();
  socket.close();
  return port;
}

async function udp(): Promise<[Result, Result]> {
  const [pa, pb] = [await freeUdpPort(), await freeUdpPort()];
  const a = new UdpTransport({ host: HOST, port: pb, localPort: pa });
  const b = new UdpTransport({ host: HOST, port: pa, localPort: pb });
  await a.open();
  await b.open();
  const ours = await throughTransports(a, b);
  await a.close();
  await b.close();

  const ra = createSocket('udp4');
  const rb = createSocket('udp4');
  ra.bind(pa, HOST);
  rb.bind(pb, HOST);
  await Promise.all([once(ra, 'listening'), once(rb, 'listening')]);
  rb.on('message', () => rb.send(RESPONSE, pa, HOST));
  const raw = await pingPong((round) => {
    ra.on('message', () => {
      if (round()) ra.send(REQUEST, pb, HOST);
    });
    ra.send(REQUEST, pb, HOST);
  });
  ra.close();
  rb.close();
  return [ours, raw];
}

async function tcp(): Promise<[Result, Result]> {
  const server = new TcpServerTransport({ host: HOST, port: 0 });
  await server.open();
  const client = new TcpClientTransport({ host: HOST, port: server.localPort ?? 0 });
  await client.open();
  const ours = await throughTransports(client, server);
  await client.close();
  await server.close();

  const listener = createServer((socket) => {
    socket.setNoDelay(true);
    onMessages(socket, REQUEST.length, () => socket.write(RESPONSE));
  });
  listener.listen(0, HOST);
  await once(listener, 'listening');
  const address = listener.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const socket: Socket = connect({ host: HOST, port });
  await once(socket, 'connect');
  socket.setNoDelay(true);
  const raw = await pingPong((round) => {
    onMessages(socket, RESPONSE.length, () => {
      if (round()) socket.write(REQUEST);
    });
    socket.write(REQUEST);
  });
  socket.destroy();
  listener.close();
  return [ours, raw];
}

async function serial(): Promise<[Result, Result]> {
  const pair = await ptyPair();
  try {
    const a = new SerialTransport({ path: pair.a });
    const b = new SerialTransport({ path: pair.b });
    await a.open();
    await b.open();
    const ours = await throughTransports(a, b);
    await a.close();
    await b.close();

    const open = async (path: string): Promise<SerialPort> => {
      const port = new SerialPort({ path, baudRate: 38400, parity: 'even', autoOpen: false });
      await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
      return port;
    };
    const pa = await open(pair.a);
    const pb = await open(pair.b);
    onMessages(pb, REQUEST.length, () => pb.write(RESPONSE));
    const raw = await pingPong((round) => {
      onMessages(pa, RESPONSE.length, () => {
        if (round()) pa.write(REQUEST);
      });
      pa.write(REQUEST);
    });
    await new Promise<void>((resolve) => pa.close(() => resolve()));
    await new Promise<void>((resolve) => pb.close(() => resolve()));
    return [ours, raw];
  } finally {
    await pair.kill();
  }
}

const rate = (r: Result): number => r.frames / r.seconds;

const rows: string[][] = [];
for (const [name, measure] of [
  ['UDP ↔ UDP (loopback)', udp],
  ['TCP listen ↔ connect (loopback)', tcp],
  ['serial ↔ serial (socat pty)', serial],
] as const) {
  await measure(); // warm-up: JIT, sockets, socat
  const [ours, raw] = await measure();
  rows.push([
    name,
    Math.round(rate(ours)).toLocaleString('en'),
    Math.round(rate(raw)).toLocaleString('en'),
    `${Math.round((100 * rate(ours)) / rate(raw))} %`,
  ]);
}

const header = ['link', 'xcom-ts frames/s', 'raw frames/s', 'xcom-ts / raw'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(`Ping-pong of a ${REQUEST.length}-byte request and a ${RESPONSE.length}-byte response, ${ROUNDS} rounds or ${SECONDS} s at most, Node ${process.version}`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
