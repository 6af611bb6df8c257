/**
 * Fault injection: what can go wrong between a Studer installation and its client, switched
 * on from tests per endpoint, for the next replies or at a steady rate.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { SeededRandom } from './random.js';

/** The reply is never sent. */
export interface DropFault {
  /** `'drop'`. */
  readonly kind: 'drop';
}

/** The reply is sent `ms` later than the link model says (also past the client's timeout). */
export interface DelayFault {
  /** `'delay'`. */
  readonly kind: 'delay';
  /** The extra delay, ms. */
  readonly ms: number;
}

/** One checksum byte of the reply is flipped. */
export interface CorruptFault {
  /** `'corrupt'`. */
  readonly kind: 'corrupt';
  /** Which checksum: the data checksum (default) or the header's. */
  readonly part?: 'data' | 'header';
}

/** The reply is sent twice. */
export interface DuplicateFault {
  /** `'duplicate'`. */
  readonly kind: 'duplicate';
  /** The pause between the two copies, ms (default 0). */
  readonly gapMs?: number;
}

/**
 * Whole, valid frames of someone else's conversation are sent before the reply, as a Moxa
 * shared with the Studer portal forwards them.
 */
export interface ForeignFault {
  /** `'foreign'`. */
  readonly kind: 'foreign';
  /** The frames (default: one reply of Xtender 1 to another request). */
  readonly frames?: readonly Uint8Array[];
}

/** Random bytes are sent before the reply. */
export interface GarbageFault {
  /** `'garbage'`. */
  readonly kind: 'garbage';
  /** The bytes (default: seeded random bytes). */
  readonly bytes?: Uint8Array;
  /** How many seeded bytes (default 8–40). */
  readonly length?: number;
}

/** The reply is written in pieces. */
export interface SplitFault {
  /** `'split'`. */
  readonly kind: 'split';
  /** The byte offsets to cut at (default: seeded offsets). */
  readonly at?: readonly number[];
  /** How many pieces when `at` is missing (default 3). */
  readonly pieces?: number;
  /** The pause between pieces, ms (default 0). */
  readonly gapMs?: number;
}

/** Instead of replying, the connection is closed (TCP: the socket; serial and UDP: reopened). */
export interface CloseFault {
  /** `'close'`. */
  readonly kind: 'close';
}

/**
 * The request is lost on its way: the installation never sees it (nothing is done, nothing
 * logged, nothing answered), where a `'drop'` loses the reply of a request carried out.
 */
export interface DropRequestFault {
  /** `'drop-request'`. */
  readonly kind: 'drop-request';
}

/**
 * The gateway refuses the request with SCOM_ERROR_GATEWAY_BUSY (0x0013) instead of carrying it
 * out, as while it saves the datalog (spec §4.7).
 */
export interface BusyFault {
  /** `'busy'`. */
  readonly kind: 'busy';
}

/**
 * One fault applied to a request and its reply. Several may combine on the same reply (garbage
 * before a split reply, a duplicate of a corrupted one, …); `'drop-request'` and `'busy'` act
 * on the request, before the installation sees it.
 */
export type Fault =
  | DropFault
  | DelayFault
  | CorruptFault
  | DuplicateFault
  | ForeignFault
  | GarbageFault
  | SplitFault
  | CloseFault
  | DropRequestFault
  | BusyFault;

/** The kinds of {@link Fault}. */
export type FaultKind = Fault['kind'];

/** Steady fault rates, each a probability 0–1 per reply, drawn from the endpoint's seed. */
export interface FaultRates {
  /** Probability of dropping a reply. */
  readonly drop?: number;
  /** Probability of corrupting a reply's data checksum. */
  readonly corrupt?: number;
  /** Probability of sending a reply twice. */
  readonly duplicate?: number;
  /** Probability of a foreign frame before a reply. */
  readonly foreign?: number;
  /** Probability of garbage bytes before a reply. */
  readonly garbage?: number;
  /** Probability of splitting a reply in pieces. */
  readonly split?: number;
  /** Probability of delaying a reply by {@link FaultRates.delayMs}. */
  readonly delay?: number;
  /** The delay applied by the `delay` rate (default 3000 ms, past the usual 2 s timeout). */
  readonly delayMs?: number;
  /** Probability of losing a request before the installation sees it. */
  readonly dropRequest?: number;
  /** Probability of refusing a request with GATEWAY_BUSY. */
  readonly busy?: number;
}

const KINDS: readonly FaultKind[] = ['drop', 'delay', 'corrupt', 'duplicate', 'foreign', 'garbage', 'split', 'close', 'drop-request', 'busy'];

/** Whether a fault acts on the request rather than on its reply. */
function onRequest(fault: Fault): boolean {
  return fault.kind === 'drop-request' || fault.kind === 'busy';
}

function normalize(fault: Fault | FaultKind): Fault {
  if (typeof fault !== 'string') return fault;
  if (!KINDS.includes(fault)) throw new XcomValidationError(`unknown fault kind '${String(fault)}'`, 'fault');
  return fault === 'delay' ? { kind: 'delay', ms: 3000 } : ({ kind: fault } as Fault);
}

/**
 * The faults of one endpoint. Queue faults for the next replies with {@link next}, or set
 * steady rates with {@link setRates}; replies with nothing queued and no rate hit go out
 * clean.
 *
 * @example
 * ```ts
 * const endpoint = sim.endpoint('udp');
 * endpoint.faults.next('drop');                                  // the next reply is lost
 * endpoint.faults.next([{ kind: 'garbage' }, { kind: 'split', at: [5, 17] }]);
 * endpoint.faults.next({ kind: 'delay', ms: 2500 }, 3);          // the next three are late
 * endpoint.faults.setRates({ corrupt: 0.1 });                    // one reply in ten, seeded
 * endpoint.faults.next('drop-request');                          // the next request never arrives
 * endpoint.faults.next('busy');                                  // the next request gets GATEWAY_BUSY
 * ```
 */
export class FaultController {
  private readonly queue: Fault[][] = [];
  private rates: FaultRates = {};
  /** Whether any rate can hit: without one, a reply takes no draw and no fault. */
  private anyRate = false;
  /** The generator behind rates, garbage and split points. */
  readonly random: SeededRandom;

  /** @param seed seeds the rates, garbage and split points */
  constructor(seed = 1) {
    this.random = new SeededRandom(seed);
  }

  /** Applies `faults` (one or several combined) to each of the next `times` replies (default 1). */
  next(faults: Fault | FaultKind | readonly (Fault | FaultKind)[], times = 1): void {
    const list = (Array.isArray(faults) ? faults : [faults]).map((f: Fault | FaultKind) => normalize(f));
    if (!Number.isInteger(times) || times < 1) throw new XcomValidationError(`times must be a positive integer, got ${times}`, 'times');
    for (let i = 0; i < times; i++) this.queue.push(list);
  }

  /** Sets steady fault rates (replacing any before); `{}` turns them off. */
  setRates(rates: FaultRates): void {
    for (const [name, value] of Object.entries(rates)) {
      if (name !== 'delayMs' && !(typeof value === 'number' && value >= 0 && value <= 1)) {
        throw new XcomValidationError(`fault rate ${name} must be a probability 0–1, got ${String(value)}`, name);
      }
    }
    this.rates = { ...rates };
    this.anyRate = Object.entries(rates).some(([name, value]) => name !== 'delayMs' && (value as number) > 0);
  }

  /** How many replies still have queued faults. */
  get pending(): number {
    return this.queue.length;
  }

  /** Forgets queued faults and rates. */
  clear(): void {
    this.queue.length = 0;
    this.rates = {};
    this.anyRate = false;
  }

  /**
   * The faults for a request just received, when they act on it (`'drop-request'`, `'busy'`):
   * the queued ones for the next reply if they hold such a fault (they are then taken, the
   * others among them applying to the reply), else those the request rates draw; `undefined`
   * when none does, and the next reply's faults stay queued.
   */
  takeForRequest(): Fault[] | undefined {
    const queued = this.queue[0];
    if (queued !== undefined) {
      if (!queued.some(onRequest)) return undefined;
      this.queue.shift();
      return queued.slice();
    }
    if (!this.anyRate) return undefined;
    if (this.hit(this.rates.dropRequest)) return [{ kind: 'drop-request' }];
    if (this.hit(this.rates.busy)) return [{ kind: 'busy' }];
    return undefined;
  }

  /** The faults for the reply about to be sent: the queued ones, else those the rates draw. */
  take(): Fault[] {
    const queued = this.queue.shift();
    if (queued !== undefined) return queued.slice();
    const out: Fault[] = [];
    if (!this.anyRate) return out;
    const r = this.rates;
    if (this.hit(r.drop)) out.push({ kind: 'drop' });
    if (this.hit(r.delay)) out.push({ kind: 'delay', ms: r.delayMs ?? 3000 });
    if (this.hit(r.foreign)) out.push({ kind: 'foreign' });
    if (this.hit(r.garbage)) out.push({ kind: 'garbage' });
    if (this.hit(r.corrupt)) out.push({ kind: 'corrupt' });
    if (this.hit(r.split)) out.push({ kind: 'split' });
    if (this.hit(r.duplicate)) out.push({ kind: 'duplicate' });
    return out;
  }

  /** Draws against rate `p`; a missing or zero rate takes no draw, so the other rates' sequence stays the same. */
  private hit(p: number | undefined): boolean {
    return p !== undefined && p > 0 && this.random.next() < p;
  }
}
