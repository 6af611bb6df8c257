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

/** What a `waiting` event tells. */
export interface WaitingInfo {
  /**
   * What the send waits for, worded to follow "waiting for": `the Moxa to connect to
   * 0.0.0.0:4001`, `a connection to 192.168.1.50:4001`, `/dev/ttyUSB0 to open`.
   */
  readonly for: string;
  /** The longest the send waits (its `connectTimeoutMs`), or `undefined` for one attempt. */
  readonly timeoutMs: number | undefined;
}

/** The events a transport emits besides frames. */
export interface TransportEventMap {
  /** The link is up (opened, or a peer connected / reconnected). */
  connect: [info: ConnectInfo];
  /** The link went down (peer closed, adapter unplugged, link dropped as dead). */
  disconnect: [info: DisconnectInfo];
  /**
   * A `send()` found no link and waits for one (a peer to connect, a reconnection, a port to
   * open again); emitted once per send that waits, so that a program can say what it waits for.
   */
  waiting: [info: WaitingInfo];
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
   * How long the send may wait for its link (a peer to connect to a listener, a reconnection,
   * a port to open again) before it rejects with `XcomTransportError` code `NO_LINK`; failed
   * attempts are retried meanwhile, with backoff. Never beyond `signal`. Without it, a
   * listener waits for its own `connectTimeoutMs` option and a transport that reconnects makes
   * one attempt, whose failure rejects the send. A live link never waits.
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
  /** Sets (or, with `undefined`, removes) the one listener that receives decoded frames. */
  setFrameListener(listener: FrameListener | undefined): void;
  /**
   * The client judged the link dead (for example several consecutive timeouts on a link whose
   * keepalive says nothing, such as a half-open TCP connection): drop it and re-establish it as
   * after a failure. A TCP connection we made is closed and made again on the next send; a
   * listener closes its peer and takes the newcomer it holds, or waits for a peer again; a
   * serial port is closed and reopened on the next send; UDP, having no connection, emits
   * `disconnect` (and `connect` again once the peer answers). `disconnect` carries `reason`.
   * Does nothing while the transport is closed or has no link.
   */
  dropLink?(reason: string): void;
  /** Subscribes to a link event. */
  on<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this;
  /** Unsubscribes from a link event. */
  off<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this;
}
