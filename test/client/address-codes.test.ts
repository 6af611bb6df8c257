// Device codes wherever a request takes an address: reads, writes and raw properties.
import { afterEach, describe, expect, it } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { XcomC } from '../../src/constants.js';
import { XcomValidationError } from '../../src/errors.js';
import { type SimRig, simRig } from './sim-rig.js';

describe('dstAddr codes', () => {
  let rig: SimRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('sends to the address a code stands for', async () => {
    rig = await simRig();
    const { client, sim } = rig;
    const site = sim.installation;
    expect(await client.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: 'XT2' })).toBe(Math.fround(site.currentValue(102, 3000) as number));
    await client.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: 'L3' });
    await client.getValueByID(11004, 'FLOAT', { dstAddr: 'VT2' });
    await client.getValueByID(7000, 'FLOAT', { dstAddr: 'BSP' });
    await client.setValue(XcomP.BATTERY_CHARGE_CURR, 12, { dstAddr: 'XT3' });
    await client.readProperty({ dstAddr: 'XT1', objectType: XcomC.TYPE_PARAMETER, objectId: 1138, propertyId: XcomC.QSP_MIN, format: 'FLOAT' });
    expect(sim.requests.list().map((r) => r.dstAddr)).toEqual([102, 193, 302, 601, 103, 101]);
    expect(site.currentValue(103, 1138)).toBe(12);
  });

  it('refuses an unknown code before sending anything', async () => {
    rig = await simRig();
    await expect(rig.client.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: 'XT10' as 'XT1' })).rejects.toBeInstanceOf(XcomValidationError);
    await expect(rig.client.setValue(XcomP.BATTERY_CHARGE_CURR, 12, { dstAddr: 'ZZ' as 'XT1' })).rejects.toThrow(/dstAddr must be an address/);
    await expect(rig.client.readProperty({ dstAddr: -1, objectType: 1, objectId: 3000, propertyId: 1, format: 'FLOAT' })).rejects.toBeInstanceOf(XcomValidationError);
    expect(rig.sim.requests.size).toBe(0);
  });
});
