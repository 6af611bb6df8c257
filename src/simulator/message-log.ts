/**
 * The Xcom-232i's message log (object type 3, spec §4.6): index 0 is the newest message and
 * reading it pins the history pointer and clears the "message pending" frame flag; a new
 * message sets the flag again.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import type { MessageRecord } from '../protocol/message-record.js';

/** One logged event. */
export interface LoggedMessage {
  /** The message number (0 "Battery low", 16 "Fan error detected", …; texts in the catalogue). */
  readonly type: number;
  /** The address of the device that raised it. */
  readonly srcAddr: number;
  /** When, seconds since 1970 in local wall-clock time. */
  readonly timestamp: number;
  /** The optional value ("not yet used" by the spec). */
  readonly value: number;
}

/**
 * How the log answers where the spec (§4.6.1, §4.6.6) leaves it open; neither is confirmed
 * on hardware.
 */
export interface MessageLogOptions {
  /** The most messages kept; older ones fall off (default 1000). */
  readonly capacity?: number;
  /**
   * What a read of a message that does not exist answers (an empty log's index 0, or an index
   * past the oldest message): `'error'` (default), OBJECT_ID_NOT_FOUND; or `'zero-record'`, a
   * record whose every field is 0.
   */
  readonly missing?: 'error' | 'zero-record';
  /**
   * What the record's first field counts. §4.6.6 calls it "the total number of message in the
   * XCOM-232i" (`'stored'`, default: every message the log holds, whichever is read), §4.6.1
   * "the number of remaining messages before attaining the very first message"
   * (`'remaining'`: the messages older than the one read, 0 for the oldest).
   */
  readonly total?: 'stored' | 'remaining';
}

const ZERO_RECORD: MessageRecord = { totalCount: 0, type: 0, srcAddr: 0, timestamp: 0, value: 0 };

/** The log, newest first, with the pending flag and the history pointer. */
export class MessageLog {
  private readonly entries: LoggedMessage[] = [];
  private pointer = 0;
  private pending = false;
  private readonly capacity: number;
  private readonly missing: 'error' | 'zero-record';
  private readonly total: 'stored' | 'remaining';

  /** @param options capacity and the answers the spec leaves open (a number is the capacity) */
  constructor(options: MessageLogOptions | number = {}) {
    const o = typeof options === 'number' ? { capacity: options } : options;
    this.capacity = o.capacity ?? 1000;
    if (!Number.isInteger(this.capacity) || this.capacity < 1) {
      throw new XcomValidationError(`the message log's capacity must be a positive integer, got ${this.capacity}`, 'capacity');
    }
    if (o.missing !== undefined && o.missing !== 'error' && o.missing !== 'zero-record') {
      throw new XcomValidationError(`messageLog.missing must be 'error' or 'zero-record', got ${JSON.stringify(o.missing)}`, 'missing');
    }
    if (o.total !== undefined && o.total !== 'stored' && o.total !== 'remaining') {
      throw new XcomValidationError(`messageLog.total must be 'stored' or 'remaining', got ${JSON.stringify(o.total)}`, 'total');
    }
    this.missing = o.missing ?? 'error';
    this.total = o.total ?? 'stored';
  }

  /** How many messages the log holds. */
  get size(): number {
    return this.entries.length;
  }

  /** Whether a message arrived since index 0 was last read (frame flags bit 0). */
  get messagePending(): boolean {
    return this.pending;
  }

  /** Every message, newest first. */
  list(): readonly LoggedMessage[] {
    return this.entries.slice();
  }

  /** Logs a new message and raises the pending flag. */
  add(message: LoggedMessage): void {
    // The pinned message moves one place down: history reads keep naming the same message.
    if (this.entries.length > 0) this.pointer++;
    this.entries.unshift(message);
    if (this.entries.length > this.capacity) this.entries.length = this.capacity;
    this.pending = true;
  }

  /** Erases every message ({5035} "Erase messages"): nothing is pending any more. */
  clear(): void {
    this.entries.length = 0;
    this.pointer = 0;
    this.pending = false;
  }

  /**
   * Reads message `index` as the Xcom does: 0 is the newest (and pins the pointer, clearing
   * the pending flag); n > 0 is the n-th older message from the pinned one. Returns
   * `undefined` when there is no such message and the log answers those with an error.
   */
  read(index: number): MessageRecord | undefined {
    if (index === 0) {
      this.pointer = 0;
      this.pending = false;
    }
    const position = this.pointer + index;
    const entry = this.entries[position];
    if (entry === undefined) return this.missing === 'zero-record' ? ZERO_RECORD : undefined;
    const totalCount = this.total === 'stored' ? this.entries.length : this.entries.length - position - 1;
    return { totalCount, ...entry };
  }
}
