/**
 * The RCC display as terminal text: Unicode half blocks (two pixel rows a line, 128 × 32
 * characters), or Braille dots (2 × 4 pixels a character, 64 × 16) where that is too big.
 * A pixel that is on is drawn in the terminal's text colour.
 * @module
 */
import type { RccScreen } from '../protocol/rcc-screen.js';

const HALF_BLOCKS = [' ', '▄', '▀', '█'] as const;

/** 32 lines of 128 characters: each character shows a pixel above (▀), below (▄), both (█) or none. */
export function halfBlockLines(screen: RccScreen): string[] {
  const lines: string[] = [];
  for (let y = 0; y < screen.height; y += 2) {
    let line = '';
    for (let x = 0; x < screen.width; x++) line += HALF_BLOCKS[(screen.pixel(x, y) ? 2 : 0) | (screen.pixel(x, y + 1) ? 1 : 0)];
    lines.push(line);
  }
  return lines;
}

/** The bit of each dot of a Braille cell, by row (0–3) and column (0–1), as Unicode numbers them. */
const BRAILLE_DOTS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
] as const;

/** 16 lines of 64 Braille characters, every pixel a dot. */
export function brailleLines(screen: RccScreen): string[] {
  const lines: string[] = [];
  for (let y = 0; y < screen.height; y += 4) {
    let line = '';
    for (let x = 0; x < screen.width; x += 2) {
      let dots = 0;
      for (let j = 0; j < 4; j++) for (let i = 0; i < 2; i++) if (screen.pixel(x + i, y + j)) dots |= BRAILLE_DOTS[j]?.[i] ?? 0;
      line += String.fromCharCode(0x2800 + dots);
    }
    lines.push(line);
  }
  return lines;
}
