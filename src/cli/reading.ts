/**
 * A value read from the installation and how it is shown at each `--verb` level and in JSON:
 * 0 the bare value, 1 with unit and label, 2 with the datapoint's name.
 * @module
 */
import { labelOf } from '../catalogue/labels.js';
import type { Datapoint } from '../catalogue/types.js';
import type { Aggregation } from '../client/aggregation.js';
import { classifyReading } from '../client/reading.js';
import type { ScomFormat, ScomValue } from '../protocol/format.js';
import { hex } from './output.js';

/** One value, with what is known about it. */
export interface Reading {
  /** The object id (datapoint number). */
  readonly id: number;
  /** Its catalogue entry, when the catalogue knows it. */
  readonly datapoint: Datapoint | undefined;
  /** The format it was decoded as. */
  readonly format: ScomFormat;
  /** The value. */
  readonly value: ScomValue;
  /** The address it was read from (absent for a multi-info item). */
  readonly address?: number;
  /** The property read (1 info, 5 flash, 6 min, 7 max, 8 level, 13 RAM). */
  readonly property?: number;
  /** A multi-info item's aggregation. */
  readonly aggregation?: Aggregation;
  /** What the object is when the catalogue does not say ("GUID of the Xcom-232i"). */
  readonly title?: string;
}

const PROPERTY_TAGS: Readonly<Record<number, string>> = { 5: 'flash', 6: 'min', 7: 'max', 8: 'level', 13: 'RAM' };
const LEVELS: Readonly<Record<number, string>> = { 0x00: 'VIEW_ONLY', 0x10: 'BASIC', 0x20: 'EXPERT', 0x30: 'INSTALLER', 0x40: 'QSP' };

/**
 * The shortest decimal that reads back as the same float32: a FLOAT of 48.2 arrives as
 * 48.200000762939453, which no one wants to see.
 */
export function float32Text(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const target = Math.fround(value);
  if (target !== value) return String(value);
  for (let precision = 1; precision <= 9; precision++) {
    const shorter = Number(value.toPrecision(precision));
    if (Math.fround(shorter) === target) return String(shorter);
  }
  return String(value);
}

/** The value as text: numbers as they are (floats at float32 precision), BOOL as 1/0, bytes in hex. */
export function valueText(value: ScomValue, format: ScomFormat): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return format === 'FLOAT' ? float32Text(value) : String(value);
  if (typeof value === 'string') return value;
  return hex(value);
}

/** The value for JSON: floats at float32 precision. */
export function jsonValue(value: ScomValue, format: ScomFormat): ScomValue {
  return typeof value === 'number' && format === 'FLOAT' ? Number(float32Text(value)) : value;
}

function isLevel(reading: Reading): boolean {
  return reading.property === 8;
}

/**
 * Why the value is no reading ("no sensor" for {3001} at about 32767 °C), or `undefined` when it
 * is one. A parameter's min, max or level (properties 6 to 8) is always shown as it is.
 */
export function absentReason(reading: Reading): string | undefined {
  if (reading.property !== undefined && reading.property >= 6 && reading.property <= 8) return undefined;
  const classified = classifyReading(reading.datapoint, reading.value);
  return classified.present ? undefined : classified.reason;
}

/** The value as shown on its own: the reason when it is no reading, else {@link valueText}. */
export function shownValue(reading: Reading): string {
  return absentReason(reading) ?? valueText(reading.value, reading.format);
}

/** The unit of the value, if it has one (never for a level, an enum or a BOOL). */
export function unitOf(reading: Reading): string | undefined {
  const dp = reading.datapoint;
  if (dp === undefined || isLevel(reading) || dp.labels !== undefined || dp.format === 'BOOL') return undefined;
  const unit = dp.valueUnit ?? dp.unit;
  return unit === '' ? undefined : unit;
}

/** The label of the value: an enum's label, a bit field's labels, yes/no, a user level's name. */
export function labelOfReading(reading: Reading): string | undefined {
  const { value, datapoint: dp } = reading;
  if (isLevel(reading)) return typeof value === 'number' ? LEVELS[value] : undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (dp === undefined || typeof value !== 'number') return undefined;
  if (dp.format === 'BOOL') return value === 1 ? 'yes' : value === 0 ? 'no' : undefined;
  if (dp.labels === undefined) return undefined;
  if (dp.longEnumMode === 'bit-field') {
    const set = dp.labels.filter((l) => l.value !== 0 && (value & l.value) === l.value).map((l) => l.label);
    return set.length === 0 ? (value === 0 ? 'none' : undefined) : set.join(' + ');
  }
  return labelOf(dp, value);
}

/** `{1138} Battery charge current (XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS) [flash]`. */
export function describeReading(reading: Reading): string {
  const dp = reading.datapoint;
  const what = dp === undefined ? (reading.title ?? `{${reading.id}}`) : `{${reading.id}} ${dp.description} (${dp.name})`;
  // A signal is a command, whichever property carried it: never shown as a flash or RAM value.
  const tag = dp?.signal === true ? 'signal' : reading.property === undefined ? undefined : PROPERTY_TAGS[reading.property];
  const aggregation = reading.aggregation === undefined ? '' : ` [${String(reading.aggregation)}]`;
  return `${what}${tag === undefined ? '' : ` [${tag}]`}${aggregation}`;
}

/**
 * The value with its unit and label: `48.2 V`, `4 (Manual ON)`, `1 (yes)`; a value that is no
 * reading as its reason and the raw value: `no sensor (raw 32767 °C)`.
 */
export function valueWithUnit(reading: Reading): string {
  const unit = unitOf(reading);
  const absent = absentReason(reading);
  if (absent !== undefined) return `${absent} (raw ${valueText(reading.value, reading.format)}${unit === undefined ? '' : ` ${unit}`})`;
  const label = labelOfReading(reading);
  return `${valueText(reading.value, reading.format)}${unit === undefined ? '' : ` ${unit}`}${label === undefined ? '' : ` (${label})`}`;
}

/** The reading as one line at `verb` 0, 1 or 2 (3 prints as 2; the frames go to stderr). */
export function formatReading(reading: Reading, verb: number): string {
  if (verb <= 0) return shownValue(reading);
  if (verb === 1) return valueWithUnit(reading);
  return `${describeReading(reading)}: ${valueWithUnit(reading)}`;
}

/**
 * The reading as a JSON object. A value that is no reading has `value: null`, its reason in
 * `absent` and the value as answered in `raw`.
 */
export function readingJson(reading: Reading): Record<string, unknown> {
  const dp = reading.datapoint;
  const unit = unitOf(reading);
  const absent = absentReason(reading);
  const label = absent === undefined ? labelOfReading(reading) : undefined;
  const value = jsonValue(reading.value, reading.format);
  return {
    id: reading.id,
    ...(dp === undefined ? {} : { name: dp.name, description: dp.description }),
    ...(reading.address === undefined ? {} : { address: reading.address }),
    ...(reading.property === undefined ? {} : { property: reading.property }),
    ...(reading.aggregation === undefined ? {} : { aggregation: reading.aggregation }),
    format: reading.format,
    ...(absent === undefined ? { value } : { value: null, absent, raw: value }),
    ...(unit === undefined ? {} : { unit }),
    ...(label === undefined ? {} : { label }),
  };
}
