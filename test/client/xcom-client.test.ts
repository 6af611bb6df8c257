import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { XcomClient } from '../../src/client/index.js';
import { XcomC } from '../../src/constants.js';
import { XcomDeviceError, XcomTransportError, XcomValidationError } from '../../src/errors.js';
import { BaseTransport } from '../../src/transport/base-transport.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { simRig, type SimRig } from './sim-rig.js';

describe('XcomClient against the simulator', () => {
  let rig: SimRig;
  beforeEach(async () => {
    rig = await simRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  const sent = (): number => rig.sim.requests.list().length;

  it('reads every format, typed by the datapoint', async () => {
    const { client, sim } = rig;
    const volts = await client.getValue(XcomP.XT_BATTERY_VOLTAGE);
    expectTypeOf(volts).toEqualTypeOf<number>();
    expect(volts).toBe(Math.fround(sim.installation.currentValue(101, 3000) as number));

    const charger = await client.getValue(XcomP.XT_CHARGER_ALLOWED);
    expectTypeOf(charger).toEqualTypeOf<boolean>();
    expect(charger).toBe(sim.installation.currentValue(101, 1125) === 1);

    const start = await client.getValue(XcomP.XT_START_HOUR_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1);
    expect(Number.isInteger(start)).toBe(true);
    expect(start).toBe(sim.installation.currentValue(101, 1206));

    const aux2 = await client.getValue(XcomP.XT_OPERATING_MODE_AUX_2);
    expect(aux2).toBe(1); // the appendix's default: Automatic

    const mode = await client.getValue(XcomP.VT_OPERATING_MODE);
    expect(mode).toBe(sim.installation.currentValue(301, 11016));

    const current = await client.getValue(XcomP.BATTERY_CHARGE_CURR);
    expect(current).toBe(60); // 1138's default

    const soc = await client.getValue(XcomP.BATT_SOC);
    expect(soc).toBe(Math.fround(sim.installation.currentValue(601, 7032) as number));
  });

  it('reads infos with property 1 and parameters with property 13 at the family master', async () => {
    const { client, sim } = rig;
    await client.getValue(XcomP.PV_POWER);
    await client.getValue(XcomP.MAX_CURR_AC_SOURCE);
    await client.getValue(XcomP.FORCE_NEW_CYCLE); // 10029: a VarioTrack *parameter*
    const log = sim.requests.list().map((r) => [r.dstAddr, r.objectType, r.objectId, r.propertyId]);
    expect(log).toEqual([
      [301, 1, 11043, 1],
      [101, 2, 1107, 13],
      [301, 2, 10029, 13],
    ]);
  });

  it('writes RAM by default at the family multicast address, flash with QSP_VALUE', async () => {
    const { client, sim } = rig;
    await client.setValue(XcomP.BATTERY_CHARGE_CURR, 25);
    for (const addr of [101, 102, 103]) {
      expect(sim.installation.currentValue(addr, 1138, 'ram')).toBe(25);
      expect(sim.installation.currentValue(addr, 1138, 'flash')).toBe(60);
      expect(sim.installation.flashWrites(addr, 1138)).toBe(0);
    }
    expect(sim.requests.last()).toMatchObject({ dstAddr: 100, serviceId: 2, objectType: 2, propertyId: 13 });
    expect(await client.getValue(XcomP.BATTERY_CHARGE_CURR)).toBe(25);

    await client.setValue(XcomP.BATTERY_CHARGE_CURR, 12, { dstAddr: 101, propertyId: XcomC.QSP_VALUE });
    expect(sim.installation.currentValue(101, 1138, 'flash')).toBe(12);
    expect(sim.installation.flashWrites(101, 1138)).toBe(1);
    expect(sim.installation.flashWrites(102, 1138)).toBe(0);
    expect(await client.getValue(XcomP.BATTERY_CHARGE_CURR, { propertyId: XcomC.QSP_VALUE })).toBe(12);
  });

  it('writes VarioTrack parameters to 300 (xcom-proto sent them to 100 and got ACCESS_DENIED)', async () => {
    const { client, sim } = rig;
    await client.setValue(XcomP.VT_BATTERY_CHARGE_CURRENT, 40);
    expect(sim.requests.last()).toMatchObject({ dstAddr: 300, objectId: 10002 });
    const denied = await client.setValue(XcomP.VT_BATTERY_CHARGE_CURRENT, 40, { dstAddr: 100 }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(XcomDeviceError);
    expect(denied).toMatchObject({ code: 'ACCESS_DENIED', scomCode: 0x2b });
  });

  it('takes enum values by label, and one-bit enums only as single bits', async () => {
    const { client, sim } = rig;
    await client.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 'Manual ON');
    expect(sim.installation.currentValue(101, 1311)).toBe(4);
    await client.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 8);
    expect(sim.installation.currentValue(101, 1311)).toBe(8);
    const before = sent();
    await expect(client.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 3)).rejects.toThrow(/not one of its values.*1 Automatic, 2 Reversed automatic, 4 Manual ON, 8 Manual OFF/);
    // @ts-expect-error not a label of {1311}: refused by the types, and at run time for JavaScript
    await expect(client.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 'Sometimes')).rejects.toThrow(XcomValidationError);
    expect(sent()).toBe(before);
  });

  it('refuses bad values before sending anything', async () => {
    const { client } = rig;
    const cases: Array<() => Promise<unknown>> = [
      () => client.setValue(XcomP.MAX_CURR_AC_SOURCE, 51), // max 50 Aac
      () => client.setValue(XcomP.MAX_CURR_AC_SOURCE, 1.9), // min 2
      () => client.setValue(XcomP.MAX_CURR_AC_SOURCE, Number.NaN),
      () => client.setValue(XcomP.XT_CHARGER_ALLOWED, 2 as never),
      () => client.setValue(XcomP.XT_START_HOUR_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1, 1.5),
      () => client.setValue(XcomP.XT_BATTERY_VOLTAGE as never, 12), // an info
      () => client.setValue(XcomP.USER_LEVEL as never, 1 as never), // "Not supported"
      () => client.setValueByID(1107, 'FLOAT', 99),
      () => client.getValueByID(99999, 'FLOAT'), // unknown number, no objectType/dstAddr
      () => client.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: -1 }),
      () => client.getValue(XcomP.XT_BATTERY_VOLTAGE, { timeoutMs: 0 }),
    ];
    for (const run of cases) {
      const error = await run().catch((e: unknown) => e);
      expect(error, String(run)).toBeInstanceOf(XcomValidationError);
    }
    expect(sent()).toBe(0);
    await expect(client.setValue(XcomP.MAX_CURR_AC_SOURCE, 51)).rejects.toThrow(/above the maximum 50 Aac/);
  });

  it('skipRangeCheck lets an expert send an out-of-range value; the device answers', async () => {
    const error = await rig.client.setValue(XcomP.MAX_CURR_AC_SOURCE, 51, { skipRangeCheck: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATA_TOO_BIG', scomCode: 0x28 });
    expect(sent()).toBe(1);
  });

  it('getValueByID / setValueByID take the object type from the catalogue', async () => {
    const { client, sim } = rig;
    const mode = await client.getValueByID(11016, XcomC.TYPE_SHORT_ENUM, { dstAddr: 301 });
    expect(mode).toBe(sim.installation.currentValue(301, 11016));
    await client.setValueByID(1107, XcomC.TYPE_FLOAT, 30, { dstAddr: 101 });
    expect(sim.installation.currentValue(101, 1107)).toBe(30);
    expect(sim.requests.last()).toMatchObject({ objectType: 2, dstAddr: 101, propertyId: 13 });
    // A number the catalogue lacks: the caller names the object type and the address.
    const error = await client.getValueByID(99999, 'FLOAT', { objectType: 1, dstAddr: 101 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OBJECT_ID_NOT_FOUND' });
  });

  it('falls back to property 5 once per (device, parameter) when 13 is not supported, and remembers it', async () => {
    await rig.close();
    rig = await simRig({ ramProperty: false });
    const { client, sim } = rig;
    expect(await client.getValue(XcomP.BATTERY_CHARGE_CURR)).toBe(60);
    expect(await client.getValue(XcomP.BATTERY_CHARGE_CURR)).toBe(60);
    // One parameter that refuses 13 does not switch every later read at that address to flash.
    expect(await client.getValue(XcomP.MAX_CURR_AC_SOURCE)).toBe(32);
    expect(sim.requests.list().map((r) => [r.objectId, r.propertyId])).toEqual([
      [1138, 13],
      [1138, 5],
      [1138, 5],
      [1107, 13],
      [1107, 5],
    ]);
  });

  it('reports device errors with the spec names', async () => {
    const { client } = rig;
    await expect(client.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: 109 })).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND', scomCode: 2 });
    await expect(client.readProperty({ dstAddr: 101, objectType: 2, objectId: 1138, propertyId: 42, format: 'FLOAT' })).rejects.toMatchObject({
      code: 'PROPERTY_NOT_SUPPORTED',
    });
    await expect(client.getValue(XcomP.USER_LEVEL)).rejects.toMatchObject({ code: 'SCOM_ERROR_OBJECT_NOT_SUPPORTED' });
  });

  it('reads min, max, level, flash and RAM values with readProperty', async () => {
    const { client } = rig;
    const target = { dstAddr: 101, objectType: XcomC.TYPE_PARAMETER, objectId: 1107, format: 'FLOAT' as const };
    expect(await client.readProperty({ ...target, propertyId: XcomC.QSP_MIN })).toBe(2);
    expect(await client.readProperty({ ...target, propertyId: XcomC.QSP_MAX })).toBe(50);
    expect(await client.readProperty({ ...target, propertyId: XcomC.QSP_LEVEL, format: 'SHORT_ENUM' })).toBe(XcomC.QSP_LEVEL_BASIC);
    await client.writeProperty({ ...target, propertyId: XcomC.QSP_UNSAVED_VALUE }, 20);
    expect(await client.readProperty({ ...target, propertyId: XcomC.QSP_UNSAVED_VALUE })).toBe(20);
    expect(await client.readProperty({ ...target, propertyId: XcomC.QSP_VALUE })).toBe(32);
  });

  it('reads multi-info with every aggregation, cast to the catalogue formats', async () => {
    const { client, sim } = rig;
    const result = await client.readMultiInfo([
      { id: 3000, aggregation: 'average' },
      { id: XcomP.XT_BATTERY_CYCLE_PHASE, aggregation: 2 },
      { id: 11004, aggregation: 'sum' },
      { id: 7002 },
    ]);
    expect(result.flags).toMatchObject({ xtenderPresent: true, bspPresent: true, varioTrackPresent: true, varioStringPresent: true });
    const [avg, phase, sum, soc] = result.items;
    const xt = [101, 102, 103].map((a) => sim.installation.currentValue(a, 3000) as number);
    expect(avg?.value).toBeCloseTo(xt.reduce((a, b) => a + b) / 3, 4);
    expect(phase).toMatchObject({ id: 3010, aggregation: 2, value: sim.installation.currentValue(102, 3010) });
    expect(Number.isInteger(phase?.value)).toBe(true);
    expect(sum?.value).toBeCloseTo((sim.installation.currentValue(301, 11004) as number) + (sim.installation.currentValue(302, 11004) as number), 3);
    expect(soc).toMatchObject({ id: 7002, aggregation: 'master' });
    expect(soc?.datapoint?.family).toBe('bsp');
    // The sequence number travels in the property id.
    const ids = sim.requests.list().map((r) => r.propertyId);
    await client.readMultiInfo([{ id: 3000 }]);
    expect(sim.requests.last()?.propertyId).toBe((ids.at(-1) as number) + 1);
    await expect(client.readMultiInfo([])).rejects.toThrow(XcomValidationError);
    await expect(client.readMultiInfo([{ id: 1107 }])).rejects.toThrow(/parameter/);
    await expect(client.readMultiInfo([{ id: 3000, aggregation: 16 }])).rejects.toThrow(/aggregation/);
  });

  it('reads the message log, with texts, and follows the message-pending flag', async () => {
    const { client, sim } = rig;
    const changes: boolean[] = [];
    client.on('flags', (flags) => changes.push(flags.messagePending));
    await client.getValue(XcomP.XT_BATTERY_VOLTAGE);
    expect(client.flags?.messagePending).toBe(false);
    sim.installation.raiseEvent({ type: 16, srcAddr: 105 });
    await client.getValue(XcomP.XT_BATTERY_VOLTAGE);
    expect(client.flags?.messagePending).toBe(true);
    const message = await client.readMessage(0);
    expect(message).toMatchObject({ type: 16, srcAddr: 105 });
    expect(message.text).toMatch(/Fan error/);
    expect(client.flags?.messagePending).toBe(false);
    expect(changes).toEqual([false, true, false]);
  });

  it('reads the GUID', async () => {
    const guid = await rig.client.readGuid();
    expect(guid).toMatch(/^[0-9a-f]{32}$/);
    expect(guid).toBe(Buffer.from(rig.sim.installation.guid).toString('hex'));
  });

  it('1,000 concurrent getValue calls over mixed datapoints and devices all resolve to the simulator’s values', async () => {
    const { client, sim } = rig;
    const plan = [
      { dp: XcomP.XT_BATTERY_VOLTAGE, addrs: [101, 102, 103] },
      { dp: XcomP.AC_POWER_OUT, addrs: [101, 102, 103] },
      { dp: XcomP.PV_POWER, addrs: [301, 302] },
      { dp: XcomP.VT_OPERATING_MODE, addrs: [301, 302] },
      { dp: XcomP.VS_PV_POWER, addrs: [701] },
      { dp: XcomP.BATT_SOC, addrs: [601] },
      { dp: XcomP.BATTERY_CHARGE_CURR, addrs: [101, 102, 103] },
      { dp: XcomP.XT_CHARGER_ALLOWED, addrs: [101, 102] },
    ];
    const calls = Array.from({ length: 1000 }, (_, i) => {
      const p = plan[i % plan.length] as (typeof plan)[number];
      const addr = p.addrs[i % p.addrs.length] as number;
      return { dp: p.dp, addr, promise: client.getValue(p.dp, { dstAddr: addr }) };
    });
    const values = await Promise.all(calls.map((c) => c.promise));
    calls.forEach((c, i) => {
      const expected = sim.installation.currentValue(c.addr, c.dp.id) as number;
      const want = c.dp.format === 'BOOL' ? expected === 1 : c.dp.format === 'FLOAT' ? Math.fround(expected) : expected;
      expect(values[i], `${c.dp.name} @${c.addr}`).toBe(want);
    });
    expect(client.stats).toMatchObject({ requests: 1000, responses: 1000, droppedFrames: 0, timeouts: 0 });
  });
});

describe('XcomClient lifecycle', () => {
  it('await using closes the client and its transport', async () => {
    const [a] = MemoryTransport.pair();
    const close = vi.spyOn(a, 'close');
    {
      await using client = new XcomClient(a);
      await client.open();
      expect(a.isOpen).toBe(true);
    }
    expect(close).toHaveBeenCalledTimes(1);
    expect(a.isOpen).toBe(false);
  });

  it('validates its options with the option name', () => {
    const [a] = MemoryTransport.pair();
    expect(() => new XcomClient(a, { timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => new XcomClient(a, { retries: 1.5 })).toThrow(/retries/);
    expect(() => new XcomClient(a, { variant: '110V' as never })).toThrow(/variant/);
  });

  it('re-emits transport errors only when someone listens (no crash otherwise)', () => {
    /** A link whose test can make it fail. */
    class FailingLink extends BaseTransport {
      readonly description = 'test://failing';
      readonly isOpen = false;
      async open(): Promise<void> {}
      async close(): Promise<void> {}
      async send(): Promise<void> {}
      fail(error: XcomTransportError): void {
        this.emit('error', error);
      }
    }
    const link = new FailingLink();
    const client = new XcomClient(link);
    const error = new XcomTransportError('TRANSPORT', 'boom');
    expect(() => link.fail(error)).not.toThrow();
    const heard = vi.fn();
    client.on('error', heard);
    link.fail(error);
    expect(heard).toHaveBeenCalledWith(error);
  });

  it('validates the 120 Vac ranges with variant 120V', async () => {
    const { getDatapoint } = await import('../../src/catalogue/index.js');
    const outputVoltage = getDatapoint(1286); // AC output voltage: 110–280 Vac, 55–140 Vac on 120 Vac models
    const rig120 = await simRig({ variant: '120V' }, { variant: '120V' });
    const rig230 = await simRig();
    try {
      await rig120.client.setValue(outputVoltage, 60);
      expect(rig120.sim.installation.currentValue(101, 1286)).toBe(60);
      await expect(rig120.client.setValue(outputVoltage, 141)).rejects.toThrow(/above the maximum 140 Vac/);
      await expect(rig230.client.setValue(outputVoltage, 60)).rejects.toThrow(/below the minimum 110 Vac/);
      await rig230.client.setValue(outputVoltage, 141);
      expect(rig230.sim.installation.currentValue(101, 1286)).toBe(141);
    } finally {
      await rig120.close();
      await rig230.close();
    }
  });
});
