// The screen object (spec §6.2): the golden request of §6.2.5, both reply forms, malformed
// run-length data, and the PNG checked by a reference decoder (pngjs).
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { XcomProtocolError, XcomValidationError } from '../../src/errors.js';
import { crc32 } from '../../src/protocol/crc32.js';
import {
  decodeFrame,
  decodeScreen,
  encodeRequest,
  encodeResponse,
  encodeScreenRaw,
  encodeScreenRle,
  fromHex,
  RCC_KEYS,
  RccScreen,
  rccKeyOf,
  SCREEN_BYTES,
  SERVICE_READ,
  toHex,
} from '../../src/protocol/index.js';

const PIXELS = 128 * 64;
const words = (...ws: number[]): Uint8Array => Uint8Array.from(ws.flatMap((w) => [w & 0xff, w >> 8]));
const rowsOf = (on: (x: number, y: number) => boolean): Uint8Array => {
  const rows = new Uint8Array(SCREEN_BYTES);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 128; x++) if (on(x, y)) rows[y * 16 + (x >> 3)] = (rows[y * 16 + (x >> 3)] as number) | (0x80 >> (x & 7));
  return rows;
};
const checker = rowsOf((x, y) => (x + y) % 2 === 0);
const bytes1024 = fc.uint8Array({ minLength: SCREEN_BYTES, maxLength: SCREEN_BYTES });

describe('screen requests (spec §6.2.1, §6.2.5)', () => {
  it('encodes the golden refresh request of §6.2.5', () => {
    const request = encodeRequest({ dstAddr: 501, serviceId: SERVICE_READ, objectType: 0x0100, objectId: RCC_KEYS.none, propertyId: 0 });
    expect(toHex(request)).toBe('aa 00 01 00 00 00 f5 01 00 00 0a 00 00 d6 00 01 00 01 00 00 00 00 00 00 01 06');
  });

  it('maps the keys to the object ids of the spec and back', () => {
    expect(RCC_KEYS).toEqual({ none: 0x00, up: 0x80, down: 0x10, esc: 0x20, set: 0x40 });
    for (const [key, id] of Object.entries(RCC_KEYS)) expect(rccKeyOf(id)).toBe(key);
    expect(rccKeyOf(0x01)).toBeUndefined();
  });

  it("gives the sample reply's header of §6.2.5 (flags 0x22, 1034 bytes of data)", () => {
    const reply = encodeResponse({ flags: 0x22, srcAddr: 501, dstAddr: 1, serviceId: SERVICE_READ, objectType: 0x0100, objectId: 0, propertyId: 0, propertyData: new Uint8Array(SCREEN_BYTES) });
    expect(toHex(reply.subarray(0, 14))).toBe('aa 22 f5 01 00 00 01 00 00 00 0a 04 26 24');
    expect(decodeFrame(reply).data).toHaveLength(1034);
  });
});

describe('raw form (1024 bytes)', () => {
  it('reads 64 rows of 16 bytes bottom row first, most significant bit leftmost', () => {
    const raw = new Uint8Array(SCREEN_BYTES);
    raw[0] = 0x80; // first byte: bottom row, leftmost pixel
    raw[1023] = 0x01; // last byte: top row, rightmost pixel
    raw[16] = 0x40; // second row from the bottom, second pixel
    const screen = decodeScreen(raw);
    expect(screen.encoding).toBe('raw');
    expect(screen.pixel(0, 63)).toBe(true);
    expect(screen.pixel(127, 0)).toBe(true);
    expect(screen.pixel(1, 62)).toBe(true);
    let on = 0;
    for (let y = 0; y < 64; y++) for (let x = 0; x < 128; x++) if (screen.pixel(x, y)) on++;
    expect(on).toBe(3);
    expect(screen.rows[15]).toBe(0x01); // packed rows are top row first
  });

  it('round-trips any bitmap', () => {
    fc.assert(
      fc.property(bytes1024, (rows) => {
        const screen = decodeScreen(encodeScreenRaw(rows));
        expect(screen.rows).toEqual(rows);
      }),
      { numRuns: 50 },
    );
  });
});

describe('run-length form (spec §6.2.4)', () => {
  it('reads runs (bit 15) of the value of bit 14 and literals of 15 pixels, bit 0 first', () => {
    // Row 0 on (a run of 128), then a literal 0b101 (pixels 128 and 130), then the rest off.
    const screen = decodeScreen(words(0xc000 | 128, 0b101, 0x8000 | (PIXELS - 128 - 15)));
    expect(screen.encoding).toBe('rle');
    for (let x = 0; x < 128; x++) expect(screen.pixel(x, 0)).toBe(true);
    expect([0, 1, 2, 3].map((x) => screen.pixel(x, 1))).toEqual([true, false, true, false]);
    expect(screen.rows.subarray(17).every((b) => b === 0)).toBe(true);
  });

  it('round-trips any bitmap, and long runs in few words', () => {
    fc.assert(
      fc.property(bytes1024, (rows) => {
        const data = encodeScreenRle(rows);
        expect(data.length).not.toBe(SCREEN_BYTES);
        expect(decodeScreen(data).rows).toEqual(rows);
      }),
      { numRuns: 50 },
    );
    expect(encodeScreenRle(new Uint8Array(SCREEN_BYTES))).toEqual(words(0x8000 | PIXELS));
    expect(decodeScreen(encodeScreenRle(checker)).rows).toEqual(checker);
  });

  it('never makes 1024 bytes, which would read as the raw form', () => {
    // 511 literal words of alternating pixels, then one run of the 527 pixels left: 512 words.
    const rows = rowsOf((x, y) => y * 128 + x < 511 * 15 && (y * 128 + x) % 2 === 0);
    const data = encodeScreenRle(rows);
    expect(data).toHaveLength(1026);
    expect(data.subarray(1024)).toEqual(words(0x8000));
    const screen = decodeScreen(data);
    expect(screen.encoding).toBe('rle');
    expect(screen.rows).toEqual(rows);
  });

  it('accepts runs of zero pixels and a last literal padded with pixels off', () => {
    // 546 literal words cover 8190 pixels; a 547th covers the last 2 and pads 13 off pixels.
    const literals = Array.from({ length: 547 }, () => 0b11);
    const screen = decodeScreen(words(0x8000, ...literals));
    expect(screen.pixel(0, 0)).toBe(true);
    expect(screen.pixel(2, 0)).toBe(false);
    expect(screen.pixel(126, 63)).toBe(true);
  });

  const malformed: Array<[string, Uint8Array, RegExp]> = [
    ['an odd length', Uint8Array.of(0x00, 0x80, 0x00), /16-bit words, got 3 bytes/],
    ['no data', new Uint8Array(0), /covers 0 of the 8192 pixels/],
    ['pixels missing', words(0x8000 | 8000), /covers 8000 of the 8192/],
    ['a run past the end', words(0x8000 | 8000, 0xc000 | 193), /overruns.*runs 193/],
    ['a word after the end', words(0x8000 | PIXELS, 0x0001), /overruns.*after the last pixel/],
    ['a run after the end', words(0x8000 | PIXELS, 0x8001), /overruns.*runs 1/],
    ['a literal setting a pixel past the end', words(0x8000 | (PIXELS - 2), 0b100), /overruns.*sets pixel 8192/],
  ];
  for (const [what, data, message] of malformed) {
    it(`refuses ${what} with a protocol error`, () => {
      const error = (() => {
        try {
          decodeScreen(data);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(XcomProtocolError);
      expect((error as Error).message).toMatch(message);
    });
  }
});

describe('RccScreen', () => {
  it('refuses a bitmap of another size and pixels outside the display', () => {
    expect(() => new RccScreen(new Uint8Array(1023), 'raw')).toThrow(XcomValidationError);
    expect(() => new RccScreen(new Uint8Array(1024), 'bmp' as 'raw')).toThrow(/encoding/);
    const screen = new RccScreen(checker, 'raw');
    expect(() => screen.pixel(128, 0)).toThrow(XcomValidationError);
    expect(() => screen.pixel(0, -1)).toThrow(XcomValidationError);
    expect(() => screen.pixel(0.5, 0)).toThrow(XcomValidationError);
  });

  it('keeps its own copy of the rows', () => {
    const rows = Uint8Array.from(checker);
    const screen = new RccScreen(rows, 'rle');
    rows.fill(0);
    screen.rows.fill(0);
    expect(screen.pixel(0, 0)).toBe(true);
    expect(screen.equals(new RccScreen(checker, 'raw'))).toBe(true);
    expect(screen.equals(new RccScreen(rows, 'rle'))).toBe(false);
  });
});

describe('PNG', () => {
  it('computes the CRC-32 that PNG and zlib use', () => {
    const iend = Uint8Array.from('IEND', (c) => c.charCodeAt(0));
    expect(crc32(iend)).toBe(0xae426082);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(crc32(data)).toBe(zlibCrc32(data));
        expect(crc32(data.subarray(7), crc32(data.subarray(0, 7)))).toBe(zlibCrc32(data));
      }),
    );
  });

  function decodePng(png: Uint8Array): PNG {
    return PNG.sync.read(Buffer.from(png));
  }

  it('is a 1-bit greyscale image that a reference decoder reads pixel for pixel', () => {
    const screen = new RccScreen(encodeScreenRaw(rowsOf((x, y) => x === y || x === 127 - y || y === 0)), 'raw');
    const png = screen.toPNG();
    expect(png[25]).toBe(0); // IHDR colour type: greyscale
    expect(png[24]).toBe(1); // IHDR bit depth
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([128, 64]);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 128; x++) {
        const grey = image.data[(y * 128 + x) * 4] as number;
        expect(grey, `pixel ${x},${y}`).toBe(screen.pixel(x, y) ? 0 : 255);
      }
    }
  });

  it('scales by an integer factor', () => {
    const screen = new RccScreen(checker, 'raw');
    const image = decodePng(screen.toPNG({ scale: 3 }));
    expect([image.width, image.height]).toEqual([384, 192]);
    for (const [x, y] of [[0, 0], [2, 2], [3, 0], [5, 4], [383, 191], [382, 191]] as const) {
      expect(image.data[(y * 384 + x) * 4], `${x},${y}`).toBe(screen.pixel(Math.floor(x / 3), Math.floor(y / 3)) ? 0 : 255);
    }
  });

  it('refuses a bad scale or an unknown option before encoding', () => {
    const screen = new RccScreen(checker, 'raw');
    for (const scale of [0, 17, 1.5, Number.NaN]) expect(() => screen.toPNG({ scale })).toThrow(XcomValidationError);
    expect(() => screen.toPNG({ scael: 2 } as never)).toThrow(/unknown option 'scael'/);
  });
});

describe('sample bytes', () => {
  it('decodes a reply frame carrying a raw screen', () => {
    const raw = encodeScreenRaw(checker);
    const frame = encodeResponse({ flags: 0x22, srcAddr: 501, dstAddr: 1, serviceId: 1, objectType: 0x100, objectId: 0, propertyId: 0, propertyData: raw });
    const data = decodeFrame(fromHex(toHex(frame))).data.subarray(10);
    expect(decodeScreen(data).equals(new RccScreen(checker, 'raw'))).toBe(true);
  });
});
