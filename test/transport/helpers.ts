/**
 * Shared fixtures for the transport tests: golden frames, a false header, frame collection,
 * free loopback ports, and the scenarios every transport pair must pass.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { expect } from 'vitest';
import { checksum } from '../../src/protocol/checksum.js';
import { type Frame, fromHex } from '../../src/protocol/frame.js';
import { TcpServerTransport } from '../../src/transport/tcp-server-transport.js';
import type { Transport, TransportEventMap } from '../../src/transport/transport.js';

/** Read user info 3000 from XT 101 (spec §5.3). */
export const REQUEST = fromHex('AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 00 01 01 00 B8 0B 00 00 01 00 C5 90');
/** Its response: 12.359375 V. */
export const RESPONSE = fromHex(
  'AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 02 01 01 00 B8 0B 00 00 01 00 00 C0 45 41 0D CB',
);
/** Read message index 0 from 501 (spec §5.6). */
export const MESSAGE_REQUEST = fromHex('AA 00 01 00 00 00 F5 01 00 00 0A 00 00 D6 00 01 03 00 00 00 00 00 00 00 03 17');

/** A header whose checksum is right but whose data_length (1000) announces far more than follows. */
export function falseHeader(): Uint8Array {
  const header = new Uint8Array(14);
  const view = new DataView(header.buffer);
  header[0] = 0xaa;
  view.setUint32(2, 1, true);
  view.setUint32(6, 101, true);
  view.setUint16(10, 1000, true);
  view.setUint16(12, checksum(header, 1, 12), true);
  return header;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The raw bytes of a decoded frame, for comparing with what was sent. */
export function frameKey(frame: Frame): string {
  return `${frame.flags}/${frame.srcAddr}/${frame.dstAddr}/${Buffer.from(frame.data).toString('hex')}`;
}

/** The frame key of encoded bytes. */
export function bytesKey(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = view.getUint16(10, true);
  return `${bytes[1]}/${view.getUint32(2, true)}/${view.getUint32(6, true)}/${Buffer.from(bytes.subarray(14, 14 + n)).toString('hex')}`;
}

/** Collects the frames a transport delivers; `take(n)` waits until n more have arrived. */
export class FrameSink {
  readonly frames: Frame[] = [];
  private taken = 0;
  private wake: (() => void) | undefined;

  constructor(transport: Transport) {
    transport.setFrameListener((frame) => {
      this.frames.push(frame);
      this.wake?.();
    });
  }

  async take(n: number): Promise<string[]> {
    while (this.frames.length < this.taken + n) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    const out = this.frames.slice(this.taken, this.taken + n).map(frameKey);
    this.taken += n;
    return out;
  }
}

/** Resolves with the arguments of the next emission of `event`. */
export function once<T extends unknown[]>(
  target: { once(event: string, listener: (...args: T) => void): unknown },
  event: string,
): Promise<T> {
  return new Promise((resolve) => {
    target.once(event, (...args: T) => resolve(args));
  });
}

/** Resolves with the arguments of the next link event `event` of a transport. */
export function linkEvent<K extends keyof TransportEventMap>(transport: Transport, event: K): Promise<TransportEventMap[K]> {
  return new Promise((resolve) => {
    const listener = (...args: TransportEventMap[K]): void => {
      transport.off(event, listener);
      resolve(args);
    };
    transport.on(event, listener);
  });
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Sends bytes in chunks through a transport, one `send()` each. */
async function sendChunks(from: Transport, chunks: Uint8Array[]): Promise<void> {
  for (const chunk of chunks) await from.send(chunk);
}

/**
 * The scenarios every pair passes, in one direction (`from` → `to`). `to` must use an idle
 * interval short enough for the false-start scenario to finish within the test's timeout.
 */
export async function exerciseDirection(from: Transport, to: Transport, sink: FrameSink): Promise<void> {
  // A whole frame in one send.
  await from.send(REQUEST);
  expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);

  // A frame split into single bytes.
  await sendChunks(from, [...RESPONSE].map((byte) => Uint8Array.of(byte)));
  expect(await sink.take(1)).toEqual([bytesKey(RESPONSE)]);

  // Several frames in one chunk.
  await from.send(concat(REQUEST, RESPONSE, MESSAGE_REQUEST));
  expect(await sink.take(3)).toEqual([bytesKey(REQUEST), bytesKey(RESPONSE), bytesKey(MESSAGE_REQUEST)]);

  // CR/LF between frames, as an Xcom-LAN's Moxa may add.
  const crlf = Uint8Array.of(0x0d, 0x0a);
  await from.send(concat(REQUEST, crlf, RESPONSE, crlf));
  expect(await sink.take(2)).toEqual([bytesKey(REQUEST), bytesKey(RESPONSE)]);

  // Garbage, then a false header (valid checksum, bogus long length), then a real frame, then
  // silence: only the line going idle can release the real frame.
  const falseStartsBefore = to.decoderStats.falseStarts;
  await from.send(concat(Uint8Array.of(0x00, 0x13, 0xaa, 0x37, 0xff), falseHeader(), RESPONSE));
  expect(await sink.take(1)).toEqual([bytesKey(RESPONSE)]);
  expect(to.decoderStats.falseStarts).toBeGreaterThan(falseStartsBefore);
}

/** Runs {@link exerciseDirection} both ways. */
export async function exercisePair(a: Transport, b: Transport): Promise<void> {
  const sinkA = new FrameSink(a);
  const sinkB = new FrameSink(b);
  await exerciseDirection(a, b, sinkB);
  await exerciseDirection(b, a, sinkA);
}

/**
 * Waits, turning the event loop, until `condition` holds. Unlike `vi.waitUntil` it does not
 * advance fake timers, so a test can watch a faked timer being armed by real I/O.
 */
export async function until(condition: () => boolean, maxTurns = 100_000): Promise<void> {
  for (let turn = 0; !condition(); turn++) {
    if (turn >= maxTurns) throw new Error('condition not reached');
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * An open `TcpServerTransport` on 127.0.0.1 (a free port unless `options.port` names one), its
 * close pushed onto the test file's `cleanup` list.
 */
export async function openListener(
  cleanup: Array<() => Promise<void>>,
  options: ConstructorParameters<typeof TcpServerTransport>[0] = {},
): Promise<TcpServerTransport> {
  const server = new TcpServerTransport({ host: '127.0.0.1', port: 0, idleTimeoutMs: 5, ...options });
  cleanup.push(() => server.close());
  await server.open();
  return server;
}

/**
 * Sends RESPONSE to `transport` in two writes, the second while the event loop is stalled
 * (a busy application, a garbage collection) for longer than the line's silence: after it,
 * the expired timer runs before the read. Resolves with what the transport then delivers
 * (`['no frame']` if nothing within 2 s), and its false starts.
 */
export async function frameThroughStall(transport: Transport, write: (bytes: Uint8Array) => void): Promise<{ frames: string[]; falseStarts: number }> {
  const sink = new FrameSink(transport);
  let chunks = 0;
  const receiver = transport as unknown as { receive(chunk: Uint8Array): void };
  const receive = receiver.receive.bind(transport);
  receiver.receive = (chunk) => {
    chunks++;
    receive(chunk);
  };
  write(RESPONSE.subarray(0, 10));
  await until(() => chunks > 0);
  write(RESPONSE.subarray(10));
  const end = performance.now() + 200;
  while (performance.now() < end);
  const lost = new Promise<string[]>((resolve) => setTimeout(() => resolve(['no frame']), 2000));
  const frames = await Promise.race([sink.take(1), lost]);
  return { frames, falseStarts: transport.decoderStats.falseStarts };
}
