/**
 * Values of datapoints as the simulated devices hold them (plain numbers, BOOL as 0/1), their
 * wire encoding, and the checks a device makes before accepting a written value.
 * @module
 */
import { SCOM_ERRORS } from '../constants.js';
import type { Datapoint } from '../catalogue/types.js';
import { readFloat32LE, readInt32LE, readUint16LE, readUint32LE, writeFloat32LE, writeUint16LE, writeUint32LE } from '../protocol/bytes.js';
import { formatSize, type ScomFormat } from '../protocol/format.js';

/** A parameter's starting value: its default, else its minimum, else its first label, else 0. */
export function initialValue(dp: Datapoint): number {
  return dp.default ?? dp.min ?? dp.labels?.[0]?.value ?? 0;
}

/**
 * Encodes a number in a fixed-size format. Unlike the client's strict codec it lets a FLOAT
 * be NaN, which real devices send (BSP info 7004 while charging).
 */
export function encodeNumber(format: ScomFormat, value: number): Uint8Array {
  const size = formatSize(format) ?? 4;
  const out = new Uint8Array(size);
  switch (format) {
    case 'BOOL':
      out[0] = value ? 1 : 0;
      break;
    case 'FORMAT':
    case 'SHORT_ENUM':
    case 'ERROR':
      writeUint16LE(out, 0, Math.round(value));
      break;
    case 'INT32':
    case 'LONG_ENUM':
      // Both are the low 32 bits of the rounded value.
      writeUint32LE(out, 0, Math.round(value));
      break;
    default:
      writeFloat32LE(out, 0, value);
  }
  return out;
}

/** A decoded write, or the Scom error code that refuses it. */
export type WriteCheck = { readonly value: number } | { readonly error: number };

function decodeRaw(format: ScomFormat, bytes: Uint8Array): WriteCheck {
  const size = formatSize(format) ?? 4;
  if (bytes.length !== size) return { error: SCOM_ERRORS.INVALID_DATA_LENGTH };
  switch (format) {
    case 'BOOL': {
      const b = bytes[0] as number;
      return b === 0 || b === 1 ? { value: b } : { error: SCOM_ERRORS.INVALID_DATA };
    }
    case 'FORMAT':
    case 'SHORT_ENUM':
    case 'ERROR':
      return { value: readUint16LE(bytes, 0) };
    case 'INT32':
      return { value: readInt32LE(bytes, 0) };
    case 'LONG_ENUM':
      return { value: readUint32LE(bytes, 0) };
    default: {
      const v = readFloat32LE(bytes, 0);
      return Number.isFinite(v) ? { value: v } : { error: SCOM_ERRORS.INVALID_DATA };
    }
  }
}

/**
 * Whether `value` is one the datapoint's labels allow. A bit field without labels (the
 * appendix lists no bits for "Day of the week") takes any mask within its maximum; any other
 * datapoint without labels takes any value.
 */
export function isLabelled(dp: Datapoint, value: number): boolean {
  const labels = dp.labels;
  if (labels === undefined || labels.length === 0) {
    if (dp.longEnumMode === 'bit-field' && dp.max !== undefined) return (value & ~dp.max) >>> 0 === 0;
    return true;
  }
  if (dp.format === 'LONG_ENUM' && dp.longEnumMode === 'bit-field') {
    const mask = labels.reduce((m, l) => (m | l.value) >>> 0, 0);
    return (value & ~mask) >>> 0 === 0;
  }
  return labels.some((l) => l.value === value);
}

/**
 * Decodes and checks a value written to a parameter, in the order a device would: length,
 * what the format allows, labels, then the range. The range is compared in float32, the
 * precision the value travelled in, so that writing the minimum 0.1 is not "too small".
 */
export function checkWrite(dp: Datapoint, bytes: Uint8Array): WriteCheck {
  const raw = decodeRaw(dp.format, bytes);
  if ('error' in raw) return raw;
  const value = raw.value;
  const enumLike = dp.format === 'SHORT_ENUM' || dp.format === 'LONG_ENUM';
  if (enumLike && !isLabelled(dp, value)) return { error: SCOM_ERRORS.INVALID_DATA };
  if (!enumLike && dp.format !== 'BOOL') {
    if (dp.min !== undefined && value < Math.fround(dp.min)) return { error: SCOM_ERRORS.DATA_TOO_SMALL };
    if (dp.max !== undefined && value > Math.fround(dp.max)) return { error: SCOM_ERRORS.DATA_TOO_BIG };
  }
  return { value };
}

/** The property-8 code of a user level (spec §4.5.2). */
export function levelCode(dp: Datapoint): number {
  switch (dp.level) {
    case 'BASIC':
      return 0x10;
    case 'EXPERT':
      return 0x20;
    case 'INSTALLER':
      return 0x30;
    case 'QSP':
      return 0x40;
    default:
      return 0x00;
  }
}

/** A parameter's minimum for property 6: its `min`, else its lowest label, else 0 (BOOL: 0). */
export function minimumOf(dp: Datapoint): number {
  if (dp.min !== undefined) return dp.min;
  const labels = dp.labels ?? [];
  return labels.length > 0 ? Math.min(...labels.map((l) => l.value)) : 0;
}

/** A parameter's maximum for property 7: its `max`, else its highest label, else 0 (BOOL: 1). */
export function maximumOf(dp: Datapoint): number {
  if (dp.max !== undefined) return dp.max;
  if (dp.format === 'BOOL') return 1;
  const labels = dp.labels ?? [];
  return labels.length > 0 ? Math.max(...labels.map((l) => l.value)) : 0;
}
