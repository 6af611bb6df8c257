/**
 * The Scom checksum (spec §3.4): a Fletcher-16 variant whose first sum starts at 0xFF.
 * @module
 */

/**
 * Computes the 16-bit checksum of `bytes[start, end)`, returned as `A | (B << 8)` so that
 * writing it little-endian puts A first, as the wire wants.
 */
export function checksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let a = 0xff;
  let b = 0;
  for (let i = start; i < end; i++) {
    a = (a + (bytes[i] as number)) & 0xff;
    b = (b + a) & 0xff;
  }
  return a | (b << 8);
}
