import type { Frame } from '../../src/protocol/frame.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { BaseTransport } from '../../src/transport/base-transport.js';

/**
 * The simulator's side of a wire that records what the simulator writes, chunk by chunk, and
 * feeds it to the client's decoder: faults are observed as a client would see them.
 */
export class WireRecorder extends BaseTransport {
  readonly description = 'wire://recorder';
  /** Every write, as sent. */
  readonly chunks: Uint8Array[] = [];
  /** The client's decoder. */
  readonly client = new FrameDecoder();
  /** The frames the client decoded. */
  readonly frames: Frame[] = [];
  opens = 0;
  closes = 0;
  private opened = false;

  get isOpen(): boolean {
    return this.opened;
  }

  async open(): Promise<void> {
    this.opened = true;
    this.opens++;
  }

  async close(): Promise<void> {
    this.opened = false;
    this.closes++;
  }

  async send(bytes: Uint8Array): Promise<void> {
    this.chunks.push(Uint8Array.from(bytes));
    this.frames.push(...this.client.push(bytes));
  }

  /** The link goes down (the peer closed it). */
  disconnect(reason = 'peer closed the connection'): void {
    this.emit('disconnect', { peer: 'wire', reason });
  }

  /** The client sends a request. */
  request(bytes: Uint8Array): void {
    this.receive(bytes);
    this.lineIdle();
  }
}
