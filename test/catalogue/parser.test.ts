import { describe, expect, it } from 'vitest';
import { parseFormat, parseLabelLines, parseLevel, parseLongLabels, parseValue } from '../../scripts/catalogue/cell-values.js';
import type { Word } from '../../scripts/catalogue/pdf-words.js';
import { parseTsv } from '../../scripts/catalogue/pdf-words.js';
import { splitRows, type Column } from '../../scripts/catalogue/table-layout.js';

describe('cell values', () => {
  it('numbers as the appendix prints them', () => {
    expect(parseValue('32')).toBe(32);
    expect(parseValue('1:Yes')).toBe(1);
    expect(parseValue('420=07:00')).toBe(420);
    expect(parseValue('-0.1: Inductive 0.90')).toBe(-0.1);
    expect(parseValue('+0.1: Capacitive 0.90')).toBe(0.1);
    expect(parseValue('8:Manual OFF')).toBe(8);
    expect(parseValue('S')).toBe('S');
    expect(parseValue('None')).toBeUndefined();
    expect(parseValue('')).toBeUndefined();
    expect(() => parseValue('Automatic')).toThrow(/not a value/);
  });

  it('levels and formats', () => {
    expect(parseLevel('Inst.')).toBe('INSTALLER');
    expect(parseLevel('V.O.')).toBe('VIEW_ONLY');
    expect(() => parseLevel('Guru')).toThrow();
    expect(parseFormat('LONG ENUM')).toEqual({ format: 'LONG_ENUM' });
    expect(parseFormat('SHORT ENUM')).toEqual({ format: 'SHORT_ENUM' });
    expect(parseFormat('ONLY LEVEL')).toEqual({ menu: true });
    expect(parseFormat('Not supported')).toEqual({ notSupported: true });
    expect(() => parseFormat('DOUBLE')).toThrow();
  });

  it('label lists, a wrapped label joined to the one above', () => {
    expect(parseLabelLines(['1:Automatic', '2:Reversed', 'automatic', '10:Ch. Ibsp'])).toEqual([
      { value: 1, label: 'Automatic' },
      { value: 2, label: 'Reversed automatic' },
      { value: 10, label: 'Ch. Ibsp' },
    ]);
    expect(() => parseLabelLines(['Only 1 bit'])).toThrow();
  });

  it('long labels in a remark, text before them left out', () => {
    expect(parseLongLabels(['Thermal state :', '0 = thermal OK', '1 = Transformer', 'alarm', '10 : I thermal'])).toEqual([
      { value: 0, label: 'thermal OK' },
      { value: 1, label: 'Transformer alarm' },
      { value: 10, label: 'I thermal' },
    ]);
    expect(parseLongLabels(['See parameter {1137}'])).toEqual([]);
  });
});

describe('pdftotext -tsv', () => {
  it('keeps level-5 rows (words) only', () => {
    const tsv = [
      'level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t3\t0\t0\t0\t0\t0\t0\t595\t841\t-1\t###PAGE###',
      '5\t3\t3\t0\t1\t0\t114.73\t246.52\t17.79\t8.97\t100\t1286',
    ].join('\n');
    expect(parseTsv(tsv)).toEqual([{ page: 3, x: 114.73, top: 246.52, width: 17.79, height: 8.97, text: '1286' }]);
  });
});

describe('table rows', () => {
  const columns: Column[] = [
    { key: 'nr', start: 0, headerX: 10 },
    { key: 'description', start: 40, headerX: 40 },
    { key: 'increment', start: 200, headerX: 200 },
  ];
  const word = (x: number, centre: number, text: string): Word => ({ page: 1, x, top: centre - 4.5, width: 10, height: 9, text });

  it('gives every line to the row it is centred on, a tall cell included', () => {
    const words = [
      // Row 100 (centre 100): a five-line label cell from 82 to 118.
      word(10, 100, '100'),
      word(40, 100, 'Mode'),
      word(200, 82, 'Only'),
      word(200, 91, '1:A'),
      word(200, 100, '2:B'),
      word(200, 109, '4:C'),
      word(200, 118, '8:D'),
      // Row 101 (centre 131): a description wrapped above and below its number.
      word(10, 131, '101'),
      word(40, 126.5, 'Decrease'),
      word(40, 135.5, 'by entry'),
      word(200, 131, '1'),
      // Rows 102 and 103, single lines 13 points apart.
      word(10, 144, '102'),
      word(40, 144, 'A'),
      word(10, 157, '103'),
      word(40, 157, 'B'),
    ];
    const rows = splitRows({ page: 1, headerY: 70, columns, words });
    expect(rows.map((r) => Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, c.lines])))).toEqual([
      { nr: ['100'], description: ['Mode'], increment: ['Only', '1:A', '2:B', '4:C', '8:D'] },
      { nr: ['101'], description: ['Decrease', 'by entry'], increment: ['1'] },
      { nr: ['102'], description: ['A'] },
      { nr: ['103'], description: ['B'] },
    ]);
    expect(rows[1]!.cells['description']!.indent).toBe(0);
  });
});
