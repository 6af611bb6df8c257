// `xcom mqtt` as users run it: the built executable against the simulator (UDP) and mosquitto,
// stopped by SIGTERM and Ctrl+C, killed (the broker then publishes the last will), and waiting
// out a broker that is not there.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/simulator/free-port.js';
import { type SimFixture, simFixture, xcom, type XcomRun } from '../cli/harness.js';
import { type Broker, haveBroker, retained, startBroker } from './mosquitto.js';

const describeBroker = haveBroker ? describe : describe.skip;

/** Resolves once `check` passes (polled), or rejects after `timeoutMs` with what it last threw. */
async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describeBroker('xcom mqtt', () => {
  let broker: Broker;
  let fixture: SimFixture | undefined;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    broker = await startBroker();
    dir = mkdtempSync(join(tmpdir(), 'xcom-mqtt-cli-'));
    config = join(dir, 'bridge.json');
    writeFileSync(config, JSON.stringify({ interval: 0.2, datapoints: [{ datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', devices: ['XT1'], writable: true }] }));
  });
  afterAll(async () => {
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  /** Runs `xcom mqtt` until `during` has run, then sends it `signal`. */
  async function runUntil(args: readonly string[], during: (child: ChildProcess) => Promise<void>, signal: NodeJS.Signals): Promise<XcomRun> {
    let failure: unknown;
    const run = await xcom(['mqtt', ...args], {
      onSpawn: (child) => {
        during(child)
          .catch((error: unknown) => (failure = error))
          .finally(() => child.kill(signal));
      },
    });
    if (failure !== undefined) throw Object.assign(failure as Error, { message: `${(failure as Error).message}\nstderr: ${run.stderr}` });
    return run;
  }

  it('publishes the installation, and on SIGTERM publishes offline and exits with 143', async () => {
    fixture = await simFixture();
    const topics = ['c1/cli/#'];
    const run = await runUntil(
      ['--url', fixture.url, '--broker', broker.url, '--base', 'c1', '--site', 'cli', '--config', config, '--discovery-prefix', 'hacli'],
      () =>
        eventually(async () => {
          const all = await retained(broker.url, topics);
          expect(all.get('c1/cli/status')).toBe('online');
          expect(all.get('c1/cli/XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS')).toMatch(/^\d+(\.\d+)?$/);
          expect(all.get('c1/cli/XT1/status')).toBe('online');
        }),
      'SIGTERM',
    );
    expect(run.code).toBe(143);
    expect(run.stderr).toMatch(/connected to the broker at mqtt:\/\/127\.0\.0\.1:\d+, publishing under c1\/cli/);
    const all = await retained(broker.url, ['c1/cli/status', 'hacli/#']);
    expect(all.get('c1/cli/status')).toBe('offline');
    expect([...all.keys()].filter((t) => t.startsWith('hacli/')).length).toBeGreaterThan(20);
  });

  it('leaves offline behind as its last will when it is killed', async () => {
    fixture = await simFixture();
    const run = await runUntil(
      ['--url', fixture.url, '--broker', broker.url, '--base', 'c2', '--site', 'cli', '--config', config, '--no-discovery'],
      () => eventually(async () => expect((await retained(broker.url, ['c2/cli/status'])).get('c2/cli/status')).toBe('online')),
      'SIGKILL',
    );
    expect(run.signal).toBe('SIGKILL');
    await eventually(async () => expect((await retained(broker.url, ['c2/cli/status'])).get('c2/cli/status')).toBe('offline'), 5000);
    // --no-discovery: nothing under homeassistant/ from this bridge.
    expect([...(await retained(broker.url, ['homeassistant/+/xcom_cli/#'])).keys()]).toEqual([]);
  });

  it('waits for a broker that is not there, says so, and ends on Ctrl+C with 130', async () => {
    fixture = await simFixture();
    const port = await freePort('127.0.0.1');
    let stderr = '';
    const run = await xcom(['mqtt', '--url', fixture.url, '--broker', `mqtt://127.0.0.1:${port}`, '--site', 'nobroker', '--config', config], {
      onSpawn: (child) => {
        child.stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          if ((stderr.match(/waiting for the broker/g) ?? []).length >= 2) child.kill('SIGINT');
        });
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/waiting for the broker at mqtt:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED[^)]*\); next attempt in/);
  });

  it('runs in process too: credentials from the environment, --json, stopped by SIGTERM', async () => {
    fixture = await simFixture();
    const { runCli } = await import('../../src/cli/run.js');
    const err: string[] = [];
    let stop: ((reason: 'SIGTERM') => void) | undefined;
    const code = runCli(['mqtt', '--url', fixture.url, '--broker', broker.url, '--base', 'c3', '--site', 'cli', '--config', config, '--json', '--pacing', '2s/500ms'], {
      out: () => undefined,
      err: (line) => err.push(line),
      onStop: (listener) => {
        stop = listener;
        return () => undefined;
      },
      env: { XCOM_MQTT_USERNAME: 'xcom', XCOM_MQTT_PASSWORD: 'any' },
    });
    await eventually(async () => {
      const all = await retained(broker.url, ['c3/cli/#']);
      expect(JSON.parse(all.get('c3/cli/XT1') ?? '{}')).toMatchObject({ XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS: expect.any(Number) });
    });
    stop?.('SIGTERM');
    expect(await code).toBe(143);
    expect((await retained(broker.url, ['c3/cli/status'])).get('c3/cli/status')).toBe('offline');
    expect(err.join('\n')).toMatch(/xcom mqtt: connected to the broker/);
  });

  it('refuses a missing broker or a bad option before it starts', async () => {
    const noBroker = await xcom(['mqtt', '--url', 'udp://127.0.0.1:9?localPort=9', '--site', 'x']);
    expect(noBroker.code).toBe(2);
    expect(noBroker.stderr).toMatch(/no broker/);
    const pacing = await xcom(['mqtt', '--url', 'udp://127.0.0.1:9', '--broker', broker.url, '--pacing', 'often']);
    expect(pacing.code).toBe(2);
    expect(pacing.stderr).toMatch(/--pacing must be BURST\/PAUSE/);
    const rediscover = await xcom(['mqtt', '--url', 'udp://127.0.0.1:9', '--broker', broker.url, '--rediscover', 'hourly']);
    expect(rediscover.code).toBe(2);
    expect(rediscover.stderr).toMatch(/--rediscover must be off or a duration from 1m to 168h/);
    const ca = await xcom(['mqtt', '--url', 'udp://127.0.0.1:9', '--broker', broker.url, '--ca', join(dir, 'missing.pem')]);
    expect(ca.code).toBe(2);
    expect(ca.stderr).toMatch(/--ca: cannot read/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ mqtt: { sit: 'x' } }));
    const section = await xcom(['mqtt', '--url', 'udp://127.0.0.1:9', '--broker', broker.url, '--config', join(dir, 'bad.json')]);
    expect(section.code).toBe(2);
    expect(section.stderr).toMatch(/mqtt: unknown key "sit" \(did you mean "site"\?\)/);
  });
});
