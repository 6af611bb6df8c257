/**
 * An in-memory transport pair: what one end sends, the other receives, with no I/O. For
 * tests, and for running the client against the simulator in the same process.
 * @module
 */
import { XcomTransportError } from '../errors.js';
import { BaseTransport } from './base-transport.js';
import type { SendOptions } from './transport.js';

/** Options of a {@link MemoryTransport} pair. */
export interface MemoryTransportOptions {
  /** Delivers bytes on a later microtask (default true), as a real link would. */
  readonly async?: boolean;
}

/**
 * One end of an in-memory link; create both ends with {@link MemoryTransport.pair}. Each
 * `send()` reaches the other end as one chunk, followed by a line-idle notification.
 *
 * @example
 * ```ts
 * import { startSimulator } from 'xcom-ts/simulator';
 *
 * // A client and a simulated installation in one process, with no socket.
 * const [clientSide, deviceSide] = MemoryTransport.pair();
 * await using sim = await startSimulator({ transports: [deviceSide] });
 * await using xcom = new XcomClient(clientSide);
 * console.log(await xcom.getValue(XcomP.BATT_SOC));
 * ```
 */
export class MemoryTransport extends BaseTransport {
  /** {@inheritDoc Transport.description} */
  readonly description: string;
  private peer: MemoryTransport | undefined;
  private opened = false;
  private dropped = false;
  private readonly async: boolean;

  private constructor(description: string, options: MemoryTransportOptions) {
    super();
    this.description = description;
    this.async = options.async ?? true;
  }

  /** Creates two connected ends. */
  static pair(options: MemoryTransportOptions = {}): [MemoryTransport, MemoryTransport] {
    const a = new MemoryTransport('memory://a', options);
    const b = new MemoryTransport('memory://b', options);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  /** {@inheritDoc Transport.isOpen} */
  get isOpen(): boolean {
    return this.opened;
  }

  /** {@inheritDoc Transport.open} */
  async open(): Promise<void> {
    if (this.opened) return;
    this.opened = true;
    this.emit('connect', { peer: this.peerName });
  }

  /** {@inheritDoc Transport.close} */
  async close(): Promise<void> {
    this.opened = false;
    this.dropped = false;
  }

  /**
   * The client judged the link dead: drops any partial frame and emits `disconnect` with
   * `reason`; the next `send()` emits `connect` again (an in-memory link cannot really fail,
   * so re-establishing it is immediate). Does nothing while closed or already dropped.
   */
  dropLink(reason: string): void {
    if (!this.opened || this.dropped) return;
    this.dropped = true;
    this.decoder.reset();
    this.emit('disconnect', { peer: this.peerName, reason });
  }

  private get peerName(): string {
    return this.peer?.description ?? 'memory';
  }

  /** {@inheritDoc Transport.send} */
  async send(bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    if (!this.opened) throw new XcomTransportError('NOT_OPEN', `${this.description} is not open`);
    if (this.dropped) {
      this.dropped = false;
      this.emit('connect', { peer: this.peerName });
    }
    const peer = this.peer;
    const copy = Uint8Array.from(bytes);
    const deliver = (): void => {
      if (peer === undefined || !peer.opened) return;
      peer.receive(copy);
      peer.lineIdle();
    };
    if (this.async) queueMicrotask(deliver);
    else deliver();
  }

  /** Injects raw bytes as if they had arrived from the peer (tests: garbage, split frames). */
  inject(bytes: Uint8Array, idle = false): void {
    this.receive(bytes);
    if (idle) this.lineIdle();
  }
}
