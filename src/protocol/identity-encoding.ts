/**
 * The identity user infos' encodings (spec §4.4.3–4.4.4): a software version X.Y.Z and a
 * device's FID are 32-bit values split over two FLOAT infos ("ID SOFT msb"/"ID SOFT lsb",
 * "ID FID msb"/"ID FID lsb"), each an unsigned 16-bit half.
 * @module
 */
import { XcomValidationError } from '../errors.js';

/** A firmware version X.Y.Z. */
export interface SoftwareVersion {
  /** X, the most significant byte of the 32-bit value. */
  readonly major: number;
  /** Y. */
  readonly minor: number;
  /** Z, the least significant byte. */
  readonly patch: number;
  /** `'X.Y.Z'`. */
  readonly text: string;
}

/** The two 16-bit halves of a 32-bit identity value, as the two FLOAT infos carry them. */
export interface IdentityHalves {
  /** The "msb" info: the upper 16 bits. */
  readonly msb: number;
  /** The "lsb" info: the lower 16 bits. */
  readonly lsb: number;
}

function uint16(value: number, field: string): number {
  // The spec: "These two values are in FLOAT and must be converted to 16 unsigned beforehand."
  const n = Math.trunc(value);
  if (!Number.isFinite(value) || n < 0 || n > 0xffff) {
    throw new XcomValidationError(`${field} must be a 16-bit unsigned value, got ${value}`, field);
  }
  return n;
}

function version(major: number, minor: number, patch: number): SoftwareVersion {
  return { major, minor, patch, text: `${major}.${minor}.${patch}` };
}

/**
 * The version X.Y.Z from the "ID SOFT msb" and "ID SOFT lsb" infos (spec §4.4.3: the 32-bit
 * value is X, a reserved byte, Y, Z from the most significant byte down).
 *
 * @example
 * ```ts
 * const msb = await xcom.getValue(XcomP.XT_ID_SOFT_MSB);
 * const lsb = await xcom.getValue(XcomP.XT_ID_SOFT_LSB);
 * decodeSoftwareVersion(msb, lsb).text; // '1.6.74'
 * ```
 */
export function decodeSoftwareVersion(msb: number, lsb: number): SoftwareVersion {
  const high = uint16(msb, 'msb');
  const low = uint16(lsb, 'lsb');
  return version(high >> 8, low >> 8, low & 0xff);
}

/** Parses `'X.Y.Z'` (each part 0–255); throws {@link XcomValidationError} otherwise. */
export function parseSoftwareVersion(text: string): SoftwareVersion {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(typeof text === 'string' ? text.trim() : '');
  const parts = match === null ? [] : match.slice(1).map(Number);
  if (parts.length !== 3 || parts.some((p) => p > 255)) {
    throw new XcomValidationError(`a software version is X.Y.Z with each part 0–255, got ${JSON.stringify(text)}`, 'version');
  }
  return version(parts[0] as number, parts[1] as number, parts[2] as number);
}

/** The "ID SOFT msb" and "ID SOFT lsb" values of a version (the reserved byte 0). */
export function encodeSoftwareVersion(v: SoftwareVersion | string): IdentityHalves {
  const { major, minor, patch } = typeof v === 'string' ? parseSoftwareVersion(v) : v;
  return { msb: major << 8, lsb: (minor << 8) | patch };
}

/** Orders two versions: negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareSoftwareVersions(a: SoftwareVersion | string, b: SoftwareVersion | string): number {
  const x = typeof a === 'string' ? parseSoftwareVersion(a) : a;
  const y = typeof b === 'string' ? parseSoftwareVersion(b) : b;
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** A device's 32-bit FID from the "ID FID msb" and "ID FID lsb" infos (spec §4.4.4). */
export function decodeFid(msb: number, lsb: number): number {
  return ((uint16(msb, 'msb') << 16) | uint16(lsb, 'lsb')) >>> 0;
}

/** The "ID FID msb" and "ID FID lsb" values of a 32-bit FID. */
export function encodeFid(fid: number): IdentityHalves {
  if (!Number.isInteger(fid) || fid < 0 || fid > 0xffffffff) {
    throw new XcomValidationError(`a FID is a 32-bit unsigned integer, got ${fid}`, 'fid');
  }
  return { msb: fid >>> 16, lsb: fid & 0xffff };
}
