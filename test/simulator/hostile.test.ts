// The simulator against hostile peers, over real loopback sockets: a flood by a peer that never
// reads, SIGTERM under flood (both against `xcom simulate` as a child process, built by the CLI
// tests' global setup), the connection limit, replies of a departed client, and a serial device
// that disappears and comes back.
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { decodeMessage, encodeRequest, type ScomMessage } from '../../src/protocol/service.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/simulator.js';
import { SerialTransport } from '../../src/transport/serial-transport.js';
import type { UdpTransport } from '../../src/transport/udp-transport.js';
import { CLI } from '../cli/harness.js';
import { freeUdpPort } from '../transport/helpers.js';
import { ptyPair, type PtyPair, WITHOUT_SOCAT } from '../transport/socat.js';
import { readInfo, T0 } from './helpers.js';
import { Flooder, GenuineClient, REQUEST, sampler, startSimulatorProcess, type SimulatorProcess } from './hostile-peers.js';

const LOOPBACK = '127.0.0.1';
const FLOOD_BYTES = 50 * 1024 * 1024;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function child(args: readonly string[]): Promise<SimulatorProcess> {
  const sim = await startSimulatorProcess(CLI, args);
  cleanups.push(async () => {
    if (sim.child.exitCode === null && sim.child.signalCode === null) sim.child.kill('SIGKILL');
    await sim.exited;
  });
  return sim;
}

async function sim(options: SimulatorOptions): Promise<Simulator> {
  const s = await startSimulator({ clock: new ManualClock(T0), ...options });
  cleanups.push(() => s.close());
  return s;
}

function listenPort(s: Simulator): number {
  return Number((s.connectionUrls()[0] ?? '').split(':').pop());
}

/** A raw loopback connection that collects the replies it decodes. */
async function rawClient(port: number): Promise<{ socket: Socket; replies: ScomMessage[]; next(): Promise<ScomMessage> }> {
  const socket = connect(port, LOOPBACK);
  socket.on('error', () => undefined);
  cleanups.push(() => void socket.destroy());
  const decoder = new FrameDecoder();
  const replies: ScomMessage[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    for (const frame of decoder.push(chunk)) replies.push(decodeMessage(frame));
    wake?.();
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    socket,
    replies,
    next: async () => {
      const seen = replies.length;
      while (replies.length === seen) await new Promise<void>((resolve) => (wake = resolve));
      return replies[seen] as ScomMessage;
    },
  };
}

describe('xcom simulate (a child process) against a peer that floods and never reads', () => {
  it('holds: bounded reply queue, overflow counted, RSS under 150 MB, genuine reads answered', async () => {
    // --latency 10: the simulator answers far slower than the flood asks, as in the field.
    const s = await child(['--latency', '10']);
    const rss = sampler(() => s.rssMB());
    cleanups.push(() => rss.stop());
    const flooder = new Flooder(s.port);
    cleanups.push(() => flooder.stop());
    const flooded = flooder.flood(FLOOD_BYTES);
    const genuine = new GenuineClient(s.port);
    cleanups.push(() => genuine.close());
    let answered = 0;
    for (let i = 0; i < 100; i++) if ((await genuine.read()) !== undefined) answered++;
    await flooded;
    await flooder.leave();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(143); // 128 + SIGTERM: stopped by the signal, cleanly
    rss.stop();
    const stats = s.stats();
    const tcp = stats.endpoints['tcp-listen'] ?? {};
    expect(answered).toBeGreaterThanOrEqual(95);
    expect(rss.max()).toBeLessThan(150);
    expect(stats.maxRssMB).toBeLessThan(150);
    expect(tcp['peakQueued']).toBeLessThanOrEqual(tcp['replyQueueLimit'] ?? 0);
    expect(tcp['replyQueueLimit']).toBe(8);
    // The flood reached the simulator: answered, or dropped and counted (as requests, or as
    // bytes thrown away undecoded; a partial frame cut at such a switch is not counted).
    const requestBytes = ((tcp['framesReceived'] ?? 0) + (tcp['requestsDropped'] ?? 0)) * REQUEST.length;
    const dropped = (tcp['requestsDropped'] ?? 0) * REQUEST.length + (tcp['bytesDropped'] ?? 0);
    expect(requestBytes + (tcp['bytesDropped'] ?? 0)).toBeGreaterThan(0.99 * FLOOD_BYTES);
    expect(requestBytes + (tcp['bytesDropped'] ?? 0)).toBeLessThanOrEqual(FLOOD_BYTES + 100 * REQUEST.length);
    expect(dropped).toBeGreaterThan(FLOOD_BYTES / 2);
  });

  it('ends by itself on SIGTERM in the middle of a flood from four peers', async () => {
    // Room for the four flooders and a genuine client (the default is a Moxa's four).
    const s = await child(['--latency', '10', '--max-connections', '5']);
    const flooders = Array.from({ length: 4 }, () => new Flooder(s.port));
    for (const f of flooders) cleanups.push(() => f.stop());
    // Bounded in bytes too: 4 × 25 MB at most, far more than the simulator reads in the test's time.
    for (const f of flooders) void f.flood(25 * 1024 * 1024);
    while (flooders.reduce((sum, f) => sum + f.written, 0) < 8 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 20));
    // Written is only handed to the kernel, whose loopback buffers hold megabytes: on a loaded
    // machine the simulator may not have read any of it yet. A genuine read, asked after the
    // flood was on the wire, is answered only once the simulator has served the flooders'
    // sockets too (the kernel had them ready first), so the flood is then under way.
    const genuine = new GenuineClient(s.port);
    cleanups.push(() => genuine.close());
    while ((await genuine.read()) === undefined);
    s.child.kill('SIGTERM');
    // The test's own limit is vitest's 20 s; a stuck simulator is killed by the cleanup.
    const code = await Promise.race([s.exited, new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 15_000))]);
    expect(code).toBe(143); // 128 + SIGTERM: stopped by the signal, cleanly
    const tcp = s.stats().endpoints['tcp-listen'] ?? {};
    expect((tcp['requestsDropped'] ?? 0) + (tcp['bytesDropped'] ?? 0)).toBeGreaterThan(0);
  });
});

describe('the simulator’s TCP listener (a Moxa in "TCP server" mode)', () => {
  it('serves several clients at once and refuses one more, counting it', async () => {
    const s = await sim({ tcpListen: { port: 0, maxConnections: 2 } });
    const port = listenPort(s);
    const a = await rawClient(port);
    const b = await rawClient(port);
    const refused = connect(port, LOOPBACK);
    refused.on('error', () => undefined);
    cleanups.push(() => void refused.destroy());
    await new Promise<void>((resolve) => refused.once('close', () => resolve()));
    for (const c of [a, b]) {
      c.socket.write(encodeRequest(readInfo(101, 3000)));
      expect(await c.next()).toMatchObject({ isResponse: true, objectId: 3000 });
    }
    expect(s.endpoint('tcp-listen').stats).toMatchObject({ connections: 2, connectionsRefused: 1 });
  });

  it('never delivers the replies of a client that left to the next one', async () => {
    const s = await sim({ tcpListen: { port: 0 }, latencyMs: 200 });
    const port = listenPort(s);
    const gone = await rawClient(port);
    for (const id of [3000, 3001, 3002]) gone.socket.write(encodeRequest(readInfo(101, id)));
    // It leaves once its requests are in, before any reply (200 ms each) is due.
    while (s.requests.size < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    gone.socket.destroy();
    const next = await rawClient(port);
    next.socket.write(encodeRequest(readInfo(101, 3005)));
    expect(await next.next()).toMatchObject({ isResponse: true, objectId: 3005 });
    next.socket.write(encodeRequest(readInfo(101, 3006)));
    await next.next();
    expect(next.replies.map((r) => r.objectId)).toEqual([3005, 3006]);
  });
});

describe('the simulator over UDP, where the link is the configured client address', () => {
  it('a burst from another port of that host shares its bounded queue: the backlog stays a few replies long', async () => {
    const clientPort = await freeUdpPort();
    const s = await sim({ udp: { port: 0, clientPort }, latencyMs: 10 });
    const endpoint = s.endpoint('udp');
    const simPort = (endpoint.transport as UdpTransport).localPort ?? 0;
    const received = createSocket('udp4');
    cleanups.push(() => new Promise<void>((resolve) => received.close(() => resolve())));
    const replies: number[] = [];
    received.on('message', (msg) => replies.push(msg.length));
    await new Promise<void>((resolve) => received.bind(clientPort, LOOPBACK, resolve));
    const flooder = createSocket('udp4');
    cleanups.push(() => new Promise<void>((resolve) => flooder.close(() => resolve())));
    for (let i = 0; i < 200; i++) flooder.send(encodeRequest(readInfo(101, 3000)), simPort, LOOPBACK);
    while (endpoint.stats.framesReceived + endpoint.stats.requestsDropped < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    await endpoint.flush();
    expect(endpoint.stats.peakQueued).toBe(8);
    expect(endpoint.stats.requestsDropped).toBeGreaterThan(100);
    expect(endpoint.stats.framesReceived).toBe(endpoint.stats.repliesSent);
    // Every reply went to the configured client address, not to the port that asked.
    while (replies.length < endpoint.stats.repliesSent) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(replies).toHaveLength(endpoint.stats.repliesSent);
  });
});

describe('the simulator on a serial device', () => {
  it('fails to start when the device does not exist', async () => {
    await expect(startSimulator({ serial: '/tmp/xcom-ts-no-such-device' })).rejects.toMatchObject({ code: 'PORT_NOT_FOUND' });
  });
});

describe.skipIf(WITHOUT_SOCAT)('the simulator on a serial device that disappears and comes back', () => {
  it('reopens it and serves again', async () => {
    const first = await ptyPair();
    let pty: PtyPair = first;
    cleanups.push(() => pty.kill());
    const s = await sim({ serial: { path: first.a, reconnectMs: 20 } });
    const endpoint = s.endpoint('serial');
    const read = async (path: string): Promise<ScomMessage> => {
      // A fresh client each time: how the client's own transport recovers is not tested here.
      const client = new SerialTransport({ path });
      cleanups.push(() => client.close());
      await client.open();
      try {
        return await new Promise((resolve, reject) => {
          client.setFrameListener((frame) => resolve(decodeMessage(frame)));
          client.send(encodeRequest(readInfo(101, 3000))).catch(reject);
        });
      } finally {
        await client.close();
      }
    };
    expect(await read(first.b)).toMatchObject({ isResponse: true, objectId: 3000 });

    await first.kill(); // both ends vanish, as an unplugged adapter
    while (endpoint.stats.connectFailures < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    pty = await ptyPair({ a: first.a, b: first.b });
    while (endpoint.stats.connections < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await read(pty.b)).toMatchObject({ isResponse: true, objectId: 3000 });
    expect(endpoint.stats.repliesSent).toBe(2);
  });
});
