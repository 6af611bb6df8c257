// The exporter against the simulator: what a scrape shows (base units, families, enums, the
// exporter's own metrics), that a scrape never talks to the device, and that it still answers
// while the installation does not.
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { XcomError, XcomValidationError } from '../../src/errors.js';
import { startExporter } from '../../src/metrics/start-exporter.js';
import { startSimulator } from '../../src/simulator/simulator.js';
import { simRig } from '../client/sim-rig.js';
import { freeUdpPort } from '../transport/helpers.js';
import { exporterRig, type ExporterRig, find, nextValues, one } from './helpers.js';
import { promtoolCheck, WITHOUT_PROMETHEUS } from './prometheus-tools.js';

describe('startExporter against the simulator', () => {
  let r: ExporterRig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  async function running(options: Parameters<typeof exporterRig>[0] = {}): Promise<ExporterRig> {
    r = await exporterRig(options);
    const first = nextValues(r.exporter);
    await r.exporter.started;
    await first;
    // The exporter's wall clock stands still at the first cycle's start: the values' age is 0.
    r.wall = readAt(r);
    return r;
  }

  /** When XT1's battery voltage was read (the polls stamp it with the real wall clock). */
  const readAt = (current: ExporterRig): number => current.exporter.monitor.value('XT1/XT_BATTERY_VOLTAGE')!.readAt;

  it('serves the last snapshot in base units, and a scrape sends nothing to the installation', async () => {
    const { rig, exporter, get } = await running();
    const before = rig.sim.requests.size;
    const responses = await Promise.all([get(), get(), get('/')]);
    expect(responses.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(responses[0]?.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await responses[0]!.text();
    expect(rig.sim.requests.size).toBe(before);

    const installation = rig.sim.installation;
    expect(one(text, 'xcom_up')).toBe(1);
    expect(one(text, 'xcom_battery_voltage_volts', { device: 'XT1', address: '101', family: 'xtender' })).toBeCloseTo(installation.infoValue(101, 3000) as number, 4);
    expect(one(text, 'xcom_battery_voltage_volts', { device: 'VT1', family: 'variotrack' })).toBeCloseTo(installation.infoValue(301, 11000) as number, 4);
    expect(one(text, 'xcom_state_of_charge_ratio', { device: 'BSP', family: 'bsp' })).toBeCloseTo((installation.infoValue(601, 7002) as number) / 100, 6);
    expect(one(text, 'xcom_power_of_the_pv_generator_watts', { device: 'VT1' })).toBeCloseTo((installation.infoValue(301, 11004) as number) * 1000, 1);
    expect(one(text, 'xcom_production_for_the_current_day_joules_total', { device: 'VT1' })).toBeCloseTo((installation.infoValue(301, 11007) as number) * 3_600_000, -1);
    // Every Xtender, VarioTrack and VarioString is in the one battery voltage family.
    expect(find(text, 'xcom_battery_voltage_volts').map((s) => s.labels['device'])).toEqual(['XT1', 'XT2', 'XT3', 'BSP', 'VT1', 'VT2', 'VS1']);

    const units = exporter.monitor.installation?.devices ?? [];
    expect(find(text, 'xcom_device_info').map((s) => [s.labels['device'], s.labels['sw_version'], s.value])).toEqual(units.map((d) => [d.code, d.softwareVersion ?? '', 1]));
    expect(one(text, 'xcom_device_info', { device: 'XT1' })).toBe(1);
    expect(find(text, 'xcom_device_info', { device: 'XT1' })[0]?.labels).toMatchObject({ model: 'XTH', address: '101', sw_version: '1.6.74' });

    // The age of each value: read at the wall clock the exporter saw, which has not moved.
    expect(one(text, 'xcom_value_age_seconds', { device: 'XT1', datapoint: 'XT_BATTERY_VOLTAGE' })).toBe(0);
    const page = await responses[2]!.text();
    expect(page).toMatch(/href="metrics"/);
    expect(page).toMatch(/XT1, XT2, XT3/);
  });

  it('shows an enum as its number and as a state set with the appendix’s labels', async () => {
    const { rig, get } = await running();
    const text = await (await get()).text();
    const code = rig.sim.installation.infoValue(101, 3028) as number;
    expect(one(text, 'xcom_operating_state_code', { device: 'XT1' })).toBe(code);
    const states = find(text, 'xcom_operating_state', { device: 'XT1' });
    const labels = ['Inverter', 'Charger', 'Boost', 'Injection'];
    expect(states.map((s) => s.labels['state'])).toEqual(labels);
    expect(states.filter((s) => s.value === 1).map((s) => s.labels['state'])).toEqual([labels[code - 1]]);
  });

  it('counts requests by result in the histogram and the counter, and the dropped and late frames', async () => {
    const { rig, exporter, get } = await running();
    const text = await (await get()).text();
    const counted = find(text, 'xcom_requests_total');
    expect(counted.map((s) => s.labels['result'])).toEqual(['ok', 'device_error', 'timeout', 'protocol_error', 'link_error', 'closed', 'aborted']);
    const total = counted.reduce((n, s) => n + s.value, 0);
    expect(total).toBe(rig.client.stats.requests);
    expect(total).toBeGreaterThan(exporter.monitor.installation!.requests);
    expect(one(text, 'xcom_request_duration_seconds_count')).toBe(total);
    expect(one(text, 'xcom_request_duration_seconds_bucket', { le: '+Inf' })).toBe(total);
    expect(one(text, 'xcom_dropped_frames_total')).toBe(0);
    expect(one(text, 'xcom_late_frames_total')).toBe(0);
  });

  it('still answers while every reply is dropped: xcom_up 0, values kept until stale, their age growing', async () => {
    const current = await running({ staleAfter: 60 });
    const { rig, get, clock } = current;
    const down = current.next('down');
    rig.sim.endpoints[0]!.faults.setRates({ drop: 1 });
    current.wall = readAt(current) + 20_000;
    clock.tick();
    await down;
    const before = rig.sim.requests.size;
    const res = await get();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(rig.sim.requests.size).toBe(before);
    expect(one(text, 'xcom_up')).toBe(0);
    expect(one(text, 'xcom_battery_voltage_volts', { device: 'XT1' })).toBeCloseTo(rig.sim.installation.infoValue(101, 3000) as number, 4);
    expect(one(text, 'xcom_value_age_seconds', { device: 'XT1', datapoint: 'XT_BATTERY_VOLTAGE' })).toBe(20);
    expect(one(text, 'xcom_requests_total', { result: 'timeout' })).toBeGreaterThan(0);

    // Past staleAfter, the value is no longer shown as current; its age still is.
    current.wall = readAt(current) + 61_000;
    const later = await (await get()).text();
    expect(find(later, 'xcom_battery_voltage_volts')).toEqual([]);
    expect(one(later, 'xcom_value_age_seconds', { device: 'XT1', datapoint: 'XT_BATTERY_VOLTAGE' })).toBe(61);
    expect(one(later, 'xcom_up')).toBe(0);
  });

  it('leaves out a value older than three intervals by default, and keeps it with staleAfter 0', async () => {
    const current = await running({ config: parseBridgeConfig({ interval: 5 }) });
    current.wall = readAt(current) + 15_000;
    expect(find(await (await current.get()).text(), 'xcom_battery_voltage_volts', { device: 'XT1' })).toHaveLength(1);
    current.wall = readAt(current) + 15_001;
    expect(find(await (await current.get()).text(), 'xcom_battery_voltage_volts', { device: 'XT1' })).toHaveLength(0);
    await current.close();

    const kept = await running({ staleAfter: 0 });
    kept.wall = readAt(kept) + 86_400_000;
    expect(find(await (await kept.get()).text(), 'xcom_battery_voltage_volts', { device: 'XT1' })).toHaveLength(1);
  });

  it('answers before discovery succeeded, with xcom_up 0 and no datapoint', async () => {
    r = await exporterRig({ retry: { initialMs: 60_000, jitter: 0 } });
    const waiting = r.next('waiting');
    r.rig.sim.endpoints[0]!.faults.setRates({ drop: 1 });
    await waiting;
    const text = await (await r.get()).text();
    expect(one(text, 'xcom_up')).toBe(0);
    expect(find(text, 'xcom_device_info')).toEqual([]);
    expect(find(text, 'xcom_battery_voltage_volts')).toEqual([]);
    const started = r.exporter.started;
    await r.exporter.stop();
    await expect(started).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it.skipIf(WITHOUT_PROMETHEUS)('passes promtool check metrics, scraped from the simulator', async () => {
    const { get } = await running();
    const text = await (await get()).text();
    expect(find(text, 'xcom_battery_cycle_phase').length).toBeGreaterThan(0);
    expect(await promtoolCheck(text)).toEqual({ code: 0, output: '' });
  });

  it('uses the configuration file’s datapoints and its metrics section', async () => {
    const config = parseBridgeConfig({ defaults: false, datapoints: [{ datapoint: 'XT_BATTERY_VOLTAGE', devices: ['XT2'] }], metrics: { listen: '127.0.0.1:0' } });
    r = await exporterRig({ config, listen: undefined as never });
    const first = nextValues(r.exporter);
    await r.exporter.started;
    await first;
    expect(r.exporter.address.host).toBe('127.0.0.1');
    const text = await (await r.get()).text();
    expect(find(text, 'xcom_battery_voltage_volts').map((s) => s.labels['device'])).toEqual(['XT2']);
    expect(find(text, 'xcom_value_age_seconds').map((s) => s.labels['datapoint'])).toEqual(['XT_BATTERY_VOLTAGE']);
  });

  it('exposes an "allUnits" parameter once, as its first unit’s series, with no duplicate', async () => {
    const config = parseBridgeConfig({ datapoints: [{ datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', writable: true, allUnits: true }] });
    const { rig, get } = await running({ config });
    const text = await (await get()).text();
    const series = find(text, 'xcom_parameter_battery_charge_current_amperes', { family: 'xtender' });
    expect(series.map((s) => s.labels)).toEqual([{ family: 'xtender', device: 'XT1', address: '101' }]);
    expect(series[0]?.value).toBe(rig.sim.installation.currentValue(101, 1138));
    expect(find(text, 'xcom_value_age_seconds', { datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS' }).map((s) => s.labels['device'])).toEqual(['XT1']);
    // The default set of every unit is still there.
    expect(find(text, 'xcom_battery_voltage_volts', { family: 'xtender' }).map((s) => s.labels['device'])).toEqual(['XT1', 'XT2', 'XT3']);
    if (!WITHOUT_PROMETHEUS) expect(await promtoolCheck(text)).toEqual({ code: 0, output: '' });
  });

  it('warns of a selected datapoint that has no metric', async () => {
    const warnings: string[] = [];
    // {5012} the RCC's user level: "Not supported" over Scom, no format, so no metric.
    const config = parseBridgeConfig({ defaults: false, datapoints: [{ datapoint: 'XT_BATTERY_VOLTAGE', devices: ['XT1'] }, { datapoint: 'RCC_USER_LEVEL' }] });
    r = await exporterRig({ config, onWarning: (w) => warnings.push(`${w.code}: ${w.message}`) });
    await r.exporter.started;
    expect(warnings).toEqual(['NO_METRIC: RCC/RCC_USER_LEVEL (DYNAMIC) has no metric: it is read but not exposed']);
  });
});

describe('startExporter without prom-client, or with bad options', () => {
  it('fails with MODULE_MISSING naming the install command, before anything is sent', async () => {
    const rig = await simRig({ seed: 3 });
    try {
      const missing = Object.assign(new Error("Cannot find package 'prom-client'"), { code: 'ERR_MODULE_NOT_FOUND' });
      const error = await startExporter({ client: rig.client, listen: 0, importer: () => Promise.reject(missing) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(XcomError);
      expect(error).toMatchObject({ code: 'MODULE_MISSING' });
      expect((error as Error).message).toMatch(/npm install prom-client/);
      expect((error as Error).message).toMatch(/is not installed/);
      expect(rig.sim.requests.size).toBe(0);
      expect(rig.client.transport.isOpen).toBe(false);
    } finally {
      await rig.close();
    }
  });

  it('refuses bad options with a validation error, before anything is sent', async () => {
    const rig = await simRig({ seed: 3 });
    try {
      const cases: unknown[] = [
        {},
        { client: rig.client, url: 'udp://127.0.0.1' },
        { client: rig.client, listen: ':9464' },
        { client: rig.client, listen: '127.0.0.1:99999' },
        { client: rig.client, staleAfter: -1 },
        { client: rig.client, maxConnections: 0 },
        { client: rig.client, lisen: 0 },
        { client: rig.client, config: parseBridgeConfig({ metrics: { listn: 9464 } }) },
        { client: rig.client, config: parseBridgeConfig({ metrics: { staleAfter: 'soon' } }) },
        { client: rig.client, config: parseBridgeConfig({ metrics: { listen: true } }) },
        { client: rig.client, config: parseBridgeConfig({ metrics: { maxConnections: 1.5 } }) },
        { client: rig.client, clientOptions: { timeoutMs: 100 } },
        { url: 4002 },
        { url: 'http://127.0.0.1' },
        5,
      ];
      for (const options of cases) {
        await expect(startExporter(options as never), JSON.stringify(options, (k, v: unknown) => (k === 'client' ? 'client' : v))).rejects.toBeInstanceOf(XcomValidationError);
      }
      expect(rig.sim.requests.size).toBe(0);
    } finally {
      await rig.close();
    }
  });

  it('opens a client of its own from a url, and closes it on stop()', async () => {
    const clientPort = await freeUdpPort();
    const sim = await startSimulator({ seed: 3, udp: { port: 0, host: '127.0.0.1', clientHost: '127.0.0.1', clientPort } });
    try {
      const exporter = await startExporter({ url: sim.connectionUrls()[0]!, clientOptions: { timeoutMs: 500 }, listen: 0 });
      await exporter.started;
      expect(exporter.monitor.installation?.devices.map((d) => d.code)).toContain('VS1');
      await Promise.all([exporter.stop(), exporter.stop()]);
      await expect(fetch(exporter.url)).rejects.toThrow();
      expect(exporter.monitor.status.state).toBe('stopped');
      // Its client is closed: the UDP port it had bound is free again.
      const socket = createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(clientPort, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    } finally {
      await sim.close();
    }
  });

  it('says LISTEN_FAILED when the port is taken, and leaves the client it was given open', async () => {
    const rig = await simRig({ seed: 3 });
    const first = await startExporter({ client: rig.client, listen: 0, retry: { initialMs: 60_000 } });
    try {
      const error = await startExporter({ client: rig.client, listen: first.address.port }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'LISTEN_FAILED' });
      expect((error as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${first.address.port}: the port is taken`));
    } finally {
      await first.stop();
      await rig.close();
    }
  });
});
