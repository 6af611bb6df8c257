/**
 * Frames over RS-232: a bare Xcom-232i on a serial port (usually a USB adapter).
 * @module
 */
import { XcomTransportError } from '../errors.js';
import { ReconnectingTransport, type ReconnectPolicy } from './reconnecting-transport.js';
import type { SendOptions } from './transport.js';
import { checkHost, checkMs, checkOneOf, checkPositiveInt } from './options.js';
import { IdleTimer } from './idle-timer.js';
import { heardSilence } from './quiet-line.js';
import {
  type IdleParserLike,
  importModule,
  loadIdleParser,
  loadSerialPort,
  type ModuleImporter,
  type SerialDisconnectError,
  type SerialOpenOptions,
  type SerialParity,
  type SerialPortLike,
} from './serial-modules.js';

/** Options of a {@link SerialTransport}. The defaults are the Xcom-232i's: 38400 baud, 8E1. */
export interface SerialTransportOptions extends ReconnectPolicy {
  /** Device path: `/dev/ttyUSB0`, `/dev/serial/by-id/…`, `COM3`. */
  readonly path: string;
  /** Line speed. Default 38400; 115200 once enabled on the Xcom-232i (or in Xcom-LAN mode). */
  readonly baudRate?: number;
  /** Parity. Default `'even'`; `'none'` for an Xcom-232i configured as an Xcom-LAN. */
  readonly parity?: SerialParity;
  /** Data bits. Default 8. */
  readonly dataBits?: 5 | 6 | 7 | 8;
  /** Stop bits. Default 1. */
  readonly stopBits?: 1 | 1.5 | 2;
  /**
   * Silence after which a partial frame is dropped as a false start. Default 50 ms: far longer
   * than a gap inside a frame, even through a USB adapter that delivers bytes every 16 ms.
   */
  readonly interByteTimeoutMs?: number;
  /**
   * Imports a package by name (tests make the import fail, or substitute a mock binding).
   * @internal
   */
  readonly importModule?: ModuleImporter;
}

const UNPLUGGED = 'device disconnected (adapter unplugged?)';
const GONE = 'device gone (the port ended or closed by itself)';

// The parser flushes when this many bytes arrive without a pause; such a flush is not silence.
const PARSER_MAX_BUFFER = 65_536;

/**
 * How often the event loop is woken while a port is open. `@serialport/bindings-cpp` 13 calls
 * back from its poller without draining the microtask queue, and since Node 26.4
 * (nodejs/node#62969) nothing else drains it: a read then waits for the next unrelated timer
 * or I/O, so replies arrive seconds late or not at all (serialport/node-serialport#3148; fixed
 * by serialport/bindings-cpp#239, not released). A timer that fires wakes the loop, and the
 * stalled reads go on. Drop it once a fixed bindings-cpp is the oldest one installed.
 */
const WAKE_MS = 10;

/**
 * A serial port link. `serialport` 13 (an optional dependency) is loaded inside `open()`;
 * when it is missing, `open()` rejects with `XcomTransportError` code `MODULE_MISSING` naming
 * the package to install. No CR/LF is added or expected: a bare Xcom-232i sends none (the
 * decoder skips them anyway). Bytes reach the decoder as they arrive, and
 * `@serialport/parser-inter-byte-timeout` on the port tells it when the line went quiet.
 *
 * An unplugged adapter is reported as an `error` (code `DISCONNECTED`) and a `disconnect`;
 * the transport stays open and the next `send()` opens the port again (emitting `waiting`;
 * with `connectTimeoutMs`, a port still missing is retried with backoff until then, so an
 * adapter plugged back in meanwhile is taken). {@link SerialTransport.dropLink} closes the
 * port the same way, for the next `send()` to reopen it. `send()` before
 * `open()` rejects with code `NOT_OPEN`. `close()` closes the port itself (disposing a
 * `SerialPort` stream does not).
 *
 * @example
 * ```ts
 * // An Xcom-232i on a USB adapter: 38400 baud, 8 data bits, even parity, 1 stop bit.
 * await using xcom = new XcomClient(new SerialTransport({ path: '/dev/ttyUSB0' }));
 * console.log(await xcom.getValue(XcomP.BATT_SOC));
 * console.log(await listSerialPorts()); // where else it could be
 * ```
 */
export class SerialTransport extends ReconnectingTransport<SerialPortLike> {
  /** The open options passed to `serialport`. */
  private readonly portOptions: SerialOpenOptions;
  private readonly interByteTimeoutMs: number;
  private readonly importer: ModuleImporter;
  private port: SerialPortLike | undefined;
  private parser: IdleParserLike | undefined;
  private hooks: PortHooks | undefined;
  /** When the last chunk was read (`performance.now()`): tells a silence from a stalled loop. */
  private lastChunkAt = 0;
  /** A second look at a silence the parser reported late: stopped by the next chunk. */
  private lateCheck: IdleTimer | undefined;
  /** Wakes the event loop while the port is open (see {@link WAKE_MS}). */
  private wake: ReturnType<typeof setInterval> | undefined;
  /** A port let go but still closing: the next open of the same path waits for it (its lock). */
  private closing: Promise<void> | undefined;
  /** Rejecters of the writes in flight: a port that dies may never call their callbacks. */
  private readonly writes = new Set<(error: XcomTransportError) => void>();

  /** @param options the port and its line settings */
  constructor(options: SerialTransportOptions) {
    const owner = 'SerialTransport';
    super(options, owner);
    this.portOptions = {
      path: checkHost(owner, 'path', options.path),
      baudRate: checkPositiveInt(owner, 'baudRate', options.baudRate ?? 38400),
      parity: checkOneOf(owner, 'parity', options.parity ?? 'even', ['none', 'even', 'odd', 'mark', 'space']),
      dataBits: checkOneOf(owner, 'dataBits', options.dataBits ?? 8, [5, 6, 7, 8]),
      stopBits: checkOneOf(owner, 'stopBits', options.stopBits ?? 1, [1, 1.5, 2]),
      autoOpen: false,
    };
    this.interByteTimeoutMs = checkMs(owner, 'interByteTimeoutMs', options.interByteTimeoutMs ?? 50);
    this.importer = options.importModule ?? importModule;
  }

  /** {@inheritDoc Transport.description} */
  get description(): string {
    const { path, baudRate, dataBits, parity, stopBits } = this.portOptions;
    return `serial://${path}@${baudRate}-${dataBits}${parity[0]?.toUpperCase() ?? ''}${stopBits}`;
  }

  /** Whether the port itself is open right now (false after the adapter was unplugged). */
  get isConnected(): boolean {
    return this.port !== undefined;
  }

  /**
   * {@inheritDoc ReconnectingTransport.currentLink}
   * @internal
   */
  protected currentLink(): SerialPortLike | undefined {
    return this.port;
  }

  /**
   * {@inheritDoc ReconnectingTransport.establish}
   * @internal
   */
  protected establish(): Promise<SerialPortLike> {
    return this.connect();
  }

  /**
   * {@inheritDoc ReconnectingTransport.dropCurrentLink}
   * @internal
   */
  protected dropCurrentLink(reason: string): void {
    const port = this.detach(new XcomTransportError('DISCONNECTED', `${this.description}: ${reason}`));
    if (port === undefined) return;
    this.letGo(port);
    this.emit('disconnect', { peer: this.portOptions.path, reason });
  }

  /**
   * {@inheritDoc ReconnectingTransport.waitingFor}
   * @internal
   */
  protected waitingFor(): string {
    return `${this.portOptions.path} to open`;
  }

  private async connect(): Promise<SerialPortLike> {
    await this.closing;
    const [SerialPort, InterByteTimeoutParser] = await Promise.all([
      loadSerialPort(this.importer),
      loadIdleParser(this.importer),
    ]);
    const port = new SerialPort(this.portOptions);
    const hooks: PortHooks = {
      error: (cause: Error) => {
        if (this.port === port) {
          this.reportError(new XcomTransportError('TRANSPORT', `${this.description}: ${cause.message}`, { cause }));
        }
      },
      // Bytes go to the decoder at once; the parser only says when the line went quiet.
      data: (chunk: Buffer) => {
        this.lastChunkAt = performance.now();
        this.lateCheck?.stop();
        this.receive(chunk);
      },
      // A vanished device shows as a close with a disconnect error, or (a hung-up tty read as
      // end of file) as the end of the stream followed by a plain close.
      end: () => this.lost(port, GONE),
      close: (error?: SerialDisconnectError | null) =>
        this.lost(port, error?.disconnected === true ? UNPLUGGED : GONE, error ?? undefined),
    };
    // Registered before open: a failing port emits 'error' as well as calling back.
    port.on('error', hooks.error);
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (cause) {
      unhook(port, hooks);
      const code = (cause as { code?: unknown }).code === 'ENOENT' || /ENOENT|No such file/i.test(String(cause)) ? 'PORT_NOT_FOUND' : 'CONNECT_FAILED';
      throw new XcomTransportError(code, `cannot open ${this.description}: ${String(cause)}`, { cause });
    }
    const parser = new InterByteTimeoutParser({ interval: this.interByteTimeoutMs, maxBufferSize: PARSER_MAX_BUFFER });
    this.lateCheck = new IdleTimer(this.interByteTimeoutMs, () => {
      if (this.port === port) this.lineIdle();
    });
    port.on('data', hooks.data);
    port.pipe(parser);
    parser.on('data', (burst: Buffer) => {
      if (burst.length >= PARSER_MAX_BUFFER) return;
      // Said late, the loop stalled and what came meanwhile may not be read yet (see
      // quiet-line): the line is looked at again after another wait, and is quiet only if
      // nothing came (the IdleTimer allows for a late look of its own).
      if (heardSilence(this.lastChunkAt, this.interByteTimeoutMs, performance.now())) this.lineIdle();
      else this.lateCheck?.restart();
    });
    // The parser only times silences; a late write to it after the port ended must not crash.
    parser.on('error', () => undefined);
    port.on('end', hooks.end);
    port.on('close', hooks.close);
    this.port = port;
    this.parser = parser;
    this.hooks = hooks;
    this.wake = setInterval(() => undefined, WAKE_MS);
    this.wake.unref();
    this.emit('connect', { peer: this.portOptions.path });
    return port;
  }

  /** The port went away without `close()`: report it, and let the next `send()` reopen it. */
  private lost(port: SerialPortLike, reason: string, cause?: Error): void {
    if (this.port !== port) return;
    const error = new XcomTransportError('DISCONNECTED', `${this.description}: ${reason}`, { cause });
    this.detach(error);
    this.letGo(port);
    this.reportError(error);
    this.emit('disconnect', { peer: this.portOptions.path, reason });
  }

  /** Closes a port the transport no longer uses, remembering the close until it is done. */
  private letGo(port: SerialPortLike): void {
    if (!port.isOpen) return;
    const closing = new Promise<void>((resolve) => port.close(() => resolve())).finally(() => {
      if (this.closing === closing) this.closing = undefined;
    });
    this.closing = closing;
  }

  /**
   * Forgets the port, stops the idle parser's timer and fails the writes in flight with
   * `error`; returns the port that was open.
   */
  private detach(error: XcomTransportError): SerialPortLike | undefined {
    for (const abandon of this.writes) abandon(error);
    this.writes.clear();
    const port = this.port;
    const parser = this.parser;
    const hooks = this.hooks;
    this.port = undefined;
    this.parser = undefined;
    this.hooks = undefined;
    clearInterval(this.wake);
    this.wake = undefined;
    this.lateCheck?.stop();
    this.lateCheck = undefined;
    this.decoder.reset();
    if (port !== undefined && hooks !== undefined) unhook(port, hooks);
    if (parser !== undefined) {
      port?.unpipe(parser);
      parser.removeAllListeners('data');
      if (parser.intervalID !== undefined) clearTimeout(parser.intervalID);
    }
    return port;
  }

  /** Closes the port. Idempotent. */
  async close(): Promise<void> {
    await this.markClosed();
    const port = this.detach(new XcomTransportError('CLOSED', `${this.description} was closed`));
    if (port === undefined) return;
    if (port.isOpen) {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    this.emit('disconnect', { peer: this.portOptions.path, reason: 'closed' });
  }

  /** {@inheritDoc Transport.send} */
  async send(bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
    if (!this.isOpen) throw new XcomTransportError('NOT_OPEN', `${this.description} is not open`);
    options.signal?.throwIfAborted();
    let port = await this.linkFor(options);
    if (!port.isOpen) {
      // Closing under us (the device went away), before its 'close' event: a write now would
      // wait for an 'open' that never comes.
      this.lost(port, GONE);
      port = await this.linkFor(options);
    }
    options.signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      this.writes.add(reject);
      port.write(bytes, (cause) => {
        this.writes.delete(reject);
        if (cause) reject(new XcomTransportError('SEND_FAILED', `${this.description}: ${cause.message}`, { cause }));
        else resolve();
      });
    });
  }
}

/** The listeners a transport puts on its port, removed when it lets the port go. */
interface PortHooks {
  readonly error: (cause: Error) => void;
  readonly data: (chunk: Buffer) => void;
  readonly end: () => void;
  readonly close: (error?: SerialDisconnectError | null) => void;
}

function unhook(port: SerialPortLike, hooks: PortHooks): void {
  port.off('data', hooks.data);
  port.off('end', hooks.end);
  port.off('close', hooks.close);
  port.off('error', hooks.error);
  // A port being closed may still report an error nobody needs; unheard, it would crash.
  if (port.listenerCount('error') === 0) port.on('error', () => undefined);
}
