/**
 * Frames over UDP: an Xcom-LAN whose Moxa NPort runs in UDP mode, or the simulator playing one.
 * @module
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { XcomTransportError } from '../errors.js';
import { BaseTransport } from './base-transport.js';
import type { SendOptions } from './transport.js';
import { IdleTimer } from './idle-timer.js';
import { asBuffer } from './node-bytes.js';
import { checkHost, checkMs, checkPort, hostPort, normalizeAddress } from './options.js';

/** Options of a {@link UdpTransport}. */
export interface UdpTransportOptions {
  /** Host name or IP address of the peer (the Moxa of the Xcom-LAN). Resolved once, at `open()`. */
  readonly host: string;
  /** Remote port the datagrams are sent to. Default 4002, the Moxa's local UDP port in Studer's setup. */
  readonly port?: number;
  /**
   * Local port to bind; the peer's replies arrive here. Default 4001, the destination port
   * configured in the Moxa. 0 lets the system pick a free port (see {@link UdpTransport.localPort}).
   */
  readonly localPort?: number;
  /** Local address to bind. Default: every interface of the peer's address family. */
  readonly bindAddress?: string;
  /**
   * Quiet time after the last datagram after which a partial frame is dropped as a false start.
   * Default 50 ms. 0 treats every datagram as a whole burst (a frame split across datagrams is
   * then lost).
   */
  readonly idleTimeoutMs?: number;
}

/**
 * A UDP link. It binds a local port and sends to the remote host and port: an Xcom-LAN answers
 * to the destination port configured in its Moxa, not to the port a request came from, so the
 * two ports are configured separately. Only datagrams from the remote host's address are
 * accepted (from any source port); others are counted in {@link UdpTransport.ignoredDatagrams}.
 * Datagrams are decoded as they arrive; a frame may span several of them (a Moxa can split
 * one), so the decoder is told the line is idle only after `idleTimeoutMs` without datagrams.
 *
 * The simulator uses the same class the other way round: bind 4002, send to 4001.
 *
 * An ICMP error the system reports (`ECONNREFUSED`: nothing listens on the remote port;
 * `EHOSTUNREACH`, `ENETUNREACH`) emits `disconnect`, as {@link UdpTransport.dropLink} does;
 * the next datagram from the peer emits `connect`. (Linux reports ICMP errors only on a
 * connected UDP socket, and this one is not, so that replies from any source port count:
 * there, the client's timeouts are what finds a dead peer.)
 *
 * `send()` before `open()` rejects with `XcomTransportError` code `NOT_OPEN`. It never waits:
 * there is no link to wait for.
 *
 * @example
 * ```ts
 * // An Xcom-LAN: send to its port 4002, listen on 4001 (the Moxa's destination port).
 * const link = new UdpTransport({ host: '192.168.1.50', port: 4002, localPort: 4001 });
 * await using xcom = new XcomClient(link); // the client opens and closes the link
 * console.log(await xcom.getValue(XcomP.BATT_SOC));
 * ```
 */
export class UdpTransport extends BaseTransport {
  private readonly host: string;
  private readonly port: number;
  private readonly bindPort: number;
  private readonly bindAddress: string | undefined;
  private readonly idleTimer: IdleTimer | undefined;
  private socket: Socket | undefined;
  private remoteAddress: string | undefined;
  private opening: Promise<void> | undefined;
  private ignored = 0;
  /** False once the link was judged dead (`dropLink`, an ICMP error), until the peer is heard again. */
  private linkUp = false;
  private readonly onSocketMessage = (msg: Buffer, rinfo: RemoteInfo): void => this.onMessage(msg, rinfo);
  private readonly onSocketError = (cause: Error): void => {
    if (isUnreachable(cause)) this.unreachable(cause);
    this.reportError(new XcomTransportError('TRANSPORT', `${this.description}: ${cause.message}`, { cause }));
  };

  /** @param options where to send and where to listen */
  constructor(options: UdpTransportOptions) {
    super();
    const owner = 'UdpTransport';
    this.host = checkHost(owner, 'host', options.host);
    this.port = checkPort(owner, 'port', options.port ?? 4002);
    this.bindPort = checkPort(owner, 'localPort', options.localPort ?? 4001, true);
    this.bindAddress =
      options.bindAddress === undefined ? undefined : checkHost(owner, 'bindAddress', options.bindAddress);
    const idleMs = options.idleTimeoutMs ?? 50;
    this.idleTimer = idleMs === 0 ? undefined : new IdleTimer(checkMs(owner, 'idleTimeoutMs', idleMs), () => this.lineIdle());
  }

  /** {@inheritDoc Transport.description} */
  get description(): string {
    return `udp://${hostPort(this.host, this.port)}`;
  }

  /** {@inheritDoc Transport.isOpen} */
  get isOpen(): boolean {
    return this.socket !== undefined;
  }

  /** The local port actually bound (useful with `localPort: 0`); `undefined` while closed. */
  get localPort(): number | undefined {
    return this.socket?.address().port;
  }

  /** Datagrams dropped because they came from another address than the remote host's. */
  get ignoredDatagrams(): number {
    return this.ignored;
  }

  /** Resolves the remote host and binds the local port. Idempotent. */
  async open(): Promise<void> {
    if (this.socket !== undefined) return;
    this.opening ??= this.bind().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async bind(): Promise<void> {
    let resolved: { address: string; family: number };
    try {
      resolved = await lookup(this.host);
    } catch (cause) {
      throw new XcomTransportError('CONNECT_FAILED', `cannot resolve ${this.host} for ${this.description}`, { cause });
    }
    const socket = createSocket(resolved.family === 6 ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        const bindOptions = this.bindAddress === undefined ? { port: this.bindPort } : { port: this.bindPort, address: this.bindAddress };
        socket.bind(bindOptions, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (cause) {
      socket.close();
      const where = hostPort(this.bindAddress ?? '*', this.bindPort);
      throw new XcomTransportError('CONNECT_FAILED', `cannot bind UDP ${where} for ${this.description}: ${String(cause)}`, { cause });
    }
    this.remoteAddress = normalizeAddress(resolved.address);
    socket.on('message', this.onSocketMessage);
    socket.on('error', this.onSocketError);
    this.socket = socket;
    this.linkUp = true;
    this.emit('connect', { peer: this.peer });
  }

  private get peer(): string {
    return hostPort(this.remoteAddress ?? this.host, this.port);
  }

  /**
   * The client judged the link dead. UDP has no connection to re-make: this drops any partial
   * frame and emits `disconnect` with `reason`; the next datagram from the peer emits `connect`
   * again. Does nothing while closed or already down.
   */
  dropLink(reason: string): void {
    if (this.socket === undefined || !this.linkUp) return;
    this.linkUp = false;
    this.idleTimer?.stop();
    this.decoder.reset();
    this.emit('disconnect', { peer: this.peer, reason });
  }

  /** The system reported the peer unreachable (an ICMP error): the link is down. */
  private unreachable(cause: Error): void {
    this.dropLink(`peer unreachable (${(cause as NodeJS.ErrnoException).code ?? cause.message})`);
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    if (normalizeAddress(rinfo.address) !== this.remoteAddress) {
      this.ignored++;
      return;
    }
    if (!this.linkUp) {
      this.linkUp = true;
      this.emit('connect', { peer: this.peer });
    }
    this.receive(msg);
    if (this.idleTimer === undefined) this.lineIdle();
    else if (this.decoder.buffered > 0) this.idleTimer.restart();
    else this.idleTimer.stop();
  }

  /** Releases the local port. Idempotent. */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const socket = this.socket;
    if (socket === undefined) return;
    this.socket = undefined;
    this.linkUp = false;
    this.idleTimer?.stop();
    this.decoder.reset();
    socket.off('message', this.onSocketMessage);
    socket.off('error', this.onSocketError);
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /** {@inheritDoc Transport.send} */
  async send(bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    const socket = this.socket;
    const address = this.remoteAddress;
    if (socket === undefined || address === undefined) {
      throw new XcomTransportError('NOT_OPEN', `${this.description} is not open`);
    }
    await new Promise<void>((resolve, reject) => {
      socket.send(asBuffer(bytes), this.port, address, (cause) => {
        if (cause === null || cause === undefined) {
          resolve();
          return;
        }
        if (isUnreachable(cause)) this.unreachable(cause);
        reject(new XcomTransportError('SEND_FAILED', `${this.description}: ${cause.message}`, { cause }));
      });
    });
  }
}

/** Error codes by which the system passes on an ICMP "unreachable". */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ECONNRESET']);

function isUnreachable(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && UNREACHABLE.has(code);
}
