// readValues against the simulator over UDP and TCP: multi-info batching (counted in the
// simulator's request log), the 76-item split, a gateway that refuses multi-info, a unit that
// is absent, a link that fails, and the validation that comes before anything is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { DATAPOINTS, XcomP } from '../../src/catalogue/index.js';
import type { Datapoint } from '../../src/catalogue/types.js';
import type { ReadValueEntry, ReadValuesItem } from '../../src/client/index.js';
import { XcomDeviceError, XcomTimeoutError, XcomValidationError } from '../../src/errors.js';
import type { SimulatorOptions } from '../../src/simulator/simulator.js';
import { type Link, openLink } from './links.js';
import { simRig } from './sim-rig.js';

const MULTI_INFO = 0x0a;
const FAST = { timeoutMs: 300, retries: 0 };

const info = (id: number, family: Datapoint['family'] = 'xtender'): Datapoint => {
  const dp = DATAPOINTS.find((d) => d.id === id && d.family === family);
  if (dp === undefined) throw new Error(`no datapoint ${id}`);
  return dp;
};
const values = (entries: readonly ReadValueEntry[]): unknown[] => entries.map((e) => (e.ok ? e.value : e.error.code));

for (const kind of ['udp', 'tcp'] as const) {
  describe(`readValues over ${kind}`, () => {
    let l: Link | undefined;
    const open = async (sim: SimulatorOptions = {}): Promise<Link> => {
      l = await openLink(kind, sim, FAST);
      return l;
    };
    afterEach(async () => {
      await l?.close();
      l = undefined;
    });
    const requests = (link: Link) => link.sim.requests.list();
    const multiInfoRequests = (link: Link) => requests(link).filter((r) => r.objectType === MULTI_INFO);
    const simValue = (link: Link, address: number, id: number): number => link.sim.installation.currentValue(address, id) as number;

    it('reads user infos of many units in one multi-info request, parameters and phase reads alone', async () => {
      const link = await open();
      const items: ReadValuesItem[] = [
        XcomP.XT_BATTERY_VOLTAGE,
        { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, device: 'XT2' },
        { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, device: 103 },
        { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, aggregation: 'sum' },
        { datapoint: info(11004, 'variotrack'), aggregation: 2 },
        { datapoint: info(15010, 'variostring'), device: 'VS1' },
        { datapoint: info(7000, 'bsp'), device: 'BSP' },
        { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, device: 'L2' },
        XcomP.BATTERY_CHARGE_CURR,
        { datapoint: XcomP.BATTERY_CHARGE_CURR, device: 'XT3' },
      ];
      const result = await link.client.readValues(items);
      expect(result.linkError).toBeUndefined();
      expect(result.requests).toBe(4);
      const sent = requests(link);
      expect(sent.map((r) => [r.dstAddr, r.objectType])).toEqual([
        [501, MULTI_INFO],
        [192, 1],
        [101, 2],
        [103, 2],
      ]);
      expect(sent[0]?.propertyData.length).toBe(7 * 3);
      expect(result.entries.map((e) => e.key)).toEqual([
        '3000@XT1', '3136@XT2', '3136@XT3', '3136@sum', '11004@VT2', '15010@VS1', '7000@BSP', '3136@L2', '1138@XT1', '1138@XT3',
      ]);
      expect(result.entries.map((e) => e.via)).toEqual(['multi-info', 'multi-info', 'multi-info', 'multi-info', 'multi-info', 'multi-info', 'multi-info', 'single', 'single', 'single']);
      const sum = [101, 102, 103].reduce((s, a) => s + simValue(link, a, 3136), 0);
      expect(values(result.entries)).toEqual([
        Math.fround(simValue(link, 101, 3000)),
        Math.fround(simValue(link, 102, 3136)),
        Math.fround(simValue(link, 103, 3136)),
        Math.fround(sum),
        Math.fround(simValue(link, 302, 11004)),
        Math.fround(simValue(link, 701, 15010)),
        Math.fround(simValue(link, 601, 7000)),
        Math.fround(simValue(link, 102, 3136)),
        simValue(link, 101, 1138),
        simValue(link, 103, 1138),
      ]);
      expect(result.entries[1]).toMatchObject({ ok: true, address: 102, aggregation: 2 });
      expect(result.entries[3]).toMatchObject({ address: undefined, aggregation: 'sum' });
      expect(result.entries[7]).toMatchObject({ address: 192, aggregation: undefined });
      expect(link.client.multiInfoSupported).toBe(true);
    });

    it('splits more than 76 user infos into requests of at most 76, and reads equal items once', async () => {
      const link = await open();
      const xtInfos = DATAPOINTS.filter((d) => d.family === 'xtender' && d.kind === 'info').slice(0, 50);
      const vtInfos = DATAPOINTS.filter((d) => d.family === 'variotrack' && d.kind === 'info').slice(0, 50);
      const items: ReadValuesItem[] = [...xtInfos, ...vtInfos.map((datapoint) => ({ datapoint, aggregation: 'average' as const })), xtInfos[0] as Datapoint];
      const result = await link.client.readValues(items);
      expect(result.entries).toHaveLength(101);
      expect(multiInfoRequests(link).map((r) => r.propertyData.length / 3)).toEqual([76, 24]);
      expect(requests(link)).toHaveLength(2);
      expect(result.entries.every((e) => e.ok && e.via === 'multi-info')).toBe(true);
      expect(result.entries[100]).toEqual(result.entries[0]);
      expect(result.entries[0]?.value).toBe(Math.fround(simValue(link, 101, xtInfos[0]?.id as number)));
    });

    it('re-reads a batch refused with a device error item by item, and keeps the bad item alone', async () => {
      const link = await open();
      const items: ReadValuesItem[] = [
        XcomP.XT_BATTERY_VOLTAGE,
        { datapoint: info(11004, 'variotrack'), device: 'VT2' },
        { datapoint: info(11004, 'variotrack'), device: 'VT1' },
      ];
      link.sim.installation.unplug(302);
      const first = await link.client.readValues(items);
      expect(first.entries.map((e) => e.ok)).toEqual([true, false, true]);
      const bad = first.entries[1];
      expect(bad?.error).toBeInstanceOf(XcomDeviceError);
      expect(bad?.error?.code).toBe('DEVICE_NOT_FOUND');
      expect(first.entries[2]?.value).toBe(Math.fround(simValue(link, 301, 11004)));
      // The batch, then each of its three items alone.
      expect(multiInfoRequests(link).map((r) => r.propertyData.length / 3)).toEqual([3, 1, 1, 1]);
      expect(link.client.multiInfoSupported).toBe(true);

      link.sim.requests.clear();
      const second = await link.client.readValues(items);
      expect(second.entries.map((e) => e.ok)).toEqual([true, false, true]);
      // The good items in one batch, the bad one alone: no refused batch any more.
      expect(multiInfoRequests(link).map((r) => r.propertyData.length / 3)).toEqual([2, 1]);

      link.sim.installation.plug(302);
      link.sim.requests.clear();
      const third = await link.client.readValues(items);
      expect(third.entries.every((e) => e.ok)).toBe(true);
      link.sim.requests.clear();
      await link.client.readValues(items);
      expect(multiInfoRequests(link).map((r) => r.propertyData.length / 3)).toEqual([3]);
    });

    it('switches to single reads when the gateway refuses multi-info (firmware before 1.6.74), and remembers it', async () => {
      const link = await open({ identities: { 501: { software: '1.6.70' } } });
      const items: ReadValuesItem[] = [
        XcomP.XT_BATTERY_VOLTAGE,
        { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, aggregation: 3 },
        { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, aggregation: 'master' },
        { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, aggregation: 'sum' },
        { datapoint: info(11004, 'variotrack'), aggregation: 'average' },
      ];
      const first = await link.client.readValues(items);
      expect(link.client.multiInfoSupported).toBe(false);
      expect(requests(link).map((r) => [r.dstAddr, r.objectType, r.objectId])).toEqual([
        [501, MULTI_INFO, 1],
        [101, 1, 3000],
        [103, 1, 3136],
        [101, 1, 3136],
      ]);
      expect(first.entries.map((e) => e.via)).toEqual(['single', 'single', 'single', 'not-sent', 'not-sent']);
      expect(values(first.entries)).toEqual([
        Math.fround(simValue(link, 101, 3000)),
        Math.fround(simValue(link, 103, 3136)),
        Math.fround(simValue(link, 101, 3136)),
        'SERVICE_NOT_SUPPORTED',
        'SERVICE_NOT_SUPPORTED',
      ]);
      expect(first.entries[3]?.error?.message).toMatch(/units/);
      expect(first.entries[3]?.error?.cause).toBeInstanceOf(XcomDeviceError);

      // Remembered: no multi-info request any more; the aggregates computed from the units given.
      link.sim.requests.clear();
      const second = await link.client.readValues(items, { units: ['XT1', 'XT2', 103, 'VT1', 'VT2', 'VS1'] });
      expect(multiInfoRequests(link)).toHaveLength(0);
      expect(second.entries.map((e) => e.via)).toEqual(['single', 'single', 'single', 'computed', 'computed']);
      const xtSum = [101, 102, 103].reduce((s, a) => s + Math.fround(simValue(link, a, 3136)), 0);
      const vtAvg = (Math.fround(simValue(link, 301, 11004)) + Math.fround(simValue(link, 302, 11004))) / 2;
      expect(second.entries[3]?.value).toBeCloseTo(xtSum, 9);
      expect(second.entries[4]?.value).toBeCloseTo(vtAvg, 9);
      // 3000@101, 3136 at 103, 101 (shared by the master and the sum), 102, then 11004 at 301 and 302.
      expect(requests(link).map((r) => `${r.objectId}@${r.dstAddr}`)).toEqual(['3000@101', '3136@103', '3136@101', '3136@102', '11004@301', '11004@302']);
    });

    it('fails an aggregate computed from units when one of them fails', async () => {
      const link = await open({ multiInfo: false });
      link.sim.installation.unplug(102);
      const result = await link.client.readValues([{ datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, aggregation: 'sum' }, XcomP.XT_BATTERY_VOLTAGE], { units: ['XT1', 'XT2'] });
      expect(result.entries[0]).toMatchObject({ ok: false, via: 'computed' });
      expect(result.entries[0]?.error?.code).toBe('DEVICE_NOT_FOUND');
      expect(result.entries[1]?.ok).toBe(true);
    });

    it('takes a timeout for a link failure, not a refusal: the other items are not sent', async () => {
      const link = await open();
      link.sim.endpoint(link.endpoint).faults.next('drop');
      const items: ReadValuesItem[] = [XcomP.XT_BATTERY_VOLTAGE, XcomP.BATTERY_CHARGE_CURR, { datapoint: XcomP.XT_BATTERY_VOLTAGE, device: 'L1' }];
      const result = await link.client.readValues(items);
      expect(result.linkError).toBeInstanceOf(XcomTimeoutError);
      expect(result.requests).toBe(1);
      expect(requests(link)).toHaveLength(1);
      expect(result.entries.map((e) => [e.ok, e.via])).toEqual([
        [false, 'multi-info'],
        [false, 'not-sent'],
        [false, 'not-sent'],
      ]);
      expect(result.entries.every((e) => e.error === result.linkError)).toBe(true);
      expect(link.client.multiInfoSupported).toBeUndefined();
      const again = await link.client.readValues(items);
      expect(again.entries.every((e) => e.ok)).toBe(true);
      expect(link.client.multiInfoSupported).toBe(true);
    });
  });
}

describe('readValues', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('learns multi-info support again after a reconnect', async () => {
    const link = await openLink('tcp', { multiInfo: false }, FAST);
    close = () => link.close();
    await link.client.readValues([XcomP.XT_BATTERY_VOLTAGE]);
    expect(link.client.multiInfoSupported).toBe(false);
    const dropped = new Promise((resolve) => link.client.once('disconnect', resolve));
    await link.sim.endpoint(link.endpoint).closeConnection();
    await dropped;
    // The next request re-establishes the link.
    const reconnected = new Promise((resolve) => link.client.once('connect', resolve));
    expect((await link.client.readValues([XcomP.BATTERY_CHARGE_CURR])).entries[0]?.ok).toBe(true);
    await reconnected;
    expect(link.client.multiInfoSupported).toBeUndefined();
    link.sim.requests.clear();
    await link.client.readValues([XcomP.XT_BATTERY_VOLTAGE]);
    expect(link.sim.requests.list().map((r) => r.objectType)).toEqual([MULTI_INFO, 1]);
  });

  it('refuses bad items and options before sending anything', async () => {
    const rig = await simRig();
    close = () => rig.close();
    const bad: [unknown, unknown, RegExp][] = [
      [[{ datapoint: XcomP.XT_BATTERY_VOLTAGE, device: 'XT2', aggregation: 'sum' }], {}, /both a device and an aggregation/],
      [[{ datapoint: XcomP.XT_BATTERY_VOLTAGE, device: 'VT1' }], {}, /no unit at address 301/],
      [[{ datapoint: XcomP.XT_BATTERY_VOLTAGE, device: 'XT10' }], {}, /items\[0\]\.device must be an address/],
      [[{ datapoint: XcomP.XT_BATTERY_VOLTAGE, aggregation: 10 }], {}, /has 9 unit\(s\), not a device 10/],
      [[{ datapoint: XcomP.XT_BATTERY_VOLTAGE, aggregation: 16 }], {}, /aggregation must be/],
      [[{ datapoint: XcomP.BATTERY_CHARGE_CURR, aggregation: 'sum' }], {}, /cannot be averaged or summed/],
      [[{ datapoint: XcomP.XT_BATTERY_VOLTAGE, unit: 1 }], {}, /unknown key 'unit'/],
      [[{ datapoint: 3000 }], {}, /items\[0\]\.datapoint must be a datapoint/],
      [[3000], {}, /items\[0\] must be a datapoint/],
      [XcomP.XT_BATTERY_VOLTAGE, {}, /items must be an array/],
      [[XcomP.XT_BATTERY_VOLTAGE], { dstAddr: 102 }, /unknown option 'dstAddr'/],
      [[XcomP.XT_BATTERY_VOLTAGE], { units: ['XT1', 'XX'] }, /units\[1\] must be an address/],
      [[XcomP.XT_BATTERY_VOLTAGE], { units: 'XT1' }, /units must be an array/],
      [[XcomP.XT_BATTERY_VOLTAGE], { pacing: { burstMs: 0, pauseMs: 10 } }, /pacing\.burstMs must be a positive/],
      [[XcomP.XT_BATTERY_VOLTAGE], { pacing: { burstMs: 10, pauseMs: 10, idle: 1 } }, /unknown pacing option 'idle'/],
      [[XcomP.XT_BATTERY_VOLTAGE], { clock: {} }, /clock must have/],
      [[XcomP.XT_BATTERY_VOLTAGE], 5, /options must be an object/],
    ];
    for (const [items, options, message] of bad) {
      const call = rig.client.readValues(items as ReadValuesItem[], options as object);
      await expect(call, String(message)).rejects.toBeInstanceOf(XcomValidationError);
      await expect(call).rejects.toThrow(message);
    }
    expect(rig.sim.requests.size).toBe(0);
  });

  it('reads an empty list without a request, and rejects with the reason when aborted', async () => {
    const rig = await simRig();
    close = () => rig.close();
    expect(await rig.client.readValues([])).toEqual({ entries: [], linkError: undefined, requests: 0 });
    const reason = new Error('stop');
    await expect(rig.client.readValues([XcomP.XT_BATTERY_VOLTAGE], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const ac = new AbortController();
    const pending = rig.client.readValues([XcomP.XT_BATTERY_VOLTAGE, XcomP.BATTERY_CHARGE_CURR], { signal: ac.signal });
    ac.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('reads a Xcom-CAN BMS by its code, and names its aggregates apart from the BSP', async () => {
    const rig = await simRig({ battery: 'bms' });
    close = () => rig.close();
    const bms = info(7000, 'bms');
    const result = await rig.client.readValues([{ datapoint: bms, device: 'BMS' }, { datapoint: bms, aggregation: 'average' }]);
    expect(result.entries.map((e) => e.key)).toEqual(['7000@BMS', '7000/bms@average']);
    expect(result.entries.every((e) => e.ok)).toBe(true);
  });

  it('marks a value that stands for no reading as absent, with its reason and the raw value', async () => {
    const rig = await simRig();
    close = () => rig.close();
    rig.sim.installation.setValue(101, 3001, 32767);
    rig.sim.installation.setValue(601, 7004, Number.NaN);
    rig.sim.installation.setValue(102, 3001, 21.5);
    const result = await rig.client.readValues([
      XcomP.XT_BATTERY_TEMPERATURE,
      { datapoint: XcomP.XT_BATTERY_TEMPERATURE, device: 'XT2' },
      info(7004, 'bsp'),
      { datapoint: XcomP.XT_BATTERY_TEMPERATURE, device: 'L1' },
    ]);
    expect(result.entries.map((e) => [e.ok, e.value, e.absent])).toEqual([
      [true, undefined, 'no sensor'],
      [true, 21.5, undefined],
      [true, undefined, 'charging'],
      [true, undefined, 'no sensor'],
    ]);
    expect(result.entries[0]).toMatchObject({ raw: 32767, via: 'multi-info' });
    expect(result.entries[3]).toMatchObject({ raw: 32767, via: 'single' });
  });

  it('ends a closed client with the CLOSED error instead of item errors', async () => {
    const rig = await simRig();
    close = () => rig.close();
    await rig.client.close();
    await expect(rig.client.readValues([XcomP.XT_BATTERY_VOLTAGE])).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
