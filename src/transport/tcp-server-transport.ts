/**
 * Frames over a TCP connection that the peer opens: an Xcom-LAN whose Moxa runs in "TCP Client"
 * mode (Studer's recommended setup) connects to us.
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import { XcomTransportError } from '../errors.js';
import { AllowList } from './allow-list.js';
import { BaseTransport } from './base-transport.js';
import { type LinkTimers, systemTimers } from './link-timers.js';
import { waitForLink } from './link-wait.js';
import type { SendOptions } from './transport.js';
import { checkHost, checkMs, checkPort, hostPort, isLoopbackHost, normalizeAddress } from './options.js';
import { SocketLink } from './socket-link.js';

/** Options of a {@link TcpServerTransport}. */
export interface TcpServerTransportOptions {
  /** Port to listen on. Default 4001, the destination port Studer's Moxa setup uses. 0 picks a free port. */
  readonly port?: number;
  /**
   * Address to listen on. Default: every interface, since the Moxa connects from the LAN (then
   * set `allow`: without it, a warning is emitted).
   */
  readonly host?: string;
  /**
   * Peers allowed to connect: IP addresses and CIDR ranges, IPv4 or IPv6 (`192.168.1.50`,
   * `192.168.1.0/24`, `fd00::/8`); an IPv4-mapped address (`::ffff:192.168.1.50`) matches its
   * IPv4 form. Default: anyone. Others are disconnected at once (reported as an `error`).
   */
  readonly allow?: readonly string[];
  /**
   * How long a `send()` that does not say (its own `connectTimeoutMs`) waits for a peer before
   * it rejects with `NO_LINK`. Default 15000 ms.
   */
  readonly connectTimeoutMs?: number;
  /** Quiet time after which a partial frame is dropped as a false start. Default 200 ms. */
  readonly idleTimeoutMs?: number;
  /** Where waits are timed (default the global timers; tests inject a fake clock). */
  readonly timers?: LinkTimers;
}

/** A newcomer held while the live link is healthy: it reads nothing but its close. */
interface HeldPeer {
  readonly socket: Socket;
  readonly peer: string;
  readonly onData: (chunk: Buffer) => void;
  readonly onClose: () => void;
}

/**
 * Bytes a held newcomer may send before it is closed. A Moxa sends nothing unasked, and the
 * link is request/response, so whatever a held peer sends is discarded, unread by anyone.
 */
const HELD_BYTES_LIMIT = 4096;

/** The code of the warning about listening on the network without `allow`. */
export const OPEN_LISTENER_WARNING = 'XCOM_OPEN_LISTENER';

/**
 * A TCP listener whose one connected peer is the link. A newcomer never takes over a live
 * link, whatever its address: it is held (one at a time; a later newcomer replaces the held
 * one, which is closed, and a held one that talks more than a few KB is closed too) until the
 * live peer closes or is dropped as dead ({@link TcpServerTransport.dropLink}, which the
 * client calls after repeated timeouts), and then becomes the link. So a Moxa that reconnects
 * after a reset takes over once its half-open old connection has failed, while a host on the
 * LAN can neither hijack a working link nor cut it. Set `allow` as well: a peer that connects
 * while there is no live link becomes it.
 *
 * `open()` resolves once listening; a `send()` while nobody is connected emits `waiting` and
 * waits up to its `connectTimeoutMs` (default the option's, 15 s) for a peer, then rejects with
 * `XcomTransportError` code `NO_LINK`. `send()` before `open()` rejects with code `NOT_OPEN`.
 * Listening on a non-loopback address without `allow` emits one process warning (code
 * `XCOM_OPEN_LISTENER`). TCP keepalive is on, but not relied on (see {@link TcpClientTransport}).
 *
 * @example
 * ```ts
 * // The Moxa (TCP Client mode) has this machine as destination, port 4001.
 * const link = new TcpServerTransport({ port: 4001, allow: ['192.168.1.50'] });
 * link.on('connect', (info) => console.log('the Moxa connected from', info.peer));
 * await using xcom = new XcomClient(link);
 * await xcom.open(); // listens; the first request waits for the Moxa (connectTimeoutMs)
 * console.log(await xcom.getValue(XcomP.BATT_SOC));
 * ```
 */
export class TcpServerTransport extends BaseTransport {
  private readonly port: number;
  private readonly host: string | undefined;
  private readonly allow: AllowList | undefined;
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly timers: LinkTimers;
  private server: Server | undefined;
  private opening: Promise<void> | undefined;
  private link: SocketLink | undefined;
  private held: HeldPeer | undefined;
  private warned = false;
  private readonly waiters = new Set<(link: SocketLink | XcomTransportError) => void>();

  /** @param options where to listen and whom to accept */
  constructor(options: TcpServerTransportOptions = {}) {
    super();
    const owner = 'TcpServerTransport';
    this.port = checkPort(owner, 'port', options.port ?? 4001, true);
    this.host = options.host === undefined ? undefined : checkHost(owner, 'host', options.host);
    this.allow = options.allow === undefined ? undefined : AllowList.parse(owner, 'allow', options.allow);
    this.connectTimeoutMs = checkMs(owner, 'connectTimeoutMs', options.connectTimeoutMs ?? 15_000);
    this.idleTimeoutMs = checkMs(owner, 'idleTimeoutMs', options.idleTimeoutMs ?? 200);
    this.timers = options.timers ?? systemTimers;
  }

  /** {@inheritDoc Transport.description} */
  get description(): string {
    return `tcp-listen://${this.address}`;
  }

  private get address(): string {
    return hostPort(this.host ?? '0.0.0.0', this.localPort ?? this.port);
  }

  /** {@inheritDoc Transport.isOpen} */
  get isOpen(): boolean {
    return this.server !== undefined;
  }

  /** The port actually listened on (useful with `port: 0`); `undefined` while closed. */
  get localPort(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  /** The connected peer's `address:port`, or `undefined` while nobody is connected. */
  get peer(): string | undefined {
    return this.link?.peer;
  }

  /** The newcomer held while the live link is healthy (`address:port`), if any. */
  get heldPeer(): string | undefined {
    return this.held?.peer;
  }

  /** Starts listening (it does not wait for a peer). Idempotent. */
  async open(): Promise<void> {
    if (this.server !== undefined) return;
    this.opening ??= this.listen().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async listen(): Promise<void> {
    this.warnIfOpen();
    const server = createServer((socket) => this.onConnection(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        const options = this.host === undefined ? { port: this.port } : { port: this.port, host: this.host };
        server.listen(options, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (cause) {
      server.close();
      throw new XcomTransportError('CONNECT_FAILED', `cannot listen on ${this.description}: ${String(cause)}`, { cause });
    }
    server.on('error', (cause) => {
      this.reportError(new XcomTransportError('TRANSPORT', `${this.description}: ${cause.message}`, { cause }));
    });
    this.server = server;
  }

  /** Listening on the network without `allow`: say so once, since any host there may connect. */
  private warnIfOpen(): void {
    if (this.warned || this.allow !== undefined || isLoopbackHost(this.host)) return;
    this.warned = true;
    process.emitWarning(
      `${this.description} accepts a connection from any host on the network: ` +
        `set allow to the Moxa's address (allow: ['192.168.1.50'], ?allow=192.168.1.0/24, --allow)`,
      { type: 'XcomWarning', code: OPEN_LISTENER_WARNING },
    );
  }

  private onConnection(socket: Socket): void {
    const address = normalizeAddress(socket.remoteAddress ?? '');
    if (this.server === undefined || (this.allow !== undefined && !this.allow.allows(address))) {
      socket.on('error', () => undefined);
      socket.destroy();
      if (this.server !== undefined) {
        this.reportError(
          new XcomTransportError('TRANSPORT', `${this.description}: refused a connection from ${address} (not in allow ${this.allow?.toString() ?? ''})`),
        );
      }
      return;
    }
    if (this.link === undefined) this.adopt(socket);
    else this.hold(socket);
  }

  /** Keeps a newcomer aside, replacing the one held before. */
  private hold(socket: Socket): void {
    let bytes = 0;
    const held: HeldPeer = {
      socket,
      peer: hostPort(normalizeAddress(socket.remoteAddress ?? 'unknown'), socket.remotePort ?? 0),
      onData: (chunk) => {
        bytes += chunk.length;
        if (bytes > HELD_BYTES_LIMIT) this.release(held);
      },
      onClose: () => {
        if (this.held === held) this.held = undefined;
      },
    };
    const previous = this.held;
    this.held = held;
    if (previous !== undefined) this.release(previous);
    socket.on('error', ignore);
    socket.on('data', held.onData);
    socket.on('close', held.onClose);
  }

  /** Closes a held newcomer. */
  private release(held: HeldPeer): void {
    if (this.held === held) this.held = undefined;
    unhook(held);
    held.socket.destroy();
  }

  /** The live link is gone: the held newcomer, if still there, becomes the link. */
  private promote(): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    unhook(held);
    if (held.socket.destroyed) return;
    this.adopt(held.socket);
  }

  private adopt(socket: Socket): void {
    const link = new SocketLink(socket, this.idleTimeoutMs, {
      data: (chunk) => this.receive(chunk),
      idle: () => this.lineIdle(),
      buffered: () => this.decoder.buffered > 0,
      failed: (failed, cause) => {
        this.reportError(new XcomTransportError('DISCONNECTED', `${this.description}: ${failed.peer}: ${cause.message}`, { cause }));
      },
      closed: (closed, reason) => {
        if (this.link !== closed) return;
        this.lose(closed, reason);
      },
    });
    this.link = link;
    this.emit('connect', { peer: link.peer });
    for (const wake of this.waiters) wake(link);
    this.waiters.clear();
  }

  /** Forgets the live link, reports it gone, and takes the held newcomer if there is one. */
  private lose(link: SocketLink, reason: string): void {
    this.link = undefined;
    // Bytes of the old connection cannot complete a frame of the next one.
    this.decoder.reset();
    this.emit('disconnect', { peer: link.peer, reason });
    if (this.server !== undefined) this.promote();
  }

  /**
   * The client judged the link dead (for example several consecutive timeouts on a half-open
   * connection): closes the live peer (`disconnect` with `reason`), then takes the held
   * newcomer as the link, or waits for a peer again. Does nothing without a live peer.
   */
  dropLink(reason: string): void {
    const link = this.link;
    if (link === undefined || this.server === undefined) return;
    link.destroy();
    this.lose(link, reason);
  }

  /** Disconnects the peer (and a held newcomer), stops listening, and rejects sends waiting for a peer (`CLOSED`). Idempotent. */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    const closed = new XcomTransportError('CLOSED', `${this.description} was closed while waiting for a peer`);
    for (const wake of this.waiters) wake(closed);
    this.waiters.clear();
    const held = this.held;
    if (held !== undefined) this.release(held);
    const link = this.link;
    this.link = undefined;
    if (link !== undefined) {
      link.destroy();
      this.emit('disconnect', { peer: link.peer, reason: 'closed' });
    }
    this.decoder.reset();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.removeAllListeners();
  }

  /** {@inheritDoc Transport.send} */
  async send(bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
    if (this.server === undefined) throw new XcomTransportError('NOT_OPEN', `${this.description} is not open`);
    options.signal?.throwIfAborted();
    const link = this.link ?? (await this.waitForPeer(options));
    options.signal?.throwIfAborted();
    try {
      await link.write(bytes);
    } catch (cause) {
      throw new XcomTransportError('SEND_FAILED', `${this.description}: cannot write to ${link.peer}`, { cause });
    }
  }

  private waitForPeer(options: SendOptions): Promise<SocketLink> {
    const timeoutMs = options.connectTimeoutMs ?? this.connectTimeoutMs;
    this.emit('waiting', { for: `the Moxa to connect to ${this.address}`, timeoutMs });
    return waitForLink(
      (stop) =>
        new Promise<SocketLink>((resolve, reject) => {
          const wake = (outcome: SocketLink | XcomTransportError): void => {
            if (outcome instanceof XcomTransportError) reject(outcome);
            else resolve(outcome);
          };
          this.waiters.add(wake);
          stop.addEventListener('abort', () => this.waiters.delete(wake), { once: true });
        }),
      {
        timeoutMs,
        signal: options.signal,
        timers: this.timers,
        timedOut: () =>
          new XcomTransportError(
            'NO_LINK',
            `no Moxa connected to ${this.address} within ${timeoutMs} ms: check the Moxa's destination ` +
              `IP address and port (operation mode "TCP Client", destination = this machine, ` +
              `port ${this.localPort ?? this.port})${this.allow === undefined ? '' : ` and the allow list (${this.allow.toString()})`}`,
          ),
      },
    );
  }
}

function unhook(held: HeldPeer): void {
  held.socket.off('data', held.onData);
  held.socket.off('close', held.onClose);
}

function ignore(): void {
  // A held newcomer's errors matter to nobody: it is closed or adopted.
}
