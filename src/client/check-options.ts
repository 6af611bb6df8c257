/**
 * The run-time check of an options object: JavaScript callers and objects built at run time
 * escape the types, and an option the client ignored would change what is written (a typo in
 * `propertyId` writes RAM instead of flash; xcom-proto's positional address writes every
 * Xtender instead of one).
 * @module
 */
import { FAMILIES } from '../catalogue/families.js';
import { XcomValidationError } from '../errors.js';

/** What an options object is called in messages, and the keys it takes. */
export interface OptionsKind {
  /** Its name in a message: `'request options'`, `'client options'`, … */
  readonly what: string;
  /** Every key it takes. */
  readonly keys: readonly string[];
  /** The object a caller who passed the number `n` in its place meant, e.g. `{ dstAddr: 101 }`. */
  readonly forNumber?: (n: number) => string;
}

/** Edit distance between two short strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

const fold = (key: string): string => key.toLowerCase().replace(/[_\-\s]/g, '');

/**
 * The known key closest to `key`, compared without case and separators (`propertyID`,
 * `property_id` → `propertyId`; `dstadr` → `dstAddr`); `undefined` when none is close.
 */
export function closestKey(key: string, keys: readonly string[]): string | undefined {
  const wanted = fold(key);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of keys) {
    const d = distance(wanted, fold(known));
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(wanted.length / 3)) ? best : undefined;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `the ${typeof value} ${String(value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** Values some options must have, checked because a wrong one is silently read as another. */
const VALUE_CHECKS: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  skipRangeCheck: (v) => (typeof v === 'boolean' ? undefined : 'true or false'),
  family: (v) => (typeof v === 'string' && Object.hasOwn(FAMILIES, v) ? undefined : Object.keys(FAMILIES).map((f) => `'${f}'`).join(', ')),
  signal: (v) =>
    typeof v === 'object' && v !== null && typeof (v as Partial<AbortSignal>).aborted === 'boolean' && typeof (v as Partial<AbortSignal>).addEventListener === 'function'
      ? undefined
      : 'an AbortSignal',
};

/**
 * Checks that `options` is an object (or absent) with no key but `kind.keys`, and returns it
 * (`{}` when absent). A number in its place is refused with the object it stands for.
 */
export function checkOptions<T extends object>(options: T | undefined, kind: OptionsKind): T {
  const value: unknown = options;
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const hint = typeof value === 'number' && kind.forNumber !== undefined ? `: pass ${kind.forNumber(value)}` : '';
    throw new XcomValidationError(`${kind.what} must be an object, got ${shown(value)}${hint} (known keys: ${kind.keys.join(', ')})`, 'options');
  }
  for (const key of Object.keys(value)) {
    if (!kind.keys.includes(key)) {
      const closest = closestKey(key, kind.keys);
      const suggestion = closest === undefined ? '' : `: did you mean "${closest}"?`;
      throw new XcomValidationError(`unknown key "${key}" in the ${kind.what}${suggestion} (known keys: ${kind.keys.join(', ')})`, key);
    }
    const field = (value as Record<string, unknown>)[key];
    const expected = field === undefined ? undefined : VALUE_CHECKS[key]?.(field);
    if (expected !== undefined) throw new XcomValidationError(`${key} in the ${kind.what} must be ${expected}, got ${shown(field)}`, key);
  }
  return options as T;
}
