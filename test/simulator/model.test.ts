import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/simulator/clock.js';
import { COUNTER_INFOS } from '../../src/simulator/info-model.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import { BATTERY_LOW_V } from '../../src/simulator/plant.js';
import { resolveDevices } from '../../src/simulator/installation-options.js';
import { T0 } from './helpers.js';

const HOUR = 3_600_000;

/** Every info of every device, read at each step of a walk through simulated time. */
function walk(seed: number, steps: readonly number[], start = T0): number[][] {
  const clock = new ManualClock(start);
  const site = new SimInstallation({ seed, clock });
  const rows: number[][] = [];
  for (const step of steps) {
    clock.advance(step);
    const row: number[] = [];
    for (const d of site.devices) for (const id of d.infos.keys()) row.push(site.infoValue(d.address, id) ?? Number.NaN);
    rows.push(row);
  }
  return rows;
}

describe('the installation', () => {
  it('has the default make-up: XT 101–103 on L1–L3, VT 301–302, Xcom 501, BSP 601, VS 701', () => {
    expect(resolveDevices().map((d) => [d.address, d.family, d.phase])).toEqual([
      [101, 'xtender', 1], [102, 'xtender', 2], [103, 'xtender', 3],
      [301, 'variotrack', undefined], [302, 'variotrack', undefined],
      [501, 'rcc', undefined], [601, 'bsp', undefined], [701, 'variostring', undefined],
    ]);
    expect(resolveDevices({ battery: 'bms' }).find((d) => d.address === 601)?.family).toBe('bms');
    expect(() => resolveDevices({ xtenders: 10 })).toThrow(/xtenders/);
  });

  it('seeds parameters from the catalogue defaults, flash and RAM alike', () => {
    const site = new SimInstallation({ clock: new ManualClock(T0) });
    const p = site.parameter(101, 1138);
    expect(p).toMatchObject({ flash: 60, ram: 60, flashWrites: 0, ramWrites: 0 });
  });
});

describe('values over simulated days', () => {
  it('the same seed gives the same values, whatever the reading pattern', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.array(fc.integer({ min: 1, max: 6 * HOUR }), { minLength: 1, maxLength: 12 }), (seed, steps) => {
        const a = walk(seed, steps);
        const b = walk(seed, steps);
        expect(a).toEqual(b);
        // Reading only at the end (no reads between) reaches the same state.
        const total = steps.reduce((s, x) => s + x, 0);
        expect(walk(seed, [total])[0]).toEqual(a[a.length - 1]);
      }),
      { numRuns: 15 },
    );
  });

  it('different seeds give different days', () => {
    expect(walk(1, [5 * HOUR])).not.toEqual(walk(2, [5 * HOUR]));
  });

  // Every info of every unit at each of up to 20 steps, for 20 seeds: CPU alone, and 7 s with
  // coverage on a loaded machine (CI runs the suites side by side on two cores), hence a minute.
  it('lifetime counters never decrease, day counters only grow within a day, enums stay within their labels', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.integer({ min: 60_000, max: 8 * HOUR }), { minLength: 3, maxLength: 20 }),
        (seed, steps) => {
          const clock = new ManualClock(T0);
          const site = new SimInstallation({ seed, clock });
          const last = new Map<string, number>();
          for (const step of steps) {
            clock.advance(step);
            for (const d of site.devices) {
              for (const [id, dp] of d.infos) {
                const v = site.infoValue(d.address, id) ?? Number.NaN;
                if (dp.format === 'SHORT_ENUM' || dp.format === 'LONG_ENUM') {
                  expect(dp.labels?.map((l) => l.value) ?? [v]).toContain(v);
                }
                if (COUNTER_INFOS.has(id)) {
                  const key = `${d.address}:${id}`;
                  expect(v).toBeGreaterThanOrEqual(last.get(key) ?? 0);
                  last.set(key, v);
                }
              }
            }
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('PV follows the day: nothing at night, power at noon; energy of the day restarts at midnight', () => {
    const clock = new ManualClock(Date.UTC(2025, 5, 21, 2, 0));
    const site = new SimInstallation({ seed: 3, clock });
    expect(site.infoValue(301, 11004)).toBe(0);
    expect(site.infoValue(701, 15010)).toBe(0);
    clock.set(Date.UTC(2025, 5, 21, 13, 0));
    expect(site.infoValue(301, 11004)).toBeGreaterThan(0.1);
    expect(site.infoValue(701, 15017)).toBeGreaterThan(0.5);
    clock.set(Date.UTC(2025, 5, 22, 0, 30));
    expect(site.infoValue(701, 15017)).toBe(0);
    expect(site.infoValue(701, 15023)).toBeGreaterThan(0);
  });

  it('battery voltage follows the charge; a low battery raises "Battery low" (message 0) and the pending flag', () => {
    const clock = new ManualClock(Date.UTC(2025, 5, 21, 18, 0));
    const site = new SimInstallation({ seed: 11, clock, initialSoc: 30 });
    const raised: { type: number; volts: number; soc: number }[] = [];
    site.on('message', (m) => raised.push({ type: m.type, volts: site.plant.batteryVoltage, soc: site.plant.soc }));
    const v0 = site.infoValue(101, 3000) ?? 0;
    for (let h = 0; h < 6 && raised.length === 0; h++) {
      clock.advance(HOUR);
      site.now();
    }
    expect(raised[0]?.type).toBe(0);
    expect(raised[0]?.soc).toBeLessThan(0.3);
    expect(raised[0]?.volts).toBeLessThan(BATTERY_LOW_V);
    expect(raised[0]?.volts).toBeLessThan(v0);
    expect(site.messages.list()[0]).toMatchObject({ type: 0, srcAddr: 101 });
    expect(site.frameFlags() & 1).toBe(1);
  });

  it('the 120 V variant has 120 V / 60 Hz mains and the catalogue’s 120 Vac parameter ranges', () => {
    const site = new SimInstallation({ variant: '120V', clock: new ManualClock(T0) });
    expect(site.plant.acVoltage).toBe(120);
    expect(site.plant.acFrequency).toBe(60);
    expect(site.parameter(101, 1286)?.datapoint).toMatchObject({ default: 120, min: 55, max: 140 });
    expect(site.currentValue(101, 1286)).toBe(120);
    expect(new SimInstallation({ clock: new ManualClock(T0) }).currentValue(101, 1286)).toBe(230);
  });

  it('pinned values win until unpinned; setValue refuses what does not exist', () => {
    const site = new SimInstallation({ clock: new ManualClock(T0) });
    site.setValue(301, 11004, 9);
    expect(site.infoValue(301, 11004)).toBe(9);
    site.unpinInfo(301, 11004);
    expect(site.infoValue(301, 11004)).not.toBe(9);
    expect(() => site.setValue(999, 1, 1)).toThrow(/no simulated device/);
    expect(() => site.setValue(101, 42, 1)).toThrow(/no datapoint/);
  });
});
