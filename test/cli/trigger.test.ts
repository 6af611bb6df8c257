// Issue 11 on the command line: `xcom trigger` sends signals on purpose, `xcom set` refuses
// them, and the raw property commands check the format against the catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture();
});
afterAll(() => fx.close());

const env = (): Record<string, string> => ({ XCOM_URL: fx.url });
const sent = (): number => fx.sim.requests.list().length;

describe('xcom trigger', () => {
  it('without --yes sends nothing, says what the signal would do, and exits 2', async () => {
    const before = sent();
    const run = await xcom(['trigger', 'XT_RESTORE_FACTORY_SETTINGS'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^xcom trigger: not sent: the signal \{1287\} Restore factory settings \(XT_RESTORE_FACTORY_SETTINGS\) would act on 100 \(every Xtender\); add --yes to send it\n$/,
    );
    expect(sent()).toBe(before);
  });

  it('with --yes writes INT32 1 to property 5 at the family multicast address, once', async () => {
    const before = sent();
    const run = await xcom(['trigger', 'XT_FORCE_A_NEW_CYCLE', '--yes'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['{1142} Force a new cycle (XT_FORCE_A_NEW_CYCLE) at 100: signal sent'] });
    expect(sent()).toBe(before + 1);
    const request = fx.sim.requests.last();
    expect(request).toMatchObject({ dstAddr: 100, serviceId: 2, objectType: 2, objectId: 1142, propertyId: 5, outcome: 'ok' });
    expect(Buffer.from(request?.propertyData ?? []).toString('hex')).toBe('01000000');
  });

  it('takes a number, --addr and --json', async () => {
    const run = await xcom(['trigger', '10029', '--yes', '--addr', '301', '--json'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ triggered: true, id: 10029, name: 'VT_FORCE_A_NEW_CYCLE', description: 'Force a new cycle', address: 301, property: 5 });
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 301, objectId: 10029, propertyId: 5 });
  });

  it('refuses what is not a signal, and a value', async () => {
    const before = sent();
    const setting = await xcom(['trigger', '1138', '--yes'], { env: env() });
    expect(setting.code).toBe(2);
    expect(setting.stderr).toMatch(/\{1138\} Battery charge current .* is not a signal but a setting: xcom set writes it/);
    const info = await xcom(['trigger', '3000', '--yes'], { env: env() });
    expect(info.stderr).toMatch(/not a signal but a user info/);
    const value = await xcom(['trigger', '1142', '1', '--yes'], { env: env() });
    expect(value.stderr).toMatch(/a signal takes no value/);
    expect(sent()).toBe(before);
  });
});

describe('issue 11: xcom set refuses a signal', () => {
  it('names xcom trigger and sends nothing', async () => {
    const before = sent();
    // Before: xcom set 1287 1 wrote 1 to the RAM value of every Xtender.
    const run = await xcom(['set', '1287', '1'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\{1287\} Restore factory settings is a signal \(a command, not a setting\): xcom set does not send it; xcom trigger XT_RESTORE_FACTORY_SETTINGS --yes does/);
    expect(sent()).toBe(before);
  });
});

describe('issue 11: signals are never called flash or RAM values', () => {
  it('write_property of a signal is sent as given and shown as a signal', async () => {
    // {1142} only starts a new charge cycle: a reset would leave the shared simulator's
    // Xtenders absent for the tests that follow.
    const run = await xcom(['write_property', '100', '2', '1142', '13', 'int32', '1'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual(['{1142} Force a new cycle (XT_FORCE_A_NEW_CYCLE) [signal] at 100: written 1']);
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 100, objectId: 1142, propertyId: 13 });
  });
});

describe('issue 11: raw property commands and the catalogue', () => {
  it('read_property refuses a format that contradicts the catalogue, before sending', async () => {
    const before = sent();
    // Before: the FLOAT battery voltage was read as int32 and printed as a wrong number.
    const run = await xcom(['read_property', '101', '1', '3000', '1', 'int32'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\{3000\} Battery voltage is float in Studer's appendix, not int32 \(byte_stream shows the raw bytes\)/);
    const min = await xcom(['read_property', '101', '2', '1138', '6', 'bool'], { env: env() });
    expect(min.code).toBe(2);
    expect(sent()).toBe(before);
  });

  it('read_property in byte_stream shows the raw bytes', async () => {
    const run = await xcom(['read_property', '101', '2', '1138', '5', 'byte_stream', '--verb', '0'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['00007042'] }); // 60.0 as float32, little-endian
  });

  it('write_property to an address outside every family still checks the entry found by number', async () => {
    const before = sent();
    // Before: address 42 found no family, and 9999 A or an int32 went out unchecked.
    const range = await xcom(['write_property', '42', '2', '1138', '5', 'float', '9999'], { env: env() });
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/\{1138\} Battery charge current: 9999 Adc is above the maximum 200 Adc/);
    const format = await xcom(['write_property', '42', '2', '1138', '5', 'int32', '25'], { env: env() });
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/\{1138\} Battery charge current is float in Studer's appendix, not int32\n/);
    expect(sent()).toBe(before);
  });
});
