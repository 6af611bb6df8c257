import { describe, expect, it } from 'vitest';
import {
  XcomP,
  XcomValidationError,
  defaultReadAddress,
  defaultWriteAddress,
  findDatapoint,
  getDatapoint,
  labelOf,
  objectTypeOf,
  valueOfLabel,
  with120V,
} from '../../src/index.js';

describe('spot checks against the appendix', () => {
  it('3000 Battery voltage: Xtender info, FLOAT, Vdc (value in V), RCC "Ubat"', () => {
    expect(getDatapoint(3000)).toMatchObject({
      id: 3000,
      family: 'xtender',
      kind: 'info',
      format: 'FLOAT',
      description: 'Battery voltage',
      unit: 'Vdc',
      valueUnit: 'V',
      shortName: 'Ubat',
    });
    expect(XcomP.XT_BATTERY_VOLTAGE).toBe(getDatapoint(3000));
  });

  it('1107 Maximum current of AC source: FLOAT Aac, default 32, 2 to 50, in two menus', () => {
    expect(XcomP.XT_MAXIMUM_CURRENT_OF_AC_SOURCE_INPUT_LIMIT).toMatchObject({
      id: 1107,
      kind: 'parameter',
      format: 'FLOAT',
      unit: 'Aac',
      default: 32,
      min: 2,
      max: 50,
      increment: 1,
      level: 'BASIC',
      menus: [1100, 1197],
    });
  });

  it('1311 Operating mode (AUX 2): LONG_ENUM "Only 1 bit", default 1 (the PDF, not the cross-check\'s 2)', () => {
    const dp = XcomP.XT_OPERATING_MODE_AUX_2;
    expect(dp).toMatchObject({ id: 1311, format: 'LONG_ENUM', longEnumMode: 'one-bit', default: 1, min: 1, max: 8, level: 'EXPERT' });
    expect(dp.labels).toEqual([
      { value: 1, label: 'Automatic' },
      { value: 2, label: 'Reversed automatic' },
      { value: 4, label: 'Manual ON' },
      { value: 8, label: 'Manual OFF' },
    ]);
  });

  it('11016 VarioTrack operating mode: SHORT_ENUM, 3 is Charger', () => {
    expect(XcomP.VT_OPERATING_MODE).toMatchObject({ id: 11016, family: 'variotrack', kind: 'info', format: 'SHORT_ENUM' });
    expect(labelOf(XcomP.VT_OPERATING_MODE, 3)).toBe('Charger');
    expect(labelOf(XcomP.VT_OPERATING_MODE, 99)).toBeUndefined();
    expect(valueOfLabel(XcomP.VT_OPERATING_MODE, ' charger ')).toBe(3);
  });

  it('1125 Charger allowed is a BOOL; 1206 Start hour (AUX 1) an INT32 in minutes', () => {
    expect(XcomP.XT_CHARGER_ALLOWED).toMatchObject({ id: 1125, format: 'BOOL', default: 1, min: 0, max: 1, menus: [1100, 1137] });
    expect(XcomP.XT_START_HOUR_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1).toMatchObject({
      id: 1206,
      format: 'INT32',
      unit: 'Minutes',
      default: 420,
      min: 0,
      max: 1440,
      menus: [1204],
    });
  });

  it('5012 User level and 5045 are marked "Not supported" (no format in the appendix)', () => {
    expect(XcomP.RCC_USER_LEVEL).toMatchObject({ id: 5012, family: 'rcc', kind: 'parameter', notSupported: true, format: 'DYNAMIC' });
    expect(getDatapoint(5045).notSupported).toBe(true);
    expect(getDatapoint(1107).notSupported).toBeUndefined();
  });

  it('signals, bit fields, two-label infos', () => {
    expect(XcomP.VT_FORCE_A_NEW_CYCLE).toMatchObject({ id: 10029, format: 'INT32', signal: true });
    expect(XcomP.VT_FORCE_A_NEW_CYCLE.default).toBeUndefined();
    const days = getDatapoint(1205);
    expect(days).toMatchObject({ format: 'LONG_ENUM', longEnumMode: 'bit-field', min: 0, max: 127 });
    expect(days.default).toBeUndefined(); // the appendix prints "None"
    const relay = getDatapoint(3054);
    expect(relay.labels?.[2]).toEqual({ value: 2, label: 'Reversed automatic', short: 'I' });
    expect(valueOfLabel(relay, 'i')).toBe(2);
    expect(valueOfLabel(relay, 'Manual OFF')).toBe(4);
    expect(valueOfLabel(relay, 'nothing')).toBeUndefined();
  });

  it('BSP and the Xcom-CAN BMS share numbers: BSP by default, BMS on request', () => {
    expect(findDatapoint(7000)?.family).toBe('bsp');
    expect(findDatapoint(7000, 'bms')).toBe(XcomP.BMS_BATTERY_VOLTAGE);
    expect(findDatapoint(7034, 'bms')).toBeUndefined(); // a BSP info only
    expect(findDatapoint(6062)?.family).toBe('bms'); // a BMS parameter only
    expect(findDatapoint(3000, 'bsp')).toBeUndefined();
    expect(findDatapoint(1)).toBeUndefined();
    expect(() => getDatapoint(1)).toThrow(XcomValidationError);
  });

  it('object types and default addresses', () => {
    expect(objectTypeOf(XcomP.XT_BATTERY_VOLTAGE)).toBe(1);
    expect(objectTypeOf(XcomP.VT_FORCE_A_NEW_CYCLE)).toBe(2);
    expect([defaultReadAddress(XcomP.XT_CHARGER_ALLOWED), defaultWriteAddress(XcomP.XT_CHARGER_ALLOWED)]).toEqual([101, 100]);
    expect([defaultReadAddress(XcomP.VT_FORCE_A_NEW_CYCLE), defaultWriteAddress(XcomP.VT_FORCE_A_NEW_CYCLE)]).toEqual([301, 300]);
    expect([defaultReadAddress(XcomP.RCC_USER_LEVEL), defaultWriteAddress(XcomP.RCC_USER_LEVEL)]).toEqual([501, 501]);
    expect([defaultReadAddress(XcomP.BMS_BATTERY_VOLTAGE), defaultWriteAddress(XcomP.BMS_BATTERY_VOLTAGE)]).toEqual([601, 600]);
    expect(defaultWriteAddress(XcomP.VS_PV_POWER)).toBe(700);
  });

  it('the 120 Vac variant: other default and range for the seven overlay parameters only', () => {
    const output = with120V(XcomP.XT_AC_OUTPUT_VOLTAGE);
    expect(XcomP.XT_AC_OUTPUT_VOLTAGE).toMatchObject({ default: 230, min: 110, max: 280 });
    expect(output).toMatchObject({ id: 1286, name: 'XT_AC_OUTPUT_VOLTAGE', default: 120, min: 55, max: 140, increment: 1 });
    expect(with120V(XcomP.XT_AC_OUTPUT_VOLTAGE)).toBe(output);
    expect(with120V(getDatapoint(1432))).toMatchObject({ default: 135, min: 117.5, max: 145 });
    expect(with120V(XcomP.XT_CHARGER_ALLOWED)).toBe(XcomP.XT_CHARGER_ALLOWED);
    expect(with120V(XcomP.BSP_BATTERY_VOLTAGE)).toBe(XcomP.BSP_BATTERY_VOLTAGE);
  });

  it('the catalogue is frozen', () => {
    expect(Object.isFrozen(XcomP)).toBe(true);
    expect(Object.isFrozen(XcomP.XT_BATTERY_VOLTAGE)).toBe(true);
    expect(Object.isFrozen(XcomP.XT_OPERATING_MODE_AUX_2.labels)).toBe(true);
  });
});
