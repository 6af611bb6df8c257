import { describe, expect, it } from 'vitest';
import { formatDeviceCode, parseDeviceCode, resolveAddress } from '../../src/catalogue/index.js';
import { XcomValidationError } from '../../src/errors.js';

describe('device codes', () => {
  it('parses every code to its address, case and spaces aside', () => {
    const expected: [string, number][] = [
      ['XT1', 101], ['XT9', 109], ['VT1', 301], ['VT15', 315], ['VS1', 701], ['VS15', 715],
      ['BSP', 601], ['BMS', 601], ['RCC', 501], ['L1', 191], ['L3', 193], [' xt2 ', 102], ['vs10', 710],
    ];
    for (const [code, address] of expected) expect(parseDeviceCode(code), code).toBe(address);
  });

  it('is not fooled by codes outside the ranges', () => {
    for (const text of ['XT0', 'XT10', 'VT16', 'VS0', 'L4', 'L0', 'XT01', 'XT', 'AB1', '101', '', 'BSP1', 'X T1']) {
      expect(parseDeviceCode(text), text).toBeUndefined();
    }
  });

  it('formats every coded address back, and leaves the others without a code', () => {
    for (let a = 101; a <= 109; a++) expect(parseDeviceCode(formatDeviceCode(a) as string)).toBe(a);
    for (let a = 301; a <= 315; a++) expect(parseDeviceCode(formatDeviceCode(a) as string)).toBe(a);
    for (let a = 701; a <= 715; a++) expect(parseDeviceCode(formatDeviceCode(a) as string)).toBe(a);
    expect([191, 192, 193].map((a) => formatDeviceCode(a))).toEqual(['L1', 'L2', 'L3']);
    expect(formatDeviceCode(601)).toBe('BSP');
    expect(formatDeviceCode(601, 'bms')).toBe('BMS');
    expect(formatDeviceCode(501)).toBe('RCC');
    for (const a of [0, 1, 100, 110, 300, 316, 600, 700, 716, 190, 194]) expect(formatDeviceCode(a), String(a)).toBeUndefined();
  });

  it('resolves numbers, decimal strings and codes, and refuses the rest naming the field', () => {
    expect(resolveAddress(102)).toBe(102);
    expect(resolveAddress('102')).toBe(102);
    expect(resolveAddress('VT2')).toBe(302);
    expect(resolveAddress('l2')).toBe(192);
    for (const bad of ['XT10', 'nowhere', '-1', '1.5', 1.5, -1, 2 ** 32, Number.NaN, '']) {
      expect(() => resolveAddress(bad, 'addr'), String(bad)).toThrow(XcomValidationError);
    }
    const error = (() => {
      try {
        resolveAddress('XT10', 'addr');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ field: 'addr', message: expect.stringMatching(/XT1–XT9/) });
  });
});
