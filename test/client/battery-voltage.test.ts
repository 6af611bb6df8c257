// 12, 24 and 48 V installations: the client checks battery voltages against the ranges of the
// battery it is told about, and agrees with a simulator of the same voltage.
import { afterEach, describe, expect, it } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { XcomClient } from '../../src/client/index.js';
import { XcomC } from '../../src/constants.js';
import { XcomValidationError } from '../../src/errors.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { simRig, type SimRig } from './sim-rig.js';

const FLOATING = XcomP.XT_FLOATING_VOLTAGE; // {1140}: 37.9–72 V on 48 V, 18.9–36 V on 24 V

describe('batteryVoltage', () => {
  const rigs: SimRig[] = [];
  const rig = async (...args: Parameters<typeof simRig>): Promise<SimRig> => {
    const made = await simRig(...args);
    rigs.push(made);
    return made;
  };
  afterEach(async () => {
    for (const r of rigs.splice(0)) await r.close();
  });

  it('lets a 24 V owner set the floating voltage {1140} to 27.6 V, in RAM and in flash, by object and by number', async () => {
    const { client, sim } = await rig({ batteryVoltage: 24 }, { batteryVoltage: 24 });
    await client.setValue(FLOATING, 27.6);
    expect(sim.requests.last()).toMatchObject({ dstAddr: 100, objectId: 1140, propertyId: 13 });
    for (const address of [101, 102, 103]) expect(sim.installation.currentValue(address, 1140)).toBe(Math.fround(27.6));
    await client.setValueByID(1140, 'FLOAT', 26.8, { dstAddr: 101, propertyId: XcomC.QSP_VALUE });
    expect(sim.installation.currentValue(101, 1140, 'flash')).toBe(Math.fround(26.8));
    expect(await client.getValue(FLOATING, { dstAddr: 101 })).toBe(Math.fround(26.8));
  });

  it('refuses 27.6 V on a 48 V installation (after reading its "ID batt voltage"), writes nothing, and says which battery the ranges are for', async () => {
    const { client, sim } = await rig();
    const error = await client.setValue(FLOATING, 27.6).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XcomValidationError);
    expect((error as Error).message).toMatch(/27\.6 Vdc is below the minimum 37\.9 Vdc.*ranges of a 48 V battery: set batteryVoltage/);
    expect(sim.requests.list().map((r) => [r.serviceId, r.objectId])).toEqual([[1, 3127]]);
    expect(sim.installation.currentValue(101, 1140)).toBe(54.4);
  });

  it('refuses 27.6 V with batteryVoltage: 48 before sending anything', async () => {
    const { client, sim } = await rig({ batteryVoltage: 24 }, { batteryVoltage: 48 });
    await expect(client.setValue(FLOATING, 27.6)).rejects.toThrow(/ranges of a 48 V battery/);
    expect(sim.requests.size).toBe(0);
    expect(sim.installation.currentValue(101, 1140)).toBe(27.2);
  });

  it('checks against the scaled range rounded outwards: 18.9 V passes on 24 V (37.9 / 2 = 18.95), 36.1 V and 48 V values do not', async () => {
    const { client, sim } = await rig({ batteryVoltage: 24 }, { batteryVoltage: 24 });
    await client.setValue(FLOATING, 18.9);
    expect(sim.installation.currentValue(101, 1140)).toBe(Math.fround(18.9));
    await expect(client.setValue(FLOATING, 36.1)).rejects.toThrow(/above the maximum 36 Vdc \(allowed 18\.9 to 36; ranges of a 24 V battery/);
    await expect(client.setValue(FLOATING, 54.4)).rejects.toThrow(XcomValidationError);
    // The simulated unit reports the same limits as properties 6 and 7.
    const limit = (propertyId: number): Promise<number> =>
      client.readProperty({ dstAddr: 101, objectType: XcomC.TYPE_PARAMETER, objectId: 1140, propertyId, format: 'FLOAT' });
    expect([await limit(XcomC.QSP_MIN), await limit(XcomC.QSP_MAX)]).toEqual([Math.fround(18.9), 36]);
  });

  it('scales every family: a 12 V VarioTrack floating voltage, a 12 V BSP end-of-charge voltage', async () => {
    const { client, sim } = await rig({ batteryVoltage: 12 }, { batteryVoltage: 12 });
    await client.setValue(XcomP.VT_FLOATING_VOLTAGE, 13.8);
    expect(sim.installation.currentValue(301, 10005)).toBe(Math.fround(13.8));
    await client.setValue(XcomP.BSP_END_OF_CHARGE_VOLTAGE_LEVEL, 14.4);
    expect(sim.installation.currentValue(601, 6024)).toBe(Math.fround(14.4));
    await expect(client.setValue(XcomP.VT_FLOATING_VOLTAGE, 17.2)).rejects.toThrow(/above the maximum 17\.1 Vdc/);
  });

  it('leaves other parameters alone: the charge current {1138} keeps its range on 12 V; skipRangeCheck still sends, and the 12 V unit refuses', async () => {
    const { client, sim } = await rig({ batteryVoltage: 12 }, { batteryVoltage: 12 });
    await client.setValue(XcomP.XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS, 60);
    expect(sim.installation.currentValue(101, 1138)).toBe(60);
    const error = await client.setValue(XcomP.XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS, 1000).catch((e: unknown) => e);
    expect((error as Error).message).not.toMatch(/batteryVoltage/);
    await expect(client.setValue(FLOATING, 20, { dstAddr: 101, skipRangeCheck: true })).rejects.toMatchObject({ code: 'DATA_TOO_BIG' });
    expect(sim.requests.last()).toMatchObject({ objectId: 1140, dstAddr: 101 });
  });

  it('combines with variant 120V', async () => {
    const { client, sim } = await rig({ batteryVoltage: 24, variant: '120V' }, { batteryVoltage: 24, variant: '120V' });
    await client.setValue(FLOATING, 27.6);
    await client.setValue(XcomP.XT_AC_OUTPUT_VOLTAGE, 120);
    expect([sim.installation.currentValue(101, 1140), sim.installation.currentValue(101, 1286)]).toEqual([Math.fround(27.6), 120]);
  });

  it('is checked at run time, in the constructor and in connect', async () => {
    const [a] = MemoryTransport.pair();
    expect(() => new XcomClient(a, { batteryVoltage: 36 as never })).toThrow(XcomValidationError);
    expect(() => new XcomClient(a, { batteryVoltage: '24' as never })).toThrow(/batteryVoltage must be 12, 24 or 48/);
    expect(() => new XcomClient(a, { batteryVoltage: 24 })).not.toThrow();
    await expect(XcomClient.connect('tcp://127.0.0.1:9', { batteryVoltage: 36 as never })).rejects.toThrow(XcomValidationError);
  });
});
