/**
 * Reads the values of single cells: levels, formats, numbers ("1:Yes", "420=07:00",
 * "-0.1: Inductive 0.90"), labels.
 * @module
 */
import type { UserLevel } from '../../src/catalogue/types.js';
import type { ScomFormat } from '../../src/protocol/format.js';
import type { LabelRecord } from './appendix-data.js';

const LEVELS: Readonly<Record<string, UserLevel>> = {
  'V.O.': 'VIEW_ONLY',
  Basic: 'BASIC',
  Expert: 'EXPERT',
  'Inst.': 'INSTALLER',
  QSP: 'QSP',
};

/** The user level of a "Level" cell ("Inst." is INSTALLER, "V.O." VIEW_ONLY). */
export function parseLevel(text: string): UserLevel {
  const level = LEVELS[text];
  if (level === undefined) throw new Error(`unknown level "${text}"`);
  return level;
}

/** What a "Scom format" cell says. */
export type FormatCell = { readonly format: ScomFormat } | { readonly menu: true } | { readonly notSupported: true };

const FORMATS: Readonly<Record<string, ScomFormat>> = {
  BOOL: 'BOOL',
  INT32: 'INT32',
  FLOAT: 'FLOAT',
  'SHORT ENUM': 'SHORT_ENUM',
  'LONG ENUM': 'LONG_ENUM',
};

/** The format of a "Scom format" / "Format" cell ("SHORT ENUM" may wrap over two lines). */
export function parseFormat(text: string): FormatCell {
  if (text === 'ONLY LEVEL') return { menu: true };
  if (text === 'Not supported') return { notSupported: true };
  const format = FORMATS[text];
  if (format === undefined) throw new Error(`unknown format "${text}"`);
  return { format };
}

/** A plain number, or a number heading a label: "1:Yes", "420=07:00", "+0.1: Capacitive 0.90". */
const LEADING_NUMBER = /^([+-]?\d+(?:\.\d+)?)\s*(?:[:=].*)?$/s;

/**
 * The number a Default/Min/Max cell stands for, `'S'` for a signal, or `undefined` for an empty
 * cell or "None".
 */
export function parseValue(text: string): number | 'S' | undefined {
  if (text === '' || text === 'None') return undefined;
  if (text === 'S') return 'S';
  const match = LEADING_NUMBER.exec(text);
  if (match === null) throw new Error(`not a value: "${text}"`);
  return Number(match[1]);
}

/** A label line: "2:Reversed automatic", "10:Ch.Ibsp". */
const LABEL_LINE = /^(\d+):(.*)$/;

/**
 * Reads a list of "value:label" lines; a line that does not start with a value continues the
 * label above it (a label the column was too narrow for).
 */
export function parseLabelLines(lines: readonly string[]): LabelRecord[] {
  const labels: { value: number; label: string }[] = [];
  for (const line of lines) {
    const match = LABEL_LINE.exec(line);
    const last = labels.at(-1);
    if (match !== null) labels.push({ value: Number(match[1]), label: match[2]!.trim() });
    else if (last !== undefined) last.label = `${last.label} ${line}`.trim();
    else throw new Error(`a label list starts with "${line}"`);
  }
  return labels;
}

/** A long label in a remark: "1: Automatic", "10 : I thermal", "4 = Electronique error". */
const LONG_LABEL_LINE = /^(\d+)\s*[:=]\s*(.*)$/;

/**
 * The long labels a remark lists ("0: Invalid value", "1: Automatic", …), continuation lines
 * joined, text before the first of them left out; empty when the remark lists none.
 */
export function parseLongLabels(lines: readonly string[]): { value: number; label: string }[] {
  const labels: { value: number; label: string }[] = [];
  for (const line of lines) {
    const match = LONG_LABEL_LINE.exec(line);
    const last = labels.at(-1);
    if (match !== null) labels.push({ value: Number(match[1]), label: match[2]!.trim() });
    else if (last !== undefined) last.label = `${last.label} ${line}`.trim();
  }
  return labels;
}
