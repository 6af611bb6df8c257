/**
 * The base of transport wrappers (tracing, metrics, fault injection): a transport that forwards
 * everything to another one.
 * @module
 */
import type { FrameDecoderStats } from '../protocol/frame-decoder.js';
import type { Transport, TransportEventMap } from './transport.js';

/**
 * A transport that forwards every member of {@link Transport} to an inner one, arguments
 * unchanged: a wrapper extends it and overrides only what it changes.
 *
 * Forwarding is written once, here, so a wrapper cannot drop an argument (the send options,
 * whose signal keeps an abandoned frame off the wire) or a member the interface gains: the
 * class implements `Required<Transport>`, so a member added to the interface, optional or not,
 * does not compile until it is forwarded here. An override that calls `super` with its
 * parameters as a rest tuple (`...args: Parameters<Transport['send']>`) keeps forwarding
 * whatever the method takes.
 *
 * Disposing the wrapper (`await using`) calls its own `close()`, so an overridden `close()`
 * runs there too.
 *
 * @example
 * ```ts
 * import { DelegatingTransport, XcomClient, openTransport, type Transport } from 'xcom-ts';
 *
 * // Counts the frames sent; everything else, the send options included, is forwarded.
 * class CountingTransport extends DelegatingTransport {
 *   sent = 0;
 *   override send(...args: Parameters<Transport['send']>): Promise<void> {
 *     this.sent++;
 *     return super.send(...args);
 *   }
 * }
 *
 * const link = new CountingTransport(openTransport('tcp://192.168.1.50:4001'));
 * await using xcom = new XcomClient(link);
 * ```
 */
export class DelegatingTransport implements Required<Transport> {
  /** @param inner the transport that does the work */
  constructor(protected readonly inner: Transport) {}

  /** {@inheritDoc Transport.description} */
  get description(): string {
    return this.inner.description;
  }

  /** {@inheritDoc Transport.isOpen} */
  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  /** {@inheritDoc Transport.decoderStats} */
  get decoderStats(): Readonly<FrameDecoderStats> {
    return this.inner.decoderStats;
  }

  /** {@inheritDoc Transport.open} */
  open(...args: Parameters<Transport['open']>): Promise<void> {
    return this.inner.open(...args);
  }

  /** {@inheritDoc Transport.close} */
  close(...args: Parameters<Transport['close']>): Promise<void> {
    return this.inner.close(...args);
  }

  /** {@inheritDoc Transport.send} */
  send(...args: Parameters<Transport['send']>): Promise<void> {
    return this.inner.send(...args);
  }

  /** {@inheritDoc Transport.dropLink} */
  dropLink(...args: Parameters<Required<Transport>['dropLink']>): void {
    this.inner.dropLink?.(...args);
  }

  /** {@inheritDoc Transport.setFrameListener} */
  setFrameListener(...args: Parameters<Transport['setFrameListener']>): void {
    this.inner.setFrameListener(...args);
  }

  /** {@inheritDoc Transport.on} */
  on<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this {
    this.inner.on(event, listener);
    return this;
  }

  /** {@inheritDoc Transport.off} */
  off<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this {
    this.inner.off(event, listener);
    return this;
  }

  /** Closes the link through this wrapper's `close()` (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
