/**
 * Finds the appendix's sections ("Xtender parameters", "BSP infos", "RCC messages", …) and cuts
 * each of their tables into rows.
 * @module
 */
import type { Family } from '../../src/catalogue/types.js';
import { centreY, type Word } from './pdf-words.js';
import { splitRows, type Column, type Row } from './table-layout.js';

/** What a section's table lists. */
export type SectionKind = 'overlay120V' | 'parameters' | 'infos' | 'messages';

/** One section of the appendix and the rows of its table (over as many pages as it takes). */
export interface Section {
  /** The heading as printed. */
  readonly title: string;
  /** What the table lists. */
  readonly kind: SectionKind;
  /** The device family (messages belong to the RCC). */
  readonly family: Family;
  /** The rows, in document order. */
  readonly rows: readonly Row[];
}

/** The headings of the appendix, as printed, with what their tables hold. */
const SECTIONS: Readonly<Record<string, { kind: SectionKind; family: Family }>> = {
  'Xtender 120Vac specific parameters': { kind: 'overlay120V', family: 'xtender' },
  'Xtender parameters': { kind: 'parameters', family: 'xtender' },
  'Xtender infos': { kind: 'infos', family: 'xtender' },
  'RCC parameters': { kind: 'parameters', family: 'rcc' },
  'BSP parameters': { kind: 'parameters', family: 'bsp' },
  'BSP infos': { kind: 'infos', family: 'bsp' },
  'Xcom-CAN BMS parameters': { kind: 'parameters', family: 'bms' },
  'Xcom-CAN BMS infos': { kind: 'infos', family: 'bms' },
  'VarioTrack parameters': { kind: 'parameters', family: 'variotrack' },
  'VarioTrack infos': { kind: 'infos', family: 'variotrack' },
  'VarioString parameters': { kind: 'parameters', family: 'variostring' },
  'VarioString infos': { kind: 'infos', family: 'variostring' },
  'RCC messages': { kind: 'messages', family: 'rcc' },
};

/** Header words (first word of each header cell) and the column key they start, per table kind. */
const HEADER_KEYS: Readonly<Record<'parameters' | 'infos' | 'messages', Readonly<Record<string, string>>>> = {
  parameters: { Level: 'level', Nr: 'nr', Unit: 'unit', Default: 'default', Min: 'min', Max: 'max', Scom: 'format', Increment: 'increment' },
  infos: { Nr: 'nr', Short: 'short', the: 'rccUnit', Unit: 'unit', Format: 'format', Related: 'remark' },
  messages: { Level: 'level', Nr: 'nr', Messages: 'text' },
};

/** Section headings are set in a 14.6 pt font; table text in 9 or 11 pt, body text in 12 pt. */
const isHeadingWord = (w: Word): boolean => w.height > 14 && w.height < 15;
const isTableWord = (w: Word): boolean => w.height < 11.5;
/** Tolerance (points) for a cell starting a little left of its header word. */
const COLUMN_SLACK = 4;

interface PrintedLine {
  readonly y: number;
  readonly words: readonly Word[];
  readonly text: string;
}

function printedLines(words: readonly Word[]): PrintedLine[] {
  const sorted = [...words].sort((a, b) => centreY(a) - centreY(b) || a.x - b.x);
  const lines: { y: number; words: Word[] }[] = [];
  for (const w of sorted) {
    const last = lines.at(-1);
    if (last !== undefined && Math.abs(centreY(w) - last.y) <= 1.5) last.words.push(w);
    else lines.push({ y: centreY(w), words: [w] });
  }
  return lines.map((l) => {
    const ws = [...l.words].sort((a, b) => a.x - b.x);
    return { y: l.y, words: ws, text: ws.map((w) => w.text).join(' ') };
  });
}

/** The columns of a table from its header line. */
function headerColumns(kind: 'parameters' | 'infos' | 'messages', header: PrintedLine): Column[] {
  const keys = HEADER_KEYS[kind];
  const columns: Column[] = [];
  const nrIndex = header.words.findIndex((w) => w.text === 'Nr');
  header.words.forEach((word, index) => {
    // The description header ("Xtender parameter description") starts right after "Nr".
    const key = index === nrIndex + 1 && kind !== 'messages' ? 'description' : keys[word.text];
    if (key === undefined || columns.some((c) => c.key === key)) return;
    columns.push({ key, start: word.x - COLUMN_SLACK, headerX: word.x });
  });
  // Numbers sit right-aligned under "Nr": the Nr column starts halfway from the Level column,
  // or at the page's edge when it is the first column.
  return columns.map((column, index) => {
    if (column.key !== 'nr') return column;
    const before = columns[index - 1];
    return { ...column, start: before === undefined ? 0 : (before.headerX + column.headerX) / 2 };
  });
}

/** Reads every section of the appendix from its words. */
export function readSections(words: readonly Word[]): Section[] {
  const pages = new Map<number, Word[]>();
  for (const w of words) {
    const list = pages.get(w.page) ?? [];
    list.push(w);
    pages.set(w.page, list);
  }
  const sections: { title: string; kind: SectionKind; family: Family; rows: Row[] }[] = [];
  for (const page of [...pages.keys()].sort((a, b) => a - b)) {
    const pageWords = pages.get(page)!;
    // The running header and footer (9.76 pt) are not part of any table.
    const footer = pageWords.find((w) => w.text === 'V1.6.42' && w.x < 60 && w.height < 10);
    const bodyWords = pageWords.filter((w) => Math.abs(w.height - 9.76) > 0.05 && (footer === undefined || w.top < footer.top - 1));
    const events: { y: number; heading?: string; header?: PrintedLine }[] = [];
    for (const line of printedLines(bodyWords.filter(isHeadingWord))) {
      if (SECTIONS[line.text] !== undefined) events.push({ y: line.y, heading: line.text });
    }
    const tableWords = bodyWords.filter(isTableWord);
    for (const line of printedLines(tableWords)) {
      const hasNr = line.words.some((w) => w.text === 'Nr');
      if (hasNr && (line.text.includes('description') || line.text.includes('Messages'))) events.push({ y: line.y, header: line });
    }
    events.sort((a, b) => a.y - b.y);
    events.forEach((event, index) => {
      if (event.heading !== undefined) {
        const spec = SECTIONS[event.heading]!;
        sections.push({ title: event.heading, kind: spec.kind, family: spec.family, rows: [] });
        return;
      }
      const section = sections.at(-1);
      if (section === undefined || event.header === undefined) throw new Error(`page ${page}: a table before any section heading`);
      const tableKind = section.kind === 'overlay120V' ? 'parameters' : section.kind;
      const end = events[index + 1]?.y ?? Infinity;
      const regionWords = tableWords.filter((w) => centreY(w) > event.y + 1.5 && centreY(w) < end);
      const rows = splitRows({ page, headerY: event.y, columns: headerColumns(tableKind, event.header), words: regionWords });
      section.rows.push(...rows);
    });
  }
  return sections;
}
