import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { SerialPort, type SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomValidationError } from '../../src/errors.js';
import { listSerialPorts } from '../../src/transport/list-serial-ports.js';
import type { ModuleImporter } from '../../src/transport/serial-modules.js';
import { SerialTransport, type SerialTransportOptions } from '../../src/transport/serial-transport.js';
import { bytesKey, exercisePair, FrameSink, frameThroughStall, linkEvent, REQUEST, RESPONSE, until } from './helpers.js';
import { ManualTimers } from './manual-timers.js';
import { ptyPair, WITHOUT_SOCAT } from './socat.js';

// The CommonJS build, the one `serialport` itself loads (the package's ESM entry has no types).
const { MockBinding } = createRequire(import.meta.url)('@serialport/binding-mock') as {
  MockBinding: typeof SerialPortMock.binding;
};

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanup.length > 0) await cleanup.pop()?.();
  MockBinding.reset();
});

function serial(options: SerialTransportOptions): SerialTransport {
  const link = new SerialTransport(options);
  cleanup.push(() => link.close());
  return link;
}

async function socat() {
  const pair = await ptyPair();
  cleanup.push(() => pair.kill());
  return pair;
}

/** `serialport` with its port class swapped for one on `@serialport/binding-mock`, keeping every instance. */
function mockSerialport() {
  const created: MockPort[] = [];
  class MockPort extends SerialPort {
    constructor(options: ConstructorParameters<typeof SerialPort>[0]) {
      // SerialPort's own binding is replaced by the mock (its types hide the option).
      super({ ...options, binding: MockBinding } as never);
      created.push(this);
    }
  }
  const importModule: ModuleImporter = async (specifier) =>
    specifier === 'serialport' ? { SerialPort: MockPort } : import(specifier);
  /** The mock binding behind the first port created. */
  const binding = () => created[0]?.port as unknown as NonNullable<SerialPortMock['port']>;
  return { created, importModule, binding };
}

function moduleNotFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
}

describe.skipIf(WITHOUT_SOCAT)('SerialTransport over a socat pty pair', () => {
  it('carries frames both ways: whole, byte by byte, batched, CR/LF, behind garbage and a false header', async () => {
    const pair = await socat();
    const a = serial({ path: pair.a, interByteTimeoutMs: 50 });
    const b = serial({ path: pair.b, interByteTimeoutMs: 50 });
    const connected = linkEvent(a, 'connect');
    await a.open();
    await b.open();
    expect((await connected)[0].peer).toBe(pair.a);
    await exercisePair(a, b);
  });

  it('a stalled event loop is no silence: the bytes that came during the stall complete the frame', async () => {
    const pair = await socat();
    const b = serial({ path: pair.b, interByteTimeoutMs: 50 });
    await b.open();
    const fd = openSync(pair.a, 'w');
    cleanup.push(async () => closeSync(fd));
    expect(await frameThroughStall(b, (bytes) => writeSync(fd, bytes))).toEqual({ frames: [bytesKey(RESPONSE)], falseStarts: 0 });
  });

  it('reports socat killed under an open port (error DISCONNECTED, then disconnect), and reopens on the next send', async () => {
    const pair = await socat();
    const link = serial({ path: pair.a });
    const other = serial({ path: pair.b });
    await link.open();
    await other.open();
    const linkSink = new FrameSink(link);
    const otherSink = new FrameSink(other);
    await link.send(REQUEST);
    expect(await otherSink.take(1)).toEqual([bytesKey(REQUEST)]);
    await other.send(RESPONSE);
    expect(await linkSink.take(1)).toEqual([bytesKey(RESPONSE)]);
    const errors: string[] = [];
    link.on('error', (error) => errors.push(error.code));
    const dropped = linkEvent(link, 'disconnect');
    await pair.kill();
    // serialport sees the pty vanish either while it waits in poll() (reported at once) or,
    // when the hang-up races a read, only at the next write, which fails: send once to be sure.
    // The send fails on the dead port, on the port closing under it, or on reopening it.
    await expect(link.send(REQUEST)).rejects.toMatchObject({
      code: expect.stringMatching(/^(SEND_FAILED|DISCONNECTED|PORT_NOT_FOUND)$/),
    });
    const [{ peer: lost, reason }] = await dropped;
    expect(lost).toBe(pair.a);
    expect(reason).toMatch(/^device (disconnected|gone)/);
    expect(errors).toContain('DISCONNECTED');
    expect(link.isOpen).toBe(true);
    expect(link.isConnected).toBe(false);
    // The adapter is gone: the next send tries to reopen it and says so.
    await expect(link.send(REQUEST)).rejects.toMatchObject({ code: 'PORT_NOT_FOUND' });
    // Plugged in again (same names): the next send reopens the port.
    const again = await ptyPair({ a: pair.a, b: pair.b });
    cleanup.push(() => again.kill());
    const peer = serial({ path: again.b });
    await peer.open();
    const sink = new FrameSink(peer);
    const reconnected = linkEvent(link, 'connect');
    await link.send(REQUEST);
    await reconnected;
    expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);
  });

  it('dropLink() closes the port (disconnect with the reason) and the next send reopens it', async () => {
    const pair = await socat();
    const link = serial({ path: pair.a });
    const other = serial({ path: pair.b });
    await link.open();
    await other.open();
    const otherSink = new FrameSink(other);
    const log: string[] = [];
    link.on('connect', ({ peer }) => log.push(`connect ${peer}`));
    link.on('disconnect', ({ peer, reason }) => log.push(`disconnect ${peer} ${reason}`));
    link.dropLink('3 consecutive timeouts');
    expect(link.isConnected).toBe(false);
    expect(link.isOpen).toBe(true);
    await link.send(REQUEST);
    expect(await otherSink.take(1)).toEqual([bytesKey(REQUEST)]);
    expect(log).toEqual([`disconnect ${pair.a} 3 consecutive timeouts`, `connect ${pair.a}`]);
  });

  it('a send with connectTimeoutMs waits while the device is unplugged and goes out once it is back (injected clock)', async () => {
    const pair = await socat();
    // The pauses between attempts wait for the test: the port must not reopen before the far
    // end is open again, since opening a port flushes what is waiting in it.
    const timers = new ManualTimers();
    const link = serial({ path: pair.a, timers });
    await link.open();
    link.on('error', () => undefined);
    const dropped = linkEvent(link, 'disconnect');
    await pair.kill();
    // As above: the hang-up may show only at the next write.
    await link.send(REQUEST).catch(() => undefined);
    await dropped;
    const waiting = linkEvent(link, 'waiting');
    let sent = false;
    const sending = link.send(REQUEST, { connectTimeoutMs: 20_000 }).then(() => (sent = true));
    expect((await waiting)[0]).toEqual({ for: `${pair.a} to open`, timeoutMs: 20_000 });
    await until(() => timers.delays.some((ms) => ms !== 20_000));
    expect(sent).toBe(false);
    const again = await ptyPair({ a: pair.a, b: pair.b });
    cleanup.push(() => again.kill());
    const peer = serial({ path: again.b });
    await peer.open();
    const sink = new FrameSink(peer);
    timers.fire((ms) => ms !== 20_000);
    await sending;
    expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);
    expect(timers.delays).toEqual([]);
  });

  it('a send with connectTimeoutMs rejects NO_LINK when the device stays away', async () => {
    const pair = await socat();
    const link = serial({ path: pair.a, reconnect: { initialMs: 10 } });
    await link.open();
    link.on('error', () => undefined);
    const dropped = linkEvent(link, 'disconnect');
    await pair.kill();
    await link.send(REQUEST).catch(() => undefined);
    await dropped;
    await expect(link.send(REQUEST, { connectTimeoutMs: 150 })).rejects.toMatchObject({
      code: 'NO_LINK',
      cause: { code: 'PORT_NOT_FOUND' },
      message: expect.stringContaining(`while waiting for ${pair.a} to open`),
    });
  });

  it('a port that is not there: PORT_NOT_FOUND', async () => {
    const link = serial({ path: join(tmpdir(), `xcom-ts-missing-${process.pid}`) });
    await expect(link.open()).rejects.toMatchObject({ name: 'XcomTransportError', code: 'PORT_NOT_FOUND' });
    expect(link.isOpen).toBe(false);
  });

  it('close() closes the port itself, is idempotent, and disposal closes too', async () => {
    const pair = await socat();
    const link = serial({ path: pair.a });
    await expect(link.send(REQUEST)).rejects.toMatchObject({ code: 'NOT_OPEN' });
    await link.open();
    await link.open();
    await link.close();
    await link.close();
    expect(link.isOpen).toBe(false);
    // The port lock is released: it opens again at once.
    await link.open();
    await link[Symbol.asyncDispose]();
    expect(link.isOpen).toBe(false);
  });
});

describe('SerialTransport on @serialport/binding-mock', () => {
  it('opens at 38400 baud, 8 data bits, even parity, 1 stop bit by default', async () => {
    MockBinding.createPort('/dev/ttyMOCK0');
    const { created, importModule } = mockSerialport();
    const link = serial({ path: '/dev/ttyMOCK0', importModule });
    await link.open();
    expect(created).toHaveLength(1);
    expect(created[0]?.port?.openOptions).toMatchObject({
      path: '/dev/ttyMOCK0',
      baudRate: 38400,
      dataBits: 8,
      parity: 'even',
      stopBits: 1,
      rtscts: false,
      xon: false,
      xoff: false,
    });
    expect(link.description).toBe('serial:///dev/ttyMOCK0@38400-8E1');
  });

  it('takes 115200 baud and parity none (an Xcom-232i in Xcom-LAN mode), and the other overrides', async () => {
    MockBinding.createPort('/dev/ttyMOCK1');
    const { created, importModule } = mockSerialport();
    const link = serial({ path: '/dev/ttyMOCK1', baudRate: 115200, parity: 'none', dataBits: 7, stopBits: 2, importModule });
    await link.open();
    expect(created[0]?.port?.openOptions).toMatchObject({ baudRate: 115200, parity: 'none', dataBits: 7, stopBits: 2 });
  });

  it('writes frames as they are (no CR/LF) and decodes what the port reads', async () => {
    MockBinding.createPort('/dev/ttyMOCK2');
    const { importModule, binding } = mockSerialport();
    const link = serial({ path: '/dev/ttyMOCK2', importModule });
    const sink = new FrameSink(link);
    await link.open();
    await link.send(REQUEST);
    expect(binding().lastWrite).toEqual(Buffer.from(REQUEST));
    binding().emitData(Buffer.from(RESPONSE));
    expect(await sink.take(1)).toEqual([bytesKey(RESPONSE)]);
  });

  it('drops a false start after interByteTimeoutMs of silence, and close() leaves no timer (fake timers)', async () => {
    MockBinding.createPort('/dev/ttyMOCK3');
    const { created, importModule, binding } = mockSerialport();
    const link = serial({ path: '/dev/ttyMOCK3', interByteTimeoutMs: 50, importModule });
    await link.open();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    binding().emitData(Buffer.from(RESPONSE.subarray(0, 20)));
    await until(() => vi.getTimerCount() === 1);
    vi.advanceTimersByTime(49);
    expect(link.decoderStats.falseStarts).toBe(0);
    vi.advanceTimersByTime(1);
    await until(() => link.decoderStats.falseStarts > 0);
    binding().emitData(Buffer.from(RESPONSE.subarray(0, 20)));
    await until(() => vi.getTimerCount() === 1);
    await link.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(created[0]?.isOpen).toBe(false);
  });

  it('takes its listeners off the port it lets go (close, dropLink)', async () => {
    MockBinding.createPort('/dev/ttyMOCK4');
    const { created, importModule } = mockSerialport();
    const link = serial({ path: '/dev/ttyMOCK4', importModule });
    await link.open();
    const first = created[0];
    expect(first?.listenerCount('data')).toBeGreaterThan(0);
    link.dropLink('3 consecutive timeouts');
    for (const event of ['data', 'end', 'close']) expect(first?.listenerCount(event)).toBe(0);
    await link.send(REQUEST);
    const second = created[1];
    expect(second?.listenerCount('close')).toBe(1);
    await link.close();
    for (const event of ['data', 'end', 'close']) expect(second?.listenerCount(event)).toBe(0);
    expect(second?.isOpen).toBe(false);
  });

  it('names the missing package when `serialport` cannot be imported', async () => {
    const link = serial({
      path: '/dev/ttyUSB0',
      importModule: (specifier) => (specifier === 'serialport' ? Promise.reject(moduleNotFound(specifier)) : import(specifier)),
    });
    const error = await link.open().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'XcomTransportError', code: 'MODULE_MISSING' });
    expect((error as Error).message).toMatch(/optional package "serialport", which is not installed/);
    expect((error as Error).message).toMatch(/npm install serialport@13 @serialport\/parser-inter-byte-timeout@13/);
    expect(link.isOpen).toBe(false);
  });

  it('names the parser package when it is the one missing (a real failing import)', async () => {
    const link = serial({
      path: '/dev/ttyUSB0',
      importModule: (specifier) =>
        specifier === 'serialport' ? import(specifier) : import(`${specifier}-that-does-not-exist`),
    });
    await expect(link.open()).rejects.toMatchObject({
      code: 'MODULE_MISSING',
      message: expect.stringContaining('"@serialport/parser-inter-byte-timeout"'),
    });
  });

  it('validates its options, naming each', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ path: '' }, 'path'],
      [{ path: '/dev/ttyUSB0', baudRate: 0 }, 'baudRate'],
      [{ path: '/dev/ttyUSB0', baudRate: 9600.5 }, 'baudRate'],
      [{ path: '/dev/ttyUSB0', parity: 'EVEN' }, 'parity'],
      [{ path: '/dev/ttyUSB0', dataBits: 9 }, 'dataBits'],
      [{ path: '/dev/ttyUSB0', stopBits: 3 }, 'stopBits'],
      [{ path: '/dev/ttyUSB0', interByteTimeoutMs: 0 }, 'interByteTimeoutMs'],
    ];
    for (const [options, field] of cases) {
      const attempt = () => new SerialTransport(options as never);
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

describe('listSerialPorts', () => {
  async function fakeDev(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'xcom-ts-dev-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    for (const name of ['ttyUSB10', 'ttyUSB2', 'ttyACM0', 'ttyS0', 'tty0', 'null', 'ttyAMA0']) {
      await writeFile(join(dir, name), '');
    }
    return dir;
  }

  it('uses SerialPort.list()', async () => {
    const entries = [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001' }];
    const importModule: ModuleImporter = async () => ({
      SerialPort: Object.assign(function SerialPort() {}, { list: async () => entries }),
    });
    expect(await listSerialPorts({ importModule })).toEqual(entries);
  });

  it('falls back to the device names in /dev when SerialPort.list() fails (udevadm missing)', async () => {
    const devDir = await fakeDev();
    const noUdevadm = Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    const list = async () => {
      throw noUdevadm;
    };
    const importModule: ModuleImporter = async () => ({ SerialPort: Object.assign(function SerialPort() {}, { list }) });
    expect((await listSerialPorts({ importModule, devDir })).map((p) => p.path)).toEqual(
      ['ttyACM0', 'ttyAMA0', 'ttyS0', 'ttyUSB2', 'ttyUSB10'].map((name) => join(devDir, name)),
    );
  });

  it('falls back to the device names in /dev when serialport is not installed', async () => {
    const devDir = await fakeDev();
    const importModule: ModuleImporter = (specifier) => Promise.reject(moduleNotFound(specifier));
    expect(await listSerialPorts({ importModule, devDir })).toHaveLength(5);
  });

  it('lists the ports of this machine with the real serialport (an array, maybe empty)', async () => {
    expect(Array.isArray(await listSerialPorts())).toBe(true);
  });
});
