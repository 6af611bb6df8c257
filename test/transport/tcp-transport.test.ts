import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomValidationError } from '../../src/errors.js';
import { TcpClientTransport } from '../../src/transport/tcp-client-transport.js';
import { TcpServerTransport } from '../../src/transport/tcp-server-transport.js';
import { bytesKey, exercisePair, FrameSink, frameThroughStall, freeTcpPort, linkEvent, once, REQUEST, RESPONSE, until, openListener } from './helpers.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanup.length > 0) await cleanup.pop()?.();
});

const listener = (options: ConstructorParameters<typeof TcpServerTransport>[0] = {}): Promise<TcpServerTransport> => openListener(cleanup, options);

function client(port: number, options: Partial<ConstructorParameters<typeof TcpClientTransport>[0]> = {}): TcpClientTransport {
  const link = new TcpClientTransport({ host: '127.0.0.1', port, idleTimeoutMs: 5, ...options });
  cleanup.push(() => link.close());
  return link;
}

function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
    cleanup.push(async () => {
      socket.destroy();
    });
  });
}

describe('TcpServerTransport ↔ TcpClientTransport', () => {
  it('carry frames both ways: whole, byte by byte, batched, CR/LF, behind garbage and a false header', async () => {
    const server = await listener();
    const peer = client(server.localPort ?? 0);
    const connected = linkEvent(server, 'connect');
    await peer.open();
    expect((await connected)[0].peer).toMatch(/^127\.0\.0\.1:\d+$/);
    await exercisePair(peer, server);
  });

  it('the client reports the listener closing the connection and reconnects on the next send', async () => {
    const server = await listener({ port: await freeTcpPort() });
    const link = client(server.localPort ?? 0);
    const serverSink = new FrameSink(server);
    await link.open();
    expect(link.isConnected).toBe(true);
    const dropped = linkEvent(link, 'disconnect');
    await server.close();
    expect((await dropped)[0].reason).toBe('peer closed the connection');
    expect(link.isOpen).toBe(true);
    expect(link.isConnected).toBe(false);
    await server.open();
    const reconnected = linkEvent(link, 'connect');
    await link.send(REQUEST);
    await reconnected;
    expect(await serverSink.take(1)).toEqual([bytesKey(REQUEST)]);
  });

  it('the listener reports its peer closing the connection', async () => {
    const server = await listener();
    const link = client(server.localPort ?? 0);
    const connected = linkEvent(server, 'connect');
    await link.open();
    const [{ peer }] = await connected;
    const dropped = linkEvent(server, 'disconnect');
    await link.close();
    expect((await dropped)[0]).toEqual({ peer, reason: 'peer closed the connection' });
    expect(server.peer).toBeUndefined();
    expect(server.isOpen).toBe(true);
  });

  it('a newcomer is held while the live peer is connected, and takes over when it closes (no byte of the old connection leaks)', async () => {
    const server = await listener();
    const sink = new FrameSink(server);
    const first = client(server.localPort ?? 0);
    const events: string[] = [];
    server.on('connect', ({ peer }) => events.push(`connect ${peer}`));
    server.on('disconnect', ({ peer, reason }) => events.push(`disconnect ${peer} ${reason}`));
    await first.open();
    await until(() => events.length === 1);
    const firstPeer = server.peer;
    // Half a frame on the live connection: it must not complete a frame of the next one.
    await first.send(RESPONSE.subarray(0, 20));
    const second = client(server.localPort ?? 0);
    await second.open();
    await until(() => server.heldPeer !== undefined);
    expect(server.peer).toBe(firstPeer);
    const secondPeer = server.heldPeer;
    await first.close();
    await until(() => events.length === 3);
    expect(server.peer).toBe(secondPeer);
    expect(server.heldPeer).toBeUndefined();
    expect(events).toEqual([`connect ${firstPeer}`, `disconnect ${firstPeer} peer closed the connection`, `connect ${secondPeer}`]);
    await second.send(REQUEST);
    expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);
    // The server answers the new peer.
    const secondSink = new FrameSink(second);
    await server.send(RESPONSE);
    expect(await secondSink.take(1)).toEqual([bytesKey(RESPONSE)]);
  });

  it('refuses peers outside the allow list, reporting an error', async () => {
    const server = await listener({ allow: ['127.0.0.2'] });
    const refused = linkEvent(server, 'error');
    const socket = await rawConnect(server.localPort ?? 0);
    expect((await refused)[0].message).toMatch(/refused a connection from 127\.0\.0\.1/);
    await once(socket, 'close');
    expect(server.peer).toBeUndefined();
  });

  it('with no error listener, a failure is not thrown at the process', async () => {
    const server = await listener({ allow: ['127.0.0.2'] });
    expect(server.listenerCount('error')).toBe(0);
    const socket = await rawConnect(server.localPort ?? 0);
    await once(socket, 'close');
    expect(server.isOpen).toBe(true);
  });

  it('accepts peers in the allow list (IPv4-mapped addresses compare as IPv4)', async () => {
    const server = await listener({ allow: ['::ffff:127.0.0.1'] });
    const connected = linkEvent(server, 'connect');
    await rawConnect(server.localPort ?? 0);
    await connected;
    expect(server.peer).toMatch(/^127\.0\.0\.1:/);
  });

  it('send() says it waits, waits for a peer for connectTimeoutMs, then rejects NO_LINK telling to check the Moxa (fake timers)', async () => {
    const server = await listener({ connectTimeoutMs: 15_000 });
    const waits: unknown[] = [];
    server.on('waiting', (info) => waits.push(info));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let outcome: unknown;
    const sent = server.send(REQUEST).then(
      () => (outcome = 'sent'),
      (error: unknown) => (outcome = error),
    );
    expect(waits).toEqual([{ for: `the Moxa to connect to 127.0.0.1:${server.localPort}`, timeoutMs: 15_000 }]);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await sent;
    expect(outcome).toMatchObject({ name: 'XcomTransportError', code: 'NO_LINK' });
    expect((outcome as Error).message).toMatch(new RegExp(`^no Moxa connected to 127\\.0\\.0\\.1:${server.localPort} within 15000 ms`));
    expect((outcome as Error).message).toMatch(/check the Moxa's destination IP address and port/);
    expect(waits).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a send's own connectTimeoutMs bounds its wait for a peer, and its signal ends it sooner (fake timers)", async () => {
    const server = await listener({ connectTimeoutMs: 15_000 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let outcome: unknown;
    const sent = server.send(REQUEST, { connectTimeoutMs: 500 }).catch((error: unknown) => (outcome = error));
    await vi.advanceTimersByTimeAsync(499);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await sent;
    expect(outcome).toMatchObject({ code: 'NO_LINK', message: expect.stringMatching(/within 500 ms/) });

    const controller = new AbortController();
    const aborted = server.send(REQUEST, { connectTimeoutMs: 500, signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a send() waiting for a peer goes out when one connects', async () => {
    const server = await listener();
    const sending = server.send(REQUEST);
    const peer = client(server.localPort ?? 0);
    const sink = new FrameSink(peer);
    await peer.open();
    await sending;
    expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);
  });

  it('close() rejects a send() waiting for a peer with CLOSED and leaves no timer', async () => {
    const server = await listener();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sending = server.send(REQUEST);
    expect(vi.getTimerCount()).toBe(1);
    await server.close();
    await expect(sending).rejects.toMatchObject({ code: 'CLOSED' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops a false start after idleTimeoutMs of silence, not before (fake timers)', async () => {
    const server = await listener({ idleTimeoutMs: 200 });
    const link = client(server.localPort ?? 0);
    await link.open();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    await link.send(RESPONSE.subarray(0, 20));
    await until(() => vi.getTimerCount() === 1);
    vi.advanceTimersByTime(199);
    expect(server.decoderStats.falseStarts).toBe(0);
    vi.advanceTimersByTime(1);
    expect(server.decoderStats.falseStarts).toBeGreaterThan(0);
    await link.send(RESPONSE.subarray(0, 20));
    await until(() => vi.getTimerCount() === 1);
    await server.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a stalled event loop is no silence: the bytes that came during the stall complete the frame', async () => {
    const server = await listener({ idleTimeoutMs: 50 });
    const socket = await rawConnect(server.localPort ?? 0);
    expect(await frameThroughStall(server, (bytes) => socket.write(bytes))).toEqual({ frames: [bytesKey(RESPONSE)], falseStarts: 0 });
  });

  it('the client fails to connect to a closed port with CONNECT_FAILED, and open() can be retried', async () => {
    const port = await freeTcpPort();
    const link = client(port);
    await expect(link.open()).rejects.toMatchObject({ name: 'XcomTransportError', code: 'CONNECT_FAILED' });
    expect(link.isOpen).toBe(false);
    await expect(link.send(REQUEST)).rejects.toMatchObject({ code: 'NOT_OPEN' });
    const server = new TcpServerTransport({ host: '127.0.0.1', port });
    cleanup.push(() => server.close());
    await server.open();
    await link.open();
    expect(link.isOpen).toBe(true);
  });

  it('the client gives up connecting after connectTimeoutMs (fake timers)', async () => {
    // Loopback answers at once, so the timer is expired before the handshake's event-loop turn.
    const silent: Server = createServer();
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => silent.close(() => resolve())));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const link = client(port, { connectTimeoutMs: 1000 });
    const opening = link.open();
    vi.advanceTimersByTime(1000);
    await expect(opening).rejects.toMatchObject({ code: 'CONNECT_FAILED', message: expect.stringMatching(/within 1000 ms/) });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('close() while the client connects rejects open() with CLOSED', async () => {
    const server = await listener();
    const link = client(server.localPort ?? 0);
    const opening = link.open();
    await link.close();
    await expect(opening).rejects.toMatchObject({ code: 'CLOSED' });
    expect(link.isOpen).toBe(false);
  });

  it('NOT_OPEN before open(); idempotent open() and close(); disposal closes', async () => {
    const server = new TcpServerTransport({ host: '127.0.0.1', port: 0 });
    await expect(server.send(REQUEST)).rejects.toMatchObject({ code: 'NOT_OPEN' });
    await server.open();
    await server.open();
    const port = server.localPort ?? 0;
    expect(server.description).toBe(`tcp-listen://127.0.0.1:${port}`);
    const link = new TcpClientTransport({ host: '127.0.0.1', port });
    await expect(link.send(REQUEST)).rejects.toMatchObject({ code: 'NOT_OPEN' });
    await link.open();
    await link.open();
    await link[Symbol.asyncDispose]();
    await link.close();
    expect(link.isOpen).toBe(false);
    await server[Symbol.asyncDispose]();
    await server.close();
    expect(server.isOpen).toBe(false);
  });

  it('the listener fails to open on a port in use with CONNECT_FAILED', async () => {
    const server = await listener();
    const other = new TcpServerTransport({ host: '127.0.0.1', port: server.localPort ?? 0 });
    await expect(other.open()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
  });

  it('validate their options, naming each', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => new TcpServerTransport({ port: 65536 }), 'port'],
      [() => new TcpServerTransport({ host: '' }), 'host'],
      [() => new TcpServerTransport({ allow: ['moxa.local'] }), 'allow'],
      [() => new TcpServerTransport({ allow: 'x' as never }), 'allow'],
      [() => new TcpServerTransport({ connectTimeoutMs: 0 }), 'connectTimeoutMs'],
      [() => new TcpServerTransport({ idleTimeoutMs: Number.NaN }), 'idleTimeoutMs'],
      [() => new TcpClientTransport({ host: '' }), 'host'],
      [() => new TcpClientTransport({ host: 'h', port: 0 }), 'port'],
      [() => new TcpClientTransport({ host: 'h', connectTimeoutMs: -1 }), 'connectTimeoutMs'],
      [() => new TcpClientTransport({ host: 'h', idleTimeoutMs: Infinity }), 'idleTimeoutMs'],
    ];
    for (const [attempt, field] of cases) {
      expect(attempt).toThrow(XcomValidationError);
      try {
        attempt();
      } catch (error) {
        expect((error as XcomValidationError).field).toBe(field);
        expect((error as Error).message).toContain(field);
      }
    }
  });
});
