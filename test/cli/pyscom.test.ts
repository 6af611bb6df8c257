// Every example of Studer's pyscom.py specification (reference/pyscom.md), run with the built
// `xcom` against the simulator, prefixed as in the original by --port= --bps=38400 --verb=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
let pyscom: (...args: string[]) => ReturnType<typeof xcom>;

beforeAll(async () => {
  fx = await simFixture();
  pyscom = (...args) => xcom([`--port=${fx.url}`, '--bps=38400', '--verb=1', ...args]);
});
afterAll(() => fx.close());

const site = (): SimFixture['sim']['installation'] => fx.sim.installation;

/** The number a verb-1 line starts with. */
function leadingNumber(line: string | undefined): number {
  return Number(/^(-?[\d.e+-]+)/.exec(line ?? '')?.[1]);
}

describe('pyscom.md examples: reads', () => {
  it('read_property 101 1 3000 1 float  # Xtender 1, battery voltage', async () => {
    const run = await pyscom('read_property', '101', '1', '3000', '1', 'float');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^\d+(\.\d+)? V$/);
    expect(leadingNumber(run.lines[0])).toBeCloseTo(Math.fround(site().infoValue(101, 3000) ?? Number.NaN), 4);
  });

  it('read_property 301 1 11000 1 float  # VarioTrack 1, battery voltage', async () => {
    const run = await pyscom('read_property', '301', '1', '11000', '1', 'float');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines[0]).toMatch(/ V$/);
    expect(leadingNumber(run.lines[0])).toBeCloseTo(Math.fround(site().infoValue(301, 11000) ?? Number.NaN), 4);
  });

  it('read_property 101 1 3055 1 short_enum  # relay aux 2 mode, with its label', async () => {
    const run = await pyscom('read_property', '101', '1', '3055', '1', 'short_enum');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const value = site().infoValue(101, 3055);
    expect(run.lines).toEqual([expect.stringMatching(new RegExp(`^${value} \\(.+\\)$`))]);
  });

  it('read_property 501 10 1 1 byte_stream (3000:Average),(3080:Sum),(7000:master),(11000:Average),(11004:Sum),(15010:Sum)', async () => {
    const list = '(3000:Average),(3080:Sum),(7000:master),(11000:Average),(11004:Sum),(15010:Sum)';
    const run = await pyscom('read_property', '501', '10', '1', '1', 'byte_stream', list);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(6);
    const units = run.lines.map((l) => l.split(' ')[1]);
    expect(units).toEqual(['V', 'kWh', 'V', 'V', 'kW', 'kW']);
    const xt = [101, 102, 103].map((a) => Math.fround(site().infoValue(a, 3000) ?? Number.NaN));
    expect(leadingNumber(run.lines[0])).toBeCloseTo(xt.reduce((a, b) => a + b) / 3, 3);
    expect(leadingNumber(run.lines[2])).toBeCloseTo(Math.fround(site().infoValue(601, 7000) ?? Number.NaN), 4);
    const pv = [301, 302].map((a) => Math.fround(site().infoValue(a, 11004) ?? Number.NaN));
    expect(leadingNumber(run.lines[4])).toBeCloseTo(pv[0]! + pv[1]!, 3);
    const request = fx.sim.requests.last();
    expect(request).toMatchObject({ dstAddr: 501, objectType: 10, objectId: 1, outcome: 'ok' });
  });

  it('read_property 101 2 1138 5 float  # battery charge current (flash)', async () => {
    const run = await pyscom('read_property', '101', '2', '1138', '5', 'float');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([`${site().currentValue(101, 1138, 'flash')} Adc`]);
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 101, objectType: 2, objectId: 1138, propertyId: 5 });
  });

  it('read_property 101 2 1206 5 int32  # start hour (AUX 1)', async () => {
    const run = await pyscom('read_property', '101', '2', '1206', '5', 'int32');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([`${site().currentValue(101, 1206, 'flash')} Minutes`]);
  });

  it('read_property 101 2 1125 5 bool  # charger allowed', async () => {
    const run = await pyscom('read_property', '101', '2', '1125', '5', 'bool');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([site().currentValue(101, 1125, 'flash') === 1 ? '1 (yes)' : '0 (no)']);
  });

  it('read_property 101 2 1311 5 long_enum  # operating mode (AUX 2)', async () => {
    const run = await pyscom('read_property', '101', '2', '1311', '5', 'long_enum');
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['1 (Automatic)'] });
  });

  it('read_property 701 2 14002 5 long_enum  # VarioString 1, configuration of PV modules', async () => {
    const run = await pyscom('read_property', '701', '2', '14002', '5', 'long_enum');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([`${site().currentValue(701, 14002, 'flash')} (Automatic)`]);
  });
});

describe('pyscom.md examples: writes', () => {
  it('write_property 100 2 1138 13 float 25  # all Xtenders, RAM', async () => {
    const flashWrites = site().flashWrites(101, 1138);
    const run = await pyscom('write_property', '100', '2', '1138', '13', 'float', '25');
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['written 25 Adc'] });
    for (const address of [101, 102, 103]) expect(site().currentValue(address, 1138, 'ram')).toBe(25);
    expect(site().flashWrites(101, 1138)).toBe(flashWrites);
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 100, serviceId: 2, objectId: 1138, propertyId: 13, outcome: 'ok' });
  });

  it('write_property 100 2 1138 5 float 25  # all Xtenders, flash', async () => {
    const flashWrites = site().flashWrites(101, 1138);
    const run = await pyscom('write_property', '100', '2', '1138', '5', 'float', '25');
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['written 25 Adc'] });
    for (const address of [101, 102, 103]) expect(site().currentValue(address, 1138, 'flash')).toBe(25);
    expect(site().flashWrites(101, 1138)).toBe(flashWrites + 1);
  });

  it('write_property 100 2 1206 5 int32 480', async () => {
    const run = await pyscom('write_property', '100', '2', '1206', '5', 'int32', '480');
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['written 480 Minutes'] });
    expect(site().currentValue(102, 1206, 'flash')).toBe(480);
  });

  it('write_property 100 2 1287 5 int32 1  # restore factory settings (all Xtenders)', async () => {
    const run = await pyscom('write_property', '100', '2', '1287', '5', 'int32', '1');
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['written 1'] });
    expect(fx.sim.requests.last()).toMatchObject({ dstAddr: 100, serviceId: 2, objectId: 1287, propertyId: 5, outcome: 'ok' });
  });

  it('write_property 101 2 1125 5 bool 0', async () => {
    const run = await pyscom('write_property', '101', '2', '1125', '5', 'bool', '0');
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['written 0 (no)'] });
    expect(site().currentValue(101, 1125, 'flash')).toBe(0);
    expect(site().currentValue(102, 1125, 'flash')).toBe(1);
  });

  it('write_property 100 2 1311 5 long_enum 8', async () => {
    const run = await pyscom('write_property', '100', '2', '1311', '5', 'long_enum', '8');
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['written 8 (Manual OFF)'] });
    expect(site().currentValue(103, 1311, 'flash')).toBe(8);
  });
});

describe('pyscom conventions', () => {
  it('takes the key=value form of scom.exe, any case of format, and --verbose', async () => {
    const run = await xcom([`--port=${fx.url}`, '--verbose=0', 'read_property', 'src_addr=1', 'dst_addr=101', 'object_type=1', 'object_id=3000', 'property_id=1', 'format=FLOAT']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([expect.stringMatching(/^\d+(\.\d+)?$/)]);
  });

  it('prints more with each --verb level: 0 the value, 1 unit and label, 2 the name', async () => {
    const at = async (verb: string) => (await xcom([`--port=${fx.url}`, `--verb=${verb}`, 'read_property', '101', '2', '1311', '5', 'long_enum'])).lines;
    expect(await at('0')).toEqual(['8']);
    expect(await at('1')).toEqual(['8 (Manual OFF)']);
    expect(await at('2')).toEqual(['{1311} Operating mode (AUX 2) (XT_OPERATING_MODE_AUX_2) [flash]: 8 (Manual OFF)']);
  });

  it('--verb 3 adds every frame in hex on stderr', async () => {
    const run = await xcom(['--url', fx.url, '--verb', '3', 'read_property', '101', '1', '3000', '1', 'float']);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toEqual([
      // The request of protocol-facts.md §11's golden frame, then the reply from 101 to 1.
      '> aa 00 01 00 00 00 65 00 00 00 0a 00 6f 71 00 01 01 00 b8 0b 00 00 01 00 c5 90',
      expect.stringMatching(/^< aa [0-9a-f]{2} 65 00 00 00 01 00 00 00 0e 00( [0-9a-f]{2}){18}$/),
      '',
    ]);
    expect(run.lines).toEqual([expect.stringMatching(/^\{3000\} Battery voltage \(XT_BATTERY_VOLTAGE\): [\d.]+ V$/)]);
  });

  it('reads the multi-info list split by the shell, and as JSON', async () => {
    const run = await xcom(['--url', fx.url, '--json', 'read_property', '501', '10', '1', '1', 'BYTE_STREAM', '(3000:average),', '(7000:MASTER),', '(11000:2)']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout) as { timestamp: number; items: { id: number; aggregation: unknown; unit: string }[] };
    expect(result.items.map((i) => [i.id, i.aggregation, i.unit])).toEqual([
      [3000, 'average', 'V'],
      [7000, 'master', 'V'],
      [11000, 2, 'V'],
    ]);
    expect(typeof result.timestamp).toBe('number');
  });

  it('reads the GUID and a message of the Xcom-232i', async () => {
    const run = await xcom(['--url', fx.url, 'read_property', '501', '4', '0', '0', 'byte_stream']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([`GUID of the Xcom-232i: ${Buffer.from(site().guid).toString('hex')}`]);
  });

  it('-help lists the commands', async () => {
    const run = await xcom(['-help']);
    expect(run.code).toBe(0);
    for (const name of ['read_property', 'write_property', 'test', 'version']) expect(run.stdout).toContain(`  ${name} `);
  });
});
