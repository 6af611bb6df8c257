import { connect, createServer, type Server, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SocketLink, type SocketLinkHandlers } from '../../src/transport/socket-link.js';
import { once, until } from './helpers.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanup.length > 0) await cleanup.pop()?.();
});

/** A connected loopback pair: our end, and the server's. */
async function socketPair(): Promise<{ ours: Socket; theirs: Socket }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const accepted = once<[Socket]>(server, 'connection');
  const ours = connect({ host: '127.0.0.1', port });
  await once(ours, 'connect');
  const [theirs] = await accepted;
  cleanup.push(async () => {
    ours.destroy();
    theirs.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { ours, theirs };
}

function handlers(log: string[]): SocketLinkHandlers {
  return {
    data: () => log.push('data'),
    idle: () => log.push('idle'),
    buffered: () => false,
    closed: (_link, reason) => log.push(`closed ${reason}`),
    failed: (_link, error) => log.push(`failed ${error.message}`),
  };
}

const counts = (socket: Socket) => ['data', 'close'].map((event) => socket.listenerCount(event));

describe('SocketLink', () => {
  it('turns keepalive on (not relied on) and Nagle off', async () => {
    const keepAlive = vi.spyOn(Socket.prototype, 'setKeepAlive');
    const { ours } = await socketPair();
    const link = new SocketLink(ours, 50, handlers([]));
    expect(keepAlive).toHaveBeenCalledWith(true, 30_000);
    link.destroy();
  });

  it('destroy() takes its listeners off the socket, leaving only a harmless error listener', async () => {
    const { ours } = await socketPair();
    const before = counts(ours);
    const log: string[] = [];
    const link = new SocketLink(ours, 50, handlers(log));
    expect(counts(ours)).toEqual(before.map((n) => n + 1));
    link.destroy();
    expect(counts(ours)).toEqual(before);
    expect(() => ours.emit('error', new Error('late'))).not.toThrow();
    await until(() => ours.destroyed);
    expect(log).toEqual([]);
  });

  it('a peer that closes is reported once, and the listeners come off', async () => {
    const { ours, theirs } = await socketPair();
    const before = counts(ours);
    const log: string[] = [];
    const link = new SocketLink(ours, 50, handlers(log));
    theirs.end();
    await until(() => log.length > 0);
    expect(log).toEqual(['closed peer closed the connection']);
    expect(counts(ours)).toEqual(before);
    link.destroy();
    expect(log).toHaveLength(1);
  });
});
