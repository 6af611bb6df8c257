/**
 * The keys of `xcom screen --live`, read from a terminal in raw mode: the arrows, Esc and
 * Enter are the RCC's up, down, esc and set; q quits; Ctrl+C interrupts.
 * @module
 */
import type { RccKey } from '../protocol/screen-codec.js';

/** What a key does in the live view. */
export type LiveKey = Exclude<RccKey, 'none'> | 'quit' | 'interrupt';

const ESC = '\u001b';

/**
 * The keys in a chunk read from a raw terminal, in order; other keys and sequences are
 * skipped. A lone Esc is the RCC's Esc: terminals send a key's escape sequence in one chunk,
 * so an Esc ending a chunk is the Esc key itself.
 */
export function parseKeys(data: string): LiveKey[] {
  const keys: LiveKey[] = [];
  let i = 0;
  while (i < data.length) {
    const char = data[i] as string;
    if (char === ESC) {
      const next = data[i + 1];
      if (next === '[' || next === 'O') {
        // CSI or SS3: parameters, then one final byte from @ to ~.
        let end = i + 2;
        while (end < data.length && !/[@-~]/.test(data[end] as string)) end++;
        const final = data[end];
        if (final === 'A') keys.push('up');
        else if (final === 'B') keys.push('down');
        i = end + 1;
        continue;
      }
      keys.push('esc');
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') keys.push('set');
    else if (char === 'q' || char === 'Q') keys.push('quit');
    else if (char === '\u0003') keys.push('interrupt');
    i++;
  }
  return keys;
}
