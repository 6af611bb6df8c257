import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { simulatePlan } from '../../src/cli/simulate.js';
import type { CliIo, StopReason } from '../../src/cli/io.js';
import { decodeMessage, encodeRequest } from '../../src/protocol/service.js';
import type { Frame } from '../../src/protocol/frame.js';
import { UdpTransport } from '../../src/transport/udp-transport.js';

/** A console whose `running` resolves once the command says how to stop it, and `stop` presses Ctrl+C. */
function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  let stop: ((reason: StopReason) => void) | undefined;
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const io: CliIo = {
    out: (line) => {
      out.push(line);
      if (line.startsWith('Press Ctrl+C')) started();
    },
    err: (line) => err.push(line),
    onStop: (listener) => {
      stop = listener;
      return () => (stop = undefined);
    },
    env: {},
  };
  return { io, out, err, running, stop: () => stop?.('SIGINT') };
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe('xcom simulate', () => {
  it('starts a simulator, prints how to connect, answers, and stops on request', async () => {
    const clientPort = await freeUdpPort();
    const t = fakeIo();
    const exit = runCli(['simulate', '--udp', '0', '--client-port', String(clientPort), '--seed', '5', '--latency', '0'], t.io);
    await t.running;
    const text = t.out.join('\n');
    expect(text).toMatch(/seed 5/);
    const url = /udp:\/\/127\.0\.0\.1:(\d+)\?localPort=(\d+)/.exec(text);
    expect(url?.[2]).toBe(String(clientPort));
    const client = new UdpTransport({ host: '127.0.0.1', port: Number(url?.[1]), localPort: clientPort, bindAddress: '127.0.0.1' });
    await client.open();
    try {
      const frame = await new Promise<Frame>((resolve, reject) => {
        client.setFrameListener(resolve);
        client.send(encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 })).catch(reject);
      });
      expect(decodeMessage(frame)).toMatchObject({ isResponse: true, srcAddr: 101, objectId: 3000 });
    } finally {
      await client.close();
    }
    t.stop();
    expect(await exit).toBe(130);
    expect(t.out.at(-1)).toMatch(/Stopped after 1 request/);
  });

  it('maps every option', () => {
    expect(
      simulatePlan([
        '--tcp-listen', '4001', '--tcp-connect', '127.0.0.1:4100', '--serial', '/dev/pts/9', '--host', '127.0.0.2',
        '--seed', '9', '--latency', '150', '--baud', '38400', '--battery', 'bms', '--variant', '120V', '--multicast-read', 'error',
      ]).options,
    ).toEqual({
      tcpListen: { port: 4001, host: '127.0.0.2' },
      tcpConnect: '127.0.0.1:4100',
      serial: '/dev/pts/9',
      seed: 9,
      link: { latencyMs: 150, baudRate: 38400 },
      battery: 'bms',
      variant: '120V',
      multicastRead: 'error',
    });
    expect(simulatePlan([])).toEqual({ options: { udp: { port: 4002, host: '127.0.0.1', clientHost: '127.0.0.1' } }, ptyPair: false });
    expect(simulatePlan(['--serial', '--seed', '2'])).toEqual({ options: { seed: 2 }, ptyPair: true });
    expect(simulatePlan(['--seed', '2', '--serial'])).toEqual({ options: { seed: 2 }, ptyPair: true });
  });

  it('explains mistakes with exit code 2', async () => {
    for (const args of [['simulate', '--udp', 'x'], ['simulate', '--bogus'], ['simulate', '--tcp-connect', 'nohost'], ['simulate', '--battery', 'lead']]) {
      const t = fakeIo();
      expect(await runCli(args, t.io)).toBe(2);
      expect(t.err).toHaveLength(1);
      expect(t.err[0]).toMatch(/^xcom simulate: (--udp must be|Unknown option|--tcp-connect must be|--battery must be)/);
    }
    const unknown = fakeIo();
    expect(await runCli(['frobnicate'], unknown.io)).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/unknown command/);
    const help = fakeIo();
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toMatch(/simulate/);
    const sub = fakeIo();
    expect(await runCli(['simulate', '--help'], sub.io)).toBe(0);
    expect(sub.out.join('\n')).toMatch(/--tcp-connect HOST:PORT/);
  });
});
