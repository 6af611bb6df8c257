// The exporter when a re-discovery finds the installation changed: the series of a unit added
// join the scrape, those of a unit gone leave it, and no metric family is registered twice.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { REDISCOVER_SOON_MS } from '../../src/bridge/installation-monitor.js';
import type { XcomWarning } from '../../src/client/client-events.js';
import { type MetricsExporter, startExporter } from '../../src/metrics/start-exporter.js';
import { manualPollClock } from '../bridge/manual-poll-clock.js';
import { simRig, type SimRig, T0 } from '../client/sim-rig.js';
import { samples } from './helpers.js';

const HOUR = 3_600_000;

describe('the exporter after a re-discovery', () => {
  let rig: SimRig | undefined;
  let exporter: MetricsExporter | undefined;
  afterEach(async () => {
    await exporter?.stop();
    await rig?.close();
    exporter = undefined;
    rig = undefined;
  });

  it('exposes the series of a unit added and drops those of a unit gone', async () => {
    rig = await simRig({ seed: 3, variotracks: 3, variostrings: 2 }, { timeoutMs: 30, retries: 0 });
    rig.sim.installation.unplug(303);
    const clock = manualPollClock();
    const warnings: XcomWarning[] = [];
    // Values never stale: the manual poll clock moves hours while the wall clock stands still.
    exporter = await startExporter({ client: rig.client, listen: 0, clock, now: () => T0, staleAfter: 0, config: parseBridgeConfig({ interval: 600 }), onWarning: (w) => warnings.push(w) });
    const first = new Promise((resolve) => exporter!.monitor.once('values', resolve));
    await exporter.started;
    await first;
    const devicesIn = async (): Promise<{ series: Set<string>; info: Set<string>; types: string[] }> => {
      const text = await exporter!.scrape();
      const all = samples(text);
      const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
      return {
        series: new Set(all.filter((s) => s.name !== 'xcom_device_info' && s.labels['device'] !== undefined).map((s) => s.labels['device']!)),
        info: new Set(all.filter((s) => s.name === 'xcom_device_info').map((s) => s.labels['device']!)),
        types,
      };
    };
    const before = await devicesIn();
    expect([...before.series].sort()).toEqual(['BSP', 'VS1', 'VS2', 'VT1', 'VT2', 'XT1', 'XT2', 'XT3']);
    expect(before.info.has('VT3')).toBe(false);

    rig.sim.installation.plug(303);
    rig.sim.installation.unplug(702);
    const added = new Promise((resolve) => exporter!.monitor.once('installation', resolve));
    await clock.advance(HOUR);
    await added;
    await vi.waitFor(async () => expect((await devicesIn()).series.has('VT3')).toBe(true));
    const after = await devicesIn();
    expect(after.info.has('VT3')).toBe(true);
    // Each family once: nothing registered twice.
    expect(new Set(after.types).size).toBe(after.types.length);
    expect(after.types).toEqual(before.types);

    // VS2, missed twice a minute apart without answering its polls, leaves the scrape.
    await vi.waitFor(() => expect(clock.sleeping()).toContain(REDISCOVER_SOON_MS));
    const gone = new Promise((resolve) => exporter!.monitor.once('installation', resolve));
    await clock.advance(REDISCOVER_SOON_MS);
    await gone;
    const last = await devicesIn();
    expect(last.series.has('VS2')).toBe(false);
    expect(last.info.has('VS2')).toBe(false);
    expect(last.series.has('VS1')).toBe(true);
    expect(last.series.has('VT3')).toBe(true);
    expect(warnings.filter((w) => w.code === 'INSTALLATION_CHANGED').map((w) => w.message)).toEqual([
      expect.stringMatching(/added VT3;/),
      expect.stringMatching(/gone VS2;/),
    ]);
  });
});
