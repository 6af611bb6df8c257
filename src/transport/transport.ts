/**
 * The transport boundary: a frame pipe that either end of a link (the client, or the
 * simulator playing the installation) can use.
 * @module
 */
import type { XcomTransportError } from '../errors.js';
import type { Frame } from '../protocol/frame.js';
import type { FrameDecoderStats } from '../protocol/frame-decoder.js';

/** The events a transport emits besides frames. */
export interface TransportEventMap {
  /** The link is up (opened, or a peer connected / reconnected). */
  connect: [
    info: {
      /** Who is at the other end (`192.168.1.50:4001`, `/dev/ttyUSB0`). */
      readonly peer: string;
    },
  ];
  /** The link went down (peer closed, adapter unplugged, connection replaced). */
  disconnect: [
    info: {
      /** Who was at the other end. */
      readonly peer: string;
      /** Why the link went down (`peer closed the connection`, `replaced by …`, `closed`). */
      readonly reason: string;
    },
  ];
  /** A failure that is not tied to one `send()` (socket error, port gone). */
  error: [error: XcomTransportError];
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
  send(bytes: Uint8Array): Promise<void>;
  /** Sets (or, with `undefined`, removes) the one listener that receives decoded frames. */
  setFrameListener(listener: FrameListener | undefined): void;
  /** Subscribes to a link event. */
  on<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this;
  /** Unsubscribes from a link event. */
  off<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this;
}
