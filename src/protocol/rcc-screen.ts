/**
 * The RCC display as a bitmap: 128 × 64 pixels, one bit each (spec §6.2).
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { monochromePng } from './png.js';

/** The RCC display's width in pixels. */
export const SCREEN_WIDTH = 128;
/** The RCC display's height in pixels. */
export const SCREEN_HEIGHT = 64;
/** Bytes of a packed 128 × 64 bitmap: 64 rows of 16 bytes, also the size of the raw reply. */
export const SCREEN_BYTES = (SCREEN_WIDTH / 8) * SCREEN_HEIGHT;
/** The largest {@link PngOptions.scale}. */
export const MAX_PNG_SCALE = 16;

/**
 * How a screen reply was encoded: `'raw'`, the 1024-byte bitmap real gateways send, or
 * `'rle'`, the run-length form of spec §6.2.4.
 */
export type ScreenEncoding = 'raw' | 'rle';

/** Options of {@link RccScreen.toPNG}. */
export interface PngOptions {
  /** Each display pixel becomes `scale` × `scale` image pixels, 1 to 16 (default 1: 128 × 64). */
  readonly scale?: number;
}

/**
 * A picture of the RCC display (spec §6.2): 128 × 64 pixels, each on (dark on the LCD) or
 * off. Rows are packed top row first, 16 bytes a row, the most significant bit leftmost.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 *
 * const screen = await xcom.readScreen();
 * console.log(screen.pixel(0, 0), screen.encoding);
 * await writeFile('rcc.png', screen.toPNG({ scale: 4 }));
 * ```
 */
export class RccScreen {
  /** Pixels across: 128. */
  readonly width = SCREEN_WIDTH;
  /** Pixels down: 64. */
  readonly height = SCREEN_HEIGHT;
  /** The form the gateway sent it in (`'raw'` or `'rle'`). */
  readonly encoding: ScreenEncoding;
  private readonly bits: Uint8Array;

  /**
   * @param rows 1024 bytes: 64 rows of 16 bytes, top row first, most significant bit leftmost, 1 = on
   * @param encoding the form it arrived in
   */
  constructor(rows: Uint8Array, encoding: ScreenEncoding) {
    if (!(rows instanceof Uint8Array) || rows.length !== SCREEN_BYTES) {
      throw new XcomValidationError(`a screen is ${SCREEN_BYTES} bytes of packed rows, got ${rows instanceof Uint8Array ? `${rows.length} bytes` : typeof rows}`, 'rows');
    }
    if (encoding !== 'raw' && encoding !== 'rle') throw new XcomValidationError(`encoding must be 'raw' or 'rle', got ${JSON.stringify(encoding)}`, 'encoding');
    this.bits = Uint8Array.from(rows);
    this.encoding = encoding;
  }

  /** The packed rows (a copy): top row first, 16 bytes a row, most significant bit leftmost, 1 = on. */
  get rows(): Uint8Array {
    return Uint8Array.from(this.bits);
  }

  /** Whether the pixel at column `x` (0–127, from the left) and row `y` (0–63, from the top) is on. */
  pixel(x: number, y: number): boolean {
    if (!Number.isInteger(x) || x < 0 || x >= SCREEN_WIDTH) throw new XcomValidationError(`x must be an integer from 0 to ${SCREEN_WIDTH - 1}, got ${x}`, 'x');
    if (!Number.isInteger(y) || y < 0 || y >= SCREEN_HEIGHT) throw new XcomValidationError(`y must be an integer from 0 to ${SCREEN_HEIGHT - 1}, got ${y}`, 'y');
    return this.on(x, y);
  }

  private on(x: number, y: number): boolean {
    return ((this.bits[y * (SCREEN_WIDTH / 8) + (x >> 3)] as number) & (0x80 >> (x & 7))) !== 0;
  }

  /** Whether `other` shows the same pixels (whatever their encodings). */
  equals(other: RccScreen): boolean {
    const a = this.bits;
    const b = other.bits;
    for (let i = 0; i < SCREEN_BYTES; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /**
   * The display as a 1-bit greyscale PNG: pixels that are on are black, the others white, as
   * on the RCC's LCD. `scale` enlarges it (4 gives 512 × 256).
   */
  toPNG(options: PngOptions = {}): Uint8Array {
    if (typeof options !== 'object' || options === null) throw new XcomValidationError('toPNG takes an options object { scale }', 'options');
    for (const key of Object.keys(options)) if (key !== 'scale') throw new XcomValidationError(`unknown option '${key}' of toPNG (known: scale)`, key);
    const scale = options.scale ?? 1;
    if (!Number.isInteger(scale) || scale < 1 || scale > MAX_PNG_SCALE) {
      throw new XcomValidationError(`scale must be an integer from 1 to ${MAX_PNG_SCALE}, got ${JSON.stringify(scale)}`, 'scale');
    }
    return monochromePng(SCREEN_WIDTH * scale, SCREEN_HEIGHT * scale, (x, y) => !this.on(Math.floor(x / scale), Math.floor(y / scale)));
  }
}
