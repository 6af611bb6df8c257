/**
 * Rebuilds the appendix's tables from positioned words.
 *
 * The appendix is a Word document printed to PDF: every table row is anchored by its number in
 * the "Nr" column, and every other cell of the row is a block of lines vertically centred on that
 * number (a LONG_ENUM's labels wrap above and below it). So the words of each column are grouped
 * into lines, and the lines are shared out between the row anchors by a small dynamic programme
 * that keeps every row's block of lines as centred on its anchor as possible.
 * @module
 */
import { centreY, type Word } from './pdf-words.js';

/** One cell: its lines of text, top to bottom, and how far its first line is indented. */
export interface Cell {
  /** The text of each line, words joined by one space. */
  readonly lines: readonly string[];
  /** The vertical centre of each line (to rejoin lines that a cell border cut in two). */
  readonly ys: readonly number[];
  /**
   * How far right of its column header the first line starts, in points (the indentation of a
   * description tells its menu depth).
   */
  readonly indent: number;
}

/** One table row: the page, its number, and its cells by column key. */
export interface Row {
  /** The page the row is printed on. */
  readonly page: number;
  /** The vertical centre of the row's number. */
  readonly y: number;
  /** The cells that hold text, by column key. */
  readonly cells: Readonly<Record<string, Cell>>;
}

/** A column of a table: a key, and where its cells start. */
export interface Column {
  /** The key the parser uses for this column ('nr', 'description', 'unit', …). */
  readonly key: string;
  /** Words whose left edge is at or right of this belong to this column (until the next one). */
  readonly start: number;
  /** The left edge of the header word (where the cell text of a left-aligned column starts). */
  readonly headerX: number;
}

/** A table region of one page: its columns and the words printed below its header row. */
export interface TableRegion {
  /** The page. */
  readonly page: number;
  /** The header row's vertical centre. */
  readonly headerY: number;
  /** The columns, left to right. */
  readonly columns: readonly Column[];
  /** The words of the region's body. */
  readonly words: readonly Word[];
}

/** Words closer than this (in points) vertically belong to the same printed line. */
const SAME_LINE = 1.5;
/** How far (in points) a line may sit from its row's number; the tallest cells hold 16 lines. */
const MAX_REACH = 80;
/**
 * Weight of each line's own distance from its row's number. Centring alone cannot tell one row
 * holding its neighbours' lines (still centred) from each row holding its own; this small pull
 * towards the nearest number breaks that tie without overriding the centring of tall cells.
 */
const SPREAD_WEIGHT = 0.05;

/** The column that holds `word`, if any. */
function columnOf(columns: readonly Column[], word: Word): Column | undefined {
  let found: Column | undefined;
  for (const column of columns) {
    if (word.x >= column.start) found = column;
  }
  return found;
}

interface Line {
  readonly words: Word[];
  readonly top: number;
  readonly bottom: number;
  readonly centre: number;
}

/** Groups words into printed lines by their vertical centre. */
function groupLines(words: readonly Word[]): Line[] {
  const sorted = [...words].sort((a, b) => centreY(a) - centreY(b) || a.x - b.x);
  const lines: { words: Word[]; centre: number }[] = [];
  for (const word of sorted) {
    const last = lines.at(-1);
    if (last !== undefined && Math.abs(centreY(word) - last.centre) <= SAME_LINE) {
      last.words.push(word);
    } else {
      lines.push({ words: [word], centre: centreY(word) });
    }
  }
  return lines.map((line) => {
    const ws = [...line.words].sort((a, b) => a.x - b.x);
    const top = Math.min(...ws.map((w) => w.top));
    const bottom = Math.max(...ws.map((w) => w.top + w.height));
    return { words: ws, top, bottom, centre: (top + bottom) / 2 };
  });
}

/**
 * Shares the lines of one column out between the row anchors, in order, so that the block of
 * lines of each row is as centred on the row's anchor as possible. Returns, for each line, the
 * index of its row.
 */
function assignLines(lines: readonly Line[], anchors: readonly number[]): number[] {
  const n = lines.length;
  const m = anchors.length;
  // best[j][i]: the least cost of giving lines [0, i) to rows [0, j).
  const best: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const choice: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(-1));
  best[0]![0] = 0;
  for (let j = 1; j <= m; j++) {
    const anchor = anchors[j - 1]!;
    const prev = best[j - 1]!;
    const cur = best[j]!;
    const curChoice = choice[j]!;
    for (let i = 0; i <= n; i++) {
      // Row j - 1 takes lines [s, i); s === i means it takes none.
      let bestCost = prev[i]!;
      let bestStart = i;
      let spread = 0;
      for (let s = i - 1; s >= 0; s--) {
        const first = lines[s]!;
        const last = lines[i - 1]!;
        if (Math.abs(first.centre - anchor) > MAX_REACH) break;
        if (Math.abs(last.centre - anchor) > MAX_REACH) break;
        spread += Math.abs(first.centre - anchor);
        const cost = prev[s]! + Math.abs((first.top + last.bottom) / 2 - anchor) + SPREAD_WEIGHT * spread;
        if (cost < bestCost - 1e-9) {
          bestCost = cost;
          bestStart = s;
        }
      }
      cur[i] = bestCost;
      curChoice[i] = bestStart;
    }
  }
  if (!Number.isFinite(best[m]![n]!)) {
    const stray = lines.map((l) => l.words.map((w) => w.text).join(' ')).join(' | ');
    throw new Error(`page ${lines[0]?.words[0]?.page}: lines too far from any row number: ${stray}`);
  }
  const rowOfLine = new Array<number>(n).fill(-1);
  let i = n;
  for (let j = m; j >= 1; j--) {
    const s = choice[j]![i]!;
    for (let k = s; k < i; k++) rowOfLine[k] = j - 1;
    i = s;
  }
  return rowOfLine;
}

/**
 * Cuts a table region into rows: the numbers in the `nr` column are the rows' anchors, and the
 * lines of every other column go to the anchor they are centred on.
 */
export function splitRows(region: TableRegion): Row[] {
  const byColumn = new Map<string, Word[]>();
  for (const word of region.words) {
    const column = columnOf(region.columns, word);
    if (column === undefined) continue;
    const list = byColumn.get(column.key) ?? [];
    list.push(word);
    byColumn.set(column.key, list);
  }
  const anchors = (byColumn.get('nr') ?? []).filter((w) => /^\d+$/.test(w.text)).sort((a, b) => centreY(a) - centreY(b));
  if (anchors.length === 0) return [];
  const anchorYs = anchors.map(centreY);
  const cells: Record<string, Cell>[] = anchors.map(() => ({}));
  for (const [key, words] of byColumn) {
    const headerX = region.columns.find((c) => c.key === key)!.headerX;
    const lines = groupLines(words);
    const rowOfLine = assignLines(lines, anchorYs);
    lines.forEach((line, index) => {
      const row = cells[rowOfLine[index]!]!;
      const text = line.words.map((w) => w.text).join(' ');
      const existing = row[key];
      row[key] =
        existing === undefined
          ? { lines: [text], ys: [line.centre], indent: line.words[0]!.x - headerX }
          : { lines: [...existing.lines, text], ys: [...existing.ys, line.centre], indent: existing.indent };
    });
  }
  return anchors.map((anchor, index) => ({ page: anchor.page, y: anchorYs[index]!, cells: cells[index]! }));
}
