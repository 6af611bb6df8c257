/**
 * Message records (object type 3, spec §4.6): one entry of the Xcom-232i's event log.
 * @module
 */
import { XcomProtocolError } from '../errors.js';
import { readUint16LE, readUint32LE, writeUint16LE, writeUint32LE } from './bytes.js';

/** The size of a message record's property data. */
export const MESSAGE_RECORD_SIZE = 18;

/** One message of the Xcom-232i's log, as the wire carries it. */
export interface MessageRecord {
  /** How many messages the Xcom-232i holds (remaining before the oldest). */
  readonly totalCount: number;
  /** The message number; its text is in the catalogue (e.g. 16 "Fan error detected"). */
  readonly type: number;
  /** The address of the device that raised it (105 = Xtender 5). */
  readonly srcAddr: number;
  /** When it happened, seconds since 1970 in the installation's local wall-clock time. */
  readonly timestamp: number;
  /** The optional value ("not yet used" by the spec), as a raw unsigned 32-bit number. */
  readonly value: number;
}

/** Encodes a message record (the device's side). */
export function encodeMessageRecord(record: MessageRecord): Uint8Array {
  const out = new Uint8Array(MESSAGE_RECORD_SIZE);
  writeUint32LE(out, 0, record.totalCount);
  writeUint16LE(out, 4, record.type);
  writeUint32LE(out, 6, record.srcAddr);
  writeUint32LE(out, 10, record.timestamp);
  writeUint32LE(out, 14, record.value);
  return out;
}

/** Decodes a message record; any length but 18 bytes throws {@link XcomProtocolError}. */
export function decodeMessageRecord(data: Uint8Array): MessageRecord {
  if (data.length !== MESSAGE_RECORD_SIZE) {
    throw new XcomProtocolError(`a message record takes ${MESSAGE_RECORD_SIZE} bytes, got ${data.length}`);
  }
  return {
    totalCount: readUint32LE(data, 0),
    type: readUint16LE(data, 4),
    srcAddr: readUint32LE(data, 6),
    timestamp: readUint32LE(data, 10),
    value: readUint32LE(data, 14),
  };
}
