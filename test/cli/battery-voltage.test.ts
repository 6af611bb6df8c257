// --battery-voltage on the commands that check or show ranges: xcom set, write_property, find,
// simulate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { simulatePlan } from '../../src/cli/simulate.js';
import { type SimFixture, simFixture, xcom } from './harness.js';

describe('xcom set and write_property against a 24 V installation', () => {
  let fx: SimFixture;
  beforeAll(async () => {
    fx = await simFixture({ batteryVoltage: 24 });
  });
  afterAll(() => fx.close());

  it('sets the floating voltage {1140} to 27.6 V with --battery-voltage 24', async () => {
    const run = await xcom(['set', '1140', '27.6', '--battery-voltage', '24', '--url', fx.url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([expect.stringMatching(/^\{1140\} Floating voltage .* at 100: set to 27\.6 Vdc$/)]);
    for (const address of [101, 102, 103]) expect(fx.sim.installation.currentValue(address, 1140)).toBe(Math.fround(27.6));
  });

  it('refuses 27.6 V without it (48 V ranges), before connecting, and names the option', async () => {
    const before = fx.sim.requests.size;
    const run = await xcom(['set', '1140', '27.5', '--url', fx.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/27\.5 Vdc is below the minimum 37\.9 Vdc .*48 V battery.*--battery-voltage/);
    expect(fx.sim.requests.size).toBe(before);
    expect(fx.sim.installation.currentValue(101, 1140)).toBe(Math.fround(27.6));
  });

  it('checks write_property against the 24 V range too', async () => {
    const ok = await xcom(['write_property', '101', '2', '1140', '13', 'float', '26.9', '--battery-voltage', '24', '--url', fx.url, '--verb', '0']);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(fx.sim.installation.currentValue(101, 1140)).toBe(Math.fround(26.9));
    const refused = await xcom(['write_property', '101', '2', '1140', '13', 'float', '36.5', '--battery-voltage', '24', '--url', fx.url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/above the maximum 36 Vdc/);
  });

  it('refuses a voltage that is not 12, 24 or 48', async () => {
    const run = await xcom(['set', '1140', '27.6', '--battery-voltage', '36', '--url', fx.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--battery-voltage must be 48 or 24 or 12, got "36"/);
  });
});

describe('xcom find --battery-voltage', () => {
  it('shows the 48 V ranges by default and the scaled ones on 24 or 12 V', async () => {
    const row = async (...extra: string[]): Promise<string | undefined> => (await xcom(['find', '1140', ...extra])).lines.find((l) => l.startsWith('1140 '));
    expect(await row()).toMatch(/\s37\.9\.\.72\s+54\.4\s+Floating voltage$/);
    expect(await row('--battery-voltage', '24')).toMatch(/\s18\.9\.\.36\s+27\.2\s+Floating voltage$/);
    expect(await row('--battery-voltage', '12')).toMatch(/\s9\.4\.\.18\s+13\.6\s+Floating voltage$/);
    const json = JSON.parse((await xcom(['find', 'floating voltage', '--family', 'variotrack', '--battery-voltage', '24', '--json'])).stdout) as { id: number; min: number }[];
    expect(json.find((d) => d.id === 10005)).toMatchObject({ min: 18.9 });
  });
});

describe('xcom simulate --battery-voltage', () => {
  it('passes the voltage to the simulator, and refuses another', () => {
    expect(simulatePlan(['--battery-voltage', '24']).options).toMatchObject({ batteryVoltage: 24 });
    expect(simulatePlan(['--battery-voltage', '12']).options).toMatchObject({ batteryVoltage: 12 });
    expect(simulatePlan([]).options).not.toHaveProperty('batteryVoltage');
    expect(() => simulatePlan(['--battery-voltage', '36'])).toThrow(UsageError);
  });
});
