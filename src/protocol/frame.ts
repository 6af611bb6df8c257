/**
 * The data link layer (spec §3.2): start byte, frame flags, source and destination address,
 * data length, header checksum, frame data, data checksum. All fields little-endian.
 * @module
 */
import { XcomProtocolError, XcomValidationError } from '../errors.js';
import { copyBytes, readUint32LE } from './bytes.js';
import { checksum } from './checksum.js';
import { HEADER_SIZE, START_BYTE, TRAILER_SIZE } from './frame-layout.js';
import { copyInto, sealFrame, startFrame } from './frame-writer.js';

export { HEADER_SIZE, MAX_DATA_LENGTH, MAX_FRAME_SIZE, START_BYTE, TRAILER_SIZE } from './frame-layout.js';

/** A link-layer frame: what the checksums protect. */
export interface Frame {
  /** The frame flags byte (0 in requests; see {@link xcom-ts/protocol!decodeFrameFlags} for responses). */
  readonly flags: number;
  /** Source address (1 for the DTE, the device's address in a response). */
  readonly srcAddr: number;
  /** Destination address. */
  readonly dstAddr: number;
  /** The frame data (the service layer), `data_length` bytes. */
  readonly data: Uint8Array;
}

/** Encodes a frame with its two checksums. */
export function encodeFrame(frame: Frame): Uint8Array {
  const out = startFrame(frame.flags, frame.srcAddr, frame.dstAddr, frame.data.length);
  copyInto(out, HEADER_SIZE, frame.data);
  return sealFrame(out);
}

/**
 * Reads the header at `offset` when its checksum is right: returns `data_length`, or -1 when
 * the header checksum is wrong. The caller must have at least {@link HEADER_SIZE} bytes.
 */
export function readHeaderLength(bytes: Uint8Array, offset: number): number {
  const expected = (bytes[offset + 12] as number) | ((bytes[offset + 13] as number) << 8);
  if (checksum(bytes, offset + 1, offset + 12) !== expected) return -1;
  return (bytes[offset + 10] as number) | ((bytes[offset + 11] as number) << 8);
}

/** Builds a {@link Frame} from a whole, already validated frame at `offset` (copies the data). */
export function frameAt(bytes: Uint8Array, offset: number, dataLength: number): Frame {
  return {
    flags: bytes[offset + 1] as number,
    srcAddr: readUint32LE(bytes, offset + 2),
    dstAddr: readUint32LE(bytes, offset + 6),
    data: copyBytes(bytes, offset + HEADER_SIZE, offset + HEADER_SIZE + dataLength),
  };
}

/**
 * Decodes exactly one whole frame, checking the start byte, both checksums and the length.
 * Anything wrong throws {@link XcomProtocolError}; use {@link FrameDecoder} for a byte stream.
 */
export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.length < HEADER_SIZE + TRAILER_SIZE) {
    throw new XcomProtocolError(`a frame takes at least ${HEADER_SIZE + TRAILER_SIZE} bytes, got ${bytes.length}`);
  }
  if (bytes[0] !== START_BYTE) throw new XcomProtocolError(`frame does not start with 0xAA`);
  const n = readHeaderLength(bytes, 0);
  if (n < 0) throw new XcomProtocolError('header checksum mismatch');
  if (bytes.length !== HEADER_SIZE + n + TRAILER_SIZE) {
    throw new XcomProtocolError(`data_length ${n} does not match a frame of ${bytes.length} bytes`);
  }
  const sum = (bytes[HEADER_SIZE + n] as number) | ((bytes[HEADER_SIZE + n + 1] as number) << 8);
  if (checksum(bytes, HEADER_SIZE, HEADER_SIZE + n) !== sum) throw new XcomProtocolError('data checksum mismatch');
  return frameAt(bytes, 0, n);
}

/** Writes a frame as spaced hex, for logs (`aa 00 01 …`). */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += ' ';
    out += (bytes[i] as number).toString(16).padStart(2, '0');
  }
  return out;
}

/** Parses hex with optional spaces, `|` separators or `0x` prefixes into bytes. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/0x/gi, '').replace(/[^0-9a-f]/gi, '');
  if (clean.length % 2 !== 0) throw new XcomValidationError('hex string has an odd number of digits', 'hex');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
