/**
 * The simulator's TCP listener: a Moxa in "TCP server" mode, serving several connections at
 * once, each its own link with its own decoder.
 * @module
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { XcomTransportError, XcomValidationError } from '../errors.js';
import type { Frame } from '../protocol/frame.js';
import { FrameDecoder, type FrameDecoderStats } from '../protocol/frame-decoder.js';
import { hostPort } from '../transport/options.js';
import { SocketLink } from '../transport/socket-link.js';
import type { FrameListener, TransportEventMap } from '../transport/transport.js';
import type { LinkHandler, MultiLinkTransport, SimLink } from './sim-link.js';

/** Options of a {@link SimTcpListener}. */
export interface SimTcpListenerOptions {
  /** The port to listen on; 0 (default) picks a free one, kept when the listener reopens. */
  readonly port?: number;
  /** The address to listen on (default `'127.0.0.1'`). */
  readonly host?: string;
  /** The most connections served at once (default 4); more are closed at once and counted. */
  readonly maxConnections?: number;
  /** Quiet time after which a partial frame is dropped as a false start (default 200 ms). */
  readonly idleTimeoutMs?: number;
}

/** Bytes decoded between two looks at whether the link still has room: about ten requests. */
const SLICE = 256;

/** What a {@link Connection} asks and tells its listener. */
interface ConnectionEvents {
  readonly frames: (connection: Connection, frames: Frame[]) => void;
  readonly closed: (connection: Connection, reason: string) => void;
  /** Whether frames from `connection` would be taken now (else its bytes are thrown away). */
  readonly hasRoom: (connection: Connection) => boolean;
  readonly discarded: (connection: Connection, bytes: number) => void;
}

/** One accepted connection: a link with its own decoder. */
class Connection implements SimLink {
  readonly decoder = new FrameDecoder();
  readonly socket: SocketLink;
  private up = true;
  private throttled = false;

  constructor(
    private readonly raw: Socket,
    idleMs: number,
    events: ConnectionEvents,
  ) {
    this.socket = new SocketLink(raw, idleMs, {
      data: (chunk) => this.receive(chunk, events),
      idle: () => events.frames(this, this.decoder.idle()),
      buffered: () => this.decoder.buffered > 0,
      // A reset peer is simply gone: the close that follows ends its link.
      failed: () => undefined,
      closed: (_link, reason) => events.closed(this, reason),
    });
  }

  get peer(): string {
    return this.socket.peer;
  }

  /**
   * Decodes `chunk` a slice at a time while the link has room for replies; once it has none,
   * the rest is thrown away undecoded (with the partial frame it would have completed):
   * decoding a flood only to drop its requests would cost its whole rate in CPU.
   */
  private receive(chunk: Buffer, events: ConnectionEvents): void {
    for (let at = 0; at < chunk.length; at += SLICE) {
      if (!this.up) return;
      if (!events.hasRoom(this)) {
        events.discarded(this, chunk.length - at + this.decoder.buffered);
        this.decoder.reset();
        break;
      }
      events.frames(this, this.decoder.push(chunk.subarray(at, at + SLICE)));
    }
    if (this.up && !events.hasRoom(this)) this.throttle();
  }

  /**
   * Reads no more of this connection for a millisecond: libuv would otherwise read up to 32
   * chunks of a flood in a row while the other clients wait, and a flood it has no room for
   * would take a whole core.
   */
  private throttle(): void {
    if (this.throttled) return;
    this.throttled = true;
    this.raw.pause();
    setTimeout(() => {
      this.throttled = false;
      if (this.up) this.raw.resume();
    }, 1);
  }

  get isUp(): boolean {
    return this.up;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.up) return Promise.reject(new XcomTransportError('DISCONNECTED', `${this.peer} is gone`));
    return this.socket.write(bytes);
  }

  /** Marks the link gone and closes its socket; false when it already was. */
  end(): boolean {
    if (!this.up) return false;
    this.up = false;
    this.socket.destroy();
    return true;
  }
}

function addStats(into: FrameDecoderStats, from: Readonly<FrameDecoderStats>): void {
  for (const key of Object.keys(into) as (keyof FrameDecoderStats)[]) into[key] += from[key];
}

/**
 * A TCP listener serving up to `maxConnections` clients at once, as a Moxa NPort in "TCP
 * server" mode does; a connection beyond that is closed at once and reported to the link
 * handler. Each connection is a link of its own: its frames are decoded apart from the
 * others', and its replies go to it alone. `send()` writes to every connection (injected
 * bytes).
 */
export class SimTcpListener extends EventEmitter<TransportEventMap> implements MultiLinkTransport {
  private port: number;
  private readonly host: string;
  private readonly maxConnections: number;
  private readonly idleTimeoutMs: number;
  private server: Server | undefined;
  private opening: Promise<void> | undefined;
  private readonly connections = new Set<Connection>();
  private handler: LinkHandler | undefined;
  private frameListener: FrameListener | undefined;
  private readonly pastStats: FrameDecoderStats = new FrameDecoder().stats;

  /** @param options where to listen, how many clients at once */
  constructor(options: SimTcpListenerOptions = {}) {
    super();
    this.port = options.port ?? 0;
    this.host = options.host ?? '127.0.0.1';
    this.maxConnections = options.maxConnections ?? 4;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 200;
    if (!Number.isInteger(this.maxConnections) || this.maxConnections < 1) {
      throw new XcomValidationError(`maxConnections must be a positive integer, got ${String(options.maxConnections)}`, 'maxConnections');
    }
  }

  /** {@inheritDoc Transport.description} */
  get description(): string {
    return `tcp-listen://${hostPort(this.host, this.localPort ?? this.port)}`;
  }

  /** {@inheritDoc Transport.isOpen} */
  get isOpen(): boolean {
    return this.server !== undefined;
  }

  /** The port listened on; `undefined` while closed. */
  get localPort(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  /** {@inheritDoc MultiLinkTransport.links} */
  get links(): readonly SimLink[] {
    return [...this.connections];
  }

  /** The decoders' counters, summed over every connection so far. */
  get decoderStats(): Readonly<FrameDecoderStats> {
    const total = { ...this.pastStats };
    for (const c of this.connections) addStats(total, c.decoder.stats);
    return total;
  }

  /** {@inheritDoc Transport.setFrameListener} */
  setFrameListener(listener: FrameListener | undefined): void {
    this.frameListener = listener;
  }

  /** {@inheritDoc MultiLinkTransport.setLinkHandler} */
  setLinkHandler(handler: LinkHandler | undefined): void {
    this.handler = handler;
  }

  /** Starts listening. Idempotent. */
  async open(): Promise<void> {
    if (this.server !== undefined) return;
    this.opening ??= this.listen().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async listen(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: this.port, host: this.host }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (cause) {
      server.close();
      throw new XcomTransportError('CONNECT_FAILED', `cannot listen on ${this.description}: ${String(cause)}`, { cause });
    }
    server.on('error', (cause) => this.reportError(new XcomTransportError('TRANSPORT', `${this.description}: ${cause.message}`, { cause })));
    this.server = server;
    // Reopening keeps the port: clients told where to connect can still find us.
    this.port = this.localPort ?? this.port;
  }

  private accept(socket: Socket): void {
    if (this.server === undefined || this.connections.size >= this.maxConnections) {
      const peer = hostPort(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
      socket.on('error', () => undefined);
      socket.destroy();
      this.handler?.refused(peer);
      return;
    }
    const connection = new Connection(socket, this.idleTimeoutMs, {
      frames: (c, frames) => this.deliver(c, frames),
      closed: (c, reason) => this.ended(c, reason),
      hasRoom: (c) => this.handler?.hasRoom(c) ?? true,
      discarded: (c, bytes) => this.handler?.discarded(c, bytes),
    });
    this.connections.add(connection);
    this.emit('connect', { peer: connection.peer });
  }

  private deliver(connection: Connection, frames: Frame[]): void {
    for (const frame of frames) {
      // A frame handler may drop the link: the rest of the chunk is then dropped with it.
      if (!connection.isUp) return;
      if (this.handler !== undefined) this.handler.frame(frame, connection);
      else this.frameListener?.(frame);
    }
  }

  private ended(connection: Connection, reason: string): void {
    connection.end();
    if (!this.connections.delete(connection)) return;
    addStats(this.pastStats, connection.decoder.stats);
    this.handler?.ended(connection);
    this.emit('disconnect', { peer: connection.peer, reason });
  }

  /** {@inheritDoc MultiLinkTransport.closeLink} */
  async closeLink(link: SimLink): Promise<void> {
    if (link instanceof Connection) this.ended(link, 'dropped by the simulator');
  }

  /** Closes every connection and stops listening. Idempotent. */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const connection of [...this.connections]) this.ended(connection, 'closed');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.removeAllListeners();
  }

  /** Writes `bytes` to every connection; rejects with `NO_PEER` when nobody is connected. */
  async send(bytes: Uint8Array): Promise<void> {
    if (this.server === undefined) throw new XcomTransportError('NOT_OPEN', `${this.description} is not open`);
    if (this.connections.size === 0) throw new XcomTransportError('NO_PEER', `nobody is connected to ${this.description}`);
    try {
      await Promise.all([...this.connections].map((c) => c.write(bytes)));
    } catch (cause) {
      throw new XcomTransportError('SEND_FAILED', `${this.description}: ${String(cause)}`, { cause });
    }
  }

  /** Closes the listener (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private reportError(error: XcomTransportError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}
