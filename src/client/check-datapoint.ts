/**
 * The run-time check of a datapoint argument: `XcomP.BATT_SOCC` (a typo) is `undefined` in
 * JavaScript, and a number or a name passed where the catalogue entry belongs would otherwise
 * end in a `TypeError` far from the mistake.
 * @module
 */
import { findDatapoint } from '../catalogue/lookup.js';
import type { Datapoint } from '../catalogue/types.js';
import { XcomP } from '../catalogue/xcomp.js';
import { XcomValidationError } from '../errors.js';

const HOW = 'look one up with XcomP.NAME (xcom find WORDS lists the names) or findDatapoint(id), or pass the number to getValueByID/setValueByID';

function isDatapoint(value: unknown): value is Datapoint {
  if (typeof value !== 'object' || value === null) return false;
  const dp = value as Partial<Record<keyof Datapoint, unknown>>;
  return typeof dp.id === 'number' && typeof dp.format === 'string' && (dp.kind === 'info' || dp.kind === 'parameter') && typeof dp.family === 'string';
}

/** The `XcomP` name `text` stands for (any case, spaces or dashes for underscores), if any. */
function xcompName(text: string): string | undefined {
  const name = text.trim().toUpperCase().replace(/[\s-]+/g, '_');
  return Object.hasOwn(XcomP, name) ? name : undefined;
}

/**
 * Returns `value` when it is a catalogue entry (an `XcomP` member, a `findDatapoint` result);
 * throws {@link XcomValidationError} saying how to get one otherwise.
 */
export function checkDatapoint<D extends Datapoint>(value: D, argument = 'datapoint'): D {
  const given: unknown = value;
  if (isDatapoint(given)) return value;
  let message: string;
  if (given === undefined) {
    message = `${argument} is undefined (a misspelt XcomP name?): ${HOW}`;
  } else if (typeof given === 'number') {
    const known = Number.isInteger(given) ? findDatapoint(given) : undefined;
    const named = known === undefined ? '' : ` (XcomP.${known.name})`;
    message = `${argument} must be a catalogue entry, not the number ${given}: use findDatapoint(${given})${named}, or getValueByID/setValueByID with its number`;
  } else if (typeof given === 'string') {
    const name = xcompName(given);
    message =
      name === undefined
        ? `${argument} must be a catalogue entry, not the string ${JSON.stringify(given)}: ${HOW}`
        : `${argument} must be a catalogue entry, not its name: use XcomP.${name}`;
  } else {
    message = `${argument} must be a catalogue entry (with id, family, kind and format), got ${given === null ? 'null' : typeof given}: ${HOW}`;
  }
  throw new XcomValidationError(message, argument);
}
