// `xcom find` shows the datapoint the text names exactly (number, name, alias) before the loose
// matches.
import { describe, expect, it } from 'vitest';
import { xcom } from './harness.js';

describe('xcom find, exact match first', () => {
  it('an xcom-proto alias, in any case', async () => {
    const run = await xcom(['find', 'BATT_SOC', '--verb', '0']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines[0]).toBe('7032 BSP_STATE_OF_CHARGE_MINUTE_AVG');
    // The loose matches follow, the exact one not again.
    expect(run.lines.length).toBeGreaterThan(1);
    expect(run.lines.filter((line) => line.startsWith('7032 '))).toHaveLength(1);
    expect((await xcom(['find', 'batt_soc', '--verb', '0'])).lines[0]).toBe('7032 BSP_STATE_OF_CHARGE_MINUTE_AVG');
  });

  it('a name typed with spaces, and a family-qualified number', async () => {
    const name = await xcom(['find', 'xt', 'battery', 'voltage', '--verb', '0']);
    expect(name.lines[0]).toBe('3000 XT_BATTERY_VOLTAGE');
    const bms = await xcom(['find', 'bms:7000', '--verb', '0']);
    expect(bms).toMatchObject({ code: 0, stderr: '', lines: ['7000 BMS_BATTERY_VOLTAGE'] });
  });

  it('the exact match obeys --family and --kind', async () => {
    const run = await xcom(['find', 'BATT_SOC', '--family', 'xtender', '--verb', '0']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines.some((line) => line.startsWith('7032 '))).toBe(false);
    expect(run.lines[0]).toMatch(/^1589 XT_/);
  });

  it('an unknown name or number for the datapoint argument of get is still a usage error', async () => {
    const name = await xcom(['get', 'batt_sock', '--port', 'udp://127.0.0.1:9']);
    expect(name).toMatchObject({ code: 2, stdout: '', stderr: 'xcom get: unknown datapoint "batt_sock": try: xcom find batt sock\n' });
    const number = await xcom(['get', '99999', '--port', 'udp://127.0.0.1:9']);
    expect(number).toMatchObject({ code: 2, stdout: '', stderr: "xcom get: unknown datapoint 99999: no such number in Studer's appendix\n" });
  });
});
