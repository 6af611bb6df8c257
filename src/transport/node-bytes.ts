/**
 * Frames handed to Node's sockets as `Buffer`s, without the hidden cost of a small
 * `Uint8Array`: Node wraps a `Uint8Array` in a `Buffer` over its `ArrayBuffer`, and asking a
 * small array (64 bytes or fewer, kept on V8's heap) for its buffer makes V8 move it off the
 * heap, which costs more than copying its bytes into Node's buffer pool.
 * @module
 */

const SMALL_ARRAY = 64;

/** `bytes` as a `Buffer`: itself if it is one, a pooled copy if small, else a view of its memory. */
export function asBuffer(bytes: Uint8Array): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  return bytes.length <= SMALL_ARRAY ? Buffer.from(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
