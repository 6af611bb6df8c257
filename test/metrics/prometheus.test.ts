// The Grafana dashboard against a real Prometheus: the test starts `prometheus` on a loopback
// port, scraping the exporter (on the simulator) every second, and runs every query of
// examples/grafana/xcom.json through its HTTP API; each must return data.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { METRIC_FAMILIES } from '../../src/metrics/metric-names.generated.js';
import { type MetricsExporter, startExporter } from '../../src/metrics/start-exporter.js';
import { exposedNames } from '../../scripts/metrics/metric-rules.js';
import { killTree, spawnBounded } from '../child-processes.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { WITHOUT_PROMETHEUS } from './prometheus-tools.js';

const DASHBOARD = 'examples/grafana/xcom.json';

interface Query {
  /** Where it is: the panel's title, or the variable's name. */
  readonly where: string;
  readonly expr: string;
}

/** Every PromQL query of the dashboard (panel targets) and its variables' `label_values` queries. */
function dashboardQueries(): { targets: Query[]; variables: Query[] } {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: { title: string; targets?: { expr: string }[]; panels?: unknown[] }[];
    templating: { list: { name: string; type: string; definition?: string }[] };
  };
  const targets = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr })));
  const variables = dashboard.templating.list.filter((v) => v.type === 'query').map((v) => ({ where: v.name, expr: v.definition ?? '' }));
  return { targets, variables };
}

/** The dashboard's Grafana variables replaced by values: every exporter, every unit or `device`, rate windows of 10 s. */
function concrete(expr: string, device: string): string {
  return expr
    .replaceAll('$instance', '.*')
    .replaceAll('device=~"$device"', 'device=~".*"')
    .replaceAll('device="$device"', `device="${device}"`)
    .replaceAll('$__rate_interval', '10s')
    .replaceAll('$__interval', '5s');
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Grafana dashboard', () => {
  it('uses only metrics the exporter exposes', () => {
    const known = new Set([
      ...METRIC_FAMILIES.flatMap(exposedNames),
      'xcom_up',
      'xcom_device_info',
      'xcom_requests_total',
      'xcom_request_duration_seconds_bucket',
      'xcom_request_duration_seconds_sum',
      'xcom_request_duration_seconds_count',
      'xcom_dropped_frames_total',
      'xcom_late_frames_total',
      'xcom_value_age_seconds',
    ]);
    const { targets, variables } = dashboardQueries();
    expect(targets.length).toBeGreaterThan(30);
    const used = [...targets, ...variables].flatMap((q) => [...q.expr.matchAll(/\bxcom_[a-z0-9_]+\b/g)].map((m) => m[0]));
    // `xcom_.+_volts` and the like are regular expressions over every name, not names.
    expect([...new Set(used)].filter((name) => !known.has(name) && !/^xcom_$/.test(name))).toEqual([]);
  });
});

describe.skipIf(WITHOUT_PROMETHEUS)('the Grafana dashboard against Prometheus', () => {
  let rig: SimRig;
  let exporter: MetricsExporter;
  let prometheus: ChildProcess | undefined;
  let api = '';
  let log = '';
  // Made by the hook, not when the file is collected: a skipped block runs no afterAll.
  let dir = '';

  const query = async (expr: string): Promise<{ status: string; data?: { resultType: string; result: unknown[] }; error?: string }> => {
    const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (await res.json()) as { status: string; data?: { resultType: string; result: unknown[] }; error?: string };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xcom-prometheus-'));
    rig = await simRig({ seed: 3 });
    exporter = await startExporter({ client: rig.client, listen: 0, config: parseBridgeConfig({ interval: 1 }) });
    await exporter.started;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: xcom',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${exporter.address.port}']`,
        '',
      ].join('\n'),
    );
    // Port 0, and the port it took read from its log: a port found free and then handed over
    // could be taken in between (prometheus takes seconds to start on a loaded machine).
    const child = spawnBounded(
      'prometheus',
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--web.listen-address=127.0.0.1:0', '--log.level=info'],
      { stdio: ['ignore', 'ignore', 'pipe'], deadlineMs: 5 * 60_000 },
    );
    prometheus = child;
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    // Ready, then three scrapes with the values in: rate() and increase() need two samples.
    // About 5 s alone; several times that on a loaded machine (CI runs the suites side by side
    // on two cores), where starting prometheus waits for a core: hence the hook's minute.
    const deadline = Date.now() + 50_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
      if (Date.now() > deadline) throw new Error(`prometheus did not scrape the exporter within 50 s: ${log}`);
      const port = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log)?.[1];
      if (port !== undefined) {
        api = `http://127.0.0.1:${port}`;
        const ready = await query('count_over_time(xcom_battery_voltage_volts{device="XT1"}[1m]) >= 3').catch(() => undefined);
        if (ready?.status === 'success' && (ready.data?.result.length ?? 0) > 0) break;
      }
      await pause(100);
    }
  }, 60_000);

  afterAll(async () => {
    try {
      if (prometheus !== undefined && prometheus.exitCode === null) {
        const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
        prometheus.kill('SIGTERM');
        // Its TSDB flushes on SIGTERM: seconds at most, then it is killed.
        const late = setTimeout(() => void (prometheus && killTree(prometheus)), 10_000);
        await exited;
        clearTimeout(late);
      }
      await exporter?.stop();
      await rig?.close();
    } finally {
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scrapes the exporter as a healthy target', async () => {
    const up = await query('up{job="xcom"}');
    expect(up.data?.result).toEqual([expect.objectContaining({ value: [expect.any(Number), '1'] })]);
    const xcomUp = await query('xcom_up');
    expect(xcomUp.data?.result).toEqual([expect.objectContaining({ value: [expect.any(Number), '1'] })]);
  });

  it('answers every query of the dashboard with data', async () => {
    const { targets } = dashboardQueries();
    const failures: string[] = [];
    for (const target of targets) {
      const devices = target.expr.includes('device="$device"') ? ['XT1', 'VT1'] : ['all'];
      for (const device of devices) {
        const expr = concrete(target.expr, device);
        const answer = await query(expr);
        if (answer.status !== 'success') failures.push(`${target.where}: ${expr}: ${answer.error ?? answer.status}`);
        else if ((answer.data?.result.length ?? 0) === 0) failures.push(`${target.where}: ${expr}: no data`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers the variables’ label_values queries', async () => {
    const { variables } = dashboardQueries();
    expect(variables.map((v) => v.where)).toEqual(['instance', 'device']);
    for (const variable of variables) {
      const match = /^label_values\((.+), (\w+)\)$/.exec(variable.expr);
      expect(match, variable.expr).not.toBeNull();
      const selector = concrete(match![1]!, 'all');
      const res = await fetch(`${api}/api/v1/label/${match![2]!}/values?match[]=${encodeURIComponent(selector)}`);
      const body = (await res.json()) as { status: string; data: string[] };
      expect(body.status).toBe('success');
      expect(body.data.length, variable.expr).toBeGreaterThan(0);
    }
    const devices = (await (await fetch(`${api}/api/v1/label/device/values?match[]=xcom_device_info`)).json()) as { data: string[] };
    expect(devices.data.sort()).toEqual(['BSP', 'RCC', 'VS1', 'VT1', 'VT2', 'XT1', 'XT2', 'XT3']);
  });
});
