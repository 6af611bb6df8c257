// `xcom metrics`: the built executable serving the simulator's values to Prometheus until
// Ctrl+C, and the mistakes it refuses before it connects.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { simFixture, type SimFixture, xcom } from './harness.js';

describe('xcom metrics', () => {
  let fx: SimFixture;
  beforeAll(async () => {
    fx = await simFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('prints the URL, serves the installation until Ctrl+C (130)', async () => {
    let scrape = '';
    const run = await xcom(['metrics', '--url', fx.url, '--listen', '127.0.0.1:0', '--verb', '1'], {
      onSpawn: (child, stdout) => {
        const poll = setInterval(() => {
          const url = stdout().split('\n')[0] ?? '';
          if (!url.startsWith('http://') || child.exitCode !== null) return;
          clearInterval(poll);
          void (async () => {
            // Until discovery succeeded, the exporter answers xcom_up 0; the values come with the first cycle.
            const ready = (): boolean => /^xcom_battery_voltage_volts\{/m.test(scrape);
            for (let i = 0; i < 200 && !ready(); i++) {
              // That a scrape sends nothing is test/metrics/exporter.test.ts's to show, with a clock it controls.
              scrape = await (await fetch(url)).text();
              if (!ready()) await new Promise((r) => setTimeout(r, 25));
            }
            child.kill('SIGINT');
          })();
        }, 10);
      },
    });
    expect(run).toMatchObject({ code: 130, signal: null });
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(scrape).toMatch(/^xcom_up 1$/m);
    expect(scrape).toMatch(/^xcom_battery_voltage_volts\{family="xtender",device="XT1",address="101"\} \d/m);
    expect(scrape).toMatch(/^xcom_device_info\{family="variostring",device="VS1",address="701",model="VS-120",/m);
    expect(run.stderr).toMatch(/xcom metrics: up: /);
  });

  it('--json: the listening address and the state changes as JSON lines', async () => {
    const run = await xcom(['metrics', '--url', fx.url, '--listen', '0', '--json'], {
      onSpawn: (child, stdout) => {
        const poll = setInterval(() => {
          if (/"state":"up"/.test(stdout()) && child.exitCode === null) {
            clearInterval(poll);
            child.kill('SIGTERM');
          }
        }, 10);
      },
    });
    expect(run.code).toBe(143);
    const events = run.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ event: 'listening', host: '127.0.0.1', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/) });
    expect(events.some((e) => e['event'] === 'status' && e['state'] === 'up')).toBe(true);
  });

  it('refuses an unnamed host, a bad port, and a bad metrics section before it connects (2)', async () => {
    fx.sim.requests.clear();
    const dir = mkdtempSync(join(tmpdir(), 'xcom-metrics-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ metrics: { listn: '0.0.0.0:9464' } }));
    const runs = await Promise.all([
      xcom(['metrics', '--url', fx.url, '--listen', ':9464']),
      xcom(['metrics', '--url', fx.url, '--listen', '127.0.0.1:70000']),
      xcom(['metrics', '--url', fx.url, '--config', config]),
      xcom(['metrics', '--url', fx.url, 'extra']),
      xcom(['metrics', '--url', fx.url, '--rediscover', '10s']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[4]?.stderr).toMatch(/--rediscover must be off or a duration from 1m to 168h/);
    expect(runs[0]?.stderr).toMatch(/--listen ":9464" has no host: name the address: 127\.0\.0\.1:9464 .*0\.0\.0\.0:9464 \(every interface\)/);
    expect(runs[2]?.stderr).toMatch(/metrics: unknown key "listn" \(did you mean "listen"\?\)/);
    expect(fx.sim.requests.size).toBe(0);
  });

  it('in process (what coverage sees): serves until stopped, then closes (143)', async () => {
    const { runCli } = await import('../../src/cli/run.js');
    const out: string[] = [];
    const err: string[] = [];
    let stop: ((reason: 'SIGTERM') => void) | undefined;
    const code = runCli(['metrics', '--url', fx.url, '--listen', '127.0.0.1:0'], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      onStop: (listener) => {
        stop = listener;
        return () => undefined;
      },
      env: {},
    });
    let scrape = '';
    for (let i = 0; i < 400 && !/^xcom_battery_voltage_volts\{/m.test(scrape); i++) {
      await new Promise((r) => setTimeout(r, 25));
      const url = out[0];
      if (url !== undefined) scrape = await (await fetch(url)).text();
    }
    expect(out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(scrape).toMatch(/^xcom_up 1$/m);
    expect(scrape).toMatch(/^xcom_battery_voltage_volts\{family="xtender",device="XT1",address="101"\} \d/m);
    stop?.('SIGTERM');
    expect(await code).toBe(143);
    await expect(fetch(out[0] as string)).rejects.toThrow();
    expect(err.join('\n')).toMatch(/xcom metrics: up: /);
  });

  it('--help shows the options and examples', async () => {
    const run = await xcom(['metrics', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--listen A/);
    expect(run.stdout).toMatch(/--config FILE/);
    expect(run.stdout).toMatch(/0\.0\.0\.0:9464/);
    expect(run.stdout).toMatch(/--rediscover D +discover the installation again every D \(default 1h/);
    expect(run.stdout).toMatch(/--pacing B\/P\|off a pause P after each burst B of requests \(default 5s\/1s for\n +tcp-listen:\/\//);
  });
});
