// fast-check generators shared by the protocol property tests.
import fc from 'fast-check';
import { checksum, encodeFrame, type Frame, MAX_DATA_LENGTH } from '../../src/protocol/index.js';

/** Any legal frame, data up to `maxData` bytes. */
export function frameArb(maxData = MAX_DATA_LENGTH): fc.Arbitrary<Frame> {
  return fc.record({
    flags: fc.integer({ min: 0, max: 0xff }),
    srcAddr: fc.integer({ min: 0, max: 0xffffffff }),
    dstAddr: fc.integer({ min: 0, max: 0xffffffff }),
    data: fc.uint8Array({ maxLength: maxData }),
  });
}

/** A header (start byte included) with a valid checksum announcing `dataLength` bytes. */
export function falseHeader(dataLength: number, flags = 0x34): Uint8Array {
  const header = new Uint8Array(14);
  const view = new DataView(header.buffer);
  header[0] = 0xaa;
  header[1] = flags;
  view.setUint32(2, 101, true);
  view.setUint32(6, 1, true);
  view.setUint16(10, dataLength, true);
  view.setUint16(12, checksum(header, 1, 12), true);
  return header;
}

/** Garbage rich in 0xAA and CR/LF (no valid frame can hide in it by more than chance). */
export function garbageArb(maxLength = 32): fc.Arbitrary<Uint8Array> {
  return fc
    .array(fc.oneof(fc.constant(0xaa), fc.constant(0x0d), fc.constant(0x0a), fc.integer({ min: 0, max: 255 })), { maxLength })
    .map((a) => Uint8Array.from(a));
}

/** Splits `bytes` at the given (sorted, deduplicated) cut points. */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A frame's encoding, for comparisons. */
export const bytesOf = (frame: Frame): number[] => [...encodeFrame(frame)];
