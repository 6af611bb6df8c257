/**
 * A 1-bit greyscale PNG encoder: IHDR (colour type 0, bit depth 1), one IDAT deflated by
 * `node:zlib`, IEND. Enough for a monochrome display, with no image library.
 * @module
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
/** PNG's numbers are big-endian, unlike Scom's. */
function writeUint32BE(out: Uint8Array, at: number, value: number): void {
  out[at] = (value >>> 24) & 0xff;
  out[at + 1] = (value >>> 16) & 0xff;
  out[at + 2] = (value >>> 8) & 0xff;
  out[at + 3] = value & 0xff;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** One chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeUint32BE(out, 0, data.length);
  out.set(ascii(type), 4);
  out.set(data, 8);
  writeUint32BE(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes a 1-bit greyscale PNG of `width` × `height` pixels: `white(x, y)` says which pixels
 * are white (PNG's 1), the others are black.
 */
export function monochromePng(width: number, height: number, white: (x: number, y: number) => boolean): Uint8Array {
  const stride = Math.ceil(width / 8);
  // Each scanline starts with its filter type, 0 (none): a bilevel image gains little from the others.
  const raw = new Uint8Array(height * (1 + stride));
  for (let y = 0; y < height; y++) {
    const line = y * (1 + stride) + 1;
    for (let x = 0; x < width; x++) {
      if (white(x, y)) raw[line + (x >> 3)] = (raw[line + (x >> 3)] as number) | (0x80 >> (x & 7));
    }
  }
  const header = new Uint8Array(13);
  writeUint32BE(header, 0, width);
  writeUint32BE(header, 4, height);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale
  // compression 0 (deflate), filter method 0, no interlace: the zeros already there
  const parts = [SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
