/**
 * Turns the appendix's tables into the project's transcription ({@link AppendixData}).
 * @module
 */
import type { Family, UserLevel } from '../../src/catalogue/types.js';
import type { AppendixData, DatapointRecord, LabelRecord, MenuRecord, MessageRecord, OverlayRecord } from './appendix-data.js';
import type { Section } from './appendix-sections.js';
import { parseFormat, parseLabelLines, parseLevel, parseLongLabels, parseValue } from './cell-values.js';
import type { Word } from './pdf-words.js';
import type { Cell, Row } from './table-layout.js';

/** Each menu level indents a description by about 9.4 points. */
const INDENT_STEP = 9.4;

/**
 * A cell's lines as one text. A line ending in a hyphen after a letter or digit ("Xcom-" over
 * "232i") is a word the cell cut in two: it is joined without a space.
 */
function text(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  const joined = cell.lines.reduce((all, line) => (all === '' ? line : /[A-Za-z0-9]-$/.test(all) ? all + line : `${all} ${line}`), '');
  return joined.replace(/\s+/g, ' ').trim();
}

function rowNumber(row: Row): number {
  return Number(text(row.cells['nr']));
}

function fail(row: Row, message: string): never {
  throw new Error(`page ${row.page}, Nr ${text(row.cells['nr'])}: ${message}`);
}

/** Default, min and max of a parameter row, and whether it is a signal ("S"). */
function limits(row: Row): { default?: number; min?: number; max?: number; signal?: true } {
  const values = (['default', 'min', 'max'] as const).map((key) => {
    try {
      return parseValue(text(row.cells[key]));
    } catch (error) {
      return fail(row, (error as Error).message);
    }
  });
  if (values.every((v) => v === 'S')) return { signal: true };
  if (values.some((v) => v === 'S')) fail(row, 'only some of default/min/max are "S"');
  const [def, min, max] = values as (number | undefined)[];
  return { ...(def === undefined ? {} : { default: def }), ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

/** The fields of a parameter row (not its menus, which come from the rows around it). */
function parameterFields(row: Row, family: Family): Omit<DatapointRecord, 'menus' | 'pages'> {
  const format = parseFormat(text(row.cells['format']));
  if ('menu' in format) fail(row, 'a menu row read as a parameter');
  const increment = row.cells['increment']?.lines ?? [];
  const first = increment[0] ?? '';
  const base = {
    family,
    kind: 'parameter' as const,
    id: rowNumber(row),
    description: text(row.cells['description']),
    unit: text(row.cells['unit']),
    level: parseLevel(text(row.cells['level'])),
  };
  const values = limits(row);
  if ('notSupported' in format) {
    if (increment.length > 0) fail(row, 'a "Not supported" row with an increment');
    return { ...base, format: null, ...values, notSupported: true };
  }
  const fields: Record<string, unknown> = { ...base, format: format.format, ...values };
  if (values.signal === true) {
    if (first !== 'Signal' || format.format !== 'INT32') fail(row, 'a signal that is not an INT32 "Signal"');
  } else if (format.format === 'LONG_ENUM') {
    if (first === 'Only 1 bit') fields['longEnumMode'] = 'one-bit';
    else if (first === 'Bit field') fields['longEnumMode'] = 'bit-field';
    else fail(row, `a LONG ENUM whose increment is "${first}"`);
    const labels = parseLabelLines(increment.slice(1));
    if (labels.length > 0) fields['labels'] = labels;
  } else {
    if (increment.length !== 1 || !/^\d+(\.\d+)?$/.test(first)) fail(row, `unexpected increment "${increment.join(' / ')}"`);
    fields['increment'] = Number(first);
  }
  return fields as unknown as Omit<DatapointRecord, 'menus' | 'pages'>;
}

/** Two printings of one parameter must agree on everything but their menu and page. */
function sameParameter(a: Omit<DatapointRecord, 'menus' | 'pages'>, b: Omit<DatapointRecord, 'menus' | 'pages'>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface ParameterTable {
  datapoints: DatapointRecord[];
  menus: MenuRecord[];
}

/** Reads a parameter table: menu rows build the tree, the others are parameters. */
function readParameters(section: Section): ParameterTable {
  const menus: (MenuRecord & { entries: number[] })[] = [];
  const params = new Map<number, { fields: Omit<DatapointRecord, 'menus' | 'pages'>; menus: number[]; pages: number[] }>();
  const stack: (MenuRecord & { entries: number[] })[] = []; // stack[d]: the menu open at depth d
  for (const row of section.rows) {
    const id = rowNumber(row);
    const description = row.cells['description'];
    if (description === undefined) fail(row, 'no description');
    const depth = Math.round(description.indent / INDENT_STEP);
    if (depth > stack.length) fail(row, `indented ${depth} levels under ${stack.length} open menus`);
    stack.length = depth;
    const parent = stack[depth - 1];
    parent?.entries.push(id);
    const format = parseFormat(text(row.cells['format']));
    if ('menu' in format) {
      // A menu may be printed twice with different contents (VarioString 14180 "Type of MPPT
      // algorithm" under both "Configuration for VS-120" and "Configuration for VS-70"): each
      // printing is kept, with its own parent and entries.
      const menu = {
        family: section.family,
        id,
        description: text(description),
        level: parseLevel(text(row.cells['level'])),
        ...(parent === undefined ? {} : { parent: parent.id }),
        entries: [],
        page: row.page,
      };
      menus.push(menu);
      stack.push(menu);
      continue;
    }
    const fields = parameterFields(row, section.family);
    const known = params.get(id);
    if (known === undefined) {
      params.set(id, { fields, menus: parent === undefined ? [] : [parent.id], pages: [row.page] });
    } else {
      if (!sameParameter(known.fields, fields)) fail(row, 'printed twice with different values');
      if (parent !== undefined && !known.menus.includes(parent.id)) known.menus.push(parent.id);
      if (!known.pages.includes(row.page)) known.pages.push(row.page);
    }
  }
  const datapoints = [...params.values()].map(({ fields, menus: inMenus, pages }) => ({
    ...fields,
    ...(inMenus.length === 0 ? {} : { menus: inMenus }),
    pages,
  }));
  return { datapoints, menus };
}

/**
 * Rejoins the two unit columns of an info row line by line: enum labels are printed across them
 * ("0:Invalid value" may start under "Unit on the RCC" and end under "Unit").
 */
function unitColumnLines(row: Row): string[] {
  const parts: { y: number; text: string }[] = [];
  for (const key of ['rccUnit', 'unit']) {
    const cell = row.cells[key];
    cell?.lines.forEach((line, index) => parts.push({ y: cell.ys[index]!, text: line }));
  }
  parts.sort((a, b) => a.y - b.y);
  const lines: { y: number; text: string }[] = [];
  for (const part of parts) {
    const last = lines.at(-1);
    if (last !== undefined && Math.abs(last.y - part.y) < 1.5) last.text = `${last.text} ${part.text}`;
    else lines.push({ ...part });
  }
  return lines.map((l) => l.text);
}

/** Reads an info row. */
function readInfo(row: Row, family: Family): DatapointRecord {
  const format = parseFormat(text(row.cells['format']));
  if (!('format' in format)) fail(row, 'an info without a format');
  const remarkLines = row.cells['remark']?.lines ?? [];
  const record: Record<string, unknown> = {
    family,
    kind: 'info',
    id: rowNumber(row),
    description: text(row.cells['description']),
  };
  const shortName = text(row.cells['short']);
  if (shortName !== '') record['shortName'] = shortName;
  let remark = text(row.cells['remark']);
  if (format.format === 'SHORT_ENUM') {
    record['unit'] = '';
    record['format'] = format.format;
    let labels: LabelRecord[] = parseLabelLines(unitColumnLines(row));
    // Some remarks spell the labels out ("1: Automatic" where the label column says "1:A"):
    // when they list exactly the same values, they are the long labels.
    const long = parseLongLabels(remarkLines);
    const sameValues = long.length === labels.length && long.every((l, i) => l.value === labels[i]!.value);
    if (sameValues) {
      labels = labels.map((l, i) => {
        const label = long[i]!.label;
        return label === l.label ? { value: l.value, label } : { value: l.value, label, short: l.label };
      });
    }
    record['labels'] = labels;
  } else {
    record['unit'] = text(row.cells['rccUnit']);
    // The "Unit" cell holds the unit, and once a note after it ("°C no sensor : return
    // ~32767 °C"): the first word is the unit, the rest belongs with the remark.
    const [valueUnit = '', ...note] = text(row.cells['unit']).split(' ');
    if (valueUnit !== '') record['valueUnit'] = valueUnit;
    if (note.length > 0) remark = [note.join(' '), remark].filter((s) => s !== '').join('. ');
    record['format'] = format.format;
  }
  if (remark !== '') record['remark'] = remark;
  record['pages'] = [row.page];
  return record as unknown as DatapointRecord;
}

function readOverlay(row: Row): OverlayRecord {
  const fields = parameterFields(row, 'xtender');
  const { id, description, unit, default: def, min, max, increment, level } = fields;
  if (def === undefined || min === undefined || max === undefined || increment === undefined || level === undefined) {
    fail(row, 'a 120 Vac row without default, min, max or increment');
  }
  return { id, description, unit, default: def, min, max, increment, level };
}

function readMessage(row: Row): MessageRecord {
  return { type: rowNumber(row), text: text(row.cells['text']), level: parseLevel(text(row.cells['level'])) as UserLevel };
}

/** The document's version and date, from its title page ("Version : V1.6.42 (R704)"). */
function readSource(words: readonly Word[], file: string): AppendixData['source'] {
  const firstPage = words
    .filter((w) => w.page === 1)
    .map((w) => w.text)
    .join(' ');
  const version = /Version : (\S+ \(R\d+\))/.exec(firstPage)?.[1];
  const date = /Date : (\d\d\.\d\d\.\d\d)/.exec(firstPage)?.[1];
  if (version === undefined || date === undefined) throw new Error('no version or date on the first page');
  return { title: 'Technical specification - Xtender serial protocol appendix', version, date, file };
}

/** Builds the transcription from the appendix's sections (and its first page, for the version). */
export function parseAppendix(words: readonly Word[], sections: readonly Section[], file: string): AppendixData {
  const datapoints: DatapointRecord[] = [];
  const menus: MenuRecord[] = [];
  const overlay120V: OverlayRecord[] = [];
  const messages: MessageRecord[] = [];
  for (const section of sections) {
    switch (section.kind) {
      case 'overlay120V':
        overlay120V.push(...section.rows.map(readOverlay));
        break;
      case 'parameters': {
        const table = readParameters(section);
        datapoints.push(...table.datapoints);
        menus.push(...table.menus);
        break;
      }
      case 'infos':
        datapoints.push(...section.rows.map((row) => readInfo(row, section.family)));
        break;
      case 'messages':
        messages.push(...section.rows.map(readMessage));
        break;
    }
  }
  return { source: readSource(words, file), datapoints, menus, overlay120V, messages };
}
