/**
 * The open/reconnect plumbing shared by the transports whose link can drop while they stay
 * open: a TCP connection we make, a serial port.
 * @module
 */
import { XcomTransportError } from '../errors.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { BaseTransport } from './base-transport.js';
import { type LinkTimers, systemTimers, unrefTimer } from './link-timers.js';
import { waitForLink } from './link-wait.js';
import type { SendOptions } from './transport.js';

/** How a {@link TcpClientTransport} or a {@link SerialTransport} paces its attempts to make its link again. */
export interface ReconnectPolicy {
  /** The pauses between failed attempts while a send waits for its link. */
  readonly reconnect?: BackoffOptions;
  /** Where pauses and waits are timed (default the global timers; tests inject a fake clock). */
  readonly timers?: LinkTimers;
}

/** Failures that no retry can mend. */
const PERMANENT = new Set<string>(['CLOSED', 'MODULE_MISSING', 'NOT_OPEN']);

function isPermanent(error: unknown): boolean {
  return error instanceof XcomTransportError && PERMANENT.has(error.code);
}

/** The pause after a failed attempt; the next attempt of a waiting send comes after it. */
interface Pause {
  readonly handle: unknown;
  readonly over: Promise<void>;
  readonly end: () => void;
}

/**
 * A transport over a link of type `L` that may drop (a TCP connection, a serial port).
 * `open()` makes the first link (one attempt). A `send()` that finds no link makes a new one:
 * with `connectTimeoutMs`, failed attempts are retried after pauses that grow with jitter
 * ({@link Backoff}) until the link is up, the time is over (`NO_LINK`) or the signal aborts;
 * without it, one attempt. Concurrent callers share each attempt and each pause, and a link
 * that came up resets the pauses. {@link ReconnectingTransport.dropLink} drops the link so
 * that the next send makes a new one.
 */
export abstract class ReconnectingTransport<L> extends BaseTransport {
  private opened = false;
  private opening: Promise<void> | undefined;
  private linking: Promise<L> | undefined;
  private pause: Pause | undefined;
  private lastFailure: unknown;
  /** Bumped by `close()`, so an `open()` or a wait that was linking meanwhile knows it lost. */
  private generation = 0;
  private readonly backoff: Backoff;
  /** Where pauses and waits are timed. */
  protected readonly timers: LinkTimers;

  /**
   * @param policy the pauses between attempts and the timers
   * @param owner the subclass's name, for validation messages
   */
  constructor(policy: ReconnectPolicy = {}, owner = 'ReconnectingTransport') {
    super();
    this.backoff = new Backoff(policy.reconnect ?? {}, owner);
    this.timers = policy.timers ?? systemTimers;
  }

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
  /**
   * Forgets the live link, closes it, and emits `disconnect` with `reason`.
   * @internal
   */
  protected abstract dropCurrentLink(reason: string): void;
  /**
   * What a send without a link waits for, worded to follow "waiting for" (`a connection to host:port`).
   * @internal
   */
  protected abstract waitingFor(): string;

  /** {@inheritDoc Transport.isOpen} */
  get isOpen(): boolean {
    return this.opened;
  }

  /** Makes the first link (one attempt). Idempotent. */
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

  /** {@inheritDoc Transport.dropLink} */
  dropLink(reason: string): void {
    if (!this.opened || this.currentLink() === undefined) return;
    this.dropCurrentLink(reason);
  }

  /**
   * The live link, or a new one (one attempt, shared with concurrent callers).
   * @internal
   */
  protected ensureLink(): Promise<L> {
    const live = this.currentLink();
    if (live !== undefined) return Promise.resolve(live);
    return this.attempt();
  }

  /**
   * The live link, or one made for a send within its `connectTimeoutMs` and `signal` (see the
   * class comment); emits `waiting` when the send has to wait.
   * @internal
   */
  protected linkFor(options: SendOptions): Promise<L> {
    const live = this.currentLink();
    if (live !== undefined) return Promise.resolve(live);
    const timeoutMs = options.connectTimeoutMs;
    this.emit('waiting', { for: this.waitingFor(), timeoutMs });
    const generation = this.generation;
    return waitForLink((stop) => (timeoutMs === undefined ? this.attempt() : this.retry(stop, generation)), {
      timeoutMs,
      signal: options.signal,
      timers: this.timers,
      timedOut: () => {
        const last = this.lastFailure;
        const detail = last instanceof Error ? ` (last attempt: ${last.message})` : '';
        return new XcomTransportError(
          'NO_LINK',
          `${this.description}: no link within ${String(timeoutMs)} ms while waiting for ${this.waitingFor()}${detail}`,
          last === undefined ? undefined : { cause: last },
        );
      },
    });
  }

  private async retry(stop: AbortSignal, generation: number): Promise<L> {
    for (;;) {
      if (stop.aborted) throw stop.reason;
      if (generation !== this.generation) {
        throw new XcomTransportError('CLOSED', `${this.description} was closed while waiting for its link`);
      }
      const live = this.currentLink();
      if (live !== undefined) return live;
      const pause = this.pause;
      if (pause !== undefined) {
        await pause.over;
        continue;
      }
      try {
        return await this.attempt();
      } catch (error) {
        if (isPermanent(error)) throw error;
      }
    }
  }

  /** One attempt, shared by everyone who asks while it runs; a failure starts a pause. */
  private attempt(): Promise<L> {
    this.linking ??= this.establish()
      .then(
        (link) => {
          this.backoff.reset();
          this.lastFailure = undefined;
          return link;
        },
        (error: unknown) => {
          this.lastFailure = error;
          // A failed open() is retried by calling open() again, with no pause to honour.
          if (this.opened && !isPermanent(error)) this.startPause(this.backoff.next());
          throw error;
        },
      )
      .finally(() => {
        this.linking = undefined;
      });
    return this.linking;
  }

  private startPause(ms: number): void {
    this.endPause();
    let end = (): void => undefined;
    const over = new Promise<void>((resolve) => {
      end = resolve;
    });
    const handle = this.timers.setTimeout(() => {
      if (this.pause?.handle === handle) this.pause = undefined;
      end();
    }, ms);
    // A pause alone must not keep the process alive: a waiting send's deadline does.
    unrefTimer(handle);
    this.pause = { handle, over, end };
  }

  private endPause(): void {
    const pause = this.pause;
    if (pause === undefined) return;
    this.pause = undefined;
    this.timers.clearTimeout(pause.handle);
    pause.end();
  }

  /**
   * Marks the transport closed (ending any pause and forgetting the failures); resolves once a
   * link being made has settled, whatever its outcome.
   * @internal
   */
  protected async markClosed(): Promise<void> {
    this.generation++;
    this.opened = false;
    this.endPause();
    this.backoff.reset();
    this.lastFailure = undefined;
    await this.linking?.catch(() => undefined);
  }
}
