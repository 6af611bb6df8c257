/**
 * Shared plumbing of every transport: the decoder, the frame listener, events, disposal.
 * @module
 */
import { EventEmitter } from 'node:events';
import type { Frame } from '../protocol/frame.js';
import { FrameDecoder, type FrameDecoderStats } from '../protocol/frame-decoder.js';
import type { XcomTransportError } from '../errors.js';
import type { FrameListener, SendOptions, Transport, TransportEventMap } from './transport.js';

/** A listener of the link event `K`. */
export type TransportEventListener<K extends keyof TransportEventMap> = (...args: TransportEventMap[K]) => void;

/**
 * A base for transports: subclasses feed received bytes to {@link BaseTransport.receive},
 * call {@link BaseTransport.lineIdle} when the line goes quiet, and implement the I/O.
 *
 * It holds an `EventEmitter` rather than being one: the shipped declarations then state the
 * event methods in this package's own types, and a consumer that type-checks libraries
 * compiles against every `@types/node` whose `EventEmitter` typing differs.
 *
 * @example
 * ```ts
 * import { Socket } from 'node:net';
 *
 * // A link over a stream this program already holds (a tunnel, a WebSocket stream, …).
 * class StreamTransport extends BaseTransport {
 *   readonly description = 'my stream';
 *   private open_ = false;
 *   constructor(private readonly stream: Socket) {
 *     super();
 *     stream.on('data', (chunk: Buffer) => this.receive(chunk));
 *   }
 *   get isOpen(): boolean {
 *     return this.open_;
 *   }
 *   async open(): Promise<void> {
 *     this.open_ = true;
 *   }
 *   async close(): Promise<void> {
 *     this.open_ = false;
 *     this.stream.end();
 *   }
 *   async send(bytes: Uint8Array): Promise<void> {
 *     await new Promise<void>((resolve, reject) => this.stream.write(bytes, (error) => (error ? reject(error) : resolve())));
 *   }
 * }
 *
 * await using xcom = new XcomClient(new StreamTransport(new Socket()));
 * ```
 */
export abstract class BaseTransport implements Transport {
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

  private readonly events = new EventEmitter();

  /** {@inheritDoc Transport.on} */
  on<K extends keyof TransportEventMap>(event: K, listener: TransportEventListener<K>): this {
    this.events.on(event, listener);
    return this;
  }

  /** {@inheritDoc Transport.off} */
  off<K extends keyof TransportEventMap>(event: K, listener: TransportEventListener<K>): this {
    this.events.off(event, listener);
    return this;
  }

  /** Subscribes to the next emission of a link event only. */
  once<K extends keyof TransportEventMap>(event: K, listener: TransportEventListener<K>): this {
    this.events.once(event, listener);
    return this;
  }

  /** How many listeners the link event has. */
  listenerCount(event: keyof TransportEventMap): number {
    return this.events.listenerCount(event);
  }

  /** Calls the listeners of a link event; `error` with no listener throws, as an `EventEmitter` does. */
  protected emit<K extends keyof TransportEventMap>(event: K, ...args: TransportEventMap[K]): boolean {
    return this.events.emit(event, ...args);
  }

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
