// xcom get and watch print the meaning of a value that is no reading ("no sensor"), not the raw number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture();
  // An Xtender without a BTS-01 answers about 32767 °C for its battery temperature.
  fx.sim.installation.setValue(101, 3001, 32767);
});
afterAll(() => fx.close());

const env = (): Record<string, string> => ({ XCOM_URL: fx.url });

describe('values that are no readings', () => {
  it('xcom get prints "no sensor" with the raw value beside it', async () => {
    const run = await xcom(['get', '3001'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual(['{3001} Battery temperature (XT_BATTERY_TEMPERATURE): no sensor (raw 32767 °C)']);
  });

  it('--verb 0 prints the meaning alone, --verb 1 with the raw value', async () => {
    expect((await xcom(['get', '3001', '--verb', '0'], { env: env() })).lines).toEqual(['no sensor']);
    expect((await xcom(['get', '3001', '--verb', '1'], { env: env() })).lines).toEqual(['no sensor (raw 32767 °C)']);
  });

  it('--json: value null, the reason in absent, the number in raw', async () => {
    const run = await xcom(['get', '3001', '--json'], { env: env() });
    expect(JSON.parse(run.stdout)).toEqual({
      id: 3001,
      name: 'XT_BATTERY_TEMPERATURE',
      description: 'Battery temperature',
      address: 101,
      format: 'FLOAT',
      value: null,
      absent: 'no sensor',
      raw: 32767,
      unit: '°C',
    });
  });

  it('a table shows the meaning in VALUE, no unit, and the readings beside it as before', async () => {
    const run = await xcom(['get', '3001', '7006', '3000'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines[1]).toMatch(/^3001\s+XT_BATTERY_TEMPERATURE\s+no sensor\s+Battery temperature$/);
    // The simulated BSP plays firmware >= 1.5.6: relative capacity is always 100.
    expect(run.lines[2]).toMatch(/^7006\s+BSP_RELATIVE_CAPACITY\s+deprecated\s+Relative capacity$/);
    expect(run.lines[3]).toMatch(/^3000\s+XT_BATTERY_VOLTAGE\s+\d+(\.\d+)?\s+V\s+Battery voltage$/);
  });

  it('a real battery temperature still prints as a number', async () => {
    const run = await xcom(['get', '3001', '--addr', '102', '--verb', '1'], { env: env() });
    expect(run.lines).toEqual([expect.stringMatching(/^\d+(\.\d+)? °C$/)]);
  });

  it('xcom watch --verb 0 prints the meaning too', async () => {
    const run = await xcom(['watch', '3001', '3000', '--every', '10ms', '--count', '1', '--verb', '0'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([expect.stringMatching(/^no sensor\t\d+(\.\d+)?$/)]);
  });
});
