/**
 * Frames over a TCP connection that we open: a Moxa in "TCP Server" mode, ser2net, socat, or a
 * {@link TcpServerTransport} on the other end.
 * @module
 */
import { connect, type Socket } from 'node:net';
import { XcomTransportError } from '../errors.js';
import { ReconnectingTransport, type ReconnectPolicy } from './reconnecting-transport.js';
import type { SendOptions } from './transport.js';
import { checkHost, checkMs, checkPort, hostPort } from './options.js';
import { SocketLink } from './socket-link.js';

/** Options of a {@link TcpClientTransport}. */
export interface TcpClientTransportOptions extends ReconnectPolicy {
  /** Host name or IP address to connect to. */
  readonly host: string;
  /** Port to connect to. Default 4001, a Moxa NPort's default local TCP port. */
  readonly port?: number;
  /**
   * How long one connection attempt may take before it fails with `CONNECT_FAILED`. Default
   * 5000 ms. (How long a send waits for a connection, across attempts, is its own
   * `connectTimeoutMs`.)
   */
  readonly connectTimeoutMs?: number;
  /** Quiet time after which a partial frame is dropped as a false start. Default 200 ms. */
  readonly idleTimeoutMs?: number;
}

/**
 * A TCP connection to a listener. `open()` connects (and rejects with `CONNECT_FAILED` when it
 * cannot). When the connection drops, or {@link TcpClientTransport.dropLink} drops it as dead,
 * a `disconnect` event is emitted, the transport stays open, and the next `send()` connects
 * again (emitting `waiting`, then `connect`; with `connectTimeoutMs`, failed attempts are
 * retried with backoff until then). `send()` before `open()` rejects with code `NOT_OPEN`.
 *
 * TCP keepalive is on, but nothing relies on it: Node sets only its initial delay, and Linux's
 * probes then take about 11 minutes to declare a silent peer dead. A half-open connection is
 * found by the client's timeouts, which call `dropLink()`.
 *
 * @example
 * ```ts
 * // A Moxa in "TCP Server" mode, ser2net, or socat: we connect.
 * const link = new TcpClientTransport({ host: '192.168.1.50', port: 4001, reconnect: { maxMs: 10_000 } });
 * link.on('disconnect', (info) => console.log('link lost:', info.reason));
 * await using xcom = new XcomClient(link);
 * console.log(await xcom.getValue(XcomP.BATT_SOC)); // connects, and connects again after a drop
 * ```
 */
export class TcpClientTransport extends ReconnectingTransport<SocketLink> {
  private readonly host: string;
  private readonly port: number;
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private link: SocketLink | undefined;
  private abortConnect: ((error: XcomTransportError) => void) | undefined;

  /** @param options where to connect */
  constructor(options: TcpClientTransportOptions) {
    const owner = 'TcpClientTransport';
    super(options, owner);
    this.host = checkHost(owner, 'host', options.host);
    this.port = checkPort(owner, 'port', options.port ?? 4001);
    this.connectTimeoutMs = checkMs(owner, 'connectTimeoutMs', options.connectTimeoutMs ?? 5000);
    this.idleTimeoutMs = checkMs(owner, 'idleTimeoutMs', options.idleTimeoutMs ?? 200);
  }

  /** {@inheritDoc Transport.description} */
  get description(): string {
    return `tcp://${hostPort(this.host, this.port)}`;
  }

  /** Whether a connection is up right now (it may drop and be re-made while the transport is open). */
  get isConnected(): boolean {
    return this.link !== undefined;
  }

  /**
   * {@inheritDoc ReconnectingTransport.currentLink}
   * @internal
   */
  protected currentLink(): SocketLink | undefined {
    return this.link;
  }

  /**
   * {@inheritDoc ReconnectingTransport.establish}
   * @internal
   */
  protected establish(): Promise<SocketLink> {
    return this.dial();
  }

  /**
   * {@inheritDoc ReconnectingTransport.dropCurrentLink}
   * @internal
   */
  protected dropCurrentLink(reason: string): void {
    const link = this.link;
    if (link === undefined) return;
    this.link = undefined;
    link.destroy();
    this.decoder.reset();
    this.emit('disconnect', { peer: link.peer, reason });
  }

  /**
   * {@inheritDoc ReconnectingTransport.waitingFor}
   * @internal
   */
  protected waitingFor(): string {
    return `a connection to ${hostPort(this.host, this.port)}`;
  }

  private dial(): Promise<SocketLink> {
    return new Promise((resolve, reject) => {
      const socket: Socket = connect({ host: this.host, port: this.port });
      const fail = (error: XcomTransportError): void => {
        clearTimeout(timer);
        this.abortConnect = undefined;
        socket.removeAllListeners('connect');
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new XcomTransportError('CONNECT_FAILED', `cannot connect to ${this.description} within ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      this.abortConnect = fail;
      socket.once('error', (cause) => {
        fail(new XcomTransportError('CONNECT_FAILED', `cannot connect to ${this.description}: ${cause.message}`, { cause }));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        this.abortConnect = undefined;
        socket.removeAllListeners('error');
        const link = this.attach(socket);
        resolve(link);
      });
    });
  }

  private attach(socket: Socket): SocketLink {
    const link = new SocketLink(socket, this.idleTimeoutMs, {
      data: (chunk) => this.receive(chunk),
      idle: () => this.lineIdle(),
      buffered: () => this.decoder.buffered > 0,
      failed: (failed, cause) => {
        this.reportError(new XcomTransportError('DISCONNECTED', `${this.description}: ${failed.peer}: ${cause.message}`, { cause }));
      },
      closed: (closed, reason) => {
        if (this.link !== closed) return;
        this.link = undefined;
        this.decoder.reset();
        this.emit('disconnect', { peer: closed.peer, reason });
      },
    });
    this.link = link;
    this.emit('connect', { peer: link.peer });
    return link;
  }

  /** Disconnects. Idempotent. */
  async close(): Promise<void> {
    this.abortConnect?.(new XcomTransportError('CLOSED', `${this.description} was closed while connecting`));
    await this.markClosed();
    const link = this.link;
    this.link = undefined;
    this.decoder.reset();
    if (link === undefined) return;
    link.destroy();
    this.emit('disconnect', { peer: link.peer, reason: 'closed' });
  }

  /** {@inheritDoc Transport.send} */
  async send(bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
    if (!this.isOpen) throw new XcomTransportError('NOT_OPEN', `${this.description} is not open`);
    options.signal?.throwIfAborted();
    const link = await this.linkFor(options);
    options.signal?.throwIfAborted();
    try {
      await link.write(bytes);
    } catch (cause) {
      throw new XcomTransportError('SEND_FAILED', `${this.description}: cannot write to ${link.peer}`, { cause });
    }
  }
}
