// xcom messages against the simulator: the log newest first with texts, an empty log, --json,
// and --follow until Ctrl+C.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageTime } from '../../src/cli/messages.js';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture();
});
afterAll(() => fx.close());

/** 2025-06-15 15:13:20 on the installation's clock. */
const TS = 1_750_000_400;
const env = (): Record<string, string> => ({ XCOM_URL: fx.url });

describe('xcom messages', () => {
  it('an empty log prints nothing and exits 0', async () => {
    const run = await xcom(['messages'], { env: env() });
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect((await xcom(['messages', '--json'], { env: env() })).lines).toEqual(['[]']);
  });

  it('prints the log newest first, with source, number and text', async () => {
    for (const [i, type] of [16, 0, 20].entries()) fx.sim.installation.raiseEvent({ type, srcAddr: 101 + i, timestamp: TS + i });
    const run = await xcom(['messages'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([
      'TIME                 SOURCE  NR  MESSAGE',
      '2025-06-15 15:13:22  XT3     20  Halted (020): Battery overvoltage',
      expect.stringMatching(/^2025-06-15 15:13:21  XT2      0  .*Battery low/i),
      expect.stringMatching(/^2025-06-15 15:13:20  XT1     16  .*Fan error detected/),
    ]);
    expect(fx.sim.installation.messages.messagePending).toBe(false);
  });

  it('--limit, --verb 0 and --json', async () => {
    const two = await xcom(['messages', '--limit', '2', '--verb', '0'], { env: env() });
    expect(two.lines).toEqual(['2025-06-15 15:13:22\tXT3\t20\tHalted (020): Battery overvoltage', expect.stringMatching(/^2025-06-15 15:13:21\tXT2\t0\t/)]);
    const json = await xcom(['messages', '--limit', '1', '--json'], { env: env() });
    expect(JSON.parse(json.stdout)).toEqual([
      { time: '2025-06-15 15:13:22', timestamp: TS + 2, source: 'XT3', srcAddr: 103, number: 20, text: 'Halted (020): Battery overvoltage', value: 0 },
    ]);
  });

  it('refuses a bad --limit or --every', async () => {
    for (const args of [['--limit', '0'], ['--limit', 'x'], ['--follow', '--every', '5ms'], ['--every', 'soon']]) {
      const run = await xcom(['messages', ...args], { env: env() });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/--limit must be an integer|--every must be/);
    }
  });

  it('the time is the installation clock as it reads, without a zone', () => {
    expect(messageTime(0)).toBe('1970-01-01 00:00:00');
  });

  it('--follow prints the backlog oldest first, then each new message once, until Ctrl+C (130)', async () => {
    let raised = false;
    const run = await xcom(['messages', '--follow', '--limit', '2', '--every', '20ms', '--verb', '1'], {
      env: env(),
      onSpawn: (child, stdout) => {
        child.stdout?.on('data', () => {
          const lines = stdout().split('\n').filter((l) => l !== '');
          if (lines.length >= 2 && !raised) {
            raised = true;
            // A burst: three messages at once, each printed once.
            for (const [i, type] of [22, 23, 24].entries()) fx.sim.installation.raiseEvent({ type, srcAddr: 101, timestamp: TS + 10 + i });
          }
          if (lines.length >= 5 && child.exitCode === null) child.kill('SIGINT');
        });
      },
    });
    expect(run).toMatchObject({ code: 130, signal: null, stderr: '' });
    expect(run.lines.map((l) => l.slice(0, 31).trimEnd())).toEqual([
      '2025-06-15 15:13:21  XT2      0',
      '2025-06-15 15:13:22  XT3     20',
      '2025-06-15 15:13:30  XT1     22',
      '2025-06-15 15:13:31  XT1     23',
      '2025-06-15 15:13:32  XT1     24',
    ]);
  });

  it('--follow in process (what coverage sees): the backlog, a new message, then stopped (130)', async () => {
    const { runCli } = await import('../../src/cli/run.js');
    const out: string[] = [];
    let stop: ((reason: 'SIGINT') => void) | undefined;
    const code = runCli(['messages', '--follow', '--limit', '1', '--every', '20ms', '--verb', '1'], {
      out: (line) => out.push(line),
      err: () => undefined,
      onStop: (listener) => {
        stop = listener;
        return () => undefined;
      },
      env: env(),
    });
    for (let i = 0; i < 400 && out.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
    fx.sim.installation.raiseEvent({ type: 25, srcAddr: 103, timestamp: TS + 120 });
    const mine = (): string[] => out.filter((l) => l.startsWith('2025-06-15 15:15:20'));
    for (let i = 0; i < 400 && mine().length < 1; i++) await new Promise((r) => setTimeout(r, 10));
    stop?.('SIGINT');
    expect(await code).toBe(130);
    expect(out[0]?.slice(0, 31).trimEnd()).toBe('2025-06-15 15:13:32  XT1     24');
    expect(mine().map((l) => l.slice(0, 31).trimEnd())).toEqual(['2025-06-15 15:15:20  XT3     25']);
  });

  it('--follow --json --limit 0: no backlog, a JSON line per new message', async () => {
    let raised = false;
    fx.sim.requests.clear();
    const run = await xcom(['messages', '-f', '--json', '--limit', '0', '--every', '20ms'], {
      env: env(),
      onSpawn: (child, stdout) => {
        // The first check, which takes the watch's bearings, has been answered: raise one.
        const timer = setInterval(() => {
          if (!raised && fx.sim.requests.list().some((r) => r.objectType === 3)) {
            raised = true;
            fx.sim.installation.raiseEvent({ type: 33, srcAddr: 102, timestamp: TS + 60 });
          }
          if (stdout().includes('\n') && child.exitCode === null) {
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 10);
      },
    });
    expect(run).toMatchObject({ code: 130, stderr: '' });
    expect(run.lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ time: '2025-06-15 15:14:20', source: 'XT2', srcAddr: 102, number: 33, timestamp: TS + 60 }),
    ]);
  });
});
