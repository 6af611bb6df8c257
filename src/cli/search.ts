/**
 * The catalogue search of `find` and of the suggestions for an unknown datapoint, best matches
 * first.
 * @module
 */
import { searchDatapoints } from '../catalogue/lookup.js';
import type { Datapoint } from '../catalogue/types.js';

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();

/**
 * Exact descriptions first, then those that start with the words, then the rest; shorter
 * descriptions first within each, then catalogue order: "battery voltage" shows {3000} Battery
 * voltage before "Battery undervoltage level without load".
 */
function rank(text: string, found: readonly Datapoint[]): Datapoint[] {
  const query = fold(text);
  const score = (dp: Datapoint): number => {
    const description = fold(dp.description);
    if (description === query || fold(dp.name) === query) return 0;
    return description.startsWith(query) ? 1 : 2;
  };
  return found
    .map((dp, i) => ({ dp, i, s: score(dp), n: dp.description.length }))
    .sort((a, b) => a.s - b.s || a.n - b.n || a.i - b.i)
    .map((x) => x.dp);
}

/** The datapoints matching `text` (see `searchDatapoints`), best matches first. */
export function search(text: string): Datapoint[] {
  return rank(text, searchDatapoints(text));
}
