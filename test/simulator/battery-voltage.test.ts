// A simulated 12, 24 or 48 V installation: battery infos, "ID batt voltage" and the battery
// voltage parameters follow its nominal voltage.
import { describe, expect, it } from 'vitest';
import { XcomValidationError } from '../../src/errors.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import { BATTERY_LOW_V } from '../../src/simulator/plant.js';
import { T0 } from './helpers.js';

const HOUR = 3_600_000;
const BATTERY_INFOS = [[101, 3000], [601, 7000], [301, 11000], [701, 15000]] as const;
const ID_BATT_VOLTAGE = [[101, 3127], [601, 7035], [301, 11048], [701, 15075]] as const;

describe('a simulated installation of 12, 24 or 48 V', () => {
  it('reads battery voltages in the 24 V band on 24 V: half the 48 V model’s, at every hour of a day', () => {
    const clock24 = new ManualClock(T0);
    const clock48 = new ManualClock(T0);
    const site24 = new SimInstallation({ seed: 4, clock: clock24, batteryVoltage: 24 });
    const site48 = new SimInstallation({ seed: 4, clock: clock48 });
    for (let h = 0; h < 24; h++) {
      for (const [address, id] of BATTERY_INFOS) {
        const v24 = site24.infoValue(address, id) ?? Number.NaN;
        expect(v24, `${address} {${id}} at +${h} h`).toBeGreaterThan(21);
        expect(v24).toBeLessThan(28.8);
        expect(v24).toBeCloseTo((site48.infoValue(address, id) ?? Number.NaN) / 2, 4);
      }
      // The same energy: the state of charge follows the same course.
      expect(site24.plant.soc).toBeCloseTo(site48.plant.soc, 9);
      clock24.advance(HOUR);
      clock48.advance(HOUR);
    }
  });

  it('reports its nominal voltage as "ID batt voltage" on every family (12, 24, 48 by default)', () => {
    for (const voltage of [12, 24, undefined] as const) {
      const site = new SimInstallation({ clock: new ManualClock(T0), ...(voltage === undefined ? {} : { batteryVoltage: voltage }) });
      expect(site.batteryVoltage).toBe(voltage ?? 48);
      for (const [address, id] of ID_BATT_VOLTAGE) expect(site.infoValue(address, id), `${address} {${id}}`).toBe(voltage ?? 48);
    }
  });

  it('gives the battery voltage parameters their 24 V default and range: {1140} starts at 27.2 V within 18.9–36 V', () => {
    const site = new SimInstallation({ clock: new ManualClock(T0), batteryVoltage: 24 });
    expect(site.parameter(101, 1140)?.datapoint).toMatchObject({ default: 27.2, min: 18.9, max: 36 });
    expect(site.currentValue(101, 1140)).toBe(27.2);
    expect(site.currentValue(601, 6024)).toBe(26.4);
    expect(site.parameter(101, 1138)?.datapoint).toMatchObject({ min: 0, max: 200 }); // a current: unchanged
    expect(new SimInstallation({ clock: new ManualClock(T0) }).currentValue(101, 1140)).toBe(54.4);
  });

  it('raises "Battery low" below the scaled threshold on 12 V', () => {
    const clock = new ManualClock(Date.UTC(2025, 5, 21, 18, 0));
    const site = new SimInstallation({ seed: 11, clock, initialSoc: 30, batteryVoltage: 12 });
    expect(site.plant.batteryLowVoltage).toBeCloseTo(BATTERY_LOW_V / 4, 9);
    const raised: number[] = [];
    site.on('message', (m) => m.type === 0 && raised.push(site.plant.batteryVoltage));
    for (let h = 0; h < 6 && raised.length === 0; h++) {
      clock.advance(HOUR);
      site.now();
    }
    expect(raised[0]).toBeLessThan(BATTERY_LOW_V / 4);
    expect(raised[0]).toBeGreaterThan(10);
  });

  it('refuses a voltage other than 12, 24 or 48', () => {
    expect(() => new SimInstallation({ batteryVoltage: 36 as never })).toThrow(XcomValidationError);
  });
});
