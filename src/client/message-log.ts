/**
 * Reading the Xcom-232i's message log (object type 3, spec §4.6) newest first.
 *
 * Reading message 0 returns the newest message, pins the pointer later indexes count from,
 * and clears the "message pending" frame flag — for every reader of the gateway, Studer's
 * portal included. The spec says two things of the record's first field: "the total number of
 * message" (§4.6.6) and "the number of remaining messages before attaining the very first
 * message" (§4.6.1); the walk here ends correctly under either (a count of 0, a count that
 * the second record repeats, or the first index the gateway refuses).
 * @module
 */
import { XcomC } from '../constants.js';
import { XcomDeviceError, XcomValidationError } from '../errors.js';
import type { XcomMessage } from './results.js';

/** Options of {@link XcomClient.readMessages}. */
export interface ReadMessagesOptions {
  /** The most messages read, newest first (default 20; each costs a request). */
  readonly limit?: number;
  /** Aborts the call; it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The keys of {@link ReadMessagesOptions}, which the client checks at run time. */
export const READ_MESSAGES_OPTION_KEYS = ['limit', 'signal'] as const satisfies readonly (keyof ReadMessagesOptions)[];
// Fails to compile when the list misses a key of the interface.
type True<T extends true> = T;
type _ReadMessagesOptionKeys = True<[Exclude<keyof ReadMessagesOptions, (typeof READ_MESSAGES_OPTION_KEYS)[number]>] extends [never] ? true : false>;

/** The default of {@link ReadMessagesOptions.limit}. */
export const DEFAULT_MESSAGE_LIMIT = 20;
const MAX_LIMIT = 100_000;

/** Reads one message by index; `undefined` when the gateway has none there (OBJECT_ID_NOT_FOUND). */
export type MessageReader = (index: number) => Promise<XcomMessage | undefined>;

/** A reader over `readMessage` that turns OBJECT_ID_NOT_FOUND (no such message) into `undefined`. */
export function messageReader(readMessage: (index: number) => Promise<XcomMessage>): MessageReader {
  return async (index) => {
    try {
      return await readMessage(index);
    } catch (error) {
      if (error instanceof XcomDeviceError && error.scomCode === XcomC.ERRORS.OBJECT_ID_NOT_FOUND) return undefined;
      throw error;
    }
  };
}

/** The key spec §4.6.3 tells messages apart by: source, time and number. */
export function messageKey(message: Pick<XcomMessage, 'srcAddr' | 'timestamp' | 'type'>): string {
  return `${message.srcAddr}/${message.timestamp}/${message.type}`;
}

/** A record of zeros: what some gateways answer for a message that does not exist. */
function isEmptyRecord(m: XcomMessage): boolean {
  return m.totalCount === 0 && m.type === 0 && m.srcAddr === 0 && m.timestamp === 0 && m.value === 0;
}

/**
 * Reads the log from message 0 down, newest first: at most `limit` messages, stopping at the
 * oldest, or before the first message `known` says was seen already.
 */
export async function walkMessageLog(read: MessageReader, limit: number, known?: (message: XcomMessage) => boolean): Promise<XcomMessage[]> {
  const messages: XcomMessage[] = [];
  let storedCount: number | undefined;
  for (let index = 0; index < limit; index++) {
    const message = await read(index);
    if (message === undefined || isEmptyRecord(message) || known?.(message) === true) break;
    messages.push(message);
    // §4.6.1's count of the older messages reaches 0 at the oldest.
    if (message.totalCount === 0) break;
    // §4.6.6's total repeats from one record to the next: it is the log's size.
    if (index === 1 && message.totalCount === messages[0]?.totalCount) storedCount = message.totalCount;
    if (storedCount !== undefined && index + 1 >= storedCount) break;
  }
  return messages;
}

/** Checks `limit` (an integer from 1) and returns it, or the default. */
export function checkLimit(limit: number | undefined, fallback = DEFAULT_MESSAGE_LIMIT): number {
  const n = limit ?? fallback;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new XcomValidationError(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${JSON.stringify(limit)}`, 'limit');
  }
  return n;
}
