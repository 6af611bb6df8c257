/**
 * Reads the words of a PDF with their positions, through poppler's `pdftotext -tsv`.
 * @module
 */
import { execFileSync } from 'node:child_process';

/** One word of a page, positioned in PDF points from the page's top-left corner. */
export interface Word {
  /** 1-based page number. */
  readonly page: number;
  /** Left edge. */
  readonly x: number;
  /** Top edge. */
  readonly top: number;
  /** Width. */
  readonly width: number;
  /** Height; it follows the font size (table text is about 9, body text 12, headings 14.6). */
  readonly height: number;
  /** The word. */
  readonly text: string;
}

/** The vertical centre of a word: cells of different font sizes on one row share it. */
export function centreY(word: Word): number {
  return word.top + word.height / 2;
}

/** Runs `pdftotext -tsv` on `pdfPath` and returns every word, page by page in reading order. */
export function readPdfWords(pdfPath: string): Word[] {
  const tsv = execFileSync('pdftotext', ['-tsv', pdfPath, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseTsv(tsv);
}

/** Parses the output of `pdftotext -tsv`: level-5 rows are words, the others are layout markers. */
export function parseTsv(tsv: string): Word[] {
  const words: Word[] = [];
  for (const line of tsv.split('\n')) {
    const cols = line.split('\t');
    if (cols[0] !== '5' || cols.length < 12) continue;
    const text = cols.slice(11).join('\t').trim();
    if (text === '') continue;
    words.push({
      page: Number(cols[1]),
      x: Number(cols[6]),
      top: Number(cols[7]),
      width: Number(cols[8]),
      height: Number(cols[9]),
      text,
    });
  }
  return words;
}
