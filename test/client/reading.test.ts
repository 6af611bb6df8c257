// classifyReading: a value the appendix documents as "nothing to read" is absent, with why.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XcomP, classifyReading, getDatapoint } from '../../src/index.js';

const temperature = XcomP.XT_BATTERY_TEMPERATURE;

describe('classifyReading', () => {
  it('{3001}: 32767 °C is "no sensor", with the raw value', () => {
    expect(classifyReading(temperature, 32767)).toEqual({ present: false, reason: 'no sensor', raw: 32767 });
  });

  it('{3001}: about 32767 is no sensor too, within 2.5 % (31947.8 to 33586.2)', () => {
    for (const value of [32000, 32766.5, 32767 - 273.15, 32767 + 273.15, 31948, 33586]) {
      expect(classifyReading(temperature, value), String(value)).toMatchObject({ present: false, reason: 'no sensor', raw: value });
    }
    expect(classifyReading(temperature, 31947)).toEqual({ present: true, value: 31947 });
    expect(classifyReading(temperature, 33587)).toEqual({ present: true, value: 33587 });
  });

  it('{3001}: every temperature a battery can have is a reading', () => {
    fc.assert(
      fc.property(fc.double({ min: -273.15, max: 1000, noNaN: true }), (value) => {
        expect(classifyReading(temperature, value)).toEqual({ present: true, value });
      }),
    );
  });

  it('BSP {7004}: NaN is "charging"; minutes of autonomy are readings', () => {
    const autonomy = getDatapoint(7004, 'bsp');
    expect(classifyReading(autonomy, Number.NaN)).toEqual({ present: false, reason: 'charging', raw: Number.NaN });
    expect(classifyReading(autonomy, -120)).toEqual({ present: true, value: -120 });
    expect(classifyReading(autonomy, 0)).toEqual({ present: true, value: 0 });
  });

  it('BSP {7006}: exactly 100 is "deprecated"', () => {
    const capacity = getDatapoint(7006, 'bsp');
    expect(classifyReading(capacity, 100)).toEqual({ present: false, reason: 'deprecated', raw: 100 });
    expect(classifyReading(capacity, 99.99)).toEqual({ present: true, value: 99.99 });
  });

  it.each([3010, 3028, 3054, 3055, 3160])('{%i}: enum value 0 is "invalid value", 1 a state', (id) => {
    const dp = getDatapoint(id);
    expect(classifyReading(dp, 0)).toEqual({ present: false, reason: 'invalid value', raw: 0 });
    expect(classifyReading(dp, 1)).toEqual({ present: true, value: 1 });
  });

  it('a NaN is no reading even where the catalogue documents none', () => {
    expect(classifyReading(XcomP.XT_BATTERY_VOLTAGE, Number.NaN)).toEqual({ present: false, reason: 'not a number', raw: Number.NaN });
    expect(classifyReading(undefined, Number.NaN)).toMatchObject({ present: false, reason: 'not a number' });
  });

  it('a datapoint without sentinels, or none at all, keeps every number', () => {
    expect(classifyReading(XcomP.XT_BATTERY_VOLTAGE, 32767)).toEqual({ present: true, value: 32767 });
    expect(classifyReading(undefined, 32767)).toEqual({ present: true, value: 32767 });
  });

  it('only numbers are classified: booleans, strings and bytes are readings', () => {
    const bytes = new Uint8Array([0x7f, 0xff]);
    expect(classifyReading(temperature, true)).toEqual({ present: true, value: true });
    expect(classifyReading(temperature, '32767')).toEqual({ present: true, value: '32767' });
    expect(classifyReading(temperature, bytes)).toEqual({ present: true, value: bytes });
  });
});
