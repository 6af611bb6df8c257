import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATAPOINTS, MESSAGES, OVERLAY_120V } from '../../src/index.js';
import { compareWithCrosscheck } from './crosscheck-compare.js';
import { EXPLAINED_DIFFERENCES } from './crosscheck-differences.js';

// A third party's transcription of the same appendix (GPL-3.0): an oracle read at test time
// from the shared reference folder, never copied into the project. Without it, skipped.
const FOLDER = fileURLToPath(new URL('../../../shared/reference/crosscheck/', import.meta.url));
const read = <T>(file: string): T => JSON.parse(readFileSync(FOLDER + file, 'utf8')) as T;

describe.skipIf(!existsSync(FOLDER))('comparison with the cross-check transcription', () => {
  it('differs from the catalogue exactly where the explained list says', () => {
    const found = new Map(compareWithCrosscheck(DATAPOINTS, read('datapoints_240v.json')).map((d) => [d.key, d]));
    const explained = EXPLAINED_DIFFERENCES.flatMap((e) => e.keys);
    expect(new Set(explained).size, 'a difference explained twice').toBe(explained.length);
    const unexplained = [...found.values()].filter((d) => !explained.includes(d.key));
    expect(unexplained, 'differences nobody checked against the PDF').toEqual([]);
    const vanished = explained.filter((key) => !found.has(key));
    expect(vanished, 'listed differences that no longer exist: remove them from the list').toEqual([]);
    expect(EXPLAINED_DIFFERENCES.length).toBeLessThanOrEqual(36);
    for (const entry of EXPLAINED_DIFFERENCES) expect(entry.pdf).toMatch(/p{1,2}\. \d/);
  });

  it('agrees on every RCC message', () => {
    const theirs = read<{ nr?: number; msg?: string }[]>('messages_en.json').filter((m) => m.nr !== undefined);
    expect(MESSAGES.map((m) => [m.type, m.text])).toEqual(theirs.map((m) => [m.nr, m.msg]));
  });

  it('agrees on the 120 Vac overlay', () => {
    const theirs = read<{ nr?: number; def?: number; min?: number; max?: number; inc?: number }[]>('datapoints_120v.json').filter(
      (e) => e.nr !== undefined,
    );
    expect(OVERLAY_120V.map((o) => [o.id, o.default, o.min, o.max, o.increment])).toEqual(theirs.map((e) => [e.nr, e.def, e.min, e.max, e.inc]));
  });
});
