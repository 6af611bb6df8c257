/**
 * The configuration file the bridges (`xcom mqtt`, `xcom metrics`) share: which datapoints of
 * which units they read, how often, and which parameters may be written. It is checked whole,
 * against the catalogue, before anything is sent: a misspelt name is an error at start-up,
 * never a silently missing value.
 * @module
 */
import { parseDeviceCode } from '../catalogue/device-codes.js';
import { FAMILIES } from '../catalogue/families.js';
import { datapointsOf, findDatapoint } from '../catalogue/lookup.js';
import type { Datapoint, Family } from '../catalogue/types.js';
import { XcomP } from '../catalogue/xcomp.js';
import { closestKey } from '../client/check-options.js';
import { XcomValidationError } from '../errors.js';

/** One entry of {@link BridgeConfigInput.datapoints}, as written in the file. */
export interface DatapointEntryInput {
  /** An `XcomP` name (`"XT_BATTERY_VOLTAGE"`, any case) or the appendix's number (`3000`). */
  readonly datapoint: string | number;
  /**
   * The family, where a number is shared: 7000 is both the BSP's and the Xcom-CAN BMS's
   * battery voltage. Without it, a number applies to every family that has it.
   */
  readonly family?: Family;
  /** The units it is read from (`["XT1", "XT3"]`); default: every unit of its family that discovery finds. */
  readonly devices?: readonly string[];
  /** Seconds between reads of it; default: the file's `interval`. */
  readonly interval?: number;
  /** A parameter that the bridge lets its consumers write (in RAM, unless `flash`). */
  readonly writable?: boolean;
  /** Writes of this parameter go to flash too (property 5): it then survives a restart, and wears the flash. Needs `writable`. */
  readonly flash?: boolean;
  /** A signal ("Force a new cycle") that consumers may trigger (a Home Assistant button). */
  readonly button?: boolean;
  /**
   * The parameter is one setting of the whole family, as Studer's RCC sets it: exposed once
   * (MQTT `<base>/<site>/XT/<name>`), read from the family's first unit, and written to every
   * unit at once through the family's multicast address (100 all Xtenders, 300 all
   * VarioTracks, 700 all VarioStrings) in one request, instead of once per unit. Units of a
   * parallel or three-phase system that disagree on a setting (a charge current) misbehave.
   * Needs `writable`; not with `devices`; only for the families that can have several units.
   */
  readonly allUnits?: boolean;
}

/** The configuration file as written (JSON), before {@link parseBridgeConfig} checks it. */
export interface BridgeConfigInput {
  /** Seconds between reads, for every datapoint without its own `interval`. Default 10. */
  readonly interval?: number;
  /** Whether the default set ({@link DEFAULT_DATAPOINTS}) is read; `false` replaces it with `datapoints`. Default `true`. */
  readonly defaults?: boolean;
  /** Datapoints added to the default set (or replacing it), or the default set's entries with other options. */
  readonly datapoints?: readonly DatapointEntryInput[];
  /** Datapoints taken out of the result (names or numbers; `{ datapoint, devices }` for some units only). */
  readonly exclude?: readonly (string | number | Pick<DatapointEntryInput, 'datapoint' | 'family' | 'devices'>)[];
  /**
   * Seconds between re-discoveries of the installation, from 60 to 604800 (a week), so that a
   * unit added, replaced or gone is followed without a restart; `0` never re-discovers.
   * Default 3600. The monitor's `rediscoverMs` option wins over it.
   */
  readonly rediscover?: number;
  /** Options of the MQTT bridge, checked by it. */
  readonly mqtt?: Readonly<Record<string, unknown>>;
  /** Options of the Prometheus exporter, checked by it. */
  readonly metrics?: Readonly<Record<string, unknown>>;
}

/** A checked datapoint entry: its catalogue entries (one per family that has the number) and its options. */
export interface DatapointEntry {
  /** The catalogue entries it names: one, or one per family for a shared number. */
  readonly datapoints: readonly Datapoint[];
  /** The unit addresses it is limited to; `undefined`: every unit of the family. */
  readonly addresses: readonly number[] | undefined;
  /** Milliseconds between reads; `undefined`: the file's interval. */
  readonly intervalMs: number | undefined;
  /** See {@link DatapointEntryInput.writable}. */
  readonly writable: boolean;
  /** See {@link DatapointEntryInput.flash}. */
  readonly flash: boolean;
  /** See {@link DatapointEntryInput.button}. */
  readonly button: boolean;
  /** See {@link DatapointEntryInput.allUnits}. */
  readonly allUnits: boolean;
}

/** A configuration checked against the catalogue by {@link parseBridgeConfig}. */
export interface BridgeConfig {
  /** Milliseconds between reads, by default. */
  readonly intervalMs: number;
  /** Whether the default set is read. */
  readonly defaults: boolean;
  /** The entries, in the file's order. */
  readonly datapoints: readonly DatapointEntry[];
  /** The exclusions. */
  readonly exclude: readonly Pick<DatapointEntry, 'datapoints' | 'addresses'>[];
  /** Milliseconds between re-discoveries of the installation; 0: never. */
  readonly rediscoverMs: number;
  /** The MQTT bridge's own options, unchecked here. */
  readonly mqtt: Readonly<Record<string, unknown>>;
  /** The exporter's own options, unchecked here. */
  readonly metrics: Readonly<Record<string, unknown>>;
}

/** The default interval between reads: 10 s. */
export const DEFAULT_INTERVAL_MS = 10_000;

/** The default interval between re-discoveries of the installation: an hour. */
export const DEFAULT_REDISCOVER_MS = 3_600_000;

/** The shortest interval between re-discoveries, in seconds: each one is a dozen requests or more. */
const MIN_REDISCOVER_S = 60;
/** The longest, in seconds: a week. */
const MAX_REDISCOVER_S = 604_800;

const TOP_KEYS = ['interval', 'defaults', 'datapoints', 'exclude', 'rediscover', 'mqtt', 'metrics'] as const satisfies readonly (keyof BridgeConfigInput)[];
const ENTRY_KEYS = ['datapoint', 'family', 'devices', 'interval', 'writable', 'flash', 'button', 'allUnits'] as const satisfies readonly (keyof DatapointEntryInput)[];
const EXCLUDE_KEYS = ['datapoint', 'family', 'devices'] as const;
// Fail to compile when a list misses a key of its interface.
type True<T extends true> = T;
type _TopKeys = True<[Exclude<keyof BridgeConfigInput, (typeof TOP_KEYS)[number]>] extends [never] ? true : false>;
type _EntryKeys = True<[Exclude<keyof DatapointEntryInput, (typeof ENTRY_KEYS)[number]>] extends [never] ? true : false>;

/**
 * Checks a bridge configuration (the parsed JSON of the file) against the catalogue: every
 * datapoint named exists, every unit code is one, every option has its type. The first fault
 * is an {@link XcomValidationError} whose `field` names it (`datapoints[2].datapoint`) and whose
 * message suggests the name meant, where one is close.
 *
 * @example
 * ```ts
 * const config = parseBridgeConfig({
 *   interval: 10,
 *   datapoints: [
 *     { datapoint: 'XT_BATTERY_VOLTAGE', interval: 2 },
 *     { datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', writable: true },
 *   ],
 *   exclude: ['XT_BATTERY_TEMPERATURE'],
 * });
 * ```
 */
export function parseBridgeConfig(input: unknown): BridgeConfig {
  const top = object(input, 'config', TOP_KEYS);
  const intervalMs = top.interval === undefined ? DEFAULT_INTERVAL_MS : seconds(top.interval, 'interval');
  const defaults = top.defaults === undefined ? true : bool(top.defaults, 'defaults');
  const datapoints = list(top.datapoints, 'datapoints').map((raw, i) => entry(raw, `datapoints[${i}]`));
  const exclude = list(top.exclude, 'exclude').map((raw, i) => {
    const field = `exclude[${i}]`;
    if (typeof raw === 'string' || typeof raw === 'number') return { datapoints: named(raw, undefined, field), addresses: undefined };
    const item = object(raw, field, EXCLUDE_KEYS);
    const family = item.family === undefined ? undefined : familyOf(item.family, `${field}.family`);
    const points = named(item.datapoint, family, `${field}.datapoint`);
    return { datapoints: points, addresses: devices(item.devices, points, `${field}.devices`) };
  });
  const rediscoverMs = top.rediscover === undefined ? DEFAULT_REDISCOVER_MS : Math.round(rediscoverSeconds(top.rediscover, 'rediscover') * 1000);
  return { intervalMs, defaults, datapoints, exclude, rediscoverMs, mqtt: section(top.mqtt, 'mqtt'), metrics: section(top.metrics, 'metrics') };
}

function entry(raw: unknown, field: string): DatapointEntry {
  const item = object(raw, field, ENTRY_KEYS);
  const family = item.family === undefined ? undefined : familyOf(item.family, `${field}.family`);
  const points = named(item.datapoint, family, `${field}.datapoint`);
  const writable = item.writable === undefined ? false : bool(item.writable, `${field}.writable`);
  const flash = item.flash === undefined ? false : bool(item.flash, `${field}.flash`);
  const button = item.button === undefined ? false : bool(item.button, `${field}.button`);
  const allUnits = item.allUnits === undefined ? false : bool(item.allUnits, `${field}.allUnits`);
  const shown = points[0]?.name ?? String(item.datapoint);
  for (const d of points) {
    if (writable && d.kind !== 'parameter') throw new XcomValidationError(`${field}: ${shown} is a user info (read-only): it cannot be writable`, `${field}.writable`);
    if (writable && d.signal === true) throw new XcomValidationError(`${field}: ${shown} is a signal: enable it with "button": true, not "writable"`, `${field}.writable`);
    if (button && d.signal !== true) throw new XcomValidationError(`${field}: ${shown} is not a signal: only signals can be buttons`, `${field}.button`);
    if ((writable || button) && d.notSupported === true) throw new XcomValidationError(`${field}: the appendix marks ${shown} "Not supported" over Scom`, `${field}.datapoint`);
  }
  if (flash && !writable) throw new XcomValidationError(`${field}: "flash" needs "writable": true`, `${field}.flash`);
  if (allUnits) checkAllUnits(item, points, writable, field, shown);
  return {
    datapoints: points,
    addresses: devices(item.devices, points, `${field}.devices`),
    intervalMs: item.interval === undefined ? undefined : seconds(item.interval, `${field}.interval`),
    writable,
    flash,
    button,
    allUnits,
  };
}

/** `allUnits` writes through a multicast address: a writable parameter of a family that can have several units. */
function checkAllUnits(item: Partial<Record<string, unknown>>, points: readonly Datapoint[], writable: boolean, field: string, shown: string): void {
  const at = `${field}.allUnits`;
  if (!writable) throw new XcomValidationError(`${field}: "allUnits" needs "writable": true (it says how ${shown} is written)`, at);
  if (item['devices'] !== undefined) throw new XcomValidationError(`${field}: "allUnits" writes ${shown} to every unit of its family at once: leave out "devices"`, at);
  for (const d of points) {
    const info = FAMILIES[d.family];
    if (info.firstAddress === info.lastAddress) {
      const hint = points.length > 1 ? ` (the number is shared by several families: name one with "family")` : '';
      throw new XcomValidationError(`${field}: ${shown} belongs to the ${info.label}, a family of a single unit without a multicast write: "allUnits" is only for Xtenders, VarioTracks and VarioStrings${hint}`, at);
    }
  }
}

function named(raw: unknown, family: Family | undefined, field: string): readonly Datapoint[] {
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw) || raw <= 0) throw new XcomValidationError(`${field} must be a datapoint name or number, got ${raw}`, field);
    const families = family === undefined ? (Object.keys(FAMILIES) as Family[]) : [family];
    const found = families.map((f) => findDatapoint(raw, f)).filter((d): d is Datapoint => d !== undefined);
    if (found.length === 0) throw new XcomValidationError(`${field}: no datapoint ${raw}${family === undefined ? '' : ` in family '${family}'`} in the catalogue`, field);
    return found;
  }
  if (typeof raw !== 'string' || raw.trim() === '') throw new XcomValidationError(`${field} must be a datapoint name or number, got ${JSON.stringify(raw)}`, field);
  if (/^\d+$/.test(raw.trim())) return named(Number(raw.trim()), family, field);
  const found = findDatapoint(raw, family);
  if (found !== undefined) return [found];
  const known = family === undefined ? Object.keys(XcomP) : datapointsOf(family).map((d) => d.name);
  const near = closestKey(raw, known);
  const where = family === undefined ? '' : ` in family '${family}'`;
  throw new XcomValidationError(`${field}: no datapoint ${JSON.stringify(raw)}${where} in the catalogue${near === undefined ? '' : ` (did you mean ${near}?)`}`, field);
}

function devices(raw: unknown, points: readonly Datapoint[], field: string): readonly number[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) throw new XcomValidationError(`${field} must be a non-empty array of unit codes ("XT1", "VT2", "BSP"), got ${JSON.stringify(raw)}`, field);
  return raw.map((code: unknown, i) => {
    const at = `${field}[${i}]`;
    const address = typeof code === 'string' ? parseDeviceCode(code) : undefined;
    if (address === undefined || (address >= 191 && address <= 193)) {
      throw new XcomValidationError(`${at} must be a unit code ("XT1"…"XT9", "VT1"…"VT15", "VS1"…"VS15", "BSP", "BMS", "RCC"), got ${JSON.stringify(code)}`, at);
    }
    const fits = points.some((d) => address >= FAMILIES[d.family].firstAddress && address <= FAMILIES[d.family].lastAddress);
    if (!fits) throw new XcomValidationError(`${at}: ${String(code)} is not a unit of the family of ${points[0]?.name ?? 'the datapoint'}`, at);
    return address;
  });
}

function familyOf(raw: unknown, field: string): Family {
  if (typeof raw === 'string' && Object.hasOwn(FAMILIES, raw)) return raw as Family;
  throw new XcomValidationError(`${field} must be one of ${Object.keys(FAMILIES).join(', ')}, got ${JSON.stringify(raw)}`, field);
}

function seconds(raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0.1 || raw > 86_400) {
    throw new XcomValidationError(`${field} must be a number of seconds from 0.1 to 86400, got ${JSON.stringify(raw)}`, field);
  }
  return Math.round(raw * 1000);
}

/** Checks milliseconds between re-discoveries (an option of the monitor and of the bridges): 0 (never), or 60 s to a week. */
export function checkRediscoverMs(raw: unknown, field: string): number {
  if (raw === 0) return 0;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < MIN_REDISCOVER_S * 1000 || raw > MAX_REDISCOVER_S * 1000) {
    throw new XcomValidationError(`${field} must be 0 (never) or an integer number of milliseconds from ${MIN_REDISCOVER_S * 1000} to ${MAX_REDISCOVER_S * 1000}, got ${JSON.stringify(raw)}`, field);
  }
  return raw;
}

/** Checks seconds between re-discoveries: 0 (never), or 60 to 604800. */
function rediscoverSeconds(raw: unknown, field: string): number {
  if (raw === 0) return 0;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < MIN_REDISCOVER_S || raw > MAX_REDISCOVER_S) {
    throw new XcomValidationError(`${field} must be 0 (never) or a number of seconds from ${MIN_REDISCOVER_S} to ${MAX_REDISCOVER_S}, got ${JSON.stringify(raw)}`, field);
  }
  return raw;
}

function bool(raw: unknown, field: string): boolean {
  if (typeof raw !== 'boolean') throw new XcomValidationError(`${field} must be true or false, got ${JSON.stringify(raw)}`, field);
  return raw;
}

function list(raw: unknown, field: string): readonly unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new XcomValidationError(`${field} must be an array, got ${JSON.stringify(raw)}`, field);
  return raw;
}

function section(raw: unknown, field: string): Readonly<Record<string, unknown>> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new XcomValidationError(`${field} must be an object, got ${JSON.stringify(raw)}`, field);
  return raw as Record<string, unknown>;
}

function object<K extends string>(raw: unknown, field: string, keys: readonly K[]): Partial<Record<K, unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new XcomValidationError(`${field} must be an object, got ${JSON.stringify(raw)}`, field);
  for (const key of Object.keys(raw)) {
    if (!(keys as readonly string[]).includes(key)) {
      const near = closestKey(key, keys);
      throw new XcomValidationError(`${field}: unknown key "${key}"${near === undefined ? '' : ` (did you mean "${near}"?)`}; known: ${keys.join(', ')}`, `${field}.${key}`);
    }
  }
  return raw as Partial<Record<K, unknown>>;
}
