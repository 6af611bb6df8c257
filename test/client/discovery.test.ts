// discover() against the simulator: over UDP and TCP for the installations of the issue (the
// default one, a BMS, an old gateway without multi-info, 24 V), in memory for the edges.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { XcomClient } from '../../src/client/index.js';
import type { DiscoveryProgress } from '../../src/client/discovery-result.js';
import type { XcomWarning } from '../../src/client/client-events.js';
import { XcomC } from '../../src/constants.js';
import { XcomValidationError } from '../../src/errors.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { ScomResponder } from '../../src/simulator/responder.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import type { RequestRecord } from '../../src/simulator/request-log.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { type Link, type LinkKind, openLink } from './links.js';
import { simRig, T0, type SimRig } from './sim-rig.js';

const E = XcomC.ERRORS;
const fidOf = (l: { sim: { installation: SimInstallation } }, address: number): string =>
  (l.sim.installation.device(address)?.identity.fid ?? -1).toString(16).toUpperCase().padStart(8, '0');
/** The simulator's log as `dst:object` (`601:7054`), `mi` for a multi-info read, `guid`. */
const trail = (records: readonly RequestRecord[]): string[] =>
  records.map((r) => (r.objectType === 10 ? 'mi' : r.objectType === 4 ? 'guid' : `${r.dstAddr}:${r.objectId}`));

for (const kind of ['udp', 'tcp'] as LinkKind[]) {
  describe(`discover() over ${kind}`, () => {
    let l: Link | undefined;
    afterEach(async () => {
      await l?.close();
      l = undefined;
    });

    it('the default installation: every unit with model, versions, FID, phase, the 48 V battery, in 13 requests', async () => {
      l = await openLink(kind, { seed: 5, identities: { 102: { model: 'XTM', software: '1.6.30' }, 701: { model: 'VS-70' } } });
      const progress: DiscoveryProgress[] = [];
      const found = await l.client.discover({ onProgress: (p) => progress.push(p) });

      expect(found.gateway).toEqual({ address: 501, guid: Buffer.from(l.sim.installation.guid).toString('hex'), multiInfo: true, softwareVersion: '>=1.6.74' });
      expect(found.devices.map((d) => [d.code, d.address, d.family, d.model, d.softwareVersion, d.phase])).toEqual([
        ['XT1', 101, 'xtender', 'XTH', '1.6.74', 1],
        ['XT2', 102, 'xtender', 'XTM', '1.6.30', 2],
        ['XT3', 103, 'xtender', 'XTH', '1.6.74', 3],
        ['RCC', 501, 'rcc', undefined, undefined, undefined],
        ['BSP', 601, 'bsp', 'BSP-500/BSP-1200', '1.6.74', undefined],
        ['VT1', 301, 'variotrack', 'VT-65/VT-80', '1.6.74', undefined],
        ['VT2', 302, 'variotrack', 'VT-65/VT-80', '1.6.74', undefined],
        ['VS1', 701, 'variostring', 'VS-70', '1.6.74', undefined],
      ]);
      const xt1 = found.devices[0];
      expect(xt1).toMatchObject({ idType: 1, hardwareVersion: '4.2', powerHardwareVersion: '3.1', fid: fidOf(l, 101) });
      for (const d of found.devices.filter((d) => d.family !== 'rcc')) expect(d.fid, d.code).toBe(fidOf(l, d.address));
      expect(found.devices.find((d) => d.code === 'VS1')).toMatchObject({ hardwareVersion: '1.2', powerHardwareVersion: undefined });
      expect(found.batteryVoltage).toBe(48);
      expect(found.warnings).toEqual([]);

      // The bound the module states: gateway 1, Xtenders 4 (101–103 and the absent 104), 601 as
      // BMS then BSP 2, VarioTracks 3, VarioStrings 2, one multi-info read of the identities.
      expect(found.requests).toBe(13);
      const log = l.sim.requests.list();
      expect(log).toHaveLength(13);
      expect(trail(log)).toEqual(['guid', '101:3124', '102:3124', '103:3124', '104:3124', '601:7054', '601:7034', '301:11047', '302:11047', '303:11047', '701:15074', '702:15074', 'mi']);
      // DEVICE_NOT_FOUND is final: each absent address was asked once.
      expect(log.filter((r) => r.errorCode === E.DEVICE_NOT_FOUND).map((r) => r.dstAddr)).toEqual([104, 303, 702]);
      expect(progress.filter((p) => p.step === 'probe' && !p.found).map((p) => (p.step === 'probe' ? p.address : 0))).toEqual([104, 601, 303, 702]);
      expect(progress.at(-1)).toEqual({ step: 'identity', devices: 8, requests: 13 });
    });

    it('an Xcom-CAN BMS at 601 is told from a BSP by {7054}, and has only its version', async () => {
      l = await openLink(kind, { battery: 'bms', xtenders: 1, variotracks: 0, variostrings: 0, identities: { 601: { software: '1.6.40' } } });
      const found = await l.client.discover();
      expect(found.devices.map((d) => d.code)).toEqual(['XT1', 'RCC', 'BMS']);
      expect(found.devices[2]).toEqual({
        family: 'bms',
        address: 601,
        code: 'BMS',
        model: undefined,
        idType: undefined,
        hardwareVersion: undefined,
        powerHardwareVersion: undefined,
        softwareVersion: '1.6.40',
        fid: undefined,
        phase: undefined,
      });
      // No BSP probe once {7054} answered.
      expect(trail(l.sim.requests.list())).toEqual(['guid', '101:3124', '102:3124', '601:7054', '301:11047', '701:15074', 'mi']);
      expect(found.requests).toBe(7);
    });

    it('an old gateway that refuses multi-info is reported, and every identity is read singly', async () => {
      l = await openLink(kind, { identities: { 501: { software: '1.6.70' } } });
      const found = await l.client.discover();
      expect(found.gateway).toMatchObject({ multiInfo: false, softwareVersion: '<1.6.74' });
      expect(found.devices.filter((d) => d.fid !== undefined)).toHaveLength(7);
      expect(found.devices[1]).toMatchObject({ code: 'XT2', model: 'XTH', softwareVersion: '1.6.74', phase: 2, hardwareVersion: '4.2' });
      expect(found.batteryVoltage).toBe(48);
      // 12 probes, the refused multi-info read, then 42 single reads of the same infos.
      const log = l.sim.requests.list();
      expect(log.filter((r) => r.objectType === 10).map((r) => r.errorCode)).toEqual([E.SERVICE_NOT_SUPPORTED]);
      expect(found.requests).toBe(55);
      expect(log).toHaveLength(55);
    });

    it('a 24 V installation: discovery finds 24 V and the client checks against the 24 V ranges', async () => {
      l = await openLink(kind, { batteryVoltage: 24 });
      expect(l.client.batteryVoltage).toBe(48);
      const found = await l.client.discover();
      expect(found.batteryVoltage).toBe(24);
      expect(l.client.batteryVoltage).toBe(24);
      await l.client.setValue(XcomP.XT_FLOATING_VOLTAGE, 27.6);
      expect(l.sim.installation.currentValue(101, 1140)).toBeCloseTo(27.6, 5);
      // Learnt once: nothing more is read before the write.
      expect(trail(l.sim.requests.list().slice(found.requests))).toEqual(['100:1140']);
    });
  });
}

describe('discover() edges', () => {
  let rig: SimRig | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await rig?.close();
    rig = undefined;
  });

  it('an "ID type" the catalogue does not know is reported raw, an odd phase as none; discovery goes on', async () => {
    rig = await simRig({ xtenders: 2, variotracks: 0, variostrings: 0, battery: 'none' });
    rig.sim.installation.setValue(101, 3124, 4242);
    rig.sim.installation.setValue(102, 3089, 3);
    const found = await rig.client.discover();
    expect(found.devices[0]).toMatchObject({ code: 'XT1', model: undefined, idType: 4242, softwareVersion: '1.6.74' });
    expect(found.devices[1]).toMatchObject({ code: 'XT2', model: 'XTH', phase: undefined });
  });

  it('with pacing, leaves the gateway idle for the pause after each burst of its requests', async () => {
    rig = await simRig({ seed: 3 });
    let t = 0;
    const pauses: number[] = [];
    // Each request takes 10 ms on this clock; a pause moves it on.
    const request = rig.client.getValue.bind(rig.client);
    vi.spyOn(rig.client, 'getValue').mockImplementation(async (...args) => {
      t += 10;
      return request(...args);
    });
    const clock = { now: () => t, sleep: async (ms: number) => void (pauses.push(ms), (t += ms)) };
    const found = await rig.client.discover({ pacing: { burstMs: 25, pauseMs: 1000 }, clock });
    expect(found.devices.map((d) => d.code)).toContain('VS1');
    // 11 probes of 10 ms in bursts of 30 ms: a pause after every third request.
    expect(pauses.length).toBeGreaterThanOrEqual(3);
    for (const ms of pauses) expect(ms).toBe(1000);
    expect(pauses.length).toBeLessThan(found.requests);
    await expect(rig.client.discover({ pacing: { burstMs: 0, pauseMs: 1 } })).rejects.toThrow(XcomValidationError);
  });

  it('refuses a clock that is not one before it sends anything', async () => {
    rig = await simRig({ seed: 3 });
    rig.sim.requests.clear();
    for (const clock of [5, 'now', null, { now: () => 0 }, { now: 0, sleep: async () => undefined }]) {
      await expect(rig.client.discover({ pacing: { burstMs: 25, pauseMs: 1000 }, clock: clock as never }), JSON.stringify(clock)).rejects.toMatchObject({ code: 'VALIDATION', field: 'clock' });
    }
    expect(rig.sim.requests.size).toBe(0);
  });

  it('the caller’s batteryVoltage stays, with a warning, when the installation reports another', async () => {
    rig = await simRig({ batteryVoltage: 12 }, { batteryVoltage: 48 });
    const warnings: XcomWarning[] = [];
    rig.client.on('warning', (w) => warnings.push(w));
    const found = await rig.client.discover();
    expect(found.batteryVoltage).toBe(12);
    expect(rig.client.batteryVoltage).toBe(48);
    expect(warnings).toEqual([{ code: 'BATTERY_VOLTAGE_MISMATCH', message: expect.stringMatching(/reports a 12 V battery, but batteryVoltage is 48/) }]);
  });

  it('an "ID batt voltage" far from 12, 24 and 48 is no voltage, and says so', async () => {
    rig = await simRig();
    rig.sim.installation.setValue(101, 3127, 0);
    const warnings: XcomWarning[] = [];
    rig.client.on('warning', (w) => warnings.push(w));
    const found = await rig.client.discover();
    expect(found.batteryVoltage).toBeUndefined();
    expect(found.warnings.map((w) => w.code)).toEqual(['BATTERY_VOLTAGE_UNKNOWN']);
    expect(warnings).toEqual(found.warnings);
    expect(rig.client.batteryVoltage).toBe(48);
  });

  it('without any unit it still learns whether the gateway answers multi-info', async () => {
    rig = await simRig({ xtenders: 0, variotracks: 0, variostrings: 0, battery: 'none' });
    const found = await rig.client.discover();
    expect(found.devices.map((d) => d.code)).toEqual(['RCC']);
    expect(found.gateway.multiInfo).toBe(true);
    expect(found.batteryVoltage).toBeUndefined();
    // guid, 101, 601, 301, 701, one multi-info item (refused with DEVICE_NOT_FOUND: it is served).
    expect(found.requests).toBe(6);
    expect(rig.sim.requests.last()).toMatchObject({ objectType: 10, errorCode: E.DEVICE_NOT_FOUND });
  });

  it('a multi-info read refused for one item is read item by item, the refused info left out', async () => {
    rig = await simRig({ xtenders: 1, variotracks: 0, variostrings: 0, battery: 'none' });
    // The Xtender loses "ID HW PWR": the multi-info read of all its infos fails as a whole.
    const device = rig.sim.installation.device(101);
    (device?.infos as Map<number, unknown>).delete(3132);
    const found = await rig.client.discover();
    expect(found.gateway.multiInfo).toBe(true);
    expect(found.devices[0]).toMatchObject({ hardwareVersion: '4.2', powerHardwareVersion: undefined, softwareVersion: '1.6.74', phase: 1 });
    expect(found.batteryVoltage).toBe(48);
    const multi = rig.sim.requests.list().filter((r) => r.objectType === 10);
    expect(multi.map((r) => r.errorCode)).toEqual([E.OBJECT_ID_NOT_FOUND]);
  });

  it('a unit that does not answer its probe ends its family with a warning (timeouts, not device errors)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const site = new SimInstallation({ clock: new ManualClock(T0) });
    const responder = new ScomResponder(site);
    const [clientSide, deviceSide] = MemoryTransport.pair();
    // 302 is there but silent: the gateway never answers for it.
    let askedSilent = 0;
    deviceSide.setFrameListener((frame) => {
      if (frame.dstAddr === 302) {
        askedSilent++;
        return;
      }
      const reply = responder.respond(frame);
      if (reply !== undefined) void deviceSide.send(reply);
    });
    await deviceSide.open();
    const client = new XcomClient(clientSide, { timeoutMs: 1000, retries: 1 });
    try {
      const pending = client.discover();
      let settled = false;
      void pending.finally(() => (settled = true));
      while (!settled) await vi.advanceTimersByTimeAsync(500);
      const found = await pending;
      expect(found.devices.map((d) => d.code)).toEqual(['XT1', 'XT2', 'XT3', 'RCC', 'BSP', 'VT1', 'VS1']);
      expect(found.warnings).toEqual([{ code: 'PROBE_TIMEOUT', message: 'no answer from 302 (VarioTrack): its family was not probed further' }]);
      // Two attempts at 302, none at 303; the VarioStrings were probed as usual.
      expect(askedSilent).toBe(2);
      expect(responder.log.list().filter((r) => r.dstAddr === 303)).toHaveLength(0);
      expect(responder.log.list().filter((r) => r.dstAddr === 702)).toHaveLength(1);
    } finally {
      await client.close();
      await deviceSide.close();
    }
  });

  it('an aborted discovery rejects with the reason, and bad options are refused before anything is sent', async () => {
    rig = await simRig();
    const controller = new AbortController();
    const reason = new Error('enough');
    const pending = rig.client.discover({ signal: controller.signal, onProgress: (p) => p.step === 'probe' && p.address === 102 && controller.abort(reason) });
    await expect(pending).rejects.toBe(reason);
    const sent = rig.sim.requests.size;
    expect(sent).toBeLessThanOrEqual(4);
    await expect(rig.client.discover({ onProgres: () => {} } as never)).rejects.toBeInstanceOf(XcomValidationError);
    await expect(rig.client.discover({ onProgress: 3 } as never)).rejects.toBeInstanceOf(XcomValidationError);
    expect(rig.sim.requests.size).toBe(sent);
  });
});
