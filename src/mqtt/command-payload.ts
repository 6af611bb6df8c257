/**
 * Reading a command's payload as the value to write: the same forms the state topic shows
 * (a number, an enum's label, `true`/`false`), plus what other MQTT tools send for them (an
 * enum's number, `ON`/`OFF`, `1`/`0`, a JSON string). The value is then checked by the client
 * as `setValue` checks it.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import { XcomValidationError } from '../errors.js';
import type { Representation } from './ha-entity.js';

const TRUE = new Set(['true', '1', 'on']);
const FALSE = new Set(['false', '0', 'off']);

/** A JSON string (`"Manual ON"`, as Node-RED may send a string) without its quotes. */
function unquoted(payload: string): string {
  const text = payload.trim();
  if (!text.startsWith('"')) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'string' ? parsed.trim() : text;
  } catch {
    return text;
  }
}

/**
 * The value a command's payload asks for; an {@link XcomValidationError} saying what the
 * datapoint takes when the payload is none of its forms.
 */
export function parseCommandPayload(datapoint: Datapoint, representation: Representation, payload: string): number | boolean | string {
  const text = unquoted(payload);
  const what = `{${datapoint.id}} ${datapoint.description}`;
  switch (representation) {
    case 'bool': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new XcomValidationError(`${what} takes true or false (ON/OFF, 1/0), got ${JSON.stringify(payload)}`, 'payload');
    }
    case 'label':
      // A label is resolved (case ignored) and checked by the client; a number is the value itself.
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'number': {
      const value = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) throw new XcomValidationError(`${what} takes a number, got ${JSON.stringify(payload)}`, 'payload');
      return value;
    }
    default:
      throw new XcomValidationError(`${what} (${datapoint.format}) cannot be written through the bridge`, 'payload');
  }
}
