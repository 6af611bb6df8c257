/**
 * Shared plumbing of every transport: the decoder, the frame listener, events, disposal.
 * @module
 */
import { EventEmitter } from 'node:events';
import type { Frame } from '../protocol/frame.js';
import { FrameDecoder, type FrameDecoderStats } from '../protocol/frame-decoder.js';
import type { XcomTransportError } from '../errors.js';
import type { FrameListener, SendOptions, Transport, TransportEventMap } from './transport.js';

/**
 * A base for transports: subclasses feed received bytes to {@link BaseTransport.receive},
 * call {@link BaseTransport.lineIdle} when the line goes quiet, and implement the I/O.
 */
export abstract class BaseTransport extends EventEmitter<TransportEventMap> implements Transport {
  /** {@inheritDoc Transport.description} */
  abstract readonly description: string;
  /** {@inheritDoc Transport.isOpen} */
  abstract readonly isOpen: boolean;
  /** {@inheritDoc Transport.open} */
  abstract open(): Promise<void>;
  /** {@inheritDoc Transport.close} */
  abstract close(): Promise<void>;
  /** {@inheritDoc Transport.send} */
  abstract send(bytes: Uint8Array, options?: SendOptions): Promise<void>;

  /** The decoder that turns received bytes into frames. */
  protected readonly decoder = new FrameDecoder();
  private frameListener: FrameListener | undefined;

  /** {@inheritDoc Transport.decoderStats} */
  get decoderStats(): Readonly<FrameDecoderStats> {
    return this.decoder.stats;
  }

  /** {@inheritDoc Transport.setFrameListener} */
  setFrameListener(listener: FrameListener | undefined): void {
    this.frameListener = listener;
  }

  /** Feeds received bytes to the decoder and delivers the frames they complete. */
  protected receive(chunk: Uint8Array): void {
    this.deliver(this.decoder.push(chunk));
  }

  /** Tells the decoder the line went quiet and delivers any frame that recovers. */
  protected lineIdle(): void {
    if (this.decoder.buffered > 0) this.deliver(this.decoder.idle());
  }

  /**
   * Emits `error` only when someone listens: an `EventEmitter` throws an unheard `error`,
   * and a link failure must never crash the process that merely forgot to subscribe.
   */
  protected reportError(error: XcomTransportError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private deliver(frames: Frame[]): void {
    const listener = this.frameListener;
    if (listener === undefined) return;
    for (const frame of frames) listener(frame);
  }

  /** Closes the transport (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
