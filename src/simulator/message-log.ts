/**
 * The Xcom-232i's message log (object type 3, spec §4.6): index 0 is the newest message and
 * reading it pins the history pointer and clears the "message pending" frame flag; a new
 * message sets the flag again.
 * @module
 */
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

/** The log, newest first, with the pending flag and the history pointer. */
export class MessageLog {
  private readonly entries: LoggedMessage[] = [];
  private pointer = 0;
  private pending = false;

  /** @param capacity the most messages kept; older ones fall off (default 1000) */
  constructor(private readonly capacity = 1000) {}

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

  /**
   * Reads message `index` as the Xcom does: 0 is the newest (and pins the pointer, clearing
   * the pending flag); n > 0 is the n-th older message from the pinned one. Returns
   * `undefined` when there is no such message.
   */
  read(index: number): MessageRecord | undefined {
    if (index === 0) {
      this.pointer = 0;
      this.pending = false;
    }
    const entry = this.entries[this.pointer + index];
    if (entry === undefined) return undefined;
    return { totalCount: this.entries.length, ...entry };
  }
}
