// Re-discovery: a monitor that runs for months follows units added, gone or replaced, on the
// poll clock (a manual one here), without a restart.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { InstallationMonitor, type MonitorStatus, REDISCOVER_AFTER_OUTAGE_GAP_MS, REDISCOVER_SOON_MS } from '../../src/bridge/installation-monitor.js';
import type { SelectedDatapoint } from '../../src/bridge/selection.js';
import type { XcomWarning } from '../../src/client/client-events.js';
import type { DiscoveredInstallation } from '../../src/client/discovery-result.js';
import { XcomC } from '../../src/constants.js';
import { XcomTimeoutError, XcomValidationError } from '../../src/errors.js';
import type { SimulatorOptions } from '../../src/simulator/simulator.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { manualPollClock, type ManualPollClock, settle } from './manual-poll-clock.js';

const HOUR = 3_600_000;
const POLL_MS = 600_000;
/** Battery voltage of every Xtender, PV power of every VarioTrack, every 10 minutes; re-discovery hourly (the default). */
const CONFIG = parseBridgeConfig({ interval: POLL_MS / 1000, defaults: false, datapoints: [{ datapoint: 3000 }, { datapoint: 11004 }] });

interface Rig {
  readonly rig: SimRig;
  readonly clock: ManualPollClock;
  readonly monitor: InstallationMonitor;
  readonly installations: { installation: DiscoveredInstallation; items: readonly SelectedDatapoint[] }[];
  readonly warnings: XcomWarning[];
  /** How many discoveries the simulator saw (each starts with a GUID read). */
  discoveries(): number;
  /** Requests to `address` so far. */
  requestsTo(address: number): number;
}

describe('InstallationMonitor re-discovery', () => {
  let current: Rig | undefined;
  afterEach(async () => {
    await current?.monitor.stop();
    await current?.rig.close();
    current = undefined;
  });

  async function start(sim: SimulatorOptions = {}, options: { config?: typeof CONFIG; rediscoverMs?: number; unplugged?: readonly number[] } = {}): Promise<Rig> {
    const rig = await simRig({ seed: 3, ...sim }, { timeoutMs: 30, retries: 0 });
    for (const address of options.unplugged ?? []) rig.sim.installation.unplug(address);
    const clock = manualPollClock();
    const monitor = new InstallationMonitor(rig.client, { clock, config: options.config ?? CONFIG, ...(options.rediscoverMs === undefined ? {} : { rediscoverMs: options.rediscoverMs }) });
    const installations: Rig['installations'] = [];
    const warnings: XcomWarning[] = [];
    monitor.on('installation', (installation, items) => installations.push({ installation, items }));
    monitor.on('warning', (w) => warnings.push(w));
    const first = new Promise((resolve) => monitor.once('values', resolve));
    await monitor.start();
    await first;
    const requests = (): ReturnType<typeof rig.sim.requests.list> => rig.sim.requests.list();
    current = {
      rig,
      clock,
      monitor,
      installations,
      warnings,
      discoveries: () => requests().filter((r) => r.objectType === XcomC.TYPE_GUID).length,
      requestsTo: (address) => requests().filter((r) => r.dstAddr === address).length,
    };
    return current;
  }

  const codes = (installation: DiscoveredInstallation | undefined): string[] => (installation?.devices ?? []).map((d) => d.code);
  const idle = async (r: Rig): Promise<void> => {
    // Until re-discovery and the polls are back asleep.
    await vi.waitFor(() => expect(r.clock.sleeping().length).toBe(2), { interval: 2 });
  };

  /** XT2 unplugged, missed by the hourly re-discovery and by the one that confirms it a minute later. */
  const xt2GoneConfirmed = async (r: Rig): Promise<void> => {
    r.rig.sim.installation.unplug(102);
    await r.clock.advance(HOUR);
    await vi.waitFor(() => expect(r.discoveries()).toBe(2));
    await idle(r);
    await r.clock.advance(REDISCOVER_SOON_MS);
    await vi.waitFor(() => expect(r.installations).toHaveLength(2));
  };

  it('re-discovers every hour (the default); an unchanged installation emits nothing', async () => {
    const r = await start();
    expect(r.discoveries()).toBe(1);
    expect(r.clock.sleeping()).toContain(HOUR);
    await r.clock.advance(HOUR - 1);
    await idle(r);
    expect(r.discoveries()).toBe(1);
    await r.clock.advance(1);
    await vi.waitFor(() => expect(r.discoveries()).toBe(2));
    await idle(r);
    await r.clock.advance(HOUR);
    await vi.waitFor(() => expect(r.discoveries()).toBe(3));
    await idle(r);
    expect(r.installations).toHaveLength(1);
    expect(r.warnings).toEqual([]);
  });

  it('a unit added (named in the configuration, absent at start) is discovered and read, the other values kept', async () => {
    const config = parseBridgeConfig({ interval: POLL_MS / 1000, defaults: false, datapoints: [{ datapoint: 3000, devices: ['XT1'] }, { datapoint: 11004, devices: ['VT1', 'VT3'] }] });
    const r = await start({ variotracks: 3 }, { config, unplugged: [303] });
    expect(codes(r.monitor.installation)).not.toContain('VT3');
    expect(r.monitor.items.map((i) => i.key)).toEqual(['XT1/XT_BATTERY_VOLTAGE', 'VT1/VT_POWER_OF_THE_PV_GENERATOR']);
    expect(r.warnings.map((w) => w.code)).toEqual(['UNIT_NOT_FOUND']);
    const kept = r.monitor.value('XT1/XT_BATTERY_VOLTAGE');
    expect(kept?.entry.ok).toBe(true);

    r.rig.sim.installation.plug(303);
    const changed = new Promise<void>((resolve) => r.monitor.once('installation', () => resolve()));
    await r.clock.advance(HOUR);
    await changed;
    const [, second] = r.installations;
    expect(codes(second?.installation)).toEqual(['XT1', 'XT2', 'XT3', 'RCC', 'BSP', 'VT1', 'VT2', 'VT3', 'VS1']);
    expect(second?.items.map((i) => i.key)).toEqual(['XT1/XT_BATTERY_VOLTAGE', 'VT1/VT_POWER_OF_THE_PV_GENERATOR', 'VT3/VT_POWER_OF_THE_PV_GENERATOR']);
    expect(r.warnings.find((w) => w.code === 'INSTALLATION_CHANGED')?.message).toMatch(/added VT3; now 9 units, 3 datapoints/);
    // The values of what is still read are kept (with the new selection's item), at once.
    expect(r.monitor.value('XT1/XT_BATTERY_VOLTAGE')?.entry).toEqual(kept?.entry);
    expect(r.monitor.value('XT1/XT_BATTERY_VOLTAGE')?.item).toBe(second?.items[0]);
    // The new selection is polled at once, VT3 included.
    await vi.waitFor(() => expect(r.monitor.value('VT3/VT_POWER_OF_THE_PV_GENERATOR')?.entry.ok).toBe(true));
    const expected = r.rig.sim.installation.infoValue(303, 11004) as number;
    expect(r.monitor.value('VT3/VT_POWER_OF_THE_PV_GENERATOR')?.entry.value as number).toBeCloseTo(expected, 3);
    // One poll loop, not two: the former one was stopped.
    await idle(r);
    expect(r.clock.sleeping().sort((a, b) => a - b)).toEqual([POLL_MS, HOUR]);
  });

  it('a unit gone is dropped once a second re-discovery, a minute later, misses it too', async () => {
    const r = await start();
    expect(codes(r.monitor.installation)).toContain('VT2');
    r.rig.sim.installation.unplug(302);
    await r.clock.advance(HOUR);
    // Missed once: kept (it might be restarting), and re-discovery is due in a minute.
    await vi.waitFor(() => expect(r.discoveries()).toBe(2));
    await idle(r);
    expect(r.installations).toHaveLength(1);
    expect(Math.min(...r.clock.sleeping())).toBe(REDISCOVER_SOON_MS);
    const changed = new Promise<void>((resolve) => r.monitor.once('installation', () => resolve()));
    await r.clock.advance(REDISCOVER_SOON_MS);
    await changed;
    expect(codes(r.monitor.installation)).not.toContain('VT2');
    expect(r.monitor.items.map((i) => i.key)).not.toContain('VT2/VT_POWER_OF_THE_PV_GENERATOR');
    expect(r.monitor.value('VT2/VT_POWER_OF_THE_PV_GENERATOR')).toBeUndefined();
    expect(r.warnings.find((w) => w.code === 'INSTALLATION_CHANGED')?.message).toMatch(/gone VT2/);
    // VT2 is no longer polled.
    await idle(r);
    const before = r.requestsTo(302);
    await r.clock.advance(POLL_MS);
    await idle(r);
    expect(r.monitor.value('VT1/VT_POWER_OF_THE_PV_GENERATOR')?.entry.ok).toBe(true);
    expect(r.requestsTo(302)).toBe(before);
  });

  it('a unit missed once that answers its polls in between is kept (a gap discovery did not probe past)', async () => {
    const r = await start();
    // XT2 away: discovery stops at 102 and misses XT3, which still answers its polls.
    await xt2GoneConfirmed(r);
    expect(codes(r.monitor.installation)).toEqual(['XT1', 'XT3', 'RCC', 'BSP', 'VT1', 'VT2', 'VS1']);
    expect(r.warnings.find((w) => w.code === 'INSTALLATION_CHANGED')?.message).toMatch(/gone XT2;/);
  });

  it('a unit replaced (another FID and firmware at the same address) emits the installation again with its identity', async () => {
    const r = await start();
    const before = r.monitor.installation?.devices.find((d) => d.code === 'XT1');
    // "ID FID lsb" {3157} and "ID SOFT lsb" {3131} of the new Xtender.
    r.rig.sim.installation.setValue(101, 3157, 0x1234);
    r.rig.sim.installation.setValue(101, 3131, 0x5000);
    const changed = new Promise<void>((resolve) => r.monitor.once('installation', () => resolve()));
    await r.clock.advance(HOUR);
    await changed;
    const after = r.monitor.installation?.devices.find((d) => d.code === 'XT1');
    expect(after?.fid).not.toBe(before?.fid);
    expect(after?.softwareVersion).not.toBe(before?.softwareVersion);
    expect(r.warnings.find((w) => w.code === 'INSTALLATION_CHANGED')?.message).toMatch(/replaced XT1 \(softwareVersion .* → .*, fid .* → .*\)/);
    expect(r.monitor.items.map((i) => i.key)).toEqual(r.installations[0]?.items.map((i) => i.key));
  });

  it('a failed re-discovery is a warning; the polls go on with what they read', async () => {
    const r = await start();
    const items = r.monitor.items;
    vi.spyOn(r.rig.client, 'discover').mockRejectedValueOnce(new XcomTimeoutError('no answer', 30, 1));
    await r.clock.advance(HOUR);
    await vi.waitFor(() => expect(r.warnings.map((w) => w.code)).toEqual(['REDISCOVERY_FAILED']));
    expect(r.warnings[0]?.message).toMatch(/re-discovery \(periodic\) failed: TIMEOUT/);
    expect(r.monitor.items).toBe(items);
    r.rig.sim.installation.setValue(101, 3000, 49.5);
    await idle(r);
    await r.clock.advance(POLL_MS);
    await vi.waitFor(() => expect(r.monitor.value('XT1/XT_BATTERY_VOLTAGE')?.entry.value).toBe(49.5));
    expect(r.installations).toHaveLength(1);
  });

  it('a re-discovery whose probes time out changes nothing (the units it did not reach are not gone)', async () => {
    const r = await start();
    const items = r.monitor.items;
    const real = r.rig.client.discover.bind(r.rig.client);
    vi.spyOn(r.rig.client, 'discover').mockImplementationOnce(async (options) => {
      const found = await real(options);
      return { ...found, devices: found.devices.filter((d) => d.family !== 'variotrack'), warnings: [{ code: 'PROBE_TIMEOUT', message: 'no answer from 301 (VarioTrack)' }] };
    });
    await r.clock.advance(HOUR);
    await vi.waitFor(() => expect(r.warnings.map((w) => w.code)).toEqual(['REDISCOVERY_FAILED']));
    expect(r.warnings[0]?.message).toMatch(/incomplete \(no answer from 301/);
    expect(r.monitor.items).toBe(items);
    expect(r.installations).toHaveLength(1);
  });

  it('re-discovers a minute after the link comes back from an outage', async () => {
    const r = await start({ variotracks: 3 }, { unplugged: [303] });
    const next = (state: MonitorStatus['state']): Promise<void> =>
      new Promise((resolve) => {
        const on = (s: MonitorStatus): void => {
          if (s.state !== state) return;
          r.monitor.off('status', on);
          resolve();
        };
        r.monitor.on('status', on);
      });
    const down = next('down');
    r.rig.sim.endpoints[0]!.faults.setRates({ drop: 1 });
    await r.clock.advance(POLL_MS);
    await down;
    // The installation comes back with a VarioTrack more.
    r.rig.sim.endpoints[0]!.faults.setRates({ drop: 0 });
    r.rig.sim.installation.plug(303);
    const up = next('up');
    await idle(r);
    await r.clock.advance(POLL_MS);
    await up;
    await idle(r);
    expect(r.discoveries()).toBe(1);
    expect(Math.min(...r.clock.sleeping())).toBe(REDISCOVER_SOON_MS);
    const changed = new Promise<void>((resolve) => r.monitor.once('installation', () => resolve()));
    await r.clock.advance(REDISCOVER_SOON_MS);
    await changed;
    expect(codes(r.monitor.installation)).toContain('VT3');
    expect(r.warnings.find((w) => w.code === 'INSTALLATION_CHANGED')?.message).toMatch(/re-discovery \(after an outage\) found the installation changed: added VT3/);
    expect(r.discoveries()).toBe(2);
  });

  it('a link that flaps is re-discovered after an outage at most once in ten minutes', async () => {
    const MINUTE = 60_000;
    const r = await start({}, { config: parseBridgeConfig({ interval: 60, defaults: false, datapoints: [{ datapoint: 3000 }] }) });
    const faults = r.rig.sim.endpoints[0]!.faults;
    const step = async (): Promise<void> => {
      await r.clock.advance(MINUTE);
      await idle(r);
    };
    const flap = async (): Promise<void> => {
      faults.setRates({ drop: 1 });
      await step();
      expect(r.monitor.status.state).toBe('down');
      faults.setRates({ drop: 0 });
      await step();
      expect(r.monitor.status.state).toBe('up');
    };
    await flap(); // down at 1 min, up at 2 min: re-discovered at 3 min
    await step();
    expect(r.discoveries()).toBe(2);
    await flap(); // down at 4 min, up at 5 min: not before 13 min
    expect(Math.min(...r.clock.sleeping())).toBe(MINUTE); // the poll, not a re-discovery
    expect(r.clock.sleeping()).toContain(3 * MINUTE + REDISCOVER_AFTER_OUTAGE_GAP_MS - 5 * MINUTE);
    for (let t = 5; t < 12; t++) await step();
    expect(r.discoveries()).toBe(2);
    await step();
    expect(r.discoveries()).toBe(3);
    expect(r.warnings.filter((w) => w.code === 'REDISCOVERY_FAILED')).toEqual([]);
  });

  it('a refresh in flight across a re-discovery that drops its unit neither keeps nor emits its reading', async () => {
    const r = await start();
    const key = 'VT2/VT_POWER_OF_THE_PV_GENERATOR';
    r.rig.sim.installation.unplug(302);
    await r.clock.advance(HOUR);
    await vi.waitFor(() => expect(r.discoveries()).toBe(2));
    await idle(r);
    // The refresh's read waits until VT2 was dropped.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const real = r.rig.client.readValues.bind(r.rig.client);
    vi.spyOn(r.rig.client, 'readValues').mockImplementationOnce(async (...args) => {
      await held;
      return real(...args);
    });
    const refreshed = r.monitor.refresh([key]);
    const changed = new Promise<void>((resolve) => r.monitor.once('installation', () => resolve()));
    await r.clock.advance(REDISCOVER_SOON_MS);
    await changed;
    expect(r.monitor.items.map((i) => i.key)).not.toContain(key);
    const emitted: string[] = [];
    r.monitor.on('values', (changed) => emitted.push(...changed.map((v) => v.item.key)));
    release();
    expect(await refreshed).toEqual([]);
    expect(emitted).not.toContain(key);
    expect(r.monitor.value(key)).toBeUndefined();
  });

  it('a unit missed but still answering is not re-discovered every minute: it is judged again at the next periodic re-discovery', async () => {
    const r = await start();
    await xt2GoneConfirmed(r);
    await idle(r);
    expect(codes(r.monitor.installation)).toContain('XT3');
    // XT2 stays away: XT3 is missed by each discovery, and answers each poll.
    for (let i = 0; i < 5; i++) {
      await r.clock.advance(REDISCOVER_SOON_MS);
      await idle(r);
    }
    expect(r.discoveries()).toBe(3);
    expect(Math.min(...r.clock.sleeping())).toBeGreaterThan(REDISCOVER_SOON_MS);
  });

  it('a unit missed that was not polled in the minute before the confirmation is judged by its last reading (kept while it answered)', async () => {
    // Re-discovery every 55 minutes, between two polls 10 minutes apart: none falls in the minute after it.
    const r = await start({}, { rediscoverMs: 55 * 60_000 });
    r.rig.sim.installation.unplug(102);
    for (let t = 0; t < 5; t++) {
      await r.clock.advance(POLL_MS);
      await idle(r);
    }
    expect(r.monitor.value('XT3/XT_BATTERY_VOLTAGE')?.entry.ok).toBe(true);
    await r.clock.advance(5 * 60_000);
    await vi.waitFor(() => expect(r.discoveries()).toBe(2));
    await idle(r);
    const changed = new Promise<void>((resolve) => r.monitor.once('installation', () => resolve()));
    await r.clock.advance(REDISCOVER_SOON_MS);
    await changed;
    expect(codes(r.monitor.installation)).toEqual(['XT1', 'XT3', 'RCC', 'BSP', 'VT1', 'VT2', 'VS1']);
    expect(r.monitor.items.map((i) => i.key)).toContain('XT3/XT_BATTERY_VOLTAGE');
  });

  it('a warning listener that throws on INSTALLATION_CHANGED does not leave the new selection unpolled', async () => {
    const r = await start({ variotracks: 3 }, { unplugged: [303] });
    r.monitor.on('warning', (w) => {
      if (w.code === 'INSTALLATION_CHANGED') throw new Error('a listener bug');
    });
    r.rig.sim.installation.plug(303);
    await r.clock.advance(HOUR);
    await vi.waitFor(() => expect(r.monitor.value('VT3/VT_POWER_OF_THE_PV_GENERATOR')?.entry.ok).toBe(true));
    await idle(r);
    expect(r.clock.sleeping().sort((a, b) => a - b)).toEqual([POLL_MS, HOUR]);
  });

  it('stop() during a re-discovery ends it quietly and leaves no sleeper on the clock', async () => {
    const r = await start();
    let asked!: () => void;
    const inFlight = new Promise<void>((resolve) => (asked = resolve));
    vi.spyOn(r.rig.client, 'discover').mockImplementationOnce(
      (options) =>
        new Promise((_, reject) => {
          asked();
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason as Error));
        }),
    );
    await r.clock.advance(HOUR);
    await inFlight;
    await r.monitor.stop();
    expect(r.monitor.status.state).toBe('stopped');
    expect(r.clock.sleeping()).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.installations).toHaveLength(1);
  });

  it('rediscoverMs 0 (or "rediscover": 0) never re-discovers', async () => {
    const r = await start({}, { config: parseBridgeConfig({ ...{ interval: POLL_MS / 1000, defaults: false, datapoints: [{ datapoint: 3000 }] }, rediscover: 0 }) });
    expect(r.clock.sleeping()).toEqual([POLL_MS]);
    await r.clock.advance(7 * 24 * HOUR);
    await settle();
    expect(r.discoveries()).toBe(1);
  });

  it('the option wins over the configuration, and is checked', async () => {
    const r = await start({}, { rediscoverMs: 120_000 });
    expect(r.clock.sleeping()).toContain(120_000);
    await r.clock.advance(120_000);
    await vi.waitFor(() => expect(r.discoveries()).toBe(2));
    for (const bad of [1000, 59_999, 604_800_001, 1.5e5 + 0.5, -1, '3600']) {
      expect(() => new InstallationMonitor(r.rig.client, { rediscoverMs: bad as number })).toThrow(XcomValidationError);
      // A configuration built by hand, not by parseBridgeConfig, is checked as well.
      expect(() => new InstallationMonitor(r.rig.client, { config: { ...CONFIG, rediscoverMs: bad as number } })).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'config.rediscoverMs' }));
    }
    // One without the key (built before it existed) re-discovers hourly.
    const { rediscoverMs: _, ...older } = CONFIG;
    expect(() => new InstallationMonitor(r.rig.client, { config: older as typeof CONFIG })).not.toThrow();
  });
});
