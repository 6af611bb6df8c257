/**
 * `--verb 3`: a transport wrapper that prints every frame sent and received in hex. Wrapping
 * the link, rather than reading NODE_DEBUG, also shows the frames the client drops (late or
 * foreign replies), which is what one looks for when something is wrong.
 * @module
 */
import { encodeFrame, toHex } from '../protocol/frame.js';
import type { FrameDecoderStats } from '../protocol/frame-decoder.js';
import type { FrameListener, Transport, TransportEventMap } from '../transport/transport.js';

/** Delegates to a transport and reports each frame's bytes, `>` sent, `<` received. */
export class TracingTransport implements Transport {
  /**
   * @param inner the real link
   * @param print receives one line per frame
   */
  constructor(
    private readonly inner: Transport,
    private readonly print: (line: string) => void,
  ) {}

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
  open(): Promise<void> {
    return this.inner.open();
  }

  /** {@inheritDoc Transport.close} */
  close(): Promise<void> {
    return this.inner.close();
  }

  /** {@inheritDoc Transport.send} */
  send(bytes: Uint8Array): Promise<void> {
    this.print(`> ${toHex(bytes)}`);
    return this.inner.send(bytes);
  }

  /** {@inheritDoc Transport.setFrameListener} */
  setFrameListener(listener: FrameListener | undefined): void {
    this.inner.setFrameListener(
      listener === undefined
        ? undefined
        : (frame) => {
            this.print(`< ${toHex(encodeFrame(frame))}`);
            listener(frame);
          },
    );
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

  /** Closes the link (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
