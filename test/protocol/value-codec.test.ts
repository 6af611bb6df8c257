import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XcomProtocolError, XcomValidationError } from '../../src/errors.js';
import { decodeIso885915, decodeValue, encodeIso885915, encodeValue, formatSize, type ScomFormat } from '../../src/protocol/index.js';

const RUNS = { numRuns: 1000 };

describe('value codecs', () => {
  it('encodes each fixed format little-endian', () => {
    expect([...encodeValue('BOOL', true)]).toEqual([1]);
    expect([...encodeValue('BOOL', false)]).toEqual([0]);
    expect([...encodeValue('BOOL', 1 as never)]).toEqual([1]);
    expect([...encodeValue('SHORT_ENUM', 0x1234)]).toEqual([0x34, 0x12]);
    expect([...encodeValue('FORMAT', 65535)]).toEqual([0xff, 0xff]);
    expect([...encodeValue('ERROR', 0x22)]).toEqual([0x22, 0]);
    expect([...encodeValue('INT32', -2)]).toEqual([0xfe, 0xff, 0xff, 0xff]);
    expect([...encodeValue('LONG_ENUM', 0x80000001)]).toEqual([1, 0, 0, 0x80]);
    expect([...encodeValue('FLOAT', 12)]).toEqual([0, 0, 0x40, 0x41]);
    expect([...encodeValue('STRING', 'A€')]).toEqual([0x41, 0xa4]);
  });

  it('decodes SHORT_ENUM as unsigned (xcom-proto decoded it signed)', () => {
    expect(decodeValue('SHORT_ENUM', Uint8Array.of(0xff, 0xff))).toBe(65535);
    expect(decodeValue('LONG_ENUM', Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toBe(0xffffffff);
    expect(decodeValue('INT32', Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toBe(-1);
  });

  it.each<[ScomFormat, unknown]>([
    ['INT32', Number.NaN],
    ['INT32', 1.5],
    ['INT32', 2 ** 31],
    ['INT32', -(2 ** 31) - 1],
    ['INT32', '1'],
    ['SHORT_ENUM', 70000],
    ['SHORT_ENUM', -1],
    ['FORMAT', 0.5],
    ['ERROR', 65536],
    ['BOOL', 2],
    ['BOOL', 'true'],
    ['LONG_ENUM', 2 ** 32],
    ['LONG_ENUM', -1],
    ['FLOAT', Number.NaN],
    ['FLOAT', Number.POSITIVE_INFINITY],
    ['FLOAT', 1e39],
    ['FLOAT', '1.0'],
    ['STRING', 'Łódź'],
    ['STRING', '😀'],
    ['STRING', 42],
    ['BYTE_STREAM', 'ab'],
    ['DYNAMIC', [1, 2]],
  ])('refuses %s %j with XcomValidationError', (format, value) => {
    expect(() => encodeValue(format, value as never)).toThrow(XcomValidationError);
  });

  it('names the offending character of a string', () => {
    expect(() => encodeIso885915('ok Ł')).toThrow(/"Ł".*index 3/);
  });

  it.each<[ScomFormat, number]>([
    ['BOOL', 0],
    ['BOOL', 2],
    ['SHORT_ENUM', 1],
    ['SHORT_ENUM', 4],
    ['INT32', 3],
    ['FLOAT', 3],
    ['FLOAT', 5],
    ['LONG_ENUM', 2],
    ['ERROR', 0],
  ])('decoding %s from %i bytes throws XcomProtocolError', (format, length) => {
    expect(() => decodeValue(format, new Uint8Array(length))).toThrow(XcomProtocolError);
  });

  it('refuses a BOOL byte other than 0 or 1', () => {
    expect(() => decodeValue('BOOL', Uint8Array.of(2))).toThrow(XcomProtocolError);
  });

  it('ISO-8859-15 differs from latin1 in exactly eight places', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = decodeIso885915(all);
    const latin1 = Buffer.from(all).toString('latin1');
    const diffs = [...text].filter((c, i) => c !== latin1[i]);
    expect(diffs.join('')).toBe('€ŠšŽžŒœŸ');
    expect([...encodeIso885915(text)]).toEqual([...all]);
    // Node's own decoder agrees with the table.
    expect(new TextDecoder('iso-8859-15').decode(all)).toBe(text);
    // The latin1 characters the eight replace are not encodable.
    for (const c of '¤¦¨´¸¼½¾') expect(() => encodeIso885915(c)).toThrow(XcomValidationError);
  });

  describe('encode → decode is the identity (property tests)', () => {
    const cases: Array<[ScomFormat, fc.Arbitrary<unknown>]> = [
      ['BOOL', fc.boolean()],
      ['FORMAT', fc.integer({ min: 0, max: 0xffff })],
      ['SHORT_ENUM', fc.integer({ min: 0, max: 0xffff })],
      ['ERROR', fc.integer({ min: 0, max: 0xffff })],
      ['INT32', fc.integer({ min: -0x80000000, max: 0x7fffffff })],
      ['LONG_ENUM', fc.integer({ min: 0, max: 0xffffffff })],
      ['FLOAT', fc.float({ noNaN: true, noDefaultInfinity: true })],
      ['BYTE_STREAM', fc.uint8Array({ maxLength: 300 })],
      ['DYNAMIC', fc.uint8Array({ maxLength: 300 })],
    ];
    for (const [format, arb] of cases) {
      it(format, () => {
        fc.assert(
          fc.property(arb, (value) => {
            const bytes = encodeValue(format, value as never);
            const size = formatSize(format);
            if (size !== undefined) expect(bytes.length).toBe(size);
            const back = decodeValue(format, bytes);
            if (value instanceof Uint8Array) expect([...(back as Uint8Array)]).toEqual([...value]);
            else if (format === 'FLOAT') expect(Object.is(back, value) || back === value).toBe(true);
            else expect(back).toBe(value);
          }),
          RUNS,
        );
      });
    }

    it('STRING (ISO-8859-15, € and Š included)', () => {
      const chars = [...decodeIso885915(Uint8Array.from({ length: 256 }, (_, i) => i))];
      const iso = fc.array(fc.constantFrom(...chars), { maxLength: 250 }).map((a) => a.join(''));
      fc.assert(
        fc.property(iso, fc.constantFrom('€', 'Š', 'ž'), (s, special) => {
          const text = s + special;
          expect(decodeValue('STRING', encodeValue('STRING', text))).toBe(text);
        }),
        RUNS,
      );
    });

    it('FLOAT rounds to the nearest float32 (Math.fround)', () => {
      fc.assert(
        fc.property(fc.double({ min: -1e30, max: 1e30, noNaN: true }), (x) => {
          expect(decodeValue('FLOAT', encodeValue('FLOAT', x))).toBe(Math.fround(x));
        }),
        RUNS,
      );
    });
  });
});
