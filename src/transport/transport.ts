/**
 * The transport boundary: a frame pipe that either end of a link (the client, or the
 * simulator playing the installation) can use.
 * @module
 */
import type { XcomTransportError } from '../errors.js';
import type { Frame } from '../protocol/frame.js';
import type { FrameDecoderStats } from '../protocol/frame-decoder.js';

/** What a `connect` event tells. */
export interface ConnectInfo {
  /** The peer now linked (`127.0.0.1:4001`, `/dev/ttyUSB0`). */
  readonly peer: string;
}

/** What a `disconnect` event tells. */
export interface DisconnectInfo {
  /** The peer that went away. */
  readonly peer: string;
  /** Why (closed by the peer, replaced by a new connection, port unplugged, …). */
  readonly reason: string;
}

/** The events a transport emits besides frames. */
export interface TransportEventMap {
  /** The link is up (opened, or a peer connected / reconnected). */
  connect: [info: ConnectInfo];
  /** The link went down (peer closed, adapter unplugged, connection replaced). */
  disconnect: [info: DisconnectInfo];
  /** A failure that is not tied to one `send()` (socket error, port gone). */
  error: [error: XcomTransportError];
}

/** Options of {@link Transport.send}. */
export interface SendOptions {
  /**
   * Abandons the send: a transport still waiting for its link (a peer to connect, a reconnect,
   * a port to reopen) rejects with the signal's reason and never writes the frame.
   */
  readonly signal?: AbortSignal;
  /**
   * How long to wait for the link (a peer to connect, a reconnect, a port to reopen), in
   * milliseconds, before rejecting with `XcomTransportError` code `NO_LINK`.
   */
  readonly connectTimeoutMs?: number;
}

/** Receives every whole, validated frame a transport decodes. */
export type FrameListener = (frame: Frame) => void;

/**
 * A frame pipe. Implementations own a `FrameDecoder`, deliver only whole validated frames to
 * their single frame listener, and tell the decoder when the line goes quiet.
 */
export interface Transport extends AsyncDisposable {
  /** A short description of the link for messages and logs (`udp://127.0.0.1:4002`). */
  readonly description: string;
  /** Whether `open()` has completed and `close()` has not been called. */
  readonly isOpen: boolean;
  /** The decoder's counters (bytes skipped, bad checksums, false starts, frames). */
  readonly decoderStats: Readonly<FrameDecoderStats>;
  /** Opens the link. Resolves when frames can be sent. Idempotent. */
  open(): Promise<void>;
  /** Closes the link and releases its resources. Idempotent. */
  close(): Promise<void>;
  /** Sends the bytes of one encoded frame; rejects with `XcomTransportError` on failure. */
  send(bytes: Uint8Array, options?: SendOptions): Promise<void>;
  /**
   * Drops the current link because its user judged it dead (repeated timeouts with no error:
   * a half-open TCP connection, a gateway that hangs), for the transport to re-establish it as
   * after a failure. Optional: a transport without it keeps its link.
   */
  dropLink?(reason: string): void;
  /** Sets (or, with `undefined`, removes) the one listener that receives decoded frames. */
  setFrameListener(listener: FrameListener | undefined): void;
  /** Subscribes to a link event. */
  on<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this;
  /** Unsubscribes from a link event. */
  off<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this;
}
