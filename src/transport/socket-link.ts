/**
 * One TCP connection carrying frames, shared by the listening and the connecting transport:
 * bytes to the decoder at once, an idle timer while a partial frame is buffered, writes as
 * promises, and a teardown that leaves no listener able to crash the process.
 * @module
 */
import type { Socket } from 'node:net';
import { IdleTimer } from './idle-timer.js';
import { asBuffer } from './node-bytes.js';
import { hostPort, normalizeAddress } from './options.js';

/** What a {@link SocketLink} reports to the transport that owns it. */
export interface SocketLinkHandlers {
  /** Bytes arrived. */
  readonly data: (chunk: Buffer) => void;
  /** The line stayed quiet for the idle interval while bytes were buffered. */
  readonly idle: () => void;
  /** Whether the decoder still holds a partial frame (so the idle timer is worth running). */
  readonly buffered: () => boolean;
  /** The connection ended without {@link SocketLink.destroy} being called. */
  readonly closed: (link: SocketLink, reason: string) => void;
  /** The socket failed (reported before `closed`). */
  readonly failed: (link: SocketLink, error: Error) => void;
}

/**
 * The keepalive's initial delay. Node sets only this; the probe interval and count stay the
 * system's (Linux: 9 probes 75 s apart), so a dead peer takes about 11 minutes to show: the
 * keepalive is a bonus, the client's consecutive-timeout rule is what drops a silent link.
 */
const KEEPALIVE_DELAY_MS = 30_000;

/** A connected socket wired to a transport. */
export class SocketLink {
  /** The peer's `address:port`. */
  readonly peer: string;
  /** The peer's address (IPv4-mapped IPv6 written as IPv4). */
  readonly address: string;
  private readonly idleTimer: IdleTimer;
  private ended = false;
  private readonly onData: (chunk: Buffer) => void;
  private readonly onError: (error: Error) => void;
  private readonly onClose: (hadError: boolean) => void;

  /**
   * @param socket a connected socket
   * @param idleMs how long the line must stay quiet before `idle` is reported
   * @param handlers the owner's callbacks
   */
  constructor(
    private readonly socket: Socket,
    idleMs: number,
    private readonly handlers: SocketLinkHandlers,
  ) {
    this.address = normalizeAddress(socket.remoteAddress ?? 'unknown');
    this.peer = hostPort(this.address, socket.remotePort ?? 0);
    this.idleTimer = new IdleTimer(idleMs, handlers.idle);
    // Scom is request/response with small frames: Nagle would only add latency.
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_DELAY_MS);
    this.onData = (chunk) => {
      handlers.data(chunk);
      if (handlers.buffered()) this.idleTimer.restart();
      else this.idleTimer.stop();
    };
    this.onError = (error) => {
      if (!this.ended) handlers.failed(this, error);
    };
    this.onClose = (hadError) => {
      this.idleTimer.stop();
      if (this.ended) return;
      this.ended = true;
      this.detach();
      handlers.closed(this, hadError ? 'connection failed' : 'peer closed the connection');
    };
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    // A socket that was held paused (a listener's newcomer) flows from now on.
    socket.resume();
  }

  /** Writes bytes; resolves once they are handed to the system. */
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(asBuffer(bytes), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Closes the connection without reporting it (the owner already knows why), and unhooks it. */
  destroy(): void {
    this.ended = true;
    this.idleTimer.stop();
    this.detach();
    this.socket.destroy();
  }

  /** Removes the link's listeners; a no-op `error` listener stays, so a late error cannot crash. */
  private detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onClose);
    this.socket.off('error', this.onError);
    if (this.socket.listenerCount('error') === 0) this.socket.on('error', ignore);
  }
}

function ignore(): void {
  // A socket being torn down may still report an error nobody needs.
}
