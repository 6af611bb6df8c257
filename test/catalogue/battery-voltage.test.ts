// 12, 24 and 48 V installations: which parameters scale with the battery voltage, and how.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AppendixData, DatapointRecord } from '../../scripts/catalogue/appendix-data.js';
import { BATTERY_BAND_48V, batteryVoltageRecords, isBatteryVoltageRecord } from '../../scripts/catalogue/battery-voltage.js';
import {
  BATTERY_VOLTAGE_PARAMETERS,
  BATTERY_VOLTAGES,
  DATAPOINTS,
  OVERLAY_120V,
  XcomP,
  findDatapoint,
  getDatapoint,
  isBatteryVoltageParameter,
  with120V,
  withBatteryVoltage,
  type Datapoint,
} from '../../src/catalogue/index.js';
import { XcomValidationError } from '../../src/errors.js';

const data = JSON.parse(readFileSync(fileURLToPath(new URL('../../catalogue/appendix-1.6.42.json', import.meta.url)), 'utf8')) as AppendixData;
const listed = (family: string, id: number): boolean => BATTERY_VOLTAGE_PARAMETERS.some((p) => p.family === family && p.id === id);
const entry = (family: Datapoint['family'], id: number): Datapoint => {
  const dp = findDatapoint(id, family === 'bsp' || family === 'bms' ? family : undefined);
  if (dp === undefined || dp.family !== family) throw new Error(`no ${family} ${id}`);
  return dp;
};

describe('the list of battery-voltage parameters (battery-voltage.generated.ts)', () => {
  it('is the selection the generator makes of the committed appendix data', () => {
    expect(BATTERY_VOLTAGE_PARAMETERS).toEqual(batteryVoltageRecords(data).map((r) => ({ family: r.family, id: r.id })));
    expect(BATTERY_VOLTAGE_PARAMETERS).toHaveLength(65);
  });

  it('holds the charge voltages of every family: {1140} floating voltage, VarioTrack and VarioString {10005} {14005}, BSP {6024}', () => {
    for (const [family, id] of [['xtender', 1140], ['xtender', 1156], ['xtender', 1108], ['variotrack', 10005], ['variostring', 14005], ['bsp', 6024]] as const) {
      expect(listed(family, id), `${family} ${id}`).toBe(true);
    }
  });

  it('leaves out the PV side, offsets and steps: only they among the four families’ Vdc parameters fall outside the band', () => {
    const candidates = data.datapoints.filter(
      (d) => d.kind === 'parameter' && ['xtender', 'variotrack', 'variostring', 'bsp'].includes(d.family) && (d.unit === 'Vdc' || d.unit === 'V'),
    );
    const left = candidates.filter((d) => !isBatteryVoltageRecord(d)).map((d) => `${d.id} ${d.description}`);
    expect(left).toEqual([
      '1298 Increment step of the adaptive low voltage',
      '10103 PV voltage fixed -> MPP',
      '10350 Offset of PV voltage to start power derating',
      '14044 PV voltage fixed (for PV in series)',
      '14179 PV voltage fixed (for PV in //)',
      '14177 PV1 voltage fixed',
      '14047 PV2 voltage fixed',
      '14198 PV voltage fixed',
    ]);
    expect(listed('variostring', 14044)).toBe(false);
    expect(listed('variotrack', 10103)).toBe(false);
  });

  it('chooses the band 30–75 V: it holds every listed range, whose extremes are BSP {6024}’s 31.9 V and {1121}’s 74.4 V', () => {
    expect(BATTERY_BAND_48V).toEqual({ min: 30, max: 75 });
    const ranges = BATTERY_VOLTAGE_PARAMETERS.map((p) => entry(p.family, p.id));
    expect(Math.min(...ranges.map((d) => d.min ?? Number.NaN))).toBe(31.9);
    expect(Math.max(...ranges.map((d) => d.max ?? Number.NaN))).toBe(74.4);
    for (const dp of ranges) expect(['Vdc', 'V']).toContain(dp.unit);
  });

  it('refuses a record in the band whose description names the PV side, and a family outside the four', () => {
    const floating = data.datapoints.find((d) => d.family === 'xtender' && d.id === 1140)!;
    expect(isBatteryVoltageRecord(floating)).toBe(true);
    const pv: DatapointRecord = { ...floating, description: 'PV voltage to start' };
    expect(isBatteryVoltageRecord(pv)).toBe(false);
    expect(isBatteryVoltageRecord({ ...floating, family: 'rcc' })).toBe(false);
    expect(isBatteryVoltageRecord({ ...floating, kind: 'info' })).toBe(false);
    expect(isBatteryVoltageRecord({ ...floating, unit: 'Adc' })).toBe(false);
  });

  it('is what isBatteryVoltageParameter answers, family included (BMS 6024 is not BSP 6024)', () => {
    expect(isBatteryVoltageParameter(XcomP.XT_FLOATING_VOLTAGE)).toBe(true);
    expect(isBatteryVoltageParameter(getDatapoint(1138))).toBe(false);
    expect(isBatteryVoltageParameter({ family: 'bms', id: 6024, kind: 'parameter' })).toBe(false);
    expect(isBatteryVoltageParameter({ family: 'xtender', id: 1140, kind: 'info' })).toBe(false);
    expect(DATAPOINTS.filter(isBatteryVoltageParameter)).toHaveLength(65);
  });
});

describe('withBatteryVoltage', () => {
  it('halves {1140} floating voltage on 24 V and quarters it on 12 V', () => {
    expect(withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 24)).toMatchObject({ id: 1140, default: 27.2, min: 18.9, max: 36, increment: 0.1 });
    expect(withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 12)).toMatchObject({ id: 1140, default: 13.6, min: 9.4, max: 18, increment: 0.1 });
    expect(XcomP.XT_FLOATING_VOLTAGE).toMatchObject({ default: 54.4, min: 37.9, max: 72 });
  });

  it('rounds the minimum down and the maximum up to the increment, the default to the nearest step', () => {
    // 37.9 / 2 = 18.95 → 18.9; 68.2 / 4 = 17.05 → 17.1; BSP 31.9 / 4 = 7.975 → 7.9, 70.1 / 4 = 17.525 → 17.6.
    expect(withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 24).min).toBe(18.9);
    expect(withBatteryVoltage(XcomP.VT_FLOATING_VOLTAGE, 12)).toMatchObject({ min: 9.4, max: 17.1 });
    expect(withBatteryVoltage(entry('bsp', 6024), 12)).toMatchObject({ default: 13.2, min: 7.9, max: 17.6 });
    // 46.3 / 2 = 23.15, a half step: up to 23.2, not 23.1 from binary noise.
    expect(withBatteryVoltage(getDatapoint(1108), 24).default).toBe(23.2);
  });

  it('never narrows the exact quarter or half, and stays on the increment’s grid', () => {
    for (const p of BATTERY_VOLTAGE_PARAMETERS) {
      const dp = entry(p.family, p.id);
      for (const voltage of [12, 24] as const) {
        const factor = voltage / 48;
        const scaled = withBatteryVoltage(dp, voltage);
        const step = dp.increment ?? Number.NaN;
        expect(scaled.min).toBeLessThanOrEqual((dp.min ?? Number.NaN) * factor + 1e-9);
        expect(scaled.max).toBeGreaterThanOrEqual((dp.max ?? Number.NaN) * factor - 1e-9);
        expect((dp.min ?? Number.NaN) * factor - (scaled.min ?? Number.NaN)).toBeLessThan(step);
        expect((scaled.max ?? Number.NaN) - (dp.max ?? Number.NaN) * factor).toBeLessThan(step);
        for (const value of [scaled.min, scaled.max, scaled.default]) {
          const steps = (value ?? Number.NaN) / step;
          expect(Math.abs(steps - Math.round(steps)), `${p.id} ${voltage} V: ${value}`).toBeLessThan(1e-6);
        }
        expect(scaled.default).toBeGreaterThanOrEqual(scaled.min ?? Number.NaN);
        expect(scaled.default).toBeLessThanOrEqual(scaled.max ?? Number.NaN);
      }
    }
  });

  it('returns the datapoint itself on 48 V and for every other datapoint; the same copy each time', () => {
    expect(withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 48)).toBe(XcomP.XT_FLOATING_VOLTAGE);
    expect(withBatteryVoltage(getDatapoint(1138), 12)).toBe(getDatapoint(1138));
    expect(withBatteryVoltage(getDatapoint(3000), 12)).toBe(getDatapoint(3000));
    expect(withBatteryVoltage(getDatapoint(14044), 24)).toBe(getDatapoint(14044));
    expect(withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 24)).toBe(withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 24));
    expect(Object.isFrozen(withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 24))).toBe(true);
    expect(BATTERY_VOLTAGES).toEqual([12, 24, 48]);
  });

  it('combines with the 120 Vac overlay in either order', () => {
    for (const dp of DATAPOINTS) {
      for (const voltage of [12, 24] as const) {
        const a = withBatteryVoltage(with120V(dp), voltage);
        const b = with120V(withBatteryVoltage(dp, voltage));
        expect([a.default, a.min, a.max, a.increment]).toEqual([b.default, b.min, b.max, b.increment]);
      }
    }
    const outputVoltage = getDatapoint(1286);
    expect(withBatteryVoltage(with120V(outputVoltage), 24)).toMatchObject({ min: 55, max: 140 });
    expect(OVERLAY_120V.some((o) => listed('xtender', o.id))).toBe(false);
  });

  it('refuses a voltage other than 12, 24 or 48 (a JavaScript caller) with XcomValidationError', () => {
    expect(() => withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, 36 as never)).toThrow(XcomValidationError);
    expect(() => withBatteryVoltage(XcomP.XT_FLOATING_VOLTAGE, '24' as never)).toThrow(/batteryVoltage must be 12, 24 or 48/);
  });
});
