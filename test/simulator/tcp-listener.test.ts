// The simulator's TCP listener on its own and behind an endpoint, over loopback sockets.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/protocol/frame.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { decodeMessage, encodeRequest } from '../../src/protocol/service.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { startSimulator, type Simulator } from '../../src/simulator/simulator.js';
import { SimTcpListener } from '../../src/simulator/tcp-listener.js';
import { readInfo, T0 } from './helpers.js';

const LOOPBACK = '127.0.0.1';
const REQUEST = encodeRequest(readInfo(101, 3000));
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function peer(port: number): Promise<{ socket: Socket; received: Buffer[] }> {
  const socket = connect(port, LOOPBACK);
  socket.on('error', () => undefined);
  cleanups.push(() => void socket.destroy());
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, received };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function listener(options: ConstructorParameters<typeof SimTcpListener>[0] = {}): Promise<SimTcpListener> {
  const l = new SimTcpListener(options);
  cleanups.push(() => l.close());
  await l.open();
  return l;
}

describe('SimTcpListener as a Transport', () => {
  it('delivers frames of every connection to the frame listener and writes to all of them', async () => {
    const l = await listener();
    const port = l.localPort ?? 0;
    expect(l.description).toBe(`tcp-listen://127.0.0.1:${port}`);
    await expect(l.send(Uint8Array.of(1))).rejects.toMatchObject({ code: 'NO_PEER' });
    const frames: Frame[] = [];
    l.setFrameListener((frame) => frames.push(frame));
    const a = await peer(port);
    const b = await peer(port);
    await until(() => l.links.length === 2);
    a.socket.write(REQUEST);
    b.socket.write(REQUEST.subarray(0, 10));
    b.socket.write(REQUEST.subarray(10));
    await until(() => frames.length === 2);
    expect(l.decoderStats.framesDecoded).toBe(2);
    await l.send(Uint8Array.of(7, 7));
    await until(() => a.received.length > 0 && b.received.length > 0);
    expect([Buffer.concat(a.received), Buffer.concat(b.received)]).toEqual([Buffer.of(7, 7), Buffer.of(7, 7)]);
    // The frames of a connection that went are still counted.
    const gone = new Promise((resolve) => l.once('disconnect', resolve));
    a.socket.destroy();
    await gone;
    expect(l.decoderStats.framesDecoded).toBe(2);
  });

  it('keeps its port when it reopens; refuses connections beyond its limit; checks the limit', async () => {
    const l = await listener({ maxConnections: 1 });
    const port = l.localPort;
    await l.close();
    await l.close();
    await expect(l.send(Uint8Array.of(1))).rejects.toMatchObject({ code: 'NOT_OPEN' });
    expect(l.isOpen).toBe(false);
    await l.open();
    expect(l.localPort).toBe(port);
    expect(() => new SimTcpListener({ maxConnections: 0 })).toThrow(/maxConnections/);
    await expect(new SimTcpListener({ port: port ?? 0 }).open()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
  });
});

describe('the TCP listener behind an endpoint', () => {
  async function sim(latencyMs = 0): Promise<{ s: Simulator; port: number }> {
    const s = await startSimulator({ tcpListen: { port: 0 }, latencyMs, clock: new ManualClock(T0) });
    cleanups.push(() => s.close());
    return { s, port: Number((s.connectionUrls()[0] ?? '').split(':').pop()) };
  }

  it('a flood it cannot answer is thrown away undecoded and counted, without holding replies', async () => {
    const { s, port } = await sim(50);
    const flooder = await peer(port);
    flooder.socket.pause();
    const block = Buffer.concat(Array.from({ length: 40_000 }, () => REQUEST)); // about 1 MB
    flooder.socket.write(block);
    const endpoint = s.endpoint('tcp-listen');
    await until(() => (endpoint.stats.framesReceived + endpoint.stats.requestsDropped) * REQUEST.length + endpoint.stats.bytesDropped >= 0.99 * block.length);
    expect(endpoint.stats.bytesDropped).toBeGreaterThan(block.length / 2);
    expect(endpoint.stats.peakQueued).toBe(8);
    expect(endpoint.stats.framesReceived).toBeLessThan(100);
  });

  it('inject and closeConnection reach every client; the close fault drops only the client that asked', async () => {
    const { s, port } = await sim();
    const endpoint = s.endpoint('tcp-listen');
    const a = await peer(port);
    const b = await peer(port);
    await until(() => endpoint.stats.connections === 2);
    await endpoint.inject(Uint8Array.of(0x55));
    await until(() => a.received.length > 0 && b.received.length > 0);
    endpoint.faults.next('close');
    const aClosed = new Promise((resolve) => a.socket.once('close', resolve));
    a.socket.write(REQUEST);
    await aClosed;
    b.received.length = 0;
    b.socket.write(REQUEST);
    await until(() => b.received.length > 0);
    const decoder = new FrameDecoder();
    expect(decodeMessage(decoder.push(Buffer.concat(b.received))[0] as Frame)).toMatchObject({ objectId: 3000 });
    const bClosed = new Promise((resolve) => b.socket.once('close', resolve));
    await endpoint.closeConnection();
    await bClosed;
    expect((endpoint.transport as SimTcpListener).links).toHaveLength(0);
    expect(endpoint.stats.repliesDropped).toBe(1);
  });
});
