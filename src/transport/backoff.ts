/**
 * The reconnection pause policy, one for every link that is re-made after a failure: the
 * client's TCP and serial transports between failed attempts, and the simulator's endpoints
 * playing a Moxa that reconnects.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { checkMs } from './options.js';

/** How the pauses between failed attempts grow. */
export interface BackoffOptions {
  /** The pause after the first failure. Default 250 ms. */
  readonly initialMs?: number;
  /** The longest pause. Default 30000 ms. */
  readonly maxMs?: number;
  /** How much each further failure multiplies the pause by. Default 2. */
  readonly factor?: number;
  /**
   * The share of each pause drawn at random, from 0 (none: exactly `initialMs`, then ×`factor`)
   * to 1 (anywhere from 0 to the full pause). Default 0.5. Jitter keeps many clients that lost
   * the same gateway from all coming back in the same instant.
   */
  readonly jitter?: number;
  /** Random numbers in [0, 1) for the jitter. Default `Math.random`; tests pass a fixed one. */
  readonly random?: () => number;
}

/**
 * Exponential backoff with jitter: the pause before attempt n+1 after n consecutive failures
 * is `min(maxMs, initialMs × factor^(n-1))`, of which a random share `jitter` is taken off.
 * A success resets it.
 *
 * @example
 * ```ts
 * const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
 * backoff.next(); // 100
 * backoff.next(); // 200
 * backoff.reset();
 * ```
 */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private failed = 0;

  /**
   * @param options the pauses
   * @param owner who takes the options, for validation messages (`field` is then `reconnect.<name>`)
   */
  constructor(options: BackoffOptions = {}, owner = 'Backoff') {
    const field = (name: string): string => (owner === 'Backoff' ? name : `reconnect.${name}`);
    if (typeof options !== 'object' || options === null) {
      throw new XcomValidationError(`${owner}: option reconnect must be an object, got ${String(options)}`, 'reconnect');
    }
    this.initialMs = checkMs(owner, field('initialMs'), options.initialMs ?? 250);
    this.maxMs = checkMs(owner, field('maxMs'), options.maxMs ?? Math.max(30_000, this.initialMs));
    if (this.maxMs < this.initialMs) fail(owner, field('maxMs'), `at least initialMs (${this.initialMs})`, this.maxMs);
    this.factor = options.factor ?? 2;
    if (typeof this.factor !== 'number' || !Number.isFinite(this.factor) || this.factor < 1) {
      fail(owner, field('factor'), 'a number of at least 1', this.factor);
    }
    this.jitter = options.jitter ?? 0.5;
    if (typeof this.jitter !== 'number' || !(this.jitter >= 0 && this.jitter <= 1)) {
      fail(owner, field('jitter'), 'a number from 0 to 1', this.jitter);
    }
    const random = options.random ?? Math.random;
    if (typeof random !== 'function') fail(owner, field('random'), 'a function', random);
    this.random = random;
  }

  /** Consecutive failures counted since the last {@link Backoff.reset}. */
  get failures(): number {
    return this.failed;
  }

  /** Counts one more failure and returns the pause before the next attempt, in ms. */
  next(): number {
    const nominal = Math.min(this.maxMs, this.initialMs * this.factor ** this.failed);
    this.failed++;
    const share = Math.min(Math.max(this.random(), 0), 1);
    return Math.round(nominal * (1 - this.jitter * share));
  }

  /** Forgets the failures: the link is up again. */
  reset(): void {
    this.failed = 0;
  }
}

function fail(owner: string, field: string, expected: string, value: unknown): never {
  throw new XcomValidationError(`${owner}: option ${field} must be ${expected}, got ${String(value)}`, field);
}
