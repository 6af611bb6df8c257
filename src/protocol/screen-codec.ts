/**
 * The screen object (object type 0x0100, spec §6.2): the RCC keys a request presses, and the
 * two forms a reply's bitmap comes in.
 *
 * - Raw: exactly 1024 bytes, what real gateways send (the spec's own sample, §6.2.5, has
 *   1024). A field report has it as 64 rows of 16 bytes, **bottom row first**, the most
 *   significant bit leftmost, 1 = on; orientation and polarity are unverified on hardware.
 * - Run-length (§6.2.3–6.2.4): 16-bit little-endian words. Bit 15 set: a run of
 *   `word & 0x3FFF` pixels, on when bit 14 is set. Bit 15 clear: 15 literal pixels, bit 0
 *   first. The spec does not say where the pixel index starts; here it counts row by row from
 *   the top left, as the display is read (unverified: no gateway is known to send this form).
 *
 * A reply of 1024 bytes is taken as raw; any other length as run-length. Run-length data
 * that does not cover exactly the 8192 pixels is refused, never drawn.
 * @module
 */
import { XcomProtocolError, XcomValidationError } from '../errors.js';
import { RccScreen, SCREEN_BYTES, SCREEN_HEIGHT, SCREEN_WIDTH } from './rcc-screen.js';

/** The keys of the RCC: `'none'` only refreshes; the others press a key, then read the display. */
export type RccKey = 'none' | 'up' | 'down' | 'esc' | 'set';

/** The object id of a screen request for each key (spec §6.2.1). */
export const RCC_KEYS: Readonly<Record<RccKey, number>> = Object.freeze({ none: 0x00, down: 0x10, esc: 0x20, set: 0x40, up: 0x80 });

/** Property 0 of the screen object: the full screen (1, the delta with the last one, is not implemented in gateways). */
export const SCREEN_PROPERTY_FULL = 0x00;

/** The key a screen request's object id presses, or `undefined` for an id the spec does not define. */
export function rccKeyOf(objectId: number): RccKey | undefined {
  for (const [key, id] of Object.entries(RCC_KEYS) as [RccKey, number][]) if (id === objectId) return key;
  return undefined;
}

const PIXELS = SCREEN_WIDTH * SCREEN_HEIGHT;
const ROW_BYTES = SCREEN_WIDTH / 8;
const RUN = 0x8000;
const RUN_ON = 0x4000;
const MAX_RUN = 0x3fff;
const LITERAL_PIXELS = 15;

/**
 * Decodes a screen reply's property data: 1024 bytes as the raw form, anything else as the
 * run-length form. Malformed run-length data (an odd length, pixels missing or in excess)
 * throws {@link XcomProtocolError}.
 */
export function decodeScreen(data: Uint8Array): RccScreen {
  return data.length === SCREEN_BYTES ? new RccScreen(fromRaw(data), 'raw') : new RccScreen(fromRle(data), 'rle');
}

/** Packed rows of the raw form, whose rows come bottom first. */
function fromRaw(data: Uint8Array): Uint8Array {
  const rows = new Uint8Array(SCREEN_BYTES);
  for (let y = 0; y < SCREEN_HEIGHT; y++) rows.set(data.subarray((SCREEN_HEIGHT - 1 - y) * ROW_BYTES, (SCREEN_HEIGHT - y) * ROW_BYTES), y * ROW_BYTES);
  return rows;
}

function fromRle(data: Uint8Array): Uint8Array {
  if (data.length % 2 !== 0) throw new XcomProtocolError(`a run-length screen is made of 16-bit words, got ${data.length} bytes`);
  const rows = new Uint8Array(SCREEN_BYTES);
  const set = (p: number): void => {
    rows[p >> 3] = (rows[p >> 3] as number) | (0x80 >> (p & 7));
  };
  let index = 0;
  for (let at = 0; at < data.length; at += 2) {
    const word = (data[at] as number) | ((data[at + 1] as number) << 8);
    const where = `word ${at / 2} (0x${word.toString(16).padStart(4, '0')}) at pixel ${index}`;
    if (word & RUN) {
      const count = word & MAX_RUN;
      if (count === 0) continue;
      if (index + count > PIXELS) throw new XcomProtocolError(`run-length screen overruns the ${PIXELS} pixels: ${where} runs ${count}`);
      if (word & RUN_ON) for (let p = index; p < index + count; p++) set(p);
      index += count;
      continue;
    }
    if (index >= PIXELS) throw new XcomProtocolError(`run-length screen overruns the ${PIXELS} pixels: ${where} comes after the last pixel`);
    for (let j = 0; j < LITERAL_PIXELS; j++) {
      if (((word >> j) & 1) === 0) continue;
      // A last literal word may pad past the end with pixels off; a pixel on there is misplaced.
      if (index + j >= PIXELS) throw new XcomProtocolError(`run-length screen overruns the ${PIXELS} pixels: ${where} sets pixel ${index + j}`);
      set(index + j);
    }
    index += LITERAL_PIXELS;
  }
  if (index < PIXELS) throw new XcomProtocolError(`run-length screen of ${data.length} bytes covers ${index} of the ${PIXELS} pixels`);
  return rows;
}

function checkRows(rows: Uint8Array): void {
  if (!(rows instanceof Uint8Array) || rows.length !== SCREEN_BYTES) {
    throw new XcomValidationError(`a screen is ${SCREEN_BYTES} bytes of packed rows, got ${rows instanceof Uint8Array ? `${rows.length} bytes` : typeof rows}`, 'rows');
  }
}

/** Encodes packed rows (top row first) in the raw form: the same rows, bottom row first. */
export function encodeScreenRaw(rows: Uint8Array): Uint8Array {
  checkRows(rows);
  // The transform is its own inverse.
  return fromRaw(rows);
}

/**
 * Encodes packed rows (top row first) in the run-length form: a run word wherever 15 or more
 * pixels alike follow, else a literal word of 15 pixels; the last pixels, fewer than 15, as
 * runs, so that the words cover exactly 8192 pixels. Never 1024 bytes, which a reader takes
 * for the raw form: such an encoding gets a run of zero pixels more (1026 bytes).
 */
export function encodeScreenRle(rows: Uint8Array): Uint8Array {
  checkRows(rows);
  const on = (p: number): number => ((rows[p >> 3] as number) >> (7 - (p & 7))) & 1;
  const words: number[] = [];
  let index = 0;
  while (index < PIXELS) {
    const value = on(index);
    let run = 1;
    while (run < MAX_RUN && index + run < PIXELS && on(index + run) === value) run++;
    if (run >= LITERAL_PIXELS || PIXELS - index < LITERAL_PIXELS) {
      words.push(RUN | (value ? RUN_ON : 0) | run);
      index += run;
      continue;
    }
    let word = 0;
    for (let j = 0; j < LITERAL_PIXELS; j++) word |= on(index + j) << j;
    words.push(word);
    index += LITERAL_PIXELS;
  }
  if (words.length * 2 === SCREEN_BYTES) words.push(RUN);
  const out = new Uint8Array(words.length * 2);
  words.forEach((word, i) => {
    out[2 * i] = word & 0xff;
    out[2 * i + 1] = word >> 8;
  });
  return out;
}
