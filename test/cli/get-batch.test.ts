// xcom get and xcom watch over several units and aggregations (--addr 101,102, XT1,XT2,
// 3000@XT2, 3136@sum), read together through readValues, against the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture();
});
afterAll(() => fx.close());

const env = (): Record<string, string> => ({ XCOM_URL: fx.url });
const site = (): SimFixture['sim']['installation'] => fx.sim.installation;
const f32 = (address: number, id: number): number => Math.fround(site().infoValue(address, id) ?? Number.NaN);

describe('xcom get over several units', () => {
  it('--addr 101,102,103 reads each datapoint at each unit in one multi-info request', async () => {
    fx.sim.requests.clear();
    const run = await xcom(['get', '3000', '3136', '--addr', '101,102,103', '--verb', '1'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines.map((l) => l.split(/\s+/)[0])).toEqual(['3000@XT1', '3000@XT2', '3000@XT3', '3136@XT1', '3136@XT2', '3136@XT3']);
    expect(run.lines[1]).toMatch(/^3000@XT2\s+\d+(\.\d+)? V$/);
    const requests = fx.sim.requests.list();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ dstAddr: 501, objectType: 10 });
  });

  it('takes device codes in --addr and DATAPOINT@WHERE: a unit, the sum, the average', async () => {
    const run = await xcom(['get', '3000', '--addr', 'XT1,XT2', '3136@sum', '3000@average', '3000@XT3', '--verb', '0'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(5);
    const [xt1, xt2, sum, average, xt3] = run.lines.map(Number);
    expect(xt1).toBeCloseTo(f32(101, 3000), 2);
    expect(xt2).toBeCloseTo(f32(102, 3000), 2);
    expect(xt3).toBeCloseTo(f32(103, 3000), 2);
    expect(sum).toBeCloseTo(f32(101, 3136) + f32(102, 3136) + f32(103, 3136), 1);
    expect(average).toBeCloseTo((f32(101, 3000) + f32(102, 3000) + f32(103, 3000)) / 3, 1);
  });

  it('prints a table with the item, and a JSON array with each key, value and path', async () => {
    const table = await xcom(['get', '3000', '--addr', '101,102'], { env: env() });
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.lines[0]).toMatch(/^ITEM\s+NAME\s+VALUE\s+UNIT\s+LABEL\s+DESCRIPTION$/);
    expect(table.lines[2]).toMatch(/^3000@XT2\s+XT_BATTERY_VOLTAGE\s+\d+(\.\d+)?\s+V\s+Battery voltage$/);
    const json = await xcom(['get', '3136@sum', '1311@XT2', '--json'], { env: env() });
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(entries).toEqual([
      expect.objectContaining({ key: '3136@sum', id: 3136, aggregation: 'sum', via: 'multi-info', unit: 'kW' }),
      expect.objectContaining({ key: '1311@XT2', id: 1311, address: 102, via: 'single', value: 1, label: 'Automatic' }),
    ]);
  });

  it('prints every value and each item error; an item that failed is exit 4', async () => {
    const run = await xcom(['get', '3000', '--addr', 'XT1,XT4,XT2', '--verb', '1'], { env: env() });
    expect(run.code).toBe(4);
    expect(run.lines).toHaveLength(3);
    expect(run.lines[0]).toMatch(/^3000@XT1\s+\d+(\.\d+)? V$/);
    expect(run.lines[1]).toMatch(/^3000@XT4\s+error:DEVICE_NOT_FOUND$/);
    expect(run.lines[2]).toMatch(/^3000@XT2\s+\d+(\.\d+)? V$/);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^xcom get: 3000@XT4: the device refused: DEVICE_NOT_FOUND/)]);
    const json = await xcom(['get', '3000', '--addr', 'XT1,XT4', '--json'], { env: env() });
    expect(json.code).toBe(4);
    expect((JSON.parse(json.stdout) as Record<string, unknown>[])[1]).toMatchObject({ key: '3000@XT4', error: { code: 'DEVICE_NOT_FOUND' } });
  });

  it('a link that fails is exit 3, with the link error once', async () => {
    fx.sim.endpoint('udp').faults.next('drop', 3);
    const run = await xcom(['get', '3000', '--addr', '101,102', '--timeout', '100ms', '--verb', '1'], { env: env() });
    expect(run.code).toBe(3);
    expect(run.lines).toEqual([expect.stringMatching(/^3000@XT1\s+error:TIMEOUT$/), expect.stringMatching(/^3000@XT2\s+error:TIMEOUT$/)]);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^xcom get: no answer from address 501 .*check the URL/)]);
  });

  it('refuses a bad unit, a datapoint at another family, or --flash with several units, before sending anything', async () => {
    fx.sim.requests.clear();
    const cases: [string[], RegExp][] = [
      [['3000@XT99'], /"3000@XT99": after @ give a unit/],
      [['3000', '--addr', '101,foo'], /--addr must be an address .* or a code/],
      [['3000', '--addr', '101,,102'], /--addr takes addresses or codes separated by commas/],
      [['3000@VT1'], /belongs to the Xtender family, which has no unit at address 301/],
      [['1107', '--addr', '101,102', '--flash'], /--flash reads one address at a time/],
    ];
    for (const [args, message] of cases) {
      const run = await xcom(['get', ...args], { env: env() });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(fx.sim.requests.size).toBe(0);
  });

  it('a single --addr code reads as its number did, one request', async () => {
    fx.sim.requests.clear();
    const run = await xcom(['get', '3000', '--addr', 'XT2', '--verb', '1'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(fx.sim.requests.list()).toEqual([expect.objectContaining({ dstAddr: 102, objectType: 1, objectId: 3000 })]);
  });
});

describe('xcom watch over several units', () => {
  it('a column per item, NAME@UNIT, --count cycles', async () => {
    const run = await xcom(['watch', '3000', '--addr', 'XT1,XT2', '3136@sum', '--every', '10ms', '--count', '2'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(3);
    expect(run.lines[0]).toMatch(/^TIME\s+XT_BATTERY_VOLTAGE@XT1\s+XT_BATTERY_VOLTAGE@XT2\s+XT_OUTPUT_ACTIVE_POWER_3136@sum$/);
    for (const line of run.lines.slice(1)) expect(line).toMatch(/^\d\d:\d\d:\d\d\s+[\d.]+ V\s+[\d.]+ V\s+-?[\d.]+ kW$/);
  });

  it('shows an item error in its column, says it once on stderr, and exits 4', async () => {
    const run = await xcom(['watch', '3000', '--addr', 'XT1,XT4', '--every', '10ms', '--count', '3', '--verb', '0'], { env: env() });
    expect(run.code).toBe(4);
    expect(run.lines).toHaveLength(3);
    for (const line of run.lines) expect(line).toMatch(/^[\d.]+\terror:DEVICE_NOT_FOUND$/);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^xcom watch: \d\d:\d\d:\d\d 3000@XT4: the device refused: DEVICE_NOT_FOUND/)]);
  });

  it('--json: a line per cycle with every entry', async () => {
    const run = await xcom(['watch', '3000@XT2', '3000@average', '--every', '10ms', '--count', '1', '--json'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const cycle = JSON.parse(run.lines[0] ?? '') as { values: { key: string }[] };
    expect(cycle.values.map((v) => v.key)).toEqual(['3000@XT2', '3000@average']);
  });

  it('a first cycle whose link fails ends the watch with exit 3', async () => {
    fx.sim.endpoint('udp').faults.next('drop', 3);
    const run = await xcom(['watch', '3000', '--addr', '101,102', '--count', '3', '--timeout', '100ms'], { env: env() });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^xcom watch: no answer from address 501/);
  });
});

describe('a gateway that refuses multi-info', () => {
  let old: SimFixture;
  beforeAll(async () => {
    old = await simFixture({ multiInfo: false });
  });
  afterAll(() => old.close());

  it('reads each unit alone; a sum it cannot compute is that item\'s error (exit 4)', async () => {
    const run = await xcom(['get', '3000@XT1', '3000@102', '3136@sum', '--verb', '1', '--url', old.url]);
    expect(run.code).toBe(4);
    expect(run.lines[0]).toMatch(/^3000@XT1\s+\d+(\.\d+)? V$/);
    expect(run.lines[1]).toMatch(/^3000@XT2\s+\d+(\.\d+)? V$/);
    expect(run.lines[2]).toMatch(/^3136@sum\s+error:SERVICE_NOT_SUPPORTED$/);
    expect(run.stderr.trim()).toMatch(/^xcom get: 3136@sum: the gateway refuses multi-info .*: give the units with --addr \(e\.g\. --addr XT1,XT2,XT3\)/);
  });

  it('computes @sum and @average from the units of --addr', async () => {
    old.sim.requests.clear();
    const run = await xcom(['get', '3136@sum', '3000@average', '--addr', 'XT1,XT2', '--verb', '0', '--url', old.url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const f = (address: number, id: number): number => Math.fround(old.sim.installation.infoValue(address, id) ?? Number.NaN);
    expect(Number(run.lines[0])).toBeCloseTo(f(101, 3136) + f(102, 3136), 1);
    expect(Number(run.lines[1])).toBeCloseTo((f(101, 3000) + f(102, 3000)) / 2, 1);
    expect(old.sim.requests.list().filter((r) => r.objectType === 1).map((r) => r.dstAddr).sort()).toEqual([101, 101, 102, 102]);
  });
});
