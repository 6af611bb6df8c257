/**
 * Frames over a TCP connection that the peer opens: an Xcom-LAN whose Moxa runs in "TCP Client"
 * mode (Studer's recommended setup) connects to us.
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import { XcomTransportError } from '../errors.js';
import { BaseTransport } from './base-transport.js';
import type { SendOptions } from './transport.js';
import { checkHost, checkIpList, checkMs, checkPort, hostPort, normalizeAddress } from './options.js';
import { SocketLink } from './socket-link.js';

/** Options of a {@link TcpServerTransport}. */
export interface TcpServerTransportOptions {
  /** Port to listen on. Default 4001, the destination port Studer's Moxa setup uses. 0 picks a free port. */
  readonly port?: number;
  /** Address to listen on. Default: every interface. */
  readonly host?: string;
  /** Peer IP addresses allowed to connect. Default: anyone. Others are disconnected at once. */
  readonly allow?: readonly string[];
  /** How long `send()` waits for a peer to connect before it rejects with `NO_PEER`. Default 15000 ms. */
  readonly connectTimeoutMs?: number;
  /** Quiet time after which a partial frame is dropped as a false start. Default 200 ms. */
  readonly idleTimeoutMs?: number;
}

interface PeerWaiter {
  readonly resolve: (link: SocketLink) => void;
  readonly reject: (error: XcomTransportError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * A TCP listener whose one connected peer is the link. A new connection replaces the current
 * one (a Moxa reconnects after a reset; the old connection gets a `disconnect` event).
 * `open()` resolves once listening; `send()` while nobody is connected waits up to
 * `connectTimeoutMs` for a peer, then rejects with `XcomTransportError` code `NO_PEER`.
 * `send()` before `open()` rejects with code `NOT_OPEN`.
 *
 * @example
 * ```ts
 * // The Moxa (TCP Client mode) has this machine as destination, port 4001.
 * await using link = new TcpServerTransport({ port: 4001, allow: ['192.168.1.50'] });
 * await link.open();
 * ```
 */
export class TcpServerTransport extends BaseTransport {
  private readonly port: number;
  private readonly host: string | undefined;
  private readonly allow: readonly string[] | undefined;
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private server: Server | undefined;
  private opening: Promise<void> | undefined;
  private link: SocketLink | undefined;
  private readonly waiters = new Set<PeerWaiter>();

  /** @param options where to listen and whom to accept */
  constructor(options: TcpServerTransportOptions = {}) {
    super();
    const owner = 'TcpServerTransport';
    this.port = checkPort(owner, 'port', options.port ?? 4001, true);
    this.host = options.host === undefined ? undefined : checkHost(owner, 'host', options.host);
    this.allow = options.allow === undefined ? undefined : checkIpList(owner, 'allow', options.allow);
    this.connectTimeoutMs = checkMs(owner, 'connectTimeoutMs', options.connectTimeoutMs ?? 15_000);
    this.idleTimeoutMs = checkMs(owner, 'idleTimeoutMs', options.idleTimeoutMs ?? 200);
  }

  /** {@inheritDoc Transport.description} */
  get description(): string {
    return `tcp-listen://${hostPort(this.host ?? '0.0.0.0', this.localPort ?? this.port)}`;
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

  /** Starts listening (it does not wait for a peer). Idempotent. */
  async open(): Promise<void> {
    if (this.server !== undefined) return;
    this.opening ??= this.listen().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async listen(): Promise<void> {
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

  private onConnection(socket: Socket): void {
    const address = normalizeAddress(socket.remoteAddress ?? '');
    if (this.allow !== undefined && !this.allow.includes(address)) {
      socket.on('error', () => undefined);
      socket.destroy();
      this.reportError(
        new XcomTransportError('TRANSPORT', `${this.description}: refused a connection from ${address} (not in allow)`),
      );
      return;
    }
    const link = new SocketLink(socket, this.idleTimeoutMs, {
      data: (chunk) => this.receive(chunk),
      idle: () => this.lineIdle(),
      buffered: () => this.decoder.buffered > 0,
      failed: (_link, cause) => {
        this.reportError(new XcomTransportError('DISCONNECTED', `${this.description}: ${_link.peer}: ${cause.message}`, { cause }));
      },
      closed: (closed, reason) => {
        if (this.link !== closed) return;
        this.link = undefined;
        this.decoder.reset();
        this.emit('disconnect', { peer: closed.peer, reason });
      },
    });
    const old = this.link;
    this.link = link;
    if (old !== undefined) {
      old.destroy();
      // Bytes of the old connection cannot complete a frame of the new one.
      this.decoder.reset();
      this.emit('disconnect', { peer: old.peer, reason: `replaced by a new connection from ${link.peer}` });
    }
    this.emit('connect', { peer: link.peer });
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(link);
    }
    this.waiters.clear();
  }

  /** Disconnects the peer, stops listening, and rejects sends waiting for a peer (`CLOSED`). Idempotent. */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new XcomTransportError('CLOSED', `${this.description} was closed while waiting for a peer`));
    }
    this.waiters.clear();
    const link = this.link;
    this.link = undefined;
    if (link !== undefined) {
      link.destroy();
      this.emit('disconnect', { peer: link.peer, reason: 'closed' });
    }
    this.decoder.reset();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** {@inheritDoc Transport.send} */
  async send(bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
    if (this.server === undefined) throw new XcomTransportError('NOT_OPEN', `${this.description} is not open`);
    options.signal?.throwIfAborted();
    const link = this.link ?? (await this.waitForPeer(options.signal));
    options.signal?.throwIfAborted();
    try {
      await link.write(bytes);
    } catch (cause) {
      throw new XcomTransportError('SEND_FAILED', `${this.description}: cannot write to ${link.peer}`, { cause });
    }
  }

  private waitForPeer(signal: AbortSignal | undefined): Promise<SocketLink> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        reject(signal?.reason);
      };
      const waiter: PeerWaiter = {
        resolve: (link) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(link);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        timer: setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          reject(
            new XcomTransportError(
              'NO_PEER',
              `nobody connected to ${this.description} within ${this.connectTimeoutMs} ms: check the Moxa's ` +
                `destination IP address and port (operation mode "TCP Client", destination = this machine, ` +
                `port ${this.localPort ?? this.port})${this.allow === undefined ? '' : ` and the allow list`}`,
            ),
          );
        }, this.connectTimeoutMs),
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
