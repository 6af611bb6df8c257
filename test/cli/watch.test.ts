// xcom watch through the built executable (--count, --json, Ctrl+C), and its loop in process
// with an injected clock: no test here depends on how long anything takes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWatchLoop } from '../../src/cli/watch-loop.js';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture();
});
afterAll(() => fx.close());

describe('xcom watch', () => {
  it('prints a header and a line per cycle, --count cycles', async () => {
    const run = await xcom(['watch', '3000', 'BATT_SOC', '1311', '--every', '10ms', '--count', '3', '--url', fx.url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(4);
    expect(run.lines[0]).toMatch(/^TIME\s+XT_BATTERY_VOLTAGE\s+BSP_STATE_OF_CHARGE_MINUTE_AVG\s+XT_OPERATING_MODE_AUX_2$/);
    for (const line of run.lines.slice(1)) expect(line).toMatch(/^\d\d:\d\d:\d\d\s+[\d.]+ V\s+[\d.]+ %\s+1 \(Automatic\)$/);
  });

  it('prints JSON lines with --json', async () => {
    const run = await xcom(['watch', '3000', '7000', '--every', '10ms', '--count', '2', '--json', '--url', fx.url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(2);
    for (const line of run.lines) {
      const cycle = JSON.parse(line) as { time: string; values: { id: number; unit: string; value: number }[] };
      expect(Number.isNaN(Date.parse(cycle.time))).toBe(false);
      expect(cycle.values.map((v) => [v.id, v.unit, typeof v.value])).toEqual([
        [3000, 'V', 'number'],
        [7000, 'V', 'number'],
      ]);
    }
  });

  it('prints bare values at --verb 0', async () => {
    const run = await xcom(['watch', '1311', '1125', '--every', '10ms', '--count', '2', '--verb', '0', '--url', fx.url]);
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['1\t1', '1\t1'] });
  });

  it('runs until Ctrl+C, then exits 130', async () => {
    const run = await xcom(['watch', '3000', '--every', '20ms', '--url', fx.url], {
      onSpawn: (child, stdout) => {
        child.stdout?.on('data', () => {
          if (stdout().split('\n').length > 3 && child.exitCode === null) child.kill('SIGINT');
        });
      },
    });
    expect(run).toMatchObject({ code: 130, signal: null, stderr: '' });
    expect(run.lines.length).toBeGreaterThanOrEqual(3);
  });

  it('reports a failed cycle after the first on stderr and goes on', async () => {
    const faults = fx.sim.endpoint('udp').faults;
    faults.next([]); // the first cycle's reply goes out clean
    faults.next('drop', 3); // the second cycle's three attempts are lost
    const run = await xcom(['watch', '3000', '--every', '10ms', '--count', '3', '--timeout', '100ms', '--json', '--url', fx.url]);
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(2);
    expect(run.stderr).toMatch(/^xcom watch: \d\d:\d\d:\d\d no answer from address 101 .*\(3 attempts\)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('fails like get when the first cycle fails', async () => {
    const run = await xcom(['watch', '3000', '--addr', '109', '--count', '5', '--url', fx.url]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^xcom watch: the device refused: DEVICE_NOT_FOUND/);
  });

  it('refuses a bad --every or --count', async () => {
    for (const args of [['--every', 'often'], ['--every', '0'], ['--count', '0']]) {
      const run = await xcom(['watch', '3000', ...args, '--url', fx.url]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--every must be a duration|--count must be an integer/);
    }
  });
});

describe('the watch loop (injected clock)', () => {
  function fakeTime(cycleMs: number) {
    let now = 1000;
    const sleeps: number[] = [];
    const starts: number[] = [];
    return {
      sleeps,
      starts,
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      cycle: async (_index: number, at: number) => {
        starts.push(at);
        now += cycleMs;
      },
    };
  }

  it('keeps the period start to start and stops after --count cycles', async () => {
    const t = fakeTime(300);
    const cycles = await runWatchLoop({ everyMs: 2000, count: 4, signal: new AbortController().signal, ...t });
    expect(cycles).toBe(4);
    expect(t.sleeps).toEqual([1700, 1700, 1700]);
    expect(t.starts).toEqual([1000, 3000, 5000, 7000]);
  });

  it('starts the next cycle at once after a cycle longer than the period', async () => {
    const t = fakeTime(2500);
    await runWatchLoop({ everyMs: 2000, count: 3, signal: new AbortController().signal, ...t });
    expect(t.sleeps).toEqual([0, 0]);
  });

  it('stops when the signal aborts, during a cycle or during a sleep', async () => {
    const stop = new AbortController();
    const t = fakeTime(10);
    const cycles = await runWatchLoop({
      everyMs: 100,
      count: undefined,
      signal: stop.signal,
      now: t.now,
      sleep: async (ms) => {
        await t.sleep(ms);
        if (t.sleeps.length === 3) stop.abort();
      },
      cycle: t.cycle,
    });
    expect(cycles).toBe(3);

    const early = new AbortController();
    const during = await runWatchLoop({
      everyMs: 100,
      count: undefined,
      signal: early.signal,
      now: t.now,
      sleep: () => Promise.reject(new Error('no sleep after an abort')),
      cycle: async () => early.abort(),
    });
    expect(during).toBe(1);
  });
});
