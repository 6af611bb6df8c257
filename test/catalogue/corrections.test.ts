import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AppendixData } from '../../scripts/catalogue/appendix-data.js';
import { applyCorrections, CORRECTIONS } from '../../scripts/catalogue/corrections.js';
import { XcomP } from '../../src/index.js';

const data = JSON.parse(readFileSync(fileURLToPath(new URL('../../catalogue/appendix-1.6.42.json', import.meta.url)), 'utf8')) as AppendixData;

describe('corrections of the printed appendix', () => {
  it('{5002} Date takes any non-negative INT32 (spec §4.5.10), while the data file keeps the printed 0 to 0', () => {
    expect(XcomP.RCC_DATE).toMatchObject({ id: 5002, format: 'INT32', min: 0, max: 2147483647 });
    expect(data.datapoints.find((d) => d.family === 'rcc' && d.id === 5002)).toMatchObject({ min: 0, max: 0 });
  });

  it('applies to a copy and names a datapoint that exists', () => {
    const corrected = applyCorrections(data);
    expect(corrected).not.toBe(data);
    for (const c of CORRECTIONS) expect(corrected.datapoints.find((d) => d.family === c.family && d.id === c.id)).toMatchObject(c.fields);
    expect(() => applyCorrections({ ...data, datapoints: data.datapoints.filter((d) => d.id !== 5002) })).toThrow(/no such datapoint/);
  });
});
