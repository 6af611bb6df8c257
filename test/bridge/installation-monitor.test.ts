// The monitor the bridges stand on: discovery retried until the installation answers, polls by
// interval, the last reading of each datapoint kept through outages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { InstallationMonitor, type MonitoredValue, type MonitorStatus } from '../../src/bridge/installation-monitor.js';
import { XcomValidationError } from '../../src/errors.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { gateClock } from '../metrics/helpers.js';

const nextValues = (monitor: InstallationMonitor): Promise<readonly MonitoredValue[]> => new Promise((resolve) => monitor.once('values', resolve));
const nextStatus = (monitor: InstallationMonitor, state: MonitorStatus['state']): Promise<MonitorStatus> =>
  new Promise((resolve) => {
    const on = (s: MonitorStatus): void => {
      if (s.state !== state) return;
      monitor.off('status', on);
      resolve(s);
    };
    monitor.on('status', on);
  });

describe('InstallationMonitor', () => {
  let rig: SimRig | undefined;
  let monitor: InstallationMonitor | undefined;
  afterEach(async () => {
    await monitor?.stop();
    await rig?.close();
    monitor = undefined;
    rig = undefined;
  });

  it('discovers, then reads every selected datapoint and keeps the last reading', async () => {
    rig = await simRig({ seed: 3 });
    const clock = gateClock();
    monitor = new InstallationMonitor(rig.client, { clock, config: parseBridgeConfig({ defaults: false, datapoints: [{ datapoint: 3000 }, { datapoint: 11004, interval: 2 }] }) });
    const found: string[] = [];
    monitor.on('installation', (_inst, items) => found.push(...items.map((i) => i.key)));
    const first = nextValues(monitor);
    await monitor.start();
    const units = monitor.installation?.devices ?? [];
    const expected = units.flatMap((d) => (d.family === 'xtender' ? [`${d.code}/XT_BATTERY_VOLTAGE`] : d.family === 'variotrack' ? [`${d.code}/VT_POWER_OF_THE_PV_GENERATOR`] : []));
    expect(expected).toContain('VT1/VT_POWER_OF_THE_PV_GENERATOR');
    expect(found).toEqual(expected);
    const values = await first;
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      expect(v.entry.ok).toBe(true);
      const expected = rig.sim.installation.infoValue(v.item.device.address, v.item.datapoint.id);
      expect(v.entry.value as number).toBeCloseTo(expected as number, 3);
    }
    expect(monitor.up).toBe(true);
    expect(monitor.value(values[0]!.item.key)).toEqual(values[0]);
  });

  it('emits only what changed, and keeps the last value with its age through an outage', async () => {
    rig = await simRig({ seed: 3 }, { timeoutMs: 30, retries: 0 });
    const clock = gateClock();
    // gateClock wakes every sleeper at each tick: re-discovery (rediscovery.test.ts) is off here.
    monitor = new InstallationMonitor(rig.client, { clock, config: parseBridgeConfig({ defaults: false, rediscover: 0, datapoints: [{ datapoint: 1138, devices: ['XT1'] }] }) });
    const first = nextValues(monitor);
    await monitor.start();
    const [v0] = await first;
    expect(v0?.entry.value).toBe(rig.sim.installation.currentValue(101, 1138));

    // An unchanged value is not emitted again; a changed one is.
    let emitted = 0;
    monitor.on('values', () => emitted++);
    const changed = nextValues(monitor);
    rig.sim.installation.setValue(101, 1138, 12);
    clock.tick();
    const [v1] = await changed;
    expect(v1?.entry.value).toBe(12);
    expect(emitted).toBe(1);

    // The link fails: status goes down, the last value stays.
    const down = nextStatus(monitor, 'down');
    rig.sim.endpoints[0]!.faults.setRates({ drop: 1 });
    clock.tick();
    await down;
    expect(monitor.up).toBe(false);
    expect(monitor.value('XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS')?.entry.value).toBe(12);

    const up = nextStatus(monitor, 'up');
    rig.sim.endpoints[0]!.faults.setRates({ drop: 0 });
    clock.tick();
    await up;
    expect(monitor.snapshot().map((v) => v.entry.value)).toEqual([12]);
  });

  it('refresh() reads some datapoints now, keeps them and emits what changed', async () => {
    rig = await simRig({ seed: 3 });
    const clock = gateClock();
    monitor = new InstallationMonitor(rig.client, { clock, config: parseBridgeConfig({ defaults: false, datapoints: [{ datapoint: 1138, devices: ['XT1'] }, { datapoint: 3000, devices: ['XT1'] }] }) });
    const first = nextValues(monitor);
    await monitor.start();
    await first;
    const key = 'XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS';
    const emitted: string[] = [];
    monitor.on('values', (changed) => emitted.push(...changed.map((v) => v.item.key)));
    rig.sim.installation.setValue(101, 1138, 17);
    // No tick of the poll clock: only the refresh reads.
    const [fresh] = await monitor.refresh([key]);
    expect(fresh?.entry.value).toBe(17);
    expect(monitor.value(key)?.entry.value).toBe(17);
    expect(emitted).toEqual([key]);
    // Unchanged: kept, not emitted again.
    await monitor.refresh([key]);
    expect(emitted).toEqual([key]);
    await expect(monitor.refresh(['XT1/NO_SUCH'])).rejects.toThrow(XcomValidationError);
  });

  it('a poll cycle that read a datapoint before a refresh does not bring back the older value', async () => {
    // Each request takes 10 ms: the write's read-back lands in the middle of a cycle that read
    // the parameter before the write, and ends after it.
    rig = await simRig({ seed: 3, latencyMs: 10 });
    const clock = gateClock();
    const others = [1107, 1108, 1109, 1110, 1111, 1112, 1121, 1122].map((datapoint) => ({ datapoint, devices: ['XT1'] }));
    monitor = new InstallationMonitor(rig.client, { clock, config: parseBridgeConfig({ defaults: false, rediscover: 0, datapoints: [{ datapoint: 1138, devices: ['XT1'] }, ...others] }) });
    const first = nextValues(monitor);
    await monitor.start();
    await first;
    const key = 'XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS';
    const old = monitor.value(key)?.entry.value;
    const published: unknown[] = [];
    monitor.on('values', (changed) => published.push(...changed.filter((v) => v.item.key === key).map((v) => v.entry.value)));
    const reads = (): number => rig!.sim.requests.list().filter((r) => r.serviceId === 0x01 && r.objectId === 1138).length;
    const before = reads();
    const cycle = nextValues(monitor).catch(() => undefined);
    clock.tick();
    await vi.waitFor(() => expect(reads()).toBe(before + 1), { interval: 1, timeout: 5000 });
    rig.sim.installation.setValue(101, 1138, 17);
    await monitor.refresh([key]);
    await cycle;
    await vi.waitFor(() => expect(clock.waiting()).toBe(1), { timeout: 5000 });
    expect(old).not.toBe(17);
    expect(published).toEqual([17]);
    expect(monitor.value(key)?.entry.value).toBe(17);
  });

  it('retries discovery with backoff until the installation answers', async () => {
    rig = await simRig({ seed: 3 }, { timeoutMs: 20, retries: 0 });
    rig.sim.endpoints[0]!.faults.setRates({ drop: 1 });
    monitor = new InstallationMonitor(rig.client, { retry: { initialMs: 5, maxMs: 5, jitter: 0 }, clock: gateClock(), config: parseBridgeConfig({ defaults: false, datapoints: [{ datapoint: 3000 }] }) });
    const waiting = nextStatus(monitor, 'waiting');
    const started = monitor.start();
    const status = await waiting;
    expect(status.message).toMatch(/no installation yet \(TIMEOUT/);
    rig.sim.endpoints[0]!.faults.setRates({ drop: 0 });
    await started;
    expect(monitor.installation?.devices.length).toBeGreaterThan(0);
  });

  it('stop() before discovery succeeded rejects start() and ends at once', async () => {
    rig = await simRig({ seed: 3 }, { timeoutMs: 20, retries: 0 });
    rig.sim.endpoints[0]!.faults.setRates({ drop: 1 });
    monitor = new InstallationMonitor(rig.client, { retry: { initialMs: 60_000, jitter: 0 } });
    const waiting = nextStatus(monitor, 'waiting');
    const started = monitor.start();
    await waiting;
    await monitor.stop();
    await expect(started).rejects.toMatchObject({ code: 'ABORTED' });
    expect(monitor.status.state).toBe('stopped');
  });

  it('checks its options at run time', async () => {
    rig = await simRig({ seed: 3 });
    expect(() => new InstallationMonitor(rig!.client, { intervall: 5 } as never)).toThrow(XcomValidationError);
    expect(() => new InstallationMonitor(rig!.client, { messages: 'yes' } as never)).toThrow(XcomValidationError);
    expect(() => new InstallationMonitor(rig!.client, { retry: { initialMs: -1 } })).toThrow(XcomValidationError);
  });
});
