// Issue 11, "Writes only when asked, exactly as asked": what reaches the device is what the
// caller meant, or nothing. Each describe block is one bullet of the issue.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Datapoint, XcomP } from '../../src/catalogue/index.js';
import { XcomClient } from '../../src/client/index.js';
import { XcomC } from '../../src/constants.js';
import { XcomTimeoutError, XcomValidationError } from '../../src/errors.js';
import { decodeValue, encodeValue } from '../../src/protocol/value-codec.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { ScriptedDevice } from './scripted-device.js';
import { simRig, type SimRig } from './sim-rig.js';

let rig: SimRig;
beforeEach(async () => {
  rig = await simRig();
});
afterEach(async () => {
  await rig.close();
});

const sent = (): number => rig.sim.requests.list().length;

/** The error `run` rejects or throws with. */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** Runs `run` (at run time, past the types) and expects an XcomValidationError matching `message`. */
async function refused(run: () => unknown, message: RegExp): Promise<XcomValidationError> {
  const error = await failure(run);
  expect(error).toBeInstanceOf(XcomValidationError);
  expect((error as Error).message).toMatch(message);
  return error as XcomValidationError;
}

describe('issue 11: options are checked at run time', () => {
  it('a number where the options belong (xcom-proto positional dstAddr) is refused with the object form', async () => {
    const { client } = rig;
    // xcom-proto: setValue(datapoint, value, dstAddr, propertyID). Before, 101 was ignored: RAM of every Xtender.
    await refused(() => client.setValue(XcomP.BATTERY_CHARGE_CURR, 22, 101 as never), /must be an object, got the number 101: pass \{ dstAddr: 101 \}/);
    await refused(() => client.getValue(XcomP.BATT_VOLTAGE, 101 as never), /\{ dstAddr: 101 \}/);
    await refused(() => client.getValueByID(3000, 'FLOAT', 101 as never), /\{ dstAddr: 101 \}/);
    await refused(() => client.setValueByID(1138, 'FLOAT', 22, 101 as never), /\{ dstAddr: 101 \}/);
    await refused(() => client.trigger(XcomP.XT_FORCE_A_NEW_CYCLE, 101 as never), /\{ dstAddr: 101 \}/);
    await refused(() => client.readMessage(0, 'x' as never), /must be an object, got the string "x"/);
    await refused(() => client.setValue(XcomP.BATTERY_CHARGE_CURR, 22, null as never), /got null/);
    expect(sent()).toBe(0);
  });

  it('an unknown key is refused, naming it and the closest known key', async () => {
    const { client } = rig;
    // Before: propertyID was ignored, and this flash write went to RAM.
    const error = await refused(
      () => client.setValue(XcomP.BATTERY_CHARGE_CURR, 22, { propertyID: XcomC.QSP_VALUE } as never),
      /unknown key "propertyID" in the request options: did you mean "propertyId"\?/,
    );
    expect(error.field).toBe('propertyID');
    // Before: dstadr was ignored, and this write reached every Xtender instead of 101.
    await refused(() => client.setValue(XcomP.BATTERY_CHARGE_CURR, 22, { dstadr: 101 } as never), /"dstadr".*did you mean "dstAddr"/);
    await refused(() => client.getValue(XcomP.BATT_VOLTAGE, { dst_addr: 101 } as never), /did you mean "dstAddr"/);
    await refused(() => client.trigger(XcomP.XT_FORCE_A_NEW_CYCLE, { retries: 2 } as never), /unknown key "retries" in the trigger options/);
    await refused(
      () => client.readProperty({ dstAddr: 101, objectType: 1, objectId: 3000, propertyID: 1, format: 'FLOAT' } as never),
      /unknown key "propertyID" in the property target: did you mean "propertyId"/,
    );
    await refused(() => client.readMultiInfo([{ id: 3000, agregation: 'sum' } as never]), /"agregation" in the multi-info item: did you mean "aggregation"/);
    await refused(() => client.setValue(XcomP.BATTERY_CHARGE_CURR, 22, { skipRangeCheck: 'no' } as never), /skipRangeCheck .* must be true or false/);
    await refused(() => client.setValueByID(7000, 'FLOAT', 1, { family: 'BMS' } as never), /family .* must be 'xtender'/);
    await refused(() => client.getValue(XcomP.BATT_VOLTAGE, { signal: 'stop' } as never), /signal .* must be an AbortSignal/);
    expect(sent()).toBe(0);
  });

  it('client options are checked the same way, in the constructor and in connect', async () => {
    const [transport] = MemoryTransport.pair();
    expect(() => new XcomClient(transport, { timeout: 500 } as never)).toThrow(/unknown key "timeout" in the client options: did you mean "timeoutMs"/);
    expect(() => new XcomClient(transport, 500 as never)).toThrow(XcomValidationError);
    await expect(XcomClient.connect('udp://127.0.0.1:4002', { srcadr: 2 } as never)).rejects.toThrow(/did you mean "srcAddr"/);
  });

  it('a datapoint argument that is not a datapoint is a validation error saying how to look one up', async () => {
    const { client } = rig;
    const typo = (XcomP as unknown as Record<string, Datapoint>)['BATT_SOCC'];
    // Before: TypeError: Cannot read properties of undefined (reading 'format').
    await refused(() => client.getValue(typo as never), /datapoint is undefined \(a misspelt XcomP name\?\).*XcomP\.NAME.*findDatapoint\(id\).*getValueByID/);
    await refused(() => client.setValue(typo as never, 1 as never), /XcomP\.NAME/);
    await refused(() => client.getValue(3000 as never), /not the number 3000: use findDatapoint\(3000\) \(XcomP\.XT_BATTERY_VOLTAGE\)/);
    await refused(() => client.getValue('batt_soc' as never), /not its name: use XcomP\.BATT_SOC/);
    await refused(() => client.getValue('no such thing' as never), /XcomP\.NAME/);
    await refused(() => client.trigger({ id: 1287 } as never), /must be a catalogue entry/);
    await refused(() => client.readMultiInfo([{ id: undefined as never }]), /items\[\]\.id is undefined/);
    expect(sent()).toBe(0);
  });
});

describe('issue 11: formats that are not Scom formats', () => {
  it('readProperty and writeProperty refuse them before sending', async () => {
    const { client } = rig;
    // Before: the read went out and resolved undefined; the write went out with no data.
    await refused(() => client.readProperty({ dstAddr: 101, objectType: 1, objectId: 3000, propertyId: 1, format: 'float' as never }), /format must be a Scom format.*got "float": did you mean 'FLOAT'\?/);
    await refused(() => client.writeProperty({ dstAddr: 101, objectType: 2, objectId: 1138, propertyId: 13, format: 'REAL' as never }, 25 as never), /format must be a Scom format/);
    await refused(() => client.getValueByID(3000, 'float' as never), /did you mean 'FLOAT'/);
    await refused(() => client.setValueByID(1138, undefined as never, 25 as never), /format must be a Scom format.*got undefined/);
    expect(sent()).toBe(0);
  });

  it('the codecs throw on an unknown format', () => {
    expect(() => encodeValue('float' as never, 1 as never)).toThrow(XcomValidationError);
    expect(() => decodeValue('float' as never, Uint8Array.of(0, 0, 0, 0))).toThrow(/format must be a Scom format/);
  });
});

describe('issue 11: bit fields without labels', () => {
  it('the day-of-week masks take only 0 to 127', async () => {
    const { client, sim } = rig;
    const days = XcomP.XT_DAY_OF_THE_WEEK_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1;
    // Before: any 32-bit mask was sent.
    await refused(() => client.setValue(days, 128), /\{1205\} Day of the week \(AUX 1\) is a bit field from 0 to 127: 128 is outside it/);
    await refused(() => client.setValue(days, 0xffffffff), /0 to 127/);
    expect(sent()).toBe(0);
    await client.setValue(days, 0b0011111); // Monday to Friday
    expect(sim.installation.currentValue(101, 1205, 'ram')).toBe(31);
  });
});

describe('issue 11: signals only on purpose', () => {
  it('setValue and setValueByID refuse a signal, naming trigger', async () => {
    const { client } = rig;
    // Before: setValue(XT_RESTORE_FACTORY_SETTINGS, 1) wrote 1 to property 13.
    await refused(
      () => client.setValue(XcomP.XT_RESTORE_FACTORY_SETTINGS, 1),
      /\{1287\} Restore factory settings is a signal \(a command, not a setting\): setValue does not send it; trigger\(XcomP\.XT_RESTORE_FACTORY_SETTINGS\) does/,
    );
    await refused(() => client.setValueByID(1468, 'INT32', 1, { propertyId: XcomC.QSP_VALUE }), /\{1468\} Reset of all the inverters is a signal.*setValueByID does not send it/);
    await refused(() => client.setValue(XcomP.RCC_FORMAT_THE_SD_CARD, 1, { dstAddr: 501 }), /trigger\(XcomP\.RCC_FORMAT_THE_SD_CARD\)/);
    await refused(() => client.setValue(XcomP.FORCE_NEW_CYCLE, 1), /trigger\(XcomP\.VT_FORCE_A_NEW_CYCLE\)/);
    expect(sent()).toBe(0);
  });

  it('trigger writes INT32 1 to property 5 at the family multicast address, or dstAddr', async () => {
    const { client, sim } = rig;
    await client.trigger(XcomP.XT_FORCE_A_NEW_CYCLE);
    await client.trigger(XcomP.FORCE_NEW_CYCLE);
    await client.trigger(XcomP.RCC_CLEARS_THE_RESTART_FLAG_OF_XCOM_232I);
    await client.trigger(XcomP.XT_FORCE_EQUALIZATION, { dstAddr: 102 });
    const log = sim.requests.list().map((r) => [r.dstAddr, r.serviceId, r.objectType, r.objectId, r.propertyId, Buffer.from(r.propertyData).toString('hex')]);
    expect(log).toEqual([
      [100, 2, 2, 1142, 5, '01000000'],
      [300, 2, 2, 10029, 5, '01000000'],
      [501, 2, 2, 5104, 5, '01000000'],
      [102, 2, 2, 1162, 5, '01000000'],
    ]);
  });

  it('trigger refuses what is not a signal', async () => {
    const { client } = rig;
    await refused(() => client.trigger(XcomP.BATTERY_CHARGE_CURR), /\{1138\} Battery charge current is not a signal but a setting: trigger sends signal parameters only \(use setValue/);
    await refused(() => client.trigger(XcomP.XT_BATTERY_VOLTAGE as never), /not a signal but a user info/);
    expect(sent()).toBe(0);
  });

  it('writeProperty stays the raw path: it sends a signal as given', async () => {
    const { client, sim } = rig;
    await client.writeProperty({ dstAddr: 100, objectType: 2, objectId: 1287, propertyId: 5, format: 'INT32' }, 1);
    expect(sim.requests.last()).toMatchObject({ dstAddr: 100, objectId: 1287, propertyId: 5, outcome: 'ok' });
  });

  describe('with fake timers', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('trigger is never retried, whatever the retries of the client', async () => {
      const device = new ScriptedDevice(); // answers nothing
      const client = new XcomClient(device.clientSide, { timeoutMs: 2000, retries: 5 });
      const result = client.trigger(XcomP.XT_RESET_OF_ALL_THE_INVERTERS).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(await result).toBeInstanceOf(XcomTimeoutError);
      expect(device.received).toHaveLength(1);
      expect(device.received[0]).toMatchObject({ dstAddr: 100, objectId: 1468, propertyId: 5 });
      await client.close();
    });
  });
});
