/**
 * What a reading looks like on its state topic and in a unit's JSON object: a number as its
 * float32 reading deserves (`52.3`, not `52.29999923706055`), an enum as its label, a BOOL as
 * `true`/`false`, and no reading (a sentinel, a failed read) as `None`, which Home Assistant
 * shows as "unknown" on every platform (null in the JSON).
 * @module
 */
import { labelOf } from '../catalogue/labels.js';
import type { Datapoint } from '../catalogue/types.js';
import type { ReadValueEntry } from '../client/read-values.js';
import type { Representation } from './ha-entity.js';

/** The payload Home Assistant reads as "unknown". */
export const UNKNOWN_PAYLOAD = 'None';

/**
 * A number as text, with the 7 significant digits a float32 holds: the device sends float32,
 * whose decimal expansion (`52.29999923706055`) says more than it knows.
 */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(7)));
}

/** A reading as its JSON value: a number, a label, a boolean, text, or `null` for no reading. */
export function jsonValue(datapoint: Datapoint, representation: Representation, entry: ReadValueEntry): number | string | boolean | null {
  if (!entry.ok || entry.absent !== undefined) return null;
  const value = entry.value;
  switch (representation) {
    case 'bool':
      return value === true || value === 1;
    case 'label':
      // A value the appendix has no label for: unknown to Home Assistant's list of states.
      return typeof value === 'number' ? (labelOf(datapoint, value) ?? null) : null;
    case 'number':
      return typeof value === 'number' ? Number(formatNumber(value)) : null;
    default:
      return value instanceof Uint8Array ? Buffer.from(value).toString('hex') : String(value);
  }
}

/** A reading as its state payload (see the module's description). */
export function statePayload(datapoint: Datapoint, representation: Representation, entry: ReadValueEntry): string {
  const value = jsonValue(datapoint, representation, entry);
  if (value === null) return UNKNOWN_PAYLOAD;
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}
