import { createSocket, Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomTransportError, XcomValidationError } from '../../src/errors.js';
import { UdpTransport } from '../../src/transport/udp-transport.js';
import { bytesKey, exercisePair, FrameSink, freeUdpPort, REQUEST, RESPONSE, until } from './helpers.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanup.length > 0) await cleanup.pop()?.();
});

/** A client (4001 ↔ 4002 style) and a simulated Xcom-LAN on free loopback ports. */
async function udpPair(idleTimeoutMs = 5): Promise<[UdpTransport, UdpTransport]> {
  const [clientPort, devicePort] = [await freeUdpPort(), await freeUdpPort()];
  const client = new UdpTransport({ host: '127.0.0.1', port: devicePort, localPort: clientPort, idleTimeoutMs });
  const device = new UdpTransport({ host: '127.0.0.1', port: clientPort, localPort: devicePort, idleTimeoutMs });
  cleanup.push(() => client.close(), () => device.close());
  await client.open();
  await device.open();
  return [client, device];
}

async function bindRaw(address: string): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  cleanup.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return socket;
}

function sendRaw(socket: Socket, bytes: Uint8Array, port: number): Promise<void> {
  return new Promise((resolve, reject) => socket.send(bytes, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
}

describe('UdpTransport', () => {
  it('carries frames both ways: whole, byte by byte, batched, CR/LF, behind garbage and a false header', async () => {
    const [client, device] = await udpPair();
    await exercisePair(client, device);
  });

  it('sends to the configured remote port, not to the port a datagram came from', async () => {
    const [clientPort, devicePort] = [await freeUdpPort(), await freeUdpPort()];
    // The device replies to clientPort whatever the source port of the request was.
    const device = new UdpTransport({ host: '127.0.0.1', port: clientPort, localPort: devicePort });
    cleanup.push(() => device.close());
    await device.open();
    const listener = await bindRaw('127.0.0.1');
    let strayReplies = 0;
    listener.on('message', () => strayReplies++);
    const client = new UdpTransport({ host: '127.0.0.1', port: devicePort, localPort: clientPort });
    cleanup.push(() => client.close());
    await client.open();
    const clientSink = new FrameSink(client);
    const deviceSink = new FrameSink(device);
    await sendRaw(listener, REQUEST, devicePort); // from a third port
    expect(await deviceSink.take(1)).toEqual([bytesKey(REQUEST)]);
    await device.send(RESPONSE);
    expect(await clientSink.take(1)).toEqual([bytesKey(RESPONSE)]);
    expect(strayReplies).toBe(0);
  });

  it('ignores a datagram from another address (127.0.0.2)', async () => {
    const [client, device] = await udpPair();
    const sink = new FrameSink(client);
    const intruder = await bindRaw('127.0.0.2');
    const port = client.localPort ?? 0;
    await sendRaw(intruder, RESPONSE, port);
    // A datagram from the accepted address, sent afterwards, arrives afterwards: by then the
    // intruder's datagram has been seen and dropped.
    await device.send(REQUEST);
    expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);
    expect(client.ignoredDatagrams).toBe(1);
    expect(sink.frames).toHaveLength(1);
  });

  it('with idleTimeoutMs 0, treats every datagram as a whole burst', async () => {
    const [client, device] = await udpPair(0);
    const sink = new FrameSink(client);
    await device.send(RESPONSE.subarray(0, 10));
    await device.send(RESPONSE.subarray(10));
    await device.send(REQUEST);
    expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);
    expect(client.decoderStats.falseStarts).toBeGreaterThan(0);
  });

  it('drops a false start only after idleTimeoutMs of silence (fake timers), and leaves no timer after close', async () => {
    const [client, device] = await udpPair(1000);
    const sink = new FrameSink(client);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const chunk = RESPONSE.subarray(0, 20);
    await device.send(chunk);
    // The idle timer is armed when the partial frame has arrived.
    await until(() => vi.getTimerCount() === 1);
    vi.advanceTimersByTime(999);
    expect(client.decoderStats.falseStarts).toBe(0);
    vi.advanceTimersByTime(1);
    expect(client.decoderStats.falseStarts).toBeGreaterThan(0);
    expect(sink.frames).toHaveLength(0);
    await device.send(chunk);
    await until(() => vi.getTimerCount() === 1);
    await client.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects send() before open() with NOT_OPEN; close() is idempotent; disposal closes', async () => {
    const port = await freeUdpPort();
    const link = new UdpTransport({ host: '127.0.0.1', port, localPort: 0 });
    await expect(link.send(REQUEST)).rejects.toMatchObject({ name: 'XcomTransportError', code: 'NOT_OPEN' });
    await link.open();
    await link.open();
    expect(link.isOpen).toBe(true);
    expect(link.localPort).toBeGreaterThan(0);
    await link[Symbol.asyncDispose]();
    expect(link.isOpen).toBe(false);
    await link.close();
    await expect(link.send(REQUEST)).rejects.toBeInstanceOf(XcomTransportError);
  });

  it('fails to open on a port in use with CONNECT_FAILED', async () => {
    const taken = await bindRaw('127.0.0.1');
    const link = new UdpTransport({ host: '127.0.0.1', localPort: taken.address().port, bindAddress: '127.0.0.1' });
    await expect(link.open()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(link.isOpen).toBe(false);
  });

  it('validates its options, naming each', () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ host: '' }, 'host'],
      [{ host: '127.0.0.1', port: 0 }, 'port'],
      [{ host: '127.0.0.1', port: 70000 }, 'port'],
      [{ host: '127.0.0.1', localPort: -1 }, 'localPort'],
      [{ host: '127.0.0.1', localPort: 1.5 }, 'localPort'],
      [{ host: '127.0.0.1', bindAddress: '' }, 'bindAddress'],
      [{ host: '127.0.0.1', idleTimeoutMs: -5 }, 'idleTimeoutMs'],
    ];
    for (const [options, field] of bad) {
      const attempt = () => new UdpTransport(options as never);
      expect(attempt).toThrow(XcomValidationError);
      expect(attempt).toThrow(field);
      try {
        attempt();
      } catch (error) {
        expect((error as XcomValidationError).field).toBe(field);
      }
    }
  });
});

describe('UdpTransport link judged dead', () => {
  it('dropLink() emits disconnect once with the reason, and the next datagram from the peer emits connect', async () => {
    const [client, device] = await udpPair();
    const sink = new FrameSink(client);
    const log: string[] = [];
    client.on('connect', ({ peer }) => log.push(`connect ${peer}`));
    client.on('disconnect', ({ peer, reason }) => log.push(`disconnect ${peer} ${reason}`));
    client.dropLink('3 consecutive timeouts');
    client.dropLink('again');
    await client.send(REQUEST);
    expect(log).toHaveLength(1);
    await device.send(RESPONSE);
    expect(await sink.take(1)).toEqual([bytesKey(RESPONSE)]);
    const peer = `127.0.0.1:${device.localPort}`;
    expect(log).toEqual([`disconnect ${peer} 3 consecutive timeouts`, `connect ${peer}`]);
  });

  it('an ICMP error the system reports (ECONNREFUSED) fails the send and emits disconnect', async () => {
    const [client] = await udpPair();
    const refused = Object.assign(new Error('send ECONNREFUSED 127.0.0.1'), { code: 'ECONNREFUSED', errno: -111 });
    // Linux reports ICMP errors only on connected sockets: the system's answer is simulated.
    const send = vi.spyOn(Socket.prototype, 'send').mockImplementation(function (this: Socket, ...args: unknown[]) {
      const callback = args.at(-1) as (error: Error | null) => void;
      queueMicrotask(() => callback(refused));
    });
    cleanup.push(async () => send.mockRestore());
    const dropped = new Promise<{ reason: string }>((resolve) => client.once('disconnect', resolve));
    await expect(client.send(REQUEST)).rejects.toMatchObject({ code: 'SEND_FAILED', cause: refused });
    expect((await dropped).reason).toBe('peer unreachable (ECONNREFUSED)');
  });
});
