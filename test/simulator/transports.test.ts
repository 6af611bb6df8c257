import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/protocol/frame.js';
import { decodeMessage, encodeRequest } from '../../src/protocol/service.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { freePort } from '../../src/simulator/free-port.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/simulator.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { SerialTransport } from '../../src/transport/serial-transport.js';
import { TcpClientTransport } from '../../src/transport/tcp-client-transport.js';
import { TcpServerTransport } from '../../src/transport/tcp-server-transport.js';
import type { Transport } from '../../src/transport/transport.js';
import { UdpTransport } from '../../src/transport/udp-transport.js';
import { ptyPair, WITHOUT_SOCAT } from '../transport/socat.js';
import { readInfo, T0 } from './helpers.js';

const LOOPBACK = '127.0.0.1';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sim(options: SimulatorOptions): Promise<Simulator> {
  const s = await startSimulator({ clock: new ManualClock(T0), ...options });
  cleanups.push(() => s.close());
  return s;
}

async function client<T extends Transport>(transport: T, open = true): Promise<T> {
  cleanups.push(() => transport.close());
  if (open) await transport.open();
  return transport;
}

/** Sends a request and resolves with the next frame the client decodes. */
function exchange(transport: Transport, request: Uint8Array): Promise<Frame> {
  return new Promise((resolve, reject) => {
    transport.setFrameListener((frame) => {
      transport.setFrameListener(undefined);
      resolve(frame);
    });
    transport.send(request).catch(reject);
  });
}

function nextEvent(transport: Transport, event: 'connect' | 'disconnect'): Promise<void> {
  return new Promise((resolve) => {
    const listener = (): void => {
      transport.off(event, listener);
      resolve();
    };
    transport.on(event, listener);
  });
}

async function expectBatteryVoltage(transport: Transport): Promise<void> {
  const reply = decodeMessage(await exchange(transport, encodeRequest(readInfo(101, 3000))));
  expect(reply).toMatchObject({ isResponse: true, isError: false, srcAddr: 101, objectId: 3000 });
  expect(reply.propertyData).toHaveLength(4);
}

describe('served over each transport (loopback only)', () => {
  it('as an Xcom-LAN over UDP: listens on its port, replies to the client’s port', async () => {
    const [simPort, clientPort] = [await freeUdpPort(), await freeUdpPort()];
    const s = await sim({ udp: { port: simPort, clientPort } });
    const c = await client(new UdpTransport({ host: LOOPBACK, port: simPort, localPort: clientPort, bindAddress: LOOPBACK }));
    await expectBatteryVoltage(c);
    expect(s.requests.last()).toMatchObject({ endpoint: 'udp', objectId: 3000 });
    expect(s.connectionUrls()).toEqual([`udp://127.0.0.1:${simPort}?localPort=${clientPort}`]);
  });

  it('as a Moxa in "TCP server" mode: the client connects; a dropped connection can be reopened', async () => {
    const s = await sim({ tcpListen: { port: 0 } });
    const url = s.connectionUrls()[0] ?? '';
    const port = Number(url.split(':').pop());
    const c = await client(new TcpClientTransport({ host: LOOPBACK, port }));
    await expectBatteryVoltage(c);
    const dropped = nextEvent(c, 'disconnect');
    s.endpoint('tcp-listen').faults.next('close');
    void c.send(encodeRequest(readInfo(101, 3000)));
    await dropped;
    // The client's next send dials again, on the same port.
    await expectBatteryVoltage(c);
    expect(s.endpoint('tcp-listen').stats.repliesDropped).toBe(1);
  });

  it('as a Moxa in "TCP client" mode: connects to the client’s listener, and reconnects after a drop', async () => {
    const port = await freePort(LOOPBACK);
    const listener = await client(new TcpServerTransport({ port, host: LOOPBACK }));
    const connected = nextEvent(listener, 'connect');
    const s = await sim({ tcpConnect: { host: LOOPBACK, port, reconnectMs: 10 } });
    await connected;
    await expectBatteryVoltage(listener);
    const again = nextEvent(listener, 'connect');
    await s.endpoint('tcp-connect').closeConnection();
    await again;
    await expectBatteryVoltage(listener);
    expect(s.connectionUrls()).toEqual([`tcp-listen://127.0.0.1:${port}`]);
  });

  it('as a Moxa in "TCP client" mode that starts before the client listens: it keeps trying', async () => {
    const port = await freePort(LOOPBACK);
    const s = await sim({ tcpConnect: { host: LOOPBACK, port, reconnectMs: 10 } });
    expect(s.endpoint('tcp-connect').stats.connectFailures).toBeGreaterThanOrEqual(1);
    const listener = await client(new TcpServerTransport({ port, host: LOOPBACK }));
    await nextEvent(listener, 'connect');
    await expectBatteryVoltage(listener);
  });

  it.skipIf(WITHOUT_SOCAT)('on a serial device: one end of a socat pty pair', async () => {
    const pty = await ptyPair();
    cleanups.push(() => pty.kill());
    const s = await sim({ serial: { path: pty.a } });
    const c = await client(new SerialTransport({ path: pty.b }));
    await expectBatteryVoltage(c);
    expect(s.requests.last()).toMatchObject({ endpoint: 'serial' });
    expect(s.connectionUrls()[0]).toMatch(/^serial:\/\//);
  });

  it('on any Transport, e.g. an in-memory pair', async () => {
    const [clientSide, simSide] = MemoryTransport.pair();
    const s = await sim({ transports: [simSide] });
    const c = await client(clientSide);
    await expectBatteryVoltage(c);
    await s.endpoint('transport-1').flush();
    expect(s.endpoint('transport-1').stats.repliesSent).toBe(1);
    expect(() => s.endpoint('nope')).toThrow(/transport-1/);
  });
});

async function freeUdpPort(): Promise<number> {
  const { createSocket } = await import('node:dgram');
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
