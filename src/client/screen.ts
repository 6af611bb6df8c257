/**
 * Reading the RCC display through the Xcom-232i (object type 0x0100, spec §6.2): which key a
 * request presses, and how often it may be sent.
 *
 * A key press is not idempotent: a request repeated after a lost reply presses the key
 * again, so a key press is sent once unless the caller asks for retries; a refresh (`'none'`)
 * is retried like any read.
 * @module
 */
import { XcomC } from '../constants.js';
import { XcomValidationError } from '../errors.js';
import { RCC_KEYS, type RccKey, SCREEN_PROPERTY_FULL } from '../protocol/screen-codec.js';
import { checkOptions, type OptionsKind } from './check-options.js';
import type { PropertyTarget, RequestOptions } from './options.js';

/** Options of {@link XcomClient.readScreen}. */
export interface ReadScreenOptions {
  /** The key pressed before the display is read: `'up'`, `'down'`, `'esc'`, `'set'`, or `'none'` (default), a refresh. */
  readonly key?: RccKey;
  /** Aborts the call, queued or in flight; it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds (default: the client's). */
  readonly timeoutMs?: number;
  /**
   * Further attempts after a timeout: the client's default for a refresh, 0 for a key press,
   * since a repeated request presses the key again.
   */
  readonly retries?: number;
}

/** The keys of {@link ReadScreenOptions}, which the client checks at run time. */
export const READ_SCREEN_OPTION_KEYS = ['key', 'signal', 'timeoutMs', 'retries'] as const satisfies readonly (keyof ReadScreenOptions)[];
// Fails to compile when the list misses a key of the interface.
type True<T extends true> = T;
type _ReadScreenOptionKeys = True<[Exclude<keyof ReadScreenOptions, (typeof READ_SCREEN_OPTION_KEYS)[number]>] extends [never] ? true : false>;

const READ_SCREEN_OPTIONS: OptionsKind = { what: 'readScreen options', keys: READ_SCREEN_OPTION_KEYS };

/** A screen request checked and ready to send: its target and its request options. */
export interface ScreenRequest {
  /** The screen object of the Xcom-232i, the key as object id. */
  readonly target: PropertyTarget<'BYTE_STREAM'>;
  /** Signal, timeout and retries. */
  readonly options: RequestOptions;
}

/** Checks the options of `readScreen` (an unknown key or option is refused before anything is sent). */
export function screenRequest(options: ReadScreenOptions): ScreenRequest {
  const { key = 'none', signal, timeoutMs, retries } = checkOptions(options, READ_SCREEN_OPTIONS);
  if (typeof key !== 'string' || !Object.hasOwn(RCC_KEYS, key)) {
    throw new XcomValidationError(`key must be one of ${Object.keys(RCC_KEYS).join(', ')}, got ${JSON.stringify(key)}`, 'key');
  }
  const attempts = retries ?? (key === 'none' ? undefined : 0);
  return {
    target: { dstAddr: XcomC.ADDR_XCOM, objectType: XcomC.TYPE_SCREEN, objectId: RCC_KEYS[key], propertyId: SCREEN_PROPERTY_FULL, format: 'BYTE_STREAM' },
    options: {
      ...(signal === undefined ? {} : { signal }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(attempts === undefined ? {} : { retries: attempts }),
    },
  };
}
