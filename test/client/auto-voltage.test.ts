// A 24 V owner who never calls discover() is not refused: before refusing a value only the
// 48 V ranges rule out, the client reads "ID batt voltage" once and checks again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { nominalBatteryVoltage, XcomClient } from '../../src/client/index.js';
import type { XcomWarning } from '../../src/client/client-events.js';
import { XcomValidationError } from '../../src/errors.js';
import { type Link, type LinkKind, openLink } from './links.js';
import { simRig, type SimRig } from './sim-rig.js';
import { floatReply, ScriptedDevice } from './scripted-device.js';

const FLOATING = XcomP.XT_FLOATING_VOLTAGE; // {1140}: 37.9–72 V on 48 V, 18.9–36 V on 24 V
const asked = (l: { sim: { requests: { list(): { serviceId: number; dstAddr: number; objectId: number }[] } } }): string[] =>
  l.sim.requests.list().map((r) => `${r.serviceId === 2 ? 'write' : 'read'} ${r.dstAddr}:${r.objectId}`);

for (const kind of ['udp', 'tcp'] as LinkKind[]) {
  describe(`a 24 V installation without discover() over ${kind}`, () => {
    let l: Link | undefined;
    afterEach(async () => {
      await l?.close();
      l = undefined;
    });

    it('reads "ID batt voltage" once, then writes what the 24 V ranges allow and refuses what they do not', async () => {
      l = await openLink(kind, { batteryVoltage: 24 });
      expect(l.client.batteryVoltage).toBe(48);
      await l.client.setValue(FLOATING, 27.6);
      expect(l.client.batteryVoltage).toBe(24);
      expect(l.sim.installation.currentValue(101, 1140)).toBe(Math.fround(27.6));
      await l.client.setValue(XcomP.VT_FLOATING_VOLTAGE, 27.2);
      await expect(l.client.setValue(FLOATING, 40)).rejects.toThrow(/above the maximum 36 Vdc.*ranges of a 24 V battery/);
      expect(asked(l)).toEqual(['read 101:3127', 'write 100:1140', 'write 300:10005']);
    });
  });
}

describe('the battery voltage read before a refusal', () => {
  let rig: SimRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('is not read for a value no battery voltage allows, nor for other parameters, nor with skipRangeCheck', async () => {
    rig = await simRig({ batteryVoltage: 24 });
    await expect(rig.client.setValue(FLOATING, 100)).rejects.toThrow(XcomValidationError);
    await expect(rig.client.setValue(FLOATING, 5)).rejects.toThrow(XcomValidationError);
    await expect(rig.client.setValue(XcomP.BATTERY_CHARGE_CURR, 1000)).rejects.toThrow(XcomValidationError);
    expect(rig.sim.requests.size).toBe(0);
    expect(rig.client.batteryVoltage).toBe(48);
  });

  it('is not read when the caller set batteryVoltage', async () => {
    rig = await simRig({ batteryVoltage: 24 }, { batteryVoltage: 48 });
    await expect(rig.client.setValue(FLOATING, 27.6)).rejects.toThrow(/ranges of a 48 V battery/);
    expect(rig.sim.requests.size).toBe(0);
  });

  it('is read once on 48 V: later refusals send nothing', async () => {
    rig = await simRig();
    await expect(rig.client.setValue(FLOATING, 27.6)).rejects.toThrow(/below the minimum 37\.9/);
    await expect(rig.client.setValue(FLOATING, 27.6)).rejects.toThrow(/below the minimum 37\.9/);
    expect(asked(rig)).toEqual(['read 101:3127']);
    expect(rig.client.batteryVoltage).toBe(48);
  });

  it('falls back to the VarioTrack {11048} without an Xtender, then to the BSP {7035}', async () => {
    rig = await simRig({ batteryVoltage: 12, xtenders: 0 });
    await rig.client.setValue(XcomP.VT_FLOATING_VOLTAGE, 13.8);
    expect(asked(rig)).toEqual(['read 101:3127', 'read 301:11048', 'write 300:10005']);
    await rig.close();
    rig = await simRig({ batteryVoltage: 24, xtenders: 0, variotracks: 0 });
    await rig.client.setValue(XcomP.BSP_END_OF_CHARGE_VOLTAGE_LEVEL, 28.8);
    expect(asked(rig)).toEqual(['read 101:3127', 'read 301:11048', 'read 601:7035', 'write 600:6024']);
  });

  it('keeps 48 V and warns when "ID batt voltage" names none of 12, 24, 48', async () => {
    rig = await simRig({ batteryVoltage: 24 });
    rig.sim.installation.setValue(101, 3127, 110);
    const warnings: XcomWarning[] = [];
    rig.client.on('warning', (w) => warnings.push(w));
    await expect(rig.client.setValue(FLOATING, 27.6)).rejects.toThrow(/ranges of a 48 V battery/);
    expect(warnings).toEqual([{ code: 'BATTERY_VOLTAGE_UNKNOWN', message: expect.stringMatching(/reads 110, which is not about 12, 24 or 48 V/) }]);
    expect(rig.client.batteryVoltage).toBe(48);
    await expect(rig.client.setValue(FLOATING, 27.6)).rejects.toThrow(XcomValidationError);
    expect(asked(rig)).toEqual(['read 101:3127']);
  });

  it('is shared by two writes refused at once', async () => {
    rig = await simRig({ batteryVoltage: 24 });
    await Promise.all([rig.client.setValue(FLOATING, 27.6, { dstAddr: 101 }), rig.client.setValue(FLOATING, 27.4, { dstAddr: 102 })]);
    expect(asked(rig)).toEqual(['read 101:3127', 'write 101:1140', 'write 102:1140']);
  });

  it('when the read times out, refuses with the reason and reads again next time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const device = new ScriptedDevice();
    let answer = false;
    device.answer = (request) => (answer ? floatReply(request, request.objectId === 3127 ? 24 : 0) : undefined);
    const client = new XcomClient(device.clientSide, { timeoutMs: 1000, retries: 0 });
    try {
      const first = client.setValue(FLOATING, 27.6).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1500);
      const error = await first;
      expect(error).toBeInstanceOf(XcomValidationError);
      expect((error as Error).message).toMatch(/below the minimum 37\.9.*could not be read \(no answer from address 101/);
      expect((error as Error).cause).toMatchObject({ code: 'TIMEOUT' });
      answer = true;
      const second = client.setValue(FLOATING, 27.6);
      await vi.advanceTimersByTimeAsync(5000);
      await second;
      expect(client.batteryVoltage).toBe(24);
      expect(device.received.map((r) => `${r.serviceId}:${r.objectId}`)).toEqual(['1:3127', '1:3127', '2:1140']);
    } finally {
      vi.useRealTimers();
      await client.close();
    }
  });
});

describe('nominalBatteryVoltage', () => {
  it('names the nearest of 12, 24 and 48 within a quarter, nothing else', () => {
    expect([12, 13.1, 24, 26.4, 48, 52, 57].map(nominalBatteryVoltage)).toEqual([12, 12, 24, 24, 48, 48, 48]);
    expect([0, -24, Number.NaN, 8, 16, 32, 64, 110].map(nominalBatteryVoltage)).toEqual(Array(8).fill(undefined));
  });
});
