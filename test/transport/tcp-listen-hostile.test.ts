/**
 * TcpServerTransport against hostile and broken peers, over real loopback sockets: a newcomer
 * never takes over a live link; it is held until the live peer closes or is dropped as dead.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeFrame, encodeFrame } from '../../src/protocol/frame.js';
import { AllowList } from '../../src/transport/allow-list.js';
import { openTransport } from '../../src/transport/open-transport.js';
import { isLoopbackHost } from '../../src/transport/options.js';
import { TcpClientTransport } from '../../src/transport/tcp-client-transport.js';
import { OPEN_LISTENER_WARNING, TcpServerTransport } from '../../src/transport/tcp-server-transport.js';
import type { Transport } from '../../src/transport/transport.js';
import { bytesKey, FrameSink, freeTcpPort, once, REQUEST, RESPONSE, until, openListener } from './helpers.js';
import { linkEvent } from './helpers.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanup.length > 0) await cleanup.pop()?.();
});

const listener = (options: ConstructorParameters<typeof TcpServerTransport>[0] = {}): Promise<TcpServerTransport> => openListener(cleanup, options);

/** The genuine Moxa: answers every request with RESPONSE. */
async function genuineMoxa(port: number): Promise<TcpClientTransport> {
  const moxa = new TcpClientTransport({ host: '127.0.0.1', port, idleTimeoutMs: 5 });
  cleanup.push(() => moxa.close());
  moxa.setFrameListener(() => void moxa.send(RESPONSE).catch(() => undefined));
  await moxa.open();
  return moxa;
}

function rawConnect(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
    cleanup.push(async () => {
      socket.destroy();
    });
  });
}

/** A well-formed reply to REQUEST carrying another value: what a hijacker would feed the client. */
const FORGED = (() => {
  const genuine = decodeFrame(RESPONSE);
  const data = Uint8Array.from(genuine.data);
  data.set([0x00, 0x00, 0x48, 0x42], data.length - 4); // 50.0 instead of 12.36
  return encodeFrame({ ...genuine, data });
})();

function closed(socket: Socket): Promise<void> {
  return socket.destroyed && socket.readyState === 'closed' ? Promise.resolve() : once(socket, 'close').then(() => undefined);
}

function events(transport: Transport): string[] {
  const log: string[] = [];
  transport.on('connect', ({ peer }) => log.push(`connect ${peer}`));
  transport.on('disconnect', ({ peer, reason }) => log.push(`disconnect ${peer} ${reason}`));
  return log;
}

describe('TcpServerTransport against a hijack', () => {
  it('holds off a newcomer while the live link is healthy: the genuine value keeps coming, the forged one never arrives', async () => {
    const server = await listener();
    const sink = new FrameSink(server);
    const log = events(server);
    await genuineMoxa(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
    const moxaPeer = server.peer;
    const hijacker = await rawConnect(server.localPort ?? 0);
    hijacker.write(FORGED);
    await until(() => server.heldPeer !== undefined);
    for (let i = 0; i < 5; i++) {
      hijacker.write(FORGED);
      await server.send(REQUEST);
      expect(await sink.take(1)).toEqual([bytesKey(RESPONSE)]);
    }
    expect(sink.frames.map((frame) => bytesKey(encodeFrame(frame)))).not.toContain(bytesKey(FORGED));
    expect(server.peer).toBe(moxaPeer);
    expect(server.heldPeer).toBe(`127.0.0.1:${hijacker.localPort}`);
    expect(log).toEqual([`connect ${moxaPeer}`]);
  });

  it('the held newcomer takes over once the live peer is dropped as dead, and gets the next send', async () => {
    const server = await listener();
    const log = events(server);
    const dead = await rawConnect(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
    const deadPeer = server.peer;
    const moxa = await rawConnect(server.localPort ?? 0);
    await until(() => server.heldPeer !== undefined);
    const moxaPeer = server.heldPeer;
    server.dropLink('3 consecutive timeouts');
    await closed(dead);
    expect(server.peer).toBe(moxaPeer);
    expect(log).toEqual([`connect ${deadPeer}`, `disconnect ${deadPeer} 3 consecutive timeouts`, `connect ${moxaPeer}`]);
    const received = once<[Buffer]>(moxa, 'data');
    await server.send(REQUEST);
    expect(Buffer.from((await received)[0]).equals(Buffer.from(REQUEST))).toBe(true);
  });

  it('with nobody held, dropLink() waits for a peer again: a waiting send goes to the next one', async () => {
    const server = await listener();
    const dead = await rawConnect(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
    server.dropLink('3 consecutive timeouts');
    await closed(dead);
    expect(server.peer).toBeUndefined();
    const waiting = linkEvent(server, 'waiting');
    const sending = server.send(REQUEST);
    await waiting;
    const moxa = await rawConnect(server.localPort ?? 0);
    const received = once<[Buffer]>(moxa, 'data');
    await sending;
    expect(Buffer.from((await received)[0]).equals(Buffer.from(REQUEST))).toBe(true);
  });

  it('a later newcomer replaces the held one, which is closed; the live link stays', async () => {
    const server = await listener();
    await rawConnect(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
    const live = server.peer;
    const first = await rawConnect(server.localPort ?? 0);
    await until(() => server.heldPeer === `127.0.0.1:${first.localPort}`);
    const second = await rawConnect(server.localPort ?? 0);
    await closed(first);
    expect(server.heldPeer).toBe(`127.0.0.1:${second.localPort}`);
    expect(server.peer).toBe(live);
  });

  it('a held newcomer that floods is closed: nothing it sends is kept', async () => {
    const server = await listener();
    const sink = new FrameSink(server);
    await genuineMoxa(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
    const flooder = await rawConnect(server.localPort ?? 0);
    flooder.on('error', () => undefined);
    await until(() => server.heldPeer !== undefined);
    const gone = closed(flooder);
    const block = Buffer.alloc(64 * 1024, 0xaa);
    for (let i = 0; i < 16 && !flooder.destroyed; i++) flooder.write(block);
    await gone;
    expect(server.heldPeer).toBeUndefined();
    expect(server.decoderStats.bytesSkipped).toBe(0);
    await server.send(REQUEST);
    expect(await sink.take(1)).toEqual([bytesKey(RESPONSE)]);
  });

  it('a held newcomer that leaves is forgotten, and the live peer closing then leaves nobody', async () => {
    const server = await listener();
    const live = await rawConnect(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
    const newcomer = await rawConnect(server.localPort ?? 0);
    await until(() => server.heldPeer !== undefined);
    newcomer.end();
    await until(() => server.heldPeer === undefined);
    live.end();
    await until(() => server.peer === undefined);
    expect(server.heldPeer).toBeUndefined();
  });
});

describe('TcpServerTransport allow list', () => {
  it('takes CIDR ranges: 127.0.0.0/8 admits 127.0.0.1', async () => {
    const server = await listener({ allow: ['127.1.0.0/16', '127.0.0.0/8'] });
    await rawConnect(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
    expect(server.peer).toMatch(/^127\.0\.0\.1:/);
  });

  it('refuses a peer outside every range, naming the list', async () => {
    const server = await listener({ allow: ['127.1.0.0/16', 'fd00::/8', '127.0.0.2/32'] });
    const refused = linkEvent(server, 'error');
    const socket = await rawConnect(server.localPort ?? 0);
    expect((await refused)[0].message).toMatch(/refused a connection from 127\.0\.0\.1 \(not in allow 127\.1\.0\.0\/16,fd00::\/8,127\.0\.0\.2\/32\)/);
    await closed(socket);
    expect(server.peer).toBeUndefined();
  });

  it('matches IPv4-mapped IPv6 both ways: ::ffff:127.0.0.1 in 127.0.0.0/8, 127.0.0.1 in ::ffff:127.0.0.0/104', async () => {
    expect(AllowList.parse('t', 'allow', ['127.0.0.0/8']).allows('::ffff:127.0.0.1')).toBe(true);
    expect(AllowList.parse('t', 'allow', ['::ffff:127.0.0.0/104']).allows('127.0.0.1')).toBe(true);
    expect(AllowList.parse('t', 'allow', ['::ffff:127.0.0.1']).allows('127.0.0.1')).toBe(true);
    expect(AllowList.parse('t', 'allow', ['::ffff:0:0/96']).allows('127.3.2.1')).toBe(true);
    expect(AllowList.parse('t', 'allow', ['127.0.0.0/16']).allows('::ffff:127.1.0.1')).toBe(false);
    expect(AllowList.parse('t', 'allow', ['::1']).allows('::ffff:127.0.0.1')).toBe(false);
    // Over a socket: a mapped range admits the IPv4 loopback peer.
    const server = await listener({ allow: ['::ffff:127.0.0.0/104'] });
    await rawConnect(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
  });

  it('takes IPv6 ranges: ::1/128 admits a peer on the IPv6 loopback', async () => {
    const server = await listener({ host: '::1', allow: ['::1/128'] });
    await rawConnect(server.localPort ?? 0, '::1');
    await until(() => server.peer !== undefined);
    expect(server.peer).toMatch(/^\[::1\]:\d+$/);
  });

  it('is ?allow= in the URL, comma-separated, CIDR included', async () => {
    const server = openTransport('tcp-listen://127.0.0.1:0?allow=127.1.0.0/16,127.0.0.0/8') as TcpServerTransport;
    cleanup.push(() => server.close());
    await server.open();
    await rawConnect(server.localPort ?? 0);
    await until(() => server.peer !== undefined);
    const refusing = openTransport('tcp-listen://127.0.0.1:0?allow=127.1.0.0/16') as TcpServerTransport;
    cleanup.push(() => refusing.close());
    await refusing.open();
    const refused = linkEvent(refusing, 'error');
    await rawConnect(refusing.localPort ?? 0);
    expect((await refused)[0].message).toMatch(/not in allow 127\.1\.0\.0\/16/);
  });

  it('refuses bad entries with an XcomValidationError naming allow', () => {
    for (const bad of [['moxa.local'], ['127.0.0.0/33'], ['fd00::/129'], ['127.0.0.0/'], ['/8'], [42], 'x']) {
      expect(() => new TcpServerTransport({ allow: bad as never })).toThrow(expect.objectContaining({ name: 'XcomValidationError', field: 'allow' }));
    }
    expect(() => openTransport('tcp-listen://:4001?allow=127.0.0.0/40')).toThrow(expect.objectContaining({ field: 'allow' }));
  });
});

describe('TcpServerTransport warning', () => {
  it('listening on loopback, or with allow, says nothing', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    await listener();
    await listener({ host: '::1' });
    await listener({ host: 'localhost' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('listening on every interface without allow emits one warning with a code', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    // Only loopback in tests: the port is taken on 127.0.0.1, so listening on 0.0.0.0 fails
    // (EADDRINUSE) after the warning, and nothing is ever exposed.
    const taken = await listener({ port: await freeTcpPort() });
    const port = taken.localPort ?? 0;
    const open = new TcpServerTransport({ host: '0.0.0.0', port });
    cleanup.push(() => open.close());
    await expect(open.open()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    await expect(open.open()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(new RegExp(`tcp-listen://0\\.0\\.0\\.0:${port} accepts a connection from any host.*set allow`));
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ code: OPEN_LISTENER_WARNING });
    const guarded = new TcpServerTransport({ host: '0.0.0.0', port, allow: ['127.1.0.0/16'] });
    await expect(guarded.open()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    const anyHost = new TcpServerTransport({ port });
    await expect(anyHost.open()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('tells loopback hosts from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of [undefined, '0.0.0.0', '::', 'moxa.local', '128.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
  });
});
