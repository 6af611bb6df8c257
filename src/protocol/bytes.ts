/**
 * Little-endian numbers read from and written to byte arrays without a `DataView` on them.
 * A `DataView` needs the array's `ArrayBuffer`, and asking a small `Uint8Array` (64 bytes or
 * fewer, which V8 keeps on its heap) for its buffer makes V8 move it off the heap: about a
 * microsecond, many times the cost of encoding the whole frame. Floats go through one shared
 * scratch `DataView` instead, which keeps the byte order right on any platform.
 * @module
 */

const scratch = new DataView(new ArrayBuffer(4));

/** Writes the low 16 bits of `value` at `at`, little-endian. */
export function writeUint16LE(out: Uint8Array, at: number, value: number): void {
  out[at] = value & 0xff;
  out[at + 1] = (value >>> 8) & 0xff;
}

/** Writes `value` modulo 2³² at `at`, little-endian (a negative int32 as its two's complement). */
export function writeUint32LE(out: Uint8Array, at: number, value: number): void {
  out[at] = value & 0xff;
  out[at + 1] = (value >>> 8) & 0xff;
  out[at + 2] = (value >>> 16) & 0xff;
  out[at + 3] = (value >>> 24) & 0xff;
}

/** Writes `value` as a little-endian float32 at `at` (rounded as `DataView.setFloat32` does). */
export function writeFloat32LE(out: Uint8Array, at: number, value: number): void {
  scratch.setFloat32(0, value, true);
  out[at] = scratch.getUint8(0);
  out[at + 1] = scratch.getUint8(1);
  out[at + 2] = scratch.getUint8(2);
  out[at + 3] = scratch.getUint8(3);
}

/** Reads a little-endian uint16 at `at`; the caller checks the bounds. */
export function readUint16LE(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

/** Reads a little-endian int32 at `at`; the caller checks the bounds. */
export function readInt32LE(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)
  );
}

/** Reads a little-endian uint32 at `at`; the caller checks the bounds. */
export function readUint32LE(bytes: Uint8Array, at: number): number {
  return readInt32LE(bytes, at) >>> 0;
}

/** Reads a little-endian float32 at `at`; the caller checks the bounds. */
export function readFloat32LE(bytes: Uint8Array, at: number): number {
  scratch.setUint8(0, bytes[at] as number);
  scratch.setUint8(1, bytes[at + 1] as number);
  scratch.setUint8(2, bytes[at + 2] as number);
  scratch.setUint8(3, bytes[at + 3] as number);
  return scratch.getFloat32(0, true);
}

/**
 * The most bytes {@link copyBytes} copies by hand into a new array; V8 keeps typed arrays up
 * to this size on its heap, where a plain loop beats `slice()`.
 */
const SMALL_ARRAY = 64;

/** A copy of `bytes[start, end)` in a new plain `Uint8Array`; the caller checks the bounds. */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  const out = new Uint8Array(n);
  if (n > SMALL_ARRAY) out.set(bytes.subarray(start, end));
  else for (let i = 0; i < n; i++) out[i] = bytes[start + i] as number;
  return out;
}
