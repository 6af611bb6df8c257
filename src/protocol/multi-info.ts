/**
 * Multi-info records (object type 0x0A, spec §4.9): up to 76 user infos in one request, each
 * with an aggregation; every value comes back as a float32.
 * @module
 */
import { XcomProtocolError, XcomValidationError } from '../errors.js';
import { readFloat32LE, readUint16LE, readUint32LE, writeFloat32LE, writeUint16LE, writeUint32LE } from './bytes.js';

/** The most items one multi-info request may carry. */
export const MULTI_INFO_MAX_ITEMS = 76;
const REQUEST_ITEM_SIZE = 3;
const RESPONSE_HEADER_SIZE = 8;
const RESPONSE_ITEM_SIZE = 7;

/** One requested info: its number and how to aggregate it over the family's devices. */
export interface MultiInfoRequestItem {
  /** The user info number (3000, 7002, 11004, …; uint16). */
  readonly infoId: number;
  /** 0 master, 1–15 device index, 0xFD average, 0xFE sum. */
  readonly aggregation: number;
}

/** One answered info. */
export interface MultiInfoResponseItem extends MultiInfoRequestItem {
  /** The value, always sent as float32 (cast enums with the catalogue). */
  readonly value: number;
}

/** The multi-info response's flags word (spec §4.9.2), decoded. */
export interface MultiInfoFlags {
  /** Bits 0–3: service version, 0 for the first. */
  readonly serviceVersion: number;
  /** Bit 4: the gateway is an Xcom-GSM (0: Xcom-LAN/232i). */
  readonly isXcomGsm: boolean;
  /** Bit 5: at least one Xtender is present. */
  readonly xtenderPresent: boolean;
  /** Bit 6: a BSP (or Xcom-CAN BMS) is present. */
  readonly bspPresent: boolean;
  /** Bit 7: at least one VarioTrack is present. */
  readonly varioTrackPresent: boolean;
  /** Bit 8: at least one VarioString is present. */
  readonly varioStringPresent: boolean;
}

/** A multi-info response, decoded. */
export interface MultiInfoResponse {
  /** The raw 32-bit flags word; see {@link decodeMultiInfoFlags}. */
  readonly flags: number;
  /** The gateway's date and time, seconds since 1970 (local wall-clock time). */
  readonly timestamp: number;
  /** The answered items, in request order. */
  readonly items: readonly MultiInfoResponseItem[];
}

function checkCount(count: number): void {
  if (count < 1 || count > MULTI_INFO_MAX_ITEMS) {
    throw new XcomValidationError(`a multi-info request carries 1 to ${MULTI_INFO_MAX_ITEMS} items, got ${count}`, 'items');
  }
}

function checkItem(item: MultiInfoRequestItem, index: number): void {
  if (!Number.isInteger(item.infoId) || item.infoId < 0 || item.infoId > 0xffff) {
    throw new XcomValidationError(`items[${index}].infoId must be an integer 0–65535, got ${item.infoId}`, 'infoId');
  }
  if (!Number.isInteger(item.aggregation) || item.aggregation < 0 || item.aggregation > 0xff) {
    throw new XcomValidationError(`items[${index}].aggregation must be an integer 0–255, got ${item.aggregation}`, 'aggregation');
  }
}

/** Encodes the property data of a multi-info request (3 bytes per item). */
export function encodeMultiInfoRequest(items: readonly MultiInfoRequestItem[]): Uint8Array {
  checkCount(items.length);
  const out = new Uint8Array(items.length * REQUEST_ITEM_SIZE);
  items.forEach((item, i) => {
    checkItem(item, i);
    out[i * 3] = item.infoId & 0xff;
    out[i * 3 + 1] = item.infoId >>> 8;
    out[i * 3 + 2] = item.aggregation;
  });
  return out;
}

/** Decodes the property data of a multi-info request (the device's side). */
export function decodeMultiInfoRequest(data: Uint8Array): MultiInfoRequestItem[] {
  if (data.length === 0 || data.length % REQUEST_ITEM_SIZE !== 0) {
    throw new XcomProtocolError(`a multi-info request carries 3 bytes per item, got ${data.length} bytes`);
  }
  const count = data.length / REQUEST_ITEM_SIZE;
  if (count > MULTI_INFO_MAX_ITEMS) throw new XcomProtocolError(`a multi-info request carries at most 76 items, got ${count}`);
  const items: MultiInfoRequestItem[] = [];
  for (let i = 0; i < data.length; i += REQUEST_ITEM_SIZE) {
    items.push({ infoId: (data[i] as number) | ((data[i + 1] as number) << 8), aggregation: data[i + 2] as number });
  }
  return items;
}

/** Encodes the property data of a multi-info response (the device's side). */
export function encodeMultiInfoResponse(response: MultiInfoResponse): Uint8Array {
  const out = new Uint8Array(RESPONSE_HEADER_SIZE + response.items.length * RESPONSE_ITEM_SIZE);
  writeUint32LE(out, 0, response.flags);
  writeUint32LE(out, 4, response.timestamp);
  response.items.forEach((item, i) => {
    checkItem(item, i);
    const at = RESPONSE_HEADER_SIZE + i * RESPONSE_ITEM_SIZE;
    writeUint16LE(out, at, item.infoId);
    out[at + 2] = item.aggregation;
    writeFloat32LE(out, at + 3, item.value);
  });
  return out;
}

/** Decodes the property data of a multi-info response; a bad length throws {@link XcomProtocolError}. */
export function decodeMultiInfoResponse(data: Uint8Array): MultiInfoResponse {
  if (data.length < RESPONSE_HEADER_SIZE || (data.length - RESPONSE_HEADER_SIZE) % RESPONSE_ITEM_SIZE !== 0) {
    throw new XcomProtocolError(`a multi-info response carries 8 + 7·N bytes, got ${data.length}`);
  }
  const items: MultiInfoResponseItem[] = [];
  for (let at = RESPONSE_HEADER_SIZE; at < data.length; at += RESPONSE_ITEM_SIZE) {
    items.push({
      infoId: readUint16LE(data, at),
      aggregation: data[at + 2] as number,
      value: readFloat32LE(data, at + 3),
    });
  }
  return { flags: readUint32LE(data, 0), timestamp: readUint32LE(data, 4), items };
}

/** Decodes the flags word of a multi-info response. */
export function decodeMultiInfoFlags(flags: number): MultiInfoFlags {
  return {
    serviceVersion: flags & 0x0f,
    isXcomGsm: (flags & 0x10) !== 0,
    xtenderPresent: (flags & 0x20) !== 0,
    bspPresent: (flags & 0x40) !== 0,
    varioTrackPresent: (flags & 0x80) !== 0,
    varioStringPresent: (flags & 0x100) !== 0,
  };
}

/** Encodes a multi-info flags word (the device's side). */
export function encodeMultiInfoFlags(flags: Partial<MultiInfoFlags>): number {
  return (
    ((flags.serviceVersion ?? 0) & 0x0f) |
    (flags.isXcomGsm ? 0x10 : 0) |
    (flags.xtenderPresent ? 0x20 : 0) |
    (flags.bspPresent ? 0x40 : 0) |
    (flags.varioTrackPresent ? 0x80 : 0) |
    (flags.varioStringPresent ? 0x100 : 0)
  );
}
