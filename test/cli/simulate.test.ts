import { createSocket } from 'node:dgram';
import { existsSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openPtyPair } from '../../src/cli/pty-pair.js';
import { runCli } from '../../src/cli/run.js';
import { simulatePlan } from '../../src/cli/simulate.js';
import type { CliIo, StopReason } from '../../src/cli/io.js';
import { decodeMessage, encodeRequest } from '../../src/protocol/service.js';
import type { Frame } from '../../src/protocol/frame.js';
import { freePort } from '../../src/simulator/free-port.js';
import { UdpTransport } from '../../src/transport/udp-transport.js';
import { type PtyPair, ptyPair, WITHOUT_SOCAT } from '../transport/socat.js';
import { xcom } from './harness.js';

/**
 * A console: `running` resolves once the command says how to stop it, `waitFor` when a line on
 * stdout or stderr matches, and `stop` presses Ctrl+C.
 */
function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let stop: ((reason: StopReason) => void) | undefined;
  const seen = (line: string): void => {
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  const waitFor = (pattern: RegExp): Promise<string> => {
    const line = [...out, ...err].find((l) => pattern.test(l));
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiters.push({ pattern, resolve }));
  };
  const io: CliIo = {
    out: (line) => {
      out.push(line);
      seen(line);
    },
    err: (line) => {
      err.push(line);
      seen(line);
    },
    onStop: (listener) => {
      stop = listener;
      return () => (stop = undefined);
    },
    env: {},
  };
  return { io, out, err, waitFor, running: waitFor(/^Press Ctrl\+C/), stop: () => stop?.('SIGINT') };
}

/**
 * Stops a simulator the test started in process, once the test ends: one that failed before
 * its own stop would leave the simulator serving, and its socat running after this worker.
 */
async function stopped(t: ReturnType<typeof fakeIo>, exit: Promise<number>): Promise<void> {
  t.stop();
  await exit;
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
    onTestFinished(() => stopped(t, exit));
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

  it('bounds the clients and their queues, and prints its counters on stderr at exit', async () => {
    expect(simulatePlan(['--tcp-listen', '0', '--max-connections', '2', '--reply-queue', '3']).options).toEqual({
      tcpListen: { port: 0, host: '127.0.0.1', maxConnections: 2 },
      replyQueueLimit: 3,
    });
    expect(() => simulatePlan(['--reply-queue', '0'])).toThrow(/--reply-queue must be an integer from 1/);
    expect(() => simulatePlan(['--max-connections', '2'])).toThrow(/--max-connections applies to --tcp-listen only/);
    const t = fakeIo();
    const exit = runCli(['simulate', '--tcp-listen', '0', '--reply-queue', '3'], t.io);
    onTestFinished(() => stopped(t, exit));
    await t.running;
    t.stop();
    expect(await exit).toBe(130);
    const line = t.err.find((l) => l.startsWith('stats '));
    const stats = JSON.parse(line?.slice(6) ?? '{}') as { endpoints: Record<string, Record<string, number>>; maxRssMB: number };
    expect(stats.endpoints['tcp-listen']).toMatchObject({ framesReceived: 0, requestsDropped: 0, replyQueueLimit: 3 });
    expect(stats.maxRssMB).toBeGreaterThan(0);
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

describe.skipIf(WITHOUT_SOCAT)('xcom simulate --serial', () => {
  it('without a path, makes a pty pair, serves one end and prints the other, which a client opens', async () => {
    const t = fakeIo();
    const exit = runCli(['simulate', '--serial', '--seed', '4'], t.io);
    onTestFinished(() => stopped(t, exit));
    await t.running;
    const line = await t.waitFor(/^ {2}serial/);
    const [, device, client] = /^ {2}serial, a pty pair made by socat \(the simulator holds (\/dev\/\S+)\): serial:\/\/(\/dev\/\S+)$/.exec(line) ?? [];
    expect(client).toBeDefined();
    expect(client).not.toBe(device);
    expect(t.out).toContain(`  e.g. xcom get 3000 --url 'serial://${client}', or XcomClient.connect('serial://${client}')`);
    const run = await xcom(['get', '3000', '--port', client as string, '--verb', '1']);
    expect(run).toMatchObject({ code: 0, stderr: '', lines: [expect.stringMatching(/^\d+(\.\d+)? V$/)] });
    t.stop();
    expect(await exit).toBe(130);
    expect(t.out.at(-1)).toBe('Stopped after 1 request(s).');
    // socat is gone with its pair.
    expect(existsSync(client as string)).toBe(false);
    expect(t.err.filter((l) => !l.startsWith('stats '))).toEqual([]);
  });

  describe('with a path', () => {
    let pair: PtyPair;
    beforeAll(async () => {
      pair = await ptyPair();
    });
    afterAll(() => pair?.kill());

    it('says to open the other end of the pair, never its own path as the client\'s', async () => {
      const t = fakeIo();
      const exit = runCli(['simulate', '--serial', pair.b], t.io);
      onTestFinished(() => stopped(t, exit));
      await t.running;
      const text = t.out.join('\n');
      expect(text).toContain(`  serial: the simulator holds ${pair.b}; open the other end of its pty pair`);
      expect(text).not.toContain(`serial://${pair.b}`);
      expect(text).not.toContain(`serial://${realpathSync(pair.b)}`);
      expect(text).not.toMatch(/e\.g\./);
      const run = await xcom(['get', '3000', '--port', pair.a, '--verb', '0']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      t.stop();
      expect(await exit).toBe(130);
    });
  });

  it('without socat, says what to install (exit 1)', async () => {
    await expect(openPtyPair('xcom-ts-no-such-socat')).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/socat, which is not installed .*apt install socat/) });
  });
});

describe('xcom simulate --tcp-connect', () => {
  it('reports on stderr while nothing listens, then when it connects', async () => {
    const port = await freePort('127.0.0.1');
    const t = fakeIo();
    const exit = runCli(['simulate', '--tcp-connect', `127.0.0.1:${port}`], t.io);
    onTestFinished(() => stopped(t, exit));
    await t.running;
    expect(await t.waitFor(/nothing listens/)).toBe(`xcom simulate: nothing listens on 127.0.0.1:${port} yet: trying again until something does`);
    expect(t.out).toContain(`  TCP, simulator connects to you (Moxa "TCP client"), listen on: tcp-listen://127.0.0.1:${port}`);
    // The Moxa's side reconnects by itself: once something listens, it says so.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await t.waitFor(/connected/)).toBe(`xcom simulate: connected to 127.0.0.1:${port}`);
      expect(t.err.filter((l) => l.includes('nothing listens'))).toHaveLength(1);
    } finally {
      t.stop();
      expect(await exit).toBe(130);
      server.close();
    }
  });
});
