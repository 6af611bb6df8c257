/**
 * A 128 × 64 1-bit drawing surface for the simulated RCC display: pixels, filled boxes and
 * text in the simulator's font.
 * @module
 */
import { SCREEN_BYTES, SCREEN_HEIGHT, SCREEN_WIDTH } from '../protocol/rcc-screen.js';
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './bitmap-font.js';

/** Characters that fit across the display. */
export const TEXT_COLUMNS = Math.floor((SCREEN_WIDTH + 1) / GLYPH_ADVANCE);

/** Packed rows, top row first, 16 bytes a row, the most significant bit leftmost, 1 = on. */
export class Canvas {
  /** The pixels drawn so far. */
  readonly rows = new Uint8Array(SCREEN_BYTES);

  /** Sets one pixel; outside the display, nothing. */
  set(x: number, y: number, on = true): void {
    if (x < 0 || x >= SCREEN_WIDTH || y < 0 || y >= SCREEN_HEIGHT) return;
    const at = y * (SCREEN_WIDTH / 8) + (x >> 3);
    const bit = 0x80 >> (x & 7);
    this.rows[at] = on ? (this.rows[at] as number) | bit : (this.rows[at] as number) & ~bit;
  }

  /** Fills a box of `width` × `height` pixels from its top-left corner. */
  fill(x: number, y: number, width: number, height: number, on = true): void {
    for (let j = y; j < y + height; j++) for (let i = x; i < x + width; i++) this.set(i, j, on);
  }

  /** Draws `text` with its top-left corner at (x, y), its pixels `on` (off on a filled bar). */
  text(x: number, y: number, text: string, on = true): void {
    let left = x;
    for (const char of text) {
      const rows = glyph(char);
      for (let j = 0; j < GLYPH_HEIGHT; j++) {
        const mask = rows[j] ?? 0;
        for (let i = 0; i < GLYPH_WIDTH; i++) if (mask & (1 << (GLYPH_WIDTH - 1 - i))) this.set(left + i, y + j, on);
      }
      left += GLYPH_ADVANCE;
    }
  }
}
