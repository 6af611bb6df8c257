/**
 * The Scom value formats of spec §4.2.3, as string literals, and the JavaScript type each
 * decodes to.
 * @module
 */
import { XcomValidationError } from '../errors.js';

/** Every value format of the Scom protocol (spec §4.2.3). `DYNAMIC` depends on the object. */
export type ScomFormat =
  | 'BOOL'
  | 'FORMAT'
  | 'SHORT_ENUM'
  | 'ERROR'
  | 'INT32'
  | 'FLOAT'
  | 'LONG_ENUM'
  | 'STRING'
  | 'DYNAMIC'
  | 'BYTE_STREAM';

/** The formats whose value is a JavaScript number. */
export type NumericFormat = 'FORMAT' | 'SHORT_ENUM' | 'ERROR' | 'INT32' | 'FLOAT' | 'LONG_ENUM';

/** The JavaScript type a value of format `F` decodes to and is encoded from. */
export type ValueOf<F extends ScomFormat> = F extends 'BOOL'
  ? boolean
  : F extends NumericFormat
    ? number
    : F extends 'STRING'
      ? string
      : Uint8Array;

/** Any decoded Scom value. */
export type ScomValue = boolean | number | string | Uint8Array;

/** Every format, in the order of spec §4.2.3. */
export const SCOM_FORMATS: readonly ScomFormat[] = [
  'BOOL',
  'FORMAT',
  'SHORT_ENUM',
  'ERROR',
  'INT32',
  'FLOAT',
  'LONG_ENUM',
  'STRING',
  'DYNAMIC',
  'BYTE_STREAM',
];

/** Wire size in bytes of the fixed-size formats; `undefined` for variable-length ones. */
export function formatSize(format: ScomFormat): number | undefined {
  switch (format) {
    case 'BOOL':
      return 1;
    case 'FORMAT':
    case 'SHORT_ENUM':
    case 'ERROR':
      return 2;
    case 'INT32':
    case 'FLOAT':
    case 'LONG_ENUM':
      return 4;
    default:
      return undefined;
  }
}

/** Whether `value` is one of the {@link ScomFormat} literals. */
export function isScomFormat(value: unknown): value is ScomFormat {
  return typeof value === 'string' && (SCOM_FORMATS as readonly string[]).includes(value);
}

function unknownFormat(value: unknown): never {
  const spelled = typeof value === 'string' ? value.trim().toUpperCase().replace(/[\s-]+/g, '_') : undefined;
  const hint = spelled !== undefined && isScomFormat(spelled) ? `: did you mean '${spelled}'?` : '';
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new XcomValidationError(`format must be a Scom format (${SCOM_FORMATS.join(', ')}; XcomC.TYPE_FLOAT, …), got ${shown}${hint}`, 'format');
}

/**
 * `value` when it is a {@link ScomFormat}; otherwise throws {@link XcomValidationError} naming
 * the formats (and the right spelling of a lower-case one: `'float'` → `'FLOAT'`).
 */
export function checkScomFormat(value: unknown): ScomFormat {
  return isScomFormat(value) ? value : unknownFormat(value);
}
