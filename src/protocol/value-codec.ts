/**
 * Value codecs for every Scom format (spec §4.2.3), little-endian.
 * @module
 */
import { XcomProtocolError, XcomValidationError } from '../errors.js';
import { readFloat32LE, readInt32LE, readUint16LE, readUint32LE, writeFloat32LE, writeUint32LE } from './bytes.js';
import { checkScomFormat, formatSize, type ScomFormat, type ScomValue, type ValueOf } from './format.js';
import { decodeIso885915, encodeIso885915 } from './iso-8859-15.js';

const FLOAT32_MAX = 3.4028234663852886e38;

function fail(format: ScomFormat, value: unknown, why: string): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new XcomValidationError(`${shown} is not a valid ${format} value: ${why}`, 'value');
}

function requireInteger(format: ScomFormat, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(format, value, 'an integer is required');
  if (value < min || value > max) fail(format, value, `it must be between ${min} and ${max}`);
  return value;
}

/**
 * Encodes `value` in `format`. A value the format cannot hold (NaN or 1.5 for INT32, 70000
 * for SHORT_ENUM, 2 for BOOL, a character outside ISO-8859-15, …) throws
 * {@link XcomValidationError}, and so does a format that is not a Scom format. BOOL also takes
 * the numbers 0 and 1.
 */
export function encodeValue<F extends ScomFormat>(format: F, value: ValueOf<F>): Uint8Array;
export function encodeValue(format: ScomFormat, value: ScomValue): Uint8Array;
export function encodeValue(format: ScomFormat, value: ScomValue): Uint8Array {
  switch (format) {
    case 'BOOL': {
      if (value === true || value === 1) return Uint8Array.of(1);
      if (value === false || value === 0) return Uint8Array.of(0);
      return fail(format, value, 'only true/false (or 1/0) are allowed');
    }
    case 'FORMAT':
    case 'SHORT_ENUM':
    case 'ERROR': {
      const n = requireInteger(format, value, 0, 0xffff);
      return Uint8Array.of(n & 0xff, n >>> 8);
    }
    case 'INT32': {
      const n = requireInteger(format, value, -0x80000000, 0x7fffffff);
      const out = new Uint8Array(4);
      writeUint32LE(out, 0, n);
      return out;
    }
    case 'LONG_ENUM': {
      const n = requireInteger(format, value, 0, 0xffffffff);
      const out = new Uint8Array(4);
      writeUint32LE(out, 0, n);
      return out;
    }
    case 'FLOAT': {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(format, value, 'a finite number is required');
      if (Math.abs(value) > FLOAT32_MAX) fail(format, value, 'it is outside the float32 range');
      const out = new Uint8Array(4);
      writeFloat32LE(out, 0, value);
      return out;
    }
    case 'STRING':
      if (typeof value !== 'string') return fail(format, value, 'a string is required');
      return encodeIso885915(value);
    case 'BYTE_STREAM':
    case 'DYNAMIC':
      if (!(value instanceof Uint8Array)) return fail(format, value, 'a Uint8Array is required');
      return Uint8Array.from(value);
    default:
      // Not a Scom format (a JavaScript caller's 'float'): checkScomFormat throws.
      return checkScomFormat(format) as never;
  }
}

/**
 * Decodes a property value of `format`. A payload of the wrong length for a fixed-size
 * format, or a BOOL byte other than 0/1, throws {@link XcomProtocolError}; a format that is not
 * a Scom format throws {@link XcomValidationError}.
 */
export function decodeValue<F extends ScomFormat>(format: F, bytes: Uint8Array): ValueOf<F>;
export function decodeValue(format: ScomFormat, bytes: Uint8Array): ScomValue {
  const size = formatSize(format);
  if (size !== undefined && bytes.length !== size) {
    throw new XcomProtocolError(`a ${format} value takes ${size} bytes, the reply carries ${bytes.length}`);
  }
  switch (format) {
    case 'BOOL': {
      const byte = bytes[0];
      if (byte !== 0 && byte !== 1) throw new XcomProtocolError(`BOOL byte 0x${byte?.toString(16)} is neither 0 nor 1`);
      return byte === 1;
    }
    case 'FORMAT':
    case 'SHORT_ENUM':
    case 'ERROR':
      return readUint16LE(bytes, 0);
    case 'INT32':
      return readInt32LE(bytes, 0);
    case 'LONG_ENUM':
      return readUint32LE(bytes, 0);
    case 'FLOAT':
      return readFloat32LE(bytes, 0);
    case 'STRING':
      return decodeIso885915(bytes);
    case 'BYTE_STREAM':
    case 'DYNAMIC':
      return Uint8Array.from(bytes);
    default:
      // Not a Scom format (a JavaScript caller's 'float'): checkScomFormat throws.
      return checkScomFormat(format) as never;
  }
}
