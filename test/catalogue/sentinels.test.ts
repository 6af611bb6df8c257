// The remarks of the appendix's info tables, and the values they (or the enum labels) document as
// not being readings: every one of them, as the appendix prints it.
import { describe, expect, it } from 'vitest';
import type { DatapointRecord } from '../../scripts/catalogue/appendix-data.js';
import { checkNotSentinels, sentinelsOf } from '../../scripts/catalogue/sentinels.js';
import { DATAPOINTS, XcomP, getDatapoint, labelOf } from '../../src/index.js';

const key = (d: { family: string; id: number }): string => `${d.family}/${d.id}`;

describe('remarks', () => {
  it('every info remark of the appendix is kept (89 of them), none empty, no parameter has one', () => {
    const withRemark = DATAPOINTS.filter((d) => d.remark !== undefined);
    expect(withRemark).toHaveLength(89);
    expect(withRemark.every((d) => d.kind === 'info' && d.remark !== '')).toBe(true);
  });

  it('keeps the text as printed, the note beside the unit of {3001} first', () => {
    expect(XcomP.XT_BATTERY_TEMPERATURE.remark).toBe('no sensor : return ~32767 °C. Value given by the external battery temperature sensor BTS-01');
    expect(getDatapoint(3010).remark).toBe('See parameter {1137}');
    expect(getDatapoint(7006, 'bsp').remark).toBe('deprecated, return 100 % in version >= 1.5.6');
    expect(getDatapoint(3000).remark).toBeUndefined();
  });
});

describe('sentinels in the catalogue', () => {
  it('are exactly the eight the appendix documents', () => {
    const all = DATAPOINTS.filter((d) => d.sentinels !== undefined).map((d) => [key(d), d.sentinels]);
    expect(all).toEqual([
      ['xtender/3001', [{ match: 'approx', value: 32767, meaning: 'no sensor' }]],
      ['xtender/3010', [{ match: 'exact', value: 0, meaning: 'invalid value' }]],
      ['xtender/3028', [{ match: 'exact', value: 0, meaning: 'invalid value' }]],
      ['xtender/3054', [{ match: 'exact', value: 0, meaning: 'invalid value' }]],
      ['xtender/3055', [{ match: 'exact', value: 0, meaning: 'invalid value' }]],
      ['xtender/3160', [{ match: 'exact', value: 0, meaning: 'invalid value' }]],
      ['bsp/7004', [{ match: 'nan', meaning: 'charging' }]],
      ['bsp/7006', [{ match: 'exact', value: 100, meaning: 'deprecated' }]],
    ]);
  });

  it('{3001} battery temperature: about 32767 °C means no sensor', () => {
    expect(XcomP.XT_BATTERY_TEMPERATURE).toMatchObject({ format: 'FLOAT', valueUnit: '°C', sentinels: [{ match: 'approx', value: 32767 }] });
  });

  it('BSP {7004} remaining autonomy: NaN while charging (a range of -60000 to 0 otherwise)', () => {
    const dp = getDatapoint(7004, 'bsp');
    expect(dp.remark).toBe('in discharge, number of minutes before 0 % between -60000 and 0, in charge, always NAN');
    expect(dp.sentinels).toEqual([{ match: 'nan', meaning: 'charging' }]);
  });

  it('BSP {7006} relative capacity: deprecated, 100 from firmware 1.5.6', () => {
    expect(getDatapoint(7006, 'bsp').sentinels).toEqual([{ match: 'exact', value: 100, meaning: 'deprecated' }]);
  });

  it.each([3010, 3028, 3054, 3055, 3160])('{%i}: its label 0 "Invalid value" is no state', (id) => {
    const dp = getDatapoint(id);
    expect(dp.format).toBe('SHORT_ENUM');
    expect(labelOf(dp, 0)).toBe('Invalid value');
    expect(dp.sentinels).toEqual([{ match: 'exact', value: 0, meaning: 'invalid value' }]);
  });

  it('the Xcom-CAN BMS shares no sentinel with the BSP: its numbers carry no remark', () => {
    expect(DATAPOINTS.filter((d) => d.family === 'bms' && (d.remark !== undefined || d.sentinels !== undefined))).toEqual([]);
  });
});

describe('reading sentinels from remarks (the generator)', () => {
  const info = (id: number, remark: string): DatapointRecord => ({
    family: 'xtender',
    kind: 'info',
    id,
    description: 'test',
    unit: '',
    format: 'FLOAT',
    remark,
    pages: [1],
  });

  it('reads each phrase the appendix uses', () => {
    expect(sentinelsOf(info(9001, 'no sensor : return ~32767 °C'))).toEqual([{ match: 'approx', value: 32767, meaning: 'no sensor' }]);
    expect(sentinelsOf(info(9002, 'in charge, always NAN'))).toEqual([{ match: 'nan', meaning: 'charging' }]);
    expect(sentinelsOf(info(9003, 'deprecated, return 100 % in version >= 1.5.6'))).toEqual([{ match: 'exact', value: 100, meaning: 'deprecated' }]);
    expect(sentinelsOf(info(9004, 'See parameter {1137}'))).toEqual([]);
  });

  it('stops at a remark that may document a special value and that nothing classifies', () => {
    expect(() => sentinelsOf(info(9005, 'no sensor: returns -999'))).toThrow(/xtender\/9005: the remark .* may document a value that is not a reading/);
    expect(() => sentinelsOf(info(9006, 'value undefined while the unit starts'))).toThrow(/xtender\/9006/);
    // {3028}'s remark is listed as not a sentinel: the same words elsewhere are not.
    const csv = 'Only in CSV file, the value 6 indicate that the xtender is off.';
    expect(sentinelsOf(info(3028, csv))).toEqual([]);
    expect(() => sentinelsOf(info(9007, csv))).toThrow(/xtender\/9007/);
  });

  it('a remark spelling out "0: Invalid value" is classified by the label, and only when the label says so', () => {
    const remark = '0: Invalid value 1: Automatic';
    const labels = [
      { value: 0, label: 'Invalid value' },
      { value: 1, label: 'Automatic' },
    ];
    expect(sentinelsOf({ ...info(9008, remark), format: 'SHORT_ENUM', labels })).toEqual([{ match: 'exact', value: 0, meaning: 'invalid value' }]);
    expect(() => sentinelsOf(info(9009, remark))).toThrow(/xtender\/9009/);
  });

  it('a remark listed as not a sentinel must still be in the appendix', () => {
    expect(() => checkNotSentinels([info(3000, 'See parameter {1137}')])).toThrow(/xtender\/3028 is listed as "not a sentinel"/);
    expect(() => checkNotSentinels([info(3028, 'Only in CSV file, the value 6 indicate that the xtender is off.')])).not.toThrow();
  });
});
