/**
 * TcpClientTransport re-making its connection: backoff between failed attempts (an injected
 * clock), a send bounded by its connectTimeoutMs (NO_LINK), and dropLink() against a
 * blackholed peer that accepts and never answers.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpClientTransport, type TcpClientTransportOptions } from '../../src/transport/tcp-client-transport.js';
import { TcpServerTransport } from '../../src/transport/tcp-server-transport.js';
import type { WaitingInfo } from '../../src/transport/transport.js';
import { bytesKey, FrameSink, freeTcpPort, once, openListener, REQUEST, until } from './helpers.js';
import { linkEvent } from './helpers.js';
import { ManualTimers } from './manual-timers.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

const DEADLINE = 60_000;
const isPause = (ms: number): boolean => ms !== DEADLINE;

const listenerOn = (port: number): Promise<TcpServerTransport> => openListener(cleanup, { port });

function client(port: number, options: Partial<TcpClientTransportOptions> = {}): TcpClientTransport {
  const link = new TcpClientTransport({ host: '127.0.0.1', port, idleTimeoutMs: 5, ...options });
  cleanup.push(() => link.close());
  return link;
}

/** A client connected to a listener that then went away. */
async function orphanedClient(options: Partial<TcpClientTransportOptions> = {}) {
  const port = await freeTcpPort();
  const server = await listenerOn(port);
  const link = client(port, options);
  await link.open();
  const dropped = linkEvent(link, 'disconnect');
  await server.close();
  await dropped;
  return { port, server, link };
}

/** Accepts connections and never answers (a peer whose far side is dead). */
async function blackhole(): Promise<{ port: number; sockets: Socket[]; received: Buffer[][] }> {
  const sockets: Socket[] = [];
  const received: Buffer[][] = [];
  const server: Server = createServer((socket) => {
    const chunks: Buffer[] = [];
    sockets.push(socket);
    received.push(chunks);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  return { port: typeof address === 'object' && address !== null ? address.port : 0, sockets, received };
}

describe('TcpClientTransport reconnection', () => {
  it('retries a refused connection with growing, jittered, capped pauses until the listener is back (injected clock)', async () => {
    const timers = new ManualTimers();
    const reconnect = { initialMs: 100, maxMs: 400, factor: 2, jitter: 0.5, random: () => 0.5 };
    const { port, server, link } = await orphanedClient({ timers, reconnect });
    const waits: WaitingInfo[] = [];
    link.on('waiting', (info) => waits.push(info));
    const sending = link.send(REQUEST, { connectTimeoutMs: DEADLINE });
    expect(waits).toEqual([{ for: `a connection to 127.0.0.1:${port}`, timeoutMs: DEADLINE }]);
    const pauses: number[] = [];
    for (let i = 0; i < 4; i++) {
      await until(() => timers.delays.some(isPause));
      pauses.push(timers.fire(isPause));
    }
    // 100 × 2^n, capped at 400, less half of it times random 0.5.
    expect(pauses).toEqual([75, 150, 300, 300]);
    await until(() => timers.delays.some(isPause));
    await server.open();
    const sink = new FrameSink(server);
    const connected = linkEvent(link, 'connect');
    timers.fire(isPause);
    await sending;
    await connected;
    expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);
    // The deadline is cleared, and a link that came up starts the pauses over.
    expect(timers.delays).toEqual([]);
    expect(waits).toHaveLength(1);
  });

  it('rejects NO_LINK when connectTimeoutMs passes, naming what it waited for and the last failure (injected clock)', async () => {
    const timers = new ManualTimers();
    const { port, link } = await orphanedClient({ timers, reconnect: { initialMs: 100 } });
    const sending = link.send(REQUEST, { connectTimeoutMs: DEADLINE });
    await until(() => timers.delays.some(isPause));
    timers.fire((ms) => ms === DEADLINE);
    const error = await sending.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'XcomTransportError', code: 'NO_LINK', cause: { code: 'CONNECT_FAILED' } });
    expect((error as Error).message).toMatch(
      new RegExp(`no link within ${DEADLINE} ms while waiting for a connection to 127\\.0\\.0\\.1:${port} \\(last attempt: .*ECONNREFUSED`),
    );
  });

  it('rejects NO_LINK with a short real connectTimeoutMs on loopback', async () => {
    const { link } = await orphanedClient({ reconnect: { initialMs: 10 } });
    await expect(link.send(REQUEST, { connectTimeoutMs: 150 })).rejects.toMatchObject({ code: 'NO_LINK' });
  });

  it('without connectTimeoutMs, a send makes one attempt (CONNECT_FAILED) and still says it waited', async () => {
    const { port, link } = await orphanedClient();
    const waiting = linkEvent(link, 'waiting');
    await expect(link.send(REQUEST)).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect((await waiting)[0]).toEqual({ for: `a connection to 127.0.0.1:${port}`, timeoutMs: undefined });
  });

  it('a waiting send ends with its signal, and close() ends one with CLOSED, leaving no timer', async () => {
    const timers = new ManualTimers();
    const { link } = await orphanedClient({ timers });
    const controller = new AbortController();
    const aborted = link.send(REQUEST, { connectTimeoutMs: DEADLINE, signal: controller.signal });
    await until(() => timers.delays.some(isPause));
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    const closing = link.send(REQUEST, { connectTimeoutMs: DEADLINE });
    await link.close();
    await expect(closing).rejects.toMatchObject({ code: 'CLOSED' });
    expect(timers.delays).toEqual([]);
  });

  it('dropLink() closes a blackholed connection and the next send connects again', async () => {
    const hole = await blackhole();
    const link = client(hole.port);
    await link.open();
    await until(() => hole.sockets.length === 1);
    const log: string[] = [];
    link.on('connect', ({ peer }) => log.push(`connect ${peer}`));
    link.on('disconnect', ({ peer, reason }) => log.push(`disconnect ${peer} ${reason}`));
    const first = hole.sockets[0] as Socket;
    const firstClosed = once(first, 'close');
    link.dropLink('3 consecutive timeouts');
    await firstClosed;
    expect(link.isOpen).toBe(true);
    expect(link.isConnected).toBe(false);
    await link.send(REQUEST);
    await until(() => (hole.received[1]?.length ?? 0) > 0);
    expect(Buffer.concat(hole.received[1] ?? []).equals(Buffer.from(REQUEST))).toBe(true);
    expect(Buffer.concat(hole.received[0] ?? []).length).toBe(0);
    const peer = `127.0.0.1:${hole.port}`;
    expect(log).toEqual([`disconnect ${peer} 3 consecutive timeouts`, `connect ${peer}`]);
    // Once dropped, there is nothing more to drop until a send connects again; nor after close().
    link.dropLink('again');
    link.dropLink('and again');
    await link.close();
    link.dropLink('closed');
    expect(log).toEqual([`disconnect ${peer} 3 consecutive timeouts`, `connect ${peer}`, `disconnect ${peer} again`]);
  });
});
