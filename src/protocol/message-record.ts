/**
 * Message records (object type 3, spec §4.6): one entry of the Xcom-232i's event log.
 * @module
 */
import { XcomProtocolError } from '../errors.js';

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
  const view = new DataView(out.buffer);
  view.setUint32(0, record.totalCount >>> 0, true);
  view.setUint16(4, record.type & 0xffff, true);
  view.setUint32(6, record.srcAddr >>> 0, true);
  view.setUint32(10, record.timestamp >>> 0, true);
  view.setUint32(14, record.value >>> 0, true);
  return out;
}

/** Decodes a message record; any length but 18 bytes throws {@link XcomProtocolError}. */
export function decodeMessageRecord(data: Uint8Array): MessageRecord {
  if (data.length !== MESSAGE_RECORD_SIZE) {
    throw new XcomProtocolError(`a message record takes ${MESSAGE_RECORD_SIZE} bytes, got ${data.length}`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    totalCount: view.getUint32(0, true),
    type: view.getUint16(4, true),
    srcAddr: view.getUint32(6, true),
    timestamp: view.getUint32(10, true),
    value: view.getUint32(14, true),
  };
}
