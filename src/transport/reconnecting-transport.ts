/**
 * The open/reconnect plumbing shared by the transports whose link can drop while they stay
 * open: a TCP connection we make, a serial port.
 * @module
 */
import { XcomTransportError } from '../errors.js';
import { BaseTransport } from './base-transport.js';

/**
 * A transport over a link of type `L` that may drop (a TCP connection, a serial port):
 * `open()` makes the first link, and each `send()` makes a new one when the last dropped, with
 * concurrent callers sharing one attempt.
 */
export abstract class ReconnectingTransport<L> extends BaseTransport {
  private opened = false;
  private opening: Promise<void> | undefined;
  private linking: Promise<L> | undefined;
  /** Bumped by `close()`, so an `open()` that was linking meanwhile knows it lost. */
  private generation = 0;

  /**
   * The live link, or `undefined` while there is none.
   * @internal
   */
  protected abstract currentLink(): L | undefined;
  /**
   * Makes a new link (connects, opens the port) and makes it current.
   * @internal
   */
  protected abstract establish(): Promise<L>;

  /** {@inheritDoc Transport.isOpen} */
  get isOpen(): boolean {
    return this.opened;
  }

  /** Makes the first link. Idempotent. */
  async open(): Promise<void> {
    if (this.opened) return;
    this.opening ??= this.firstLink().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async firstLink(): Promise<void> {
    const generation = this.generation;
    await this.ensureLink();
    if (generation !== this.generation) {
      throw new XcomTransportError('CLOSED', `${this.description} was closed while opening`);
    }
    this.opened = true;
  }

  /**
   * The live link, or a new one.
   * @internal
   */
  protected ensureLink(): Promise<L> {
    const live = this.currentLink();
    if (live !== undefined) return Promise.resolve(live);
    this.linking ??= this.establish().finally(() => {
      this.linking = undefined;
    });
    return this.linking;
  }

  /**
   * Marks the transport closed; resolves once a link being made has settled, whatever its outcome.
   * @internal
   */
  protected async markClosed(): Promise<void> {
    this.generation++;
    this.opened = false;
    await this.linking?.catch(() => undefined);
  }
}
