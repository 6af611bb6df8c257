/**
 * pyscom's multi-info list: `(3000:Average),(3080:Sum),(7000:master),(11000:2)`.
 * @module
 */
import type { Aggregation } from '../client/aggregation.js';
import type { MultiInfoItem } from '../client/options.js';
import { MULTI_INFO_MAX_ITEMS } from '../protocol/multi-info.js';
import { UsageError } from './command.js';

const ITEM = /^\(?\s*(\d+)\s*:\s*([a-z]+|\d+)\s*\)?$/i;
const EXAMPLE = 'write (object_id:aggregation),… with aggregation master, average, sum or a device index 1–15, e.g. (3000:Average),(3080:Sum)';

/** An aggregation as typed: `master`, `average`, `sum` (any case) or a device index 1–15 (0 is the master). */
export function parseAggregation(text: string): Aggregation {
  const word = text.toLowerCase();
  if (word === 'master' || word === 'average' || word === 'sum') return word;
  if (/^\d+$/.test(word)) {
    const n = Number(word);
    if (n === 0) return 'master';
    if (n >= 1 && n <= 15) return n;
  }
  throw new UsageError(`unknown aggregation "${text}": use master, average, sum or a device index 1–15`);
}

/** The items of a multi-info list; a malformed list is a usage error naming the bad item. */
export function parseMultiInfoList(text: string | undefined): MultiInfoItem[] {
  if (text === undefined || text.trim() === '') throw new UsageError(`multi-info needs its list: ${EXAMPLE}`);
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const items = parts.map((part) => {
    const match = ITEM.exec(part);
    const balanced = part.startsWith('(') === part.endsWith(')');
    if (match === null || !balanced) throw new UsageError(`malformed multi-info item "${part}": ${EXAMPLE}`);
    return { id: Number(match[1]), aggregation: parseAggregation(match[2] as string) };
  });
  if (items.length === 0) throw new UsageError(`multi-info needs its list: ${EXAMPLE}`);
  if (items.length > MULTI_INFO_MAX_ITEMS) throw new UsageError(`a multi-info request takes at most ${MULTI_INFO_MAX_ITEMS} items, got ${items.length}`);
  return items;
}
