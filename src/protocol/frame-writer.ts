/**
 * Writing a frame in place, in one allocation: the header first, then the caller fills the
 * data, then the data checksum seals it. The frame and service encoders share it so that a
 * whole request or response is built without an intermediate array for the frame data.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { writeUint16LE, writeUint32LE } from './bytes.js';
import { checksum } from './checksum.js';
import { HEADER_SIZE, MAX_DATA_LENGTH, START_BYTE, TRAILER_SIZE } from './frame-layout.js';

/** Throws {@link XcomValidationError} naming `field` unless `value` is an integer in [0, max]. */
export function checkUint(value: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new XcomValidationError(`${field} must be an integer between 0 and ${max}, got ${value}`, field);
  }
}

/**
 * Checks the link-layer fields (in the order the errors are reported: flags, addresses, then
 * the data length), allocates the frame and writes its header.
 */
export function startFrame(flags: number, srcAddr: number, dstAddr: number, dataLength: number): Uint8Array {
  checkUint(flags, 0xff, 'flags');
  checkUint(srcAddr, 0xffffffff, 'srcAddr');
  checkUint(dstAddr, 0xffffffff, 'dstAddr');
  if (dataLength > MAX_DATA_LENGTH) {
    throw new XcomValidationError(`frame data of ${dataLength} bytes exceeds the maximum of ${MAX_DATA_LENGTH}`, 'data');
  }
  const out = new Uint8Array(HEADER_SIZE + dataLength + TRAILER_SIZE);
  out[0] = START_BYTE;
  out[1] = flags;
  writeUint32LE(out, 2, srcAddr);
  writeUint32LE(out, 6, dstAddr);
  writeUint16LE(out, 10, dataLength);
  writeUint16LE(out, 12, checksum(out, 1, 12));
  return out;
}

/** Copies `src` into `out` at `at`: a plain loop for the few bytes of a value, `set` beyond. */
export function copyInto(out: Uint8Array, at: number, src: Uint8Array): void {
  const n = src.length;
  if (n > 32) {
    out.set(src, at);
    return;
  }
  for (let i = 0; i < n; i++) out[at + i] = src[i] as number;
}

/** Writes the data checksum of a frame whose data is in place; returns the frame. */
export function sealFrame(out: Uint8Array): Uint8Array {
  const end = out.length - TRAILER_SIZE;
  writeUint16LE(out, end, checksum(out, HEADER_SIZE, end));
  return out;
}
