// xcom get and xcom set against the simulator, through the built executable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture();
});
afterAll(() => fx.close());

const site = (): SimFixture['sim']['installation'] => fx.sim.installation;
const env = (): Record<string, string> => ({ XCOM_URL: fx.url });

describe('xcom get', () => {
  it('reads one datapoint by number, with its name, unit and value (XCOM_URL)', async () => {
    const run = await xcom(['get', '3000'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([expect.stringMatching(/^\{3000\} Battery voltage \(XT_BATTERY_VOLTAGE\): \d+(\.\d+)? V$/)]);
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 101, objectType: 1, objectId: 3000, propertyId: 1 });
  });

  it('finds datapoints by generated name, xcom-proto alias (any case) and family:number', async () => {
    const run = await xcom(['get', 'xt_battery_voltage', 'batt_soc', 'bsp:7000', '--verb', '0'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(3);
    expect(Number(run.lines[1])).toBeCloseTo(Math.fround(site().infoValue(601, 7032) ?? Number.NaN), 3);
  });

  it('prints a table for several datapoints, with labels', async () => {
    site().setValue(101, 1311, 4, 'ram');
    const run = await xcom(['get', '1311', '1138', '3000'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines[0]).toMatch(/^ID\s+NAME\s+VALUE\s+UNIT\s+LABEL\s+DESCRIPTION$/);
    expect(run.lines[1]).toMatch(/^1311\s+XT_OPERATING_MODE_AUX_2\s+4\s+Manual ON\s+Operating mode \(AUX 2\)$/);
    expect(run.lines[2]).toMatch(/^1138\s+XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS\s+60\s+Adc\s+Battery charge current$/);
    expect(run.lines).toHaveLength(4);
  });

  it('reads parameters in force (RAM, 13) or in flash (--flash, 5), at --addr', async () => {
    site().setValue(102, 1107, 16, 'flash');
    site().setValue(102, 1107, 12, 'ram');
    const ram = await xcom(['get', '1107', '--addr', '102', '--verb', '1'], { env: env() });
    expect(ram).toMatchObject({ code: 0, lines: ['12 Aac'] });
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 102, objectType: 2, objectId: 1107, propertyId: 13 });
    const flash = await xcom(['get', '1107', '--addr', '102', '--flash'], { env: env() });
    expect(flash.lines).toEqual(['{1107} Maximum current of AC source (Input limit) (XT_MAXIMUM_CURRENT_OF_AC_SOURCE_INPUT_LIMIT) [flash]: 16 Aac']);
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 102, propertyId: 5 });
  });

  it('prints JSON: an object for one datapoint, an array for several', async () => {
    const one = await xcom(['get', '1311', '--json'], { env: env() });
    expect(JSON.parse(one.stdout)).toEqual({
      id: 1311,
      name: 'XT_OPERATING_MODE_AUX_2',
      description: 'Operating mode (AUX 2)',
      address: 101,
      format: 'LONG_ENUM',
      value: 4,
      label: 'Manual ON',
    });
    const many = await xcom(['get', '3000', '1125', '--json'], { env: env() });
    const parsed = JSON.parse(many.stdout) as { id: number; value: unknown; unit?: string; label?: string }[];
    expect(parsed.map((p) => [p.id, typeof p.value, p.unit, p.label])).toEqual([
      [3000, 'number', 'V', undefined],
      [1125, 'boolean', undefined, 'yes'],
    ]);
    // Floats at float32 precision: no 48.200000762939453.
    expect(String(parsed[0]?.value).length).toBeLessThan(12);
  });

  it('falls back to the flash value on firmware without property 13', async () => {
    const old = await simFixture({ ramProperty: false });
    try {
      const run = await xcom(['get', '1138', '--url', old.url, '--verb', '1']);
      expect(run).toMatchObject({ code: 0, stderr: '', lines: ['60 Adc'] });
      expect(old.sim.requests.list().map((r) => r.propertyId)).toEqual([13, 5]);
    } finally {
      await old.close();
    }
  });
});

describe('xcom set', () => {
  it('writes RAM at the multicast address by default', async () => {
    const flashWrites = site().flashWrites(101, 1138);
    const run = await xcom(['set', '1138', '25'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual(['{1138} Battery charge current (XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS) [RAM] at 100: set to 25 Adc']);
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 100, serviceId: 2, objectId: 1138, propertyId: 13, outcome: 'ok' });
    for (const address of [101, 102, 103]) expect(site().currentValue(address, 1138, 'ram')).toBe(25);
    expect(site().flashWrites(101, 1138)).toBe(flashWrites);
  });

  it('writes flash with --flash, at --addr', async () => {
    const run = await xcom(['set', 'XT_CHARGER_ALLOWED', '0', '--flash', '--addr', '102', '--verb', '1'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['0 (no)'] });
    expect(site().currentValue(102, 1125, 'flash')).toBe(0);
    expect(site().currentValue(101, 1125, 'flash')).toBe(1);
    expect(site().flashWrites(102, 1125)).toBe(1);
  });

  it('takes an enum label, quoted or not, any case', async () => {
    const quoted = await xcom(['set', '1311', 'Manual OFF', '--verb', '1'], { env: env() });
    expect(quoted).toMatchObject({ code: 0, lines: ['8 (Manual OFF)'] });
    expect(site().currentValue(101, 1311, 'ram')).toBe(8);
    const words = await xcom(['set', '1311', 'reversed', 'AUTOMATIC', '--verb', '0'], { env: env() });
    expect(words).toMatchObject({ code: 0, stdout: '' });
    expect(site().currentValue(103, 1311, 'ram')).toBe(2);
  });

  it('takes a negative number without quoting or --', async () => {
    const run = await xcom(['set', '1139', '-4', '--json'], { env: env() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ written: true, id: 1139, value: -4, unit: 'mV/°C/cell', address: 100, property: 13 });
    expect(site().currentValue(101, 1139, 'ram')).toBe(-4);
  });

  it('uses the 120 Vac ranges with --variant 120V', async () => {
    // {1309} AC input low limit voltage to allow charger function: 100–230 Vac on 230 Vac
    // models, 50–115 Vac on 120 Vac ones.
    const sim120 = await simFixture({ variant: '120V' });
    try {
      const refused = await xcom(['set', '1309', '60', '--url', sim120.url]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/60 Vac is below the minimum 100 Vac/);
      const accepted = await xcom(['set', '1309', '60', '--variant', '120V', '--url', sim120.url, '--verb', '0']);
      expect(accepted).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(sim120.sim.installation.currentValue(101, 1309, 'ram')).toBe(60);
    } finally {
      await sim120.close();
    }
  });

  it('refuses with the allowed range before connecting, even to nowhere', async () => {
    const run = await xcom(['set', '1138', '201', '--port', '/dev/ttyXCOM-NOPE']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/above the maximum 200 Adc \(allowed 0 to 200\)/);
  });

  it('reports a device error with exit code 4', async () => {
    const run = await xcom(['set', '1138', '20', '--addr', '109'], { env: env() });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/DEVICE_NOT_FOUND/);
  });
});
