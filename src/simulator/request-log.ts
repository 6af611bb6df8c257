/**
 * The log of requests the simulator received, for tests and for the curious.
 * @module
 */

/**
 * How the simulator dealt with a request: answered (`'ok'`), refused with an error frame
 * (`'error'`), not answered because it was a response, someone else's traffic
 * (`'ignored'`), or not answered because the Xcom-232i was restarting (`'unanswered'`).
 */
export type RequestOutcome = 'ok' | 'error' | 'ignored' | 'unanswered';

/** One received request. */
export interface RequestRecord {
  /** When it was handled, ms since 1970 on the simulator's clock. */
  readonly atMs: number;
  /** The endpoint it came through (`'udp'`, `'tcp-listen'`, …). */
  readonly endpoint: string;
  /** The requester's address (1 for a DTE). */
  readonly srcAddr: number;
  /** The address the request was sent to. */
  readonly dstAddr: number;
  /** 1 READ_PROPERTY, 2 WRITE_PROPERTY (0 when the frame was too short to tell). */
  readonly serviceId: number;
  /** The object type. */
  readonly objectType: number;
  /** The object id. */
  readonly objectId: number;
  /** The property id. */
  readonly propertyId: number;
  /** The property data sent (the value written, the multi-info list). */
  readonly propertyData: Uint8Array;
  /** What the simulator did with it. */
  readonly outcome: RequestOutcome;
  /** The Scom error code sent back, for `'error'`. */
  readonly errorCode?: number;
  /** For some errors, the part of the request at fault (the multi-info item naming an absent device, …). */
  readonly detail?: string;
}

/**
 * A bounded log of requests, oldest first. It is a ring: once full, each new record takes the
 * oldest one's slot, so a busy simulator pays the same small cost per request however long
 * it runs.
 */
export class RequestLog {
  private readonly ring: RequestRecord[] = [];
  /** Where the oldest record sits once the ring is full (0 until then). */
  private head = 0;
  /** The capacity as a whole number of slots (a fractional capacity rounds up, NaN is no limit). */
  private readonly slots: number;

  /** @param capacity the most records kept; older ones are dropped (default 10 000) */
  constructor(readonly capacity = 10_000) {
    this.slots = Number.isNaN(capacity) ? Infinity : Math.max(0, Math.ceil(capacity));
  }

  /** How many records the log holds. */
  get size(): number {
    return this.ring.length;
  }

  /** Appends a record. */
  add(record: RequestRecord): void {
    if (this.ring.length < this.slots) {
      this.ring.push(record);
      return;
    }
    if (this.slots === 0) return;
    this.ring[this.head] = record;
    this.head = (this.head + 1) % this.slots;
  }

  /** Every record, oldest first (a copy). */
  list(): RequestRecord[] {
    return this.ring.slice(this.head).concat(this.ring.slice(0, this.head));
  }

  /** The newest record. */
  last(): RequestRecord | undefined {
    if (this.ring.length === 0) return undefined;
    return this.ring[(this.head + this.ring.length - 1) % this.ring.length];
  }

  /** Forgets every record. */
  clear(): void {
    this.ring.length = 0;
    this.head = 0;
  }
}
