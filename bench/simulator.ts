/**
 * The simulator's CPU time per request, over UDP and TCP, beside a raw dgram / net echo of the
 * same frames measured the same way in the same run.
 *
 *   npm run bench:simulator            # REQUESTS=20000 RUNS=3 by default
 *   PROFILE=/tmp/prof npm run bench:simulator   # and a CPU profile of each simulator run
 *
 * Each server (the simulator, or the raw echo) runs alone in a child process and reports its
 * own `process.cpuUsage()` over the measured requests; this process generates the load: one
 * request outstanding at a time, as a Scom client waits for each reply. The raw echo answers
 * every request with a fixed 30-byte float response, the size of the simulator's replies to
 * the same requests, without decoding anything: it is what the kernel and Node cost per
 * request, the floor under any responder. Runs are interleaved so that a busy moment of the
 * machine hits both alike; the table shows the median run. Goal: at most 2× the raw echo.
 * Loopback only.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { FrameDecoder } from '../src/protocol/frame-decoder.js';
import { fromHex } from '../src/protocol/frame.js';
import { encodeRequest } from '../src/protocol/service.js';
import { startSimulator } from '../src/simulator/simulator.js';
import { SimTcpListener } from '../src/simulator/tcp-listener.js';
import { UdpTransport } from '../src/transport/udp-transport.js';
import { printTable } from './measure.js';

const REQUESTS = Number(process.env['REQUESTS'] ?? 20_000);
const WARMUP = Number(process.env['WARMUP'] ?? 3_000);
const RUNS = Number(process.env['RUNS'] ?? 3);
/** A directory: the simulator's child processes then write a V8 CPU profile there (node --cpu-prof). */
const PROFILE = process.env['PROFILE'];
const HOST = '127.0.0.1';

/** User-info reads (FLOAT values, 30-byte replies) across the default installation's devices. */
const READS: readonly [dst: number, info: number][] = [
  [101, 3000], // Xtender 1, battery voltage
  [102, 3023], // Xtender 2, output power
  [103, 3011], // Xtender 3, input voltage
  [301, 11004], // VarioTrack 1, PV power
  [601, 7002], // BSP, state of charge
  [701, 15010], // VarioString 1, PV power
];
const REQUEST_FRAMES = READS.map(([dstAddr, objectId]) => encodeRequest({ dstAddr, serviceId: 1, objectType: 1, objectId, propertyId: 1 }));
const REQUEST_SIZE = 26;
/** The float response of Xtender 1's battery voltage: what the raw echo answers to everything. */
const RESPONSE = fromHex('AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 02 01 01 00 B8 0B 00 00 01 00 00 C0 45 41 0D CB');

type Mode = 'sim-udp' | 'echo-udp' | 'sim-tcp' | 'echo-tcp';

/** Parent ↔ child messages. */
type ToChild = { readonly cmd: 'start' } | { readonly cmd: 'stop' };
type FromChild =
  | { readonly kind: 'ready'; readonly port: number }
  | { readonly kind: 'started' }
  | { readonly kind: 'stopped'; readonly cpuUs: number; readonly requests: number };

// ---------------------------------------------------------------------------------------------
// The child: one server, measuring itself.

async function serve(mode: Mode, clientPort: number): Promise<void> {
  let count: () => number;
  let port: number;
  if (mode === 'sim-udp' || mode === 'sim-tcp') {
    const sim =
      mode === 'sim-udp'
        ? await startSimulator({ udp: { port: 0, host: HOST, clientHost: HOST, clientPort } })
        : await startSimulator({ tcpListen: { port: 0, host: HOST } });
    const endpoint = sim.endpoints[0];
    if (endpoint === undefined) throw new Error('no endpoint');
    const t = endpoint.transport;
    port = (t instanceof UdpTransport || t instanceof SimTcpListener ? t.localPort : undefined) ?? 0;
    count = () => endpoint.stats.framesReceived;
  } else if (mode === 'echo-udp') {
    let n = 0;
    const socket = createSocket('udp4');
    socket.on('message', () => {
      n++;
      socket.send(RESPONSE, clientPort, HOST);
    });
    socket.bind(0, HOST);
    await once(socket, 'listening');
    port = socket.address().port;
    count = () => n;
  } else {
    let n = 0;
    const server = createServer((socket) => {
      socket.setNoDelay(true);
      let pending = 0;
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.length;
        while (pending >= REQUEST_SIZE) {
          pending -= REQUEST_SIZE;
          n++;
          socket.write(RESPONSE);
        }
      });
    });
    server.listen(0, HOST);
    await once(server, 'listening');
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    count = () => n;
  }
  let cpu = process.cpuUsage();
  let before = 0;
  const send = (message: FromChild): void => void process.send?.(message);
  process.on('message', (message: ToChild) => {
    if (message.cmd === 'start') {
      before = count();
      cpu = process.cpuUsage();
      send({ kind: 'started' });
    } else {
      const used = process.cpuUsage(cpu);
      send({ kind: 'stopped', cpuUs: used.user + used.system, requests: count() - before });
    }
  });
  // exit() (not a kill) so that --cpu-prof writes its profile.
  process.on('disconnect', () => process.exit(0));
  send({ kind: 'ready', port });
}

// ---------------------------------------------------------------------------------------------
// The parent: the load generator.

function nextMessage(child: ChildProcess): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as FromChild));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** A client sending one request at a time and resolving after `n` replies. */
interface Load {
  run(n: number): Promise<void>;
  close(): void;
}

/**
 * A sequential ping-pong: the next request goes when the reply to the previous one arrives.
 * `send` writes a frame, `onBytes` subscribes to what comes back.
 */
function pingPong(send: (bytes: Uint8Array) => void, onBytes: (listener: (chunk: Uint8Array) => void) => void, close: () => void): Load {
  const decoder = new FrameDecoder();
  let left = 0;
  let i = 0;
  let done: () => void = () => undefined;
  const next = (): void => send(REQUEST_FRAMES[i++ % REQUEST_FRAMES.length] as Uint8Array);
  onBytes((chunk) => {
    for (const frame of decoder.push(chunk)) {
      if (frame.data.length !== 14) throw new Error(`unexpected reply of ${frame.data.length} data bytes`);
      if (--left > 0) next();
      else done();
    }
  });
  return {
    run: (n) =>
      new Promise((resolve) => {
        left = n;
        done = resolve;
        next();
      }),
    close,
  };
}

function udpLoad(socket: UdpSocket, serverPort: number): Load {
  return pingPong(
    (bytes) => socket.send(bytes, serverPort, HOST),
    (listener) => socket.on('message', listener),
    () => socket.close(),
  );
}

async function tcpLoad(serverPort: number): Promise<Load> {
  const socket: Socket = connect(serverPort, HOST);
  await once(socket, 'connect');
  socket.setNoDelay(true);
  return pingPong(
    (bytes) => void socket.write(bytes),
    (listener) => socket.on('data', listener),
    () => socket.destroy(),
  );
}

interface Measure {
  readonly cpuUsPerRequest: number;
  readonly wallUsPerRequest: number;
}

async function measure(mode: Mode): Promise<Measure> {
  const udp = mode.endsWith('udp') ? createSocket('udp4') : undefined;
  if (udp !== undefined) {
    udp.bind(0, HOST);
    await once(udp, 'listening');
  }
  const clientPort = udp?.address().port ?? 0;
  const profile = PROFILE !== undefined && mode.startsWith('sim') ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : [];
  const child = fork(fileURLToPath(import.meta.url), ['serve', mode, String(clientPort)], {
    stdio: 'inherit',
    execArgv: [...process.execArgv, ...profile],
  });
  try {
    const ready = await nextMessage(child);
    if (ready.kind !== 'ready') throw new Error('server not ready');
    const load = udp !== undefined ? udpLoad(udp, ready.port) : await tcpLoad(ready.port);
    await load.run(WARMUP);
    child.send({ cmd: 'start' } satisfies ToChild);
    await nextMessage(child);
    const started = performance.now();
    await load.run(REQUESTS);
    const wallMs = performance.now() - started;
    child.send({ cmd: 'stop' } satisfies ToChild);
    const stopped = await nextMessage(child);
    load.close();
    if (stopped.kind !== 'stopped') throw new Error('no measurement');
    if (stopped.requests !== REQUESTS) throw new Error(`${mode}: the server counted ${stopped.requests} requests, not ${REQUESTS}`);
    return { cpuUsPerRequest: stopped.cpuUs / REQUESTS, wallUsPerRequest: (wallMs * 1000) / REQUESTS };
  } finally {
    child.disconnect();
    await once(child, 'exit');
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const rows: string[][] = [];
  for (const transport of ['udp', 'tcp'] as const) {
    const sim: Measure[] = [];
    const echo: Measure[] = [];
    for (let r = 0; r < RUNS; r++) {
      sim.push(await measure(`sim-${transport}`));
      echo.push(await measure(`echo-${transport}`));
    }
    const simCpu = median(sim.map((m) => m.cpuUsPerRequest));
    const echoCpu = median(echo.map((m) => m.cpuUsPerRequest));
    const us = (x: number): string => x.toFixed(1);
    rows.push([transport.toUpperCase(), 'simulator', us(simCpu), us(median(sim.map((m) => m.wallUsPerRequest))), `${(simCpu / echoCpu).toFixed(2)}×`]);
    rows.push(['', `raw ${transport === 'udp' ? 'dgram' : 'net'} echo`, us(echoCpu), us(median(echo.map((m) => m.wallUsPerRequest))), '1.00×']);
  }
  console.log(`node ${process.version}, ${new Date().toISOString()}, ${REQUESTS} requests per run, median of ${RUNS} runs (goal: at most 2× the raw echo)`);
  printTable(['link', 'server', 'server CPU µs/request', 'round trip µs', 'vs raw echo'], rows);
}

if (process.argv[2] === 'serve') await serve(process.argv[3] as Mode, Number(process.argv[4]));
else await main();
