import { afterEach, describe, expect, it } from 'vitest';
import { deviceModelOf, XcomP } from '../../src/catalogue/index.js';
import { XcomC } from '../../src/constants.js';
import { XcomDeviceError } from '../../src/errors.js';
import { compareSoftwareVersions, decodeFid, decodeSoftwareVersion, encodeFid, encodeSoftwareVersion, parseSoftwareVersion } from '../../src/protocol/identity-encoding.js';
import type { SignalEvent } from '../../src/simulator/signals.js';
import { simRig, T0, type SimRig } from './sim-rig.js';

describe('identities decoded back by the client', () => {
  let rig: SimRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('model, firmware, FID and battery voltage of every family', async () => {
    rig = await simRig({ seed: 9, identities: { 102: { model: 'XTM', software: '1.6.30' }, 701: { model: 'VS-70' } } });
    const { client, sim } = rig;
    const soft = async (msb: typeof XcomP.XT_ID_SOFT_MSB, lsb: typeof XcomP.XT_ID_SOFT_LSB, dstAddr: number) =>
      decodeSoftwareVersion(await client.getValue(msb, { dstAddr }), await client.getValue(lsb, { dstAddr })).text;
    expect(deviceModelOf('xtender', await client.getValue(XcomP.XT_ID_TYPE))).toBe('XTH');
    expect(deviceModelOf('xtender', await client.getValue(XcomP.XT_ID_TYPE, { dstAddr: 102 }))).toBe('XTM');
    expect(deviceModelOf('variotrack', await client.getValue(XcomP.VT_ID_TYPE))).toBe('VT-65/VT-80');
    expect(deviceModelOf('variostring', await client.getValue(XcomP.VS_ID_TYPE))).toBe('VS-70');
    expect(deviceModelOf('bsp', await client.getValue(XcomP.BSP_ID_TYPE))).toBe('BSP-500/BSP-1200');
    expect(await soft(XcomP.XT_ID_SOFT_MSB, XcomP.XT_ID_SOFT_LSB, 101)).toBe('1.6.74');
    expect(await soft(XcomP.XT_ID_SOFT_MSB, XcomP.XT_ID_SOFT_LSB, 102)).toBe('1.6.30');
    expect(await soft(XcomP.VT_ID_SOFT_MSB, XcomP.VT_ID_SOFT_LSB, 302)).toBe('1.6.74');
    const fid = decodeFid(await client.getValue(XcomP.VS_ID_FID_MSB), await client.getValue(XcomP.VS_ID_FID_LSB));
    expect(fid).toBe(sim.installation.device(701)?.identity.fid);
    expect(await client.getValue(XcomP.XT_ID_BATT_VOLTAGE)).toBe(sim.installation.plant.nominalVoltage);
    expect(await client.getValue(XcomP.XT_DEFINED_PHASE, { dstAddr: 103 })).toBe(4);
  });

  it('the BMS version {7054} of an Xcom-CAN BMS', async () => {
    rig = await simRig({ battery: 'bms', identities: { 601: { software: '1.6.40' } } });
    const v = await rig.client.getValue(XcomP.BMS_BMS_VERSION);
    expect(decodeSoftwareVersion((v >>> 16) << 8, v & 0xffff).text).toBe('1.6.40');
  });

  it('old firmware: the client falls back to property 5 on the device that refuses 13, and multi-info is refused', async () => {
    rig = await simRig({ identities: { 102: { software: '1.6.10' }, 501: { software: '1.6.70' } } });
    const { client, sim } = rig;
    expect(await client.getValue(XcomP.BATTERY_CHARGE_CURR)).toBe(60);
    expect(await client.getValue(XcomP.BATTERY_CHARGE_CURR, { dstAddr: 102 })).toBe(60);
    expect(sim.requests.list().map((r) => [r.dstAddr, r.propertyId, r.outcome])).toEqual([
      [101, 13, 'ok'],
      [102, 13, 'error'],
      [102, 5, 'ok'],
    ]);
    await expect(client.readMultiInfo([{ id: 3000 }])).rejects.toMatchObject({ code: 'SERVICE_NOT_SUPPORTED' });
  });

  it('a multi-info error lists the request’s items', async () => {
    rig = await simRig();
    const error = await rig.client
      .readMultiInfo([{ id: XcomP.XT_BATTERY_VOLTAGE }, { id: 7002, aggregation: 'average' }, { id: 3000, aggregation: 5 }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XcomDeviceError);
    expect(error).toMatchObject({ code: 'DEVICE_NOT_FOUND', scomCode: XcomC.ERRORS.DEVICE_NOT_FOUND });
    expect((error as Error).message).toMatch(/the request's items: \{3000\} master, \{7002\} average, \{3000\} 5$/);
    expect((error as Error).cause).toBeInstanceOf(XcomDeviceError);
    expect(rig.sim.requests.last()?.detail).toMatch(/^item 3 of 3/);
  });

  it('a signal sent with writeProperty (property 5, INT32 1) is seen by the simulator', async () => {
    rig = await simRig();
    const events: SignalEvent[] = [];
    rig.sim.installation.on('signal', (e) => events.push(e));
    await rig.client.writeProperty({ dstAddr: 300, objectType: XcomC.TYPE_PARAMETER, objectId: 10029, propertyId: XcomC.QSP_VALUE, format: 'INT32' }, 1);
    expect(events).toEqual([
      { address: 301, id: 10029, atMs: T0 },
      { address: 302, id: 10029, atMs: T0 },
    ]);
  });
});

describe('identity encodings (spec §4.4.3–4.4.4)', () => {
  it('round-trip, compare, and refuse what they cannot encode', () => {
    expect(encodeSoftwareVersion('1.6.74')).toEqual({ msb: 0x0100, lsb: 0x064a });
    expect(decodeSoftwareVersion(0x01ff, 0x064a)).toEqual({ major: 1, minor: 6, patch: 74, text: '1.6.74' });
    expect(decodeSoftwareVersion(256.9, 1610.2).text).toBe('1.6.74');
    expect(compareSoftwareVersions('1.6.12', '1.6.9')).toBeGreaterThan(0);
    expect(compareSoftwareVersions(parseSoftwareVersion('1.5.99'), '1.6.0')).toBeLessThan(0);
    expect(compareSoftwareVersions('2.0.0', '2.0.0')).toBe(0);
    expect(decodeFid(0xdead, 0xbeef)).toBe(0xdeadbeef);
    expect(encodeFid(0xdeadbeef)).toEqual({ msb: 0xdead, lsb: 0xbeef });
    expect(() => parseSoftwareVersion('1.6.256')).toThrow(/X\.Y\.Z/);
    expect(() => decodeSoftwareVersion(Number.NaN, 0)).toThrow(/msb/);
    expect(() => decodeFid(0, 70_000)).toThrow(/lsb/);
    expect(() => encodeFid(2 ** 32)).toThrow(/FID/);
    expect(deviceModelOf('variotrack', 9079)).toBe('VT-65/VT-80');
    expect(deviceModelOf('variotrack', 9729)).toBe('VT-65/VT-80');
    expect(deviceModelOf('xtender', 9729)).toBeUndefined();
  });
});
