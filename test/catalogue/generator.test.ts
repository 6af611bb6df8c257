import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serialiseAppendix, type AppendixData } from '../../scripts/catalogue/appendix-data.js';
import { generateFiles, type AliasRecord } from '../../scripts/catalogue/generate.js';
import { keyOf, nameDatapoints, serialiseNames, type NamesFile } from '../../scripts/catalogue/names.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(root + path, 'utf8');

describe('the committed catalogue', () => {
  const dataText = read('catalogue/appendix-1.6.42.json');
  const data = JSON.parse(dataText) as AppendixData;
  const aliases = JSON.parse(read('catalogue/xcom-proto-aliases.json')) as AliasRecord[];
  const namesText = read('catalogue/names.json');
  const published = JSON.parse(namesText) as NamesFile;

  it('data file is in its canonical form (one record per line)', () => {
    expect(serialiseAppendix(data)).toBe(dataText);
  });

  it('names file lists every datapoint, unchanged by naming again', () => {
    const naming = nameDatapoints(data, published, new Map(aliases.map((a) => [a.alias, keyOf(a)])));
    expect(serialiseNames(naming.file)).toBe(namesText);
    expect(naming.orphans).toEqual([]);
  });

  it('generated TypeScript is what the generator makes of the data (nobody edited it by hand)', () => {
    const naming = nameDatapoints(data, published, new Map(aliases.map((a) => [a.alias, keyOf(a)])));
    const files = generateFiles({ data, names: naming.names, aliases, dataFile: 'catalogue/appendix-1.6.42.json' });
    expect(files.size).toBe(6);
    for (const [path, content] of files) expect(read(path), path).toBe(content);
  });
});
