// `--rediscover` and `--pacing` reach the bridges: the CLI hands them to startBridge and
// startExporter (caught here in process, before anything connects), and they hand
// rediscoverMs to their monitor.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { XcomError } from '../../src/errors.js';
import type { ExporterOptions } from '../../src/metrics/exporter-options.js';
import type { MqttBridgeOptions } from '../../src/mqtt/bridge-options.js';
import { manualPollClock, settle } from '../bridge/manual-poll-clock.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { PORTAL_PACING } from '../../src/mqtt/index.js';
import { exporterPacing } from '../../src/metrics/exporter-options.js';
import { freeTcpPort } from '../transport/helpers.js';
import { freeUdpPort } from './harness.js';

/** While `recording`, the CLI's calls are recorded and refused; else they go to the real functions. */
const seen = vi.hoisted(() => ({ recording: false, bridge: [] as unknown[], exporter: [] as unknown[] }));

vi.mock('../../src/mqtt/bridge.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/mqtt/bridge.js')>();
  return {
    ...actual,
    startBridge: (options: MqttBridgeOptions) => {
      if (!seen.recording) return actual.startBridge(options);
      seen.bridge.push(options);
      return Promise.reject(new XcomError('ABORTED', 'recorded'));
    },
  };
});
vi.mock('../../src/metrics/start-exporter.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/metrics/start-exporter.js')>();
  return {
    ...actual,
    startExporter: (options: ExporterOptions) => {
      if (!seen.recording) return actual.startExporter(options);
      seen.exporter.push(options);
      return Promise.reject(new XcomError('ABORTED', 'recorded'));
    },
  };
});

async function run(args: readonly string[]): Promise<number> {
  const { runCli } = await import('../../src/cli/run.js');
  return runCli(args, { out: () => undefined, err: () => undefined, onStop: () => () => undefined, env: {} });
}

const rediscoverOf = (options: unknown): unknown => (options as { rediscoverMs?: unknown }).rediscoverMs;
const hasRediscover = (options: unknown): boolean => Object.hasOwn(options as object, 'rediscoverMs');

describe('--rediscover reaches the bridges', () => {
  it('xcom mqtt and xcom metrics pass it to startBridge and startExporter (absent when not given)', async () => {
    const port = await freeUdpPort();
    const url = `udp://127.0.0.1:${port}?localPort=${port}`;
    seen.recording = true;
    await run(['mqtt', '--url', url, '--broker', 'mqtt://127.0.0.1:1', '--site', 's', '--rediscover', '2m']);
    await run(['mqtt', '--url', url, '--broker', 'mqtt://127.0.0.1:1', '--site', 's', '--rediscover', 'off']);
    await run(['mqtt', '--url', url, '--broker', 'mqtt://127.0.0.1:1', '--site', 's']);
    await run(['metrics', '--url', url, '--listen', '127.0.0.1:0', '--rediscover', '90m']);
    await run(['metrics', '--url', url, '--listen', '127.0.0.1:0', '--rediscover', 'OFF']);
    await run(['metrics', '--url', url, '--listen', '127.0.0.1:0']);
    seen.recording = false;
    expect(seen.bridge.map(rediscoverOf)).toEqual([120_000, 0, undefined]);
    expect(hasRediscover(seen.bridge[2])).toBe(false);
    expect(seen.exporter.map(rediscoverOf)).toEqual([5_400_000, 0, undefined]);
    expect(hasRediscover(seen.exporter[2])).toBe(false);
  });
});

const pacingOf = (options: unknown): unknown => (options as { pacing?: unknown }).pacing;

describe('--pacing reaches the bridges', () => {
  it('xcom mqtt and xcom metrics pace a tcp-listen:// gateway by default, and take --pacing B/P or off', async () => {
    const udp = `udp://127.0.0.1:${await freeUdpPort()}`;
    const listen = `tcp-listen://127.0.0.1:${await freeTcpPort()}`;
    seen.bridge.length = 0;
    seen.exporter.length = 0;
    seen.recording = true;
    for (const command of [['mqtt', '--broker', 'mqtt://127.0.0.1:1', '--site', 's'], ['metrics', '--listen', '127.0.0.1:0']]) {
      await run([...command, '--url', listen, '--wait', '1s']);
      await run([...command, '--url', listen, '--wait', '1s', '--pacing', 'off']);
      await run([...command, '--url', udp]);
      await run([...command, '--url', udp, '--pacing', '2s/500ms']);
    }
    seen.recording = false;
    const expected = [PORTAL_PACING, false, false, { burstMs: 2000, pauseMs: 500 }];
    expect(seen.bridge.map(pacingOf)).toEqual(expected);
    expect(seen.exporter.map(pacingOf)).toEqual(expected);
  });

  it('startExporter paces a tcp-listen:// url by default, not a client it was given, and never with false', () => {
    expect(exporterPacing({ url: 'tcp-listen://127.0.0.1:4001' })).toEqual(PORTAL_PACING);
    expect(exporterPacing({ url: 'tcp-listen://127.0.0.1:4001', pacing: false })).toBeUndefined();
    expect(exporterPacing({ url: 'udp://127.0.0.1' })).toBeUndefined();
    expect(exporterPacing({ url: 'udp://127.0.0.1', pacing: { burstMs: 10, pauseMs: 5 } })).toEqual({ burstMs: 10, pauseMs: 5 });
    expect(() => exporterPacing({ url: 'udp://127.0.0.1', pacing: { burstMs: -1, pauseMs: 5 } })).toThrow(/burstMs/);
  });
});

describe('rediscoverMs reaches the monitor', () => {
  let rig: SimRig | undefined;
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await rig?.close();
    rig = undefined;
  });

  it('startBridge and startExporter re-discover on their rediscoverMs, and check it', async () => {
    rig = await simRig({ seed: 3 }, { timeoutMs: 30, retries: 0 });
    const { startBridge } = await import('../../src/mqtt/bridge.js');
    const { startExporter } = await import('../../src/metrics/start-exporter.js');
    await expect(startBridge({ client: rig.client, broker: 'mqtt://127.0.0.1:1', site: 's', rediscoverMs: 5 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'rediscoverMs' });
    await expect(startExporter({ client: rig.client, listen: 0, rediscoverMs: Number.NaN })).rejects.toMatchObject({ code: 'VALIDATION', field: 'rediscoverMs' });

    const bridgeClock = manualPollClock();
    // No broker answers on port 1: the bridge waits for it, and reads the installation meanwhile.
    const bridge = await startBridge({ client: rig.client, broker: 'mqtt://127.0.0.1:1', site: 's', rediscoverMs: 120_000, clock: bridgeClock, config: parseBridgeConfig({ interval: 600, defaults: false, datapoints: [{ datapoint: 3000 }] }) });
    stops.push(() => bridge.stop());
    await vi.waitFor(() => expect(bridge.monitor.installation).toBeDefined());
    await vi.waitFor(() => expect(bridgeClock.sleeping()).toContain(120_000));
    expect(bridgeClock.sleeping()).not.toContain(3_600_000);
    await bridge.stop();
    await settle();

    const exporterClock = manualPollClock();
    const exporter = await startExporter({ client: rig.client, listen: 0, rediscoverMs: 7_200_000, clock: exporterClock });
    stops.push(() => exporter.stop());
    await exporter.started;
    await vi.waitFor(() => expect(exporterClock.sleeping()).toContain(7_200_000));
    expect(exporterClock.sleeping()).not.toContain(3_600_000);
  });
});
