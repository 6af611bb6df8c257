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

/** A connected socket wired to a transport. */
export class SocketLink {
  /** The peer's `address:port`. */
  readonly peer: string;
  /** The peer's address (IPv4-mapped IPv6 written as IPv4). */
  readonly address: string;
  private readonly idleTimer: IdleTimer;
  private ended = false;

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
    socket.on('data', (chunk: Buffer) => {
      handlers.data(chunk);
      if (handlers.buffered()) this.idleTimer.restart();
      else this.idleTimer.stop();
    });
    socket.on('error', (error) => {
      if (!this.ended) handlers.failed(this, error);
    });
    socket.on('close', (hadError) => {
      this.idleTimer.stop();
      if (this.ended) return;
      this.ended = true;
      handlers.closed(this, hadError ? 'connection failed' : 'peer closed the connection');
    });
  }

  /** Writes bytes; resolves once they are handed to the system. */
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(asBuffer(bytes), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Closes the connection without reporting it (the owner already knows why). */
  destroy(): void {
    this.ended = true;
    this.idleTimer.stop();
    this.socket.destroy();
  }
}
