/**
 * A value to write, as typed on the command line, turned into the format's type: numbers,
 * BOOL words, enum labels (by the catalogue), strings, hex bytes.
 * @module
 */
import { valueOfLabel } from '../catalogue/labels.js';
import type { Datapoint } from '../catalogue/types.js';
import type { ScomFormat, ScomValue } from '../protocol/format.js';
import { fromHex } from '../protocol/frame.js';
import { UsageError } from './command.js';

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function number(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function labelsOf(dp: Datapoint): string {
  return (dp.labels ?? []).map((l) => `${l.value} ${l.label}`).join(', ');
}

/**
 * Parses `text` as a value of `format`. An enum takes a number or, when the catalogue entry is
 * known, one of its labels (`"Manual ON"`, any case).
 */
export function parseValue(text: string, format: ScomFormat, datapoint: Datapoint | undefined): ScomValue {
  const what = datapoint === undefined ? format : `{${datapoint.id}} ${datapoint.description}`;
  switch (format) {
    case 'BOOL': {
      const word = text.trim().toLowerCase();
      if (TRUE.has(word)) return true;
      if (FALSE.has(word)) return false;
      throw new UsageError(`${what} takes 1 or 0 (true/false, yes/no, on/off), got "${text}"`);
    }
    case 'SHORT_ENUM':
    case 'LONG_ENUM': {
      const n = number(text);
      if (Number.isInteger(n)) return n;
      if (datapoint?.labels !== undefined) {
        const value = valueOfLabel(datapoint, text);
        if (value === undefined) throw new UsageError(`${what} has no label "${text}"; labels: ${labelsOf(datapoint)}`);
        return value;
      }
      throw new UsageError(`${what} takes an integer${datapoint === undefined ? '' : ' (it has no labels)'}, got "${text}"`);
    }
    case 'FORMAT':
    case 'ERROR':
    case 'INT32': {
      const n = number(text);
      if (!Number.isInteger(n)) throw new UsageError(`${what} takes an integer, got "${text}"`);
      return n;
    }
    case 'FLOAT': {
      const n = number(text);
      if (!Number.isFinite(n)) throw new UsageError(`${what} takes a number, got "${text}"`);
      return n;
    }
    case 'STRING':
      return text;
    case 'BYTE_STREAM':
    case 'DYNAMIC':
      if (!/^(0x)?[0-9a-f\s:]*$/i.test(text.trim())) throw new UsageError(`${what} takes bytes in hex (e.g. 0a1b2c), got "${text}"`);
      try {
        return fromHex(text);
      } catch {
        throw new UsageError(`${what} takes bytes in hex with an even number of digits, got "${text}"`);
      }
  }
}
