// xcom as a Unix tool, through real processes: a closed pipe ends it quietly (exit 141), and
// Ctrl+C ends every command with 130, SIGTERM with 143, without a line on stderr.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBounded } from '../child-processes.js';
import { type PtyPair, ptyPair, WITHOUT_SOCAT } from '../transport/socat.js';
import { CLI, freeUdpPort, type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture();
});
afterAll(() => fx.close());

interface ShellRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a POSIX shell pipeline, `$XCOM` standing for `node dist/cli.js`. */
function shell(script: string): Promise<ShellRun> {
  // The pipeline is killed whole (sh, xcom, head) at the deadline or the test's end.
  const env = { ...process.env, XCOM: `"${process.execPath}" "${CLI}"`, XCOM_URL: '' };
  const child = spawnBounded('sh', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'], deadlineMs: 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a closed pipe', () => {
  it('xcom find battery | head -1: one line, nothing on stderr, status 0', async () => {
    const run = await shell(`eval "$XCOM find battery" | head -1`);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^ID\s+NAME\s+KIND[^\n]*\n$/);
  });

  it('the reader gone before the first line: xcom exits 141 (128 + SIGPIPE), silently', async () => {
    // `true` reads nothing and exits at once: every write of xcom meets a closed pipe.
    const run = await shell(`{ eval "$XCOM find battery"; echo "xcom exit $?" >&2; } | true`);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: 'xcom exit 141\n' });
  });

  it('xcom watch … | head -2 stops the watch at the next line, silently', async () => {
    // Without --count the watch only ends when something stops it: here the closed pipe.
    const run = await shell(`{ eval "$XCOM watch 3000 --every 10ms --verb 0 --url '${fx.url}'"; echo "xcom exit $?" >&2; } | head -2`);
    expect(run).toMatchObject({ code: 0, stderr: 'xcom exit 141\n' });
    expect(run.stdout.split('\n')).toEqual([expect.stringMatching(/^\d+(\.\d+)?$/), expect.stringMatching(/^\d+(\.\d+)?$/), '']);
  });
});

/** Sends `signal` to the child once `ready` matches what it printed so far on stdout or stderr. */
function signalWhen(ready: RegExp, signal: NodeJS.Signals = 'SIGINT'): (child: ChildProcess) => void {
  return (child) => {
    let seen = '';
    const look = (chunk: string | Buffer): void => {
      seen += chunk.toString();
      if (ready.test(seen) && child.exitCode === null && child.signalCode === null) {
        ready = /(?!)/; // once
        child.kill(signal);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
  };
}

describe('Ctrl+C', () => {
  // An Xcom-LAN that never answers: each command waits for its reply when it is interrupted.
  let silent: string;
  beforeAll(async () => {
    silent = `udp://127.0.0.1:${await freeUdpPort()}?localPort=${await freeUdpPort()}`;
  });

  const waiting: [string, () => string[]][] = [
    ['get', () => ['get', '3000']],
    ['set', () => ['set', '1138', '25']],
    ['read_property', () => ['read_property', '101', '1', '3000', '1', 'float']],
    ['write_property', () => ['write_property', '100', '2', '1138', '13', 'float', '25']],
    ['watch', () => ['watch', '3000', '--every', '1s']],
  ];
  for (const [name, args] of waiting) {
    it(`ends xcom ${name} waiting for a reply with exit code 130, and no error line`, async () => {
      // --verb 3 prints the frame when it is sent: the command is waiting from then on.
      const run = await xcom([...args(), '--url', silent, '--timeout', '20s', '--verb', '3'], { onSpawn: signalWhen(/^> /m) });
      expect(run).toMatchObject({ code: 130, signal: null, stdout: '' });
      expect(run.stderr).toMatch(/^(> [0-9a-f ]+\n)+$/);
    });
  }

  it('ends xcom simulate with 130, after it says how many requests it served', async () => {
    const clientPort = await freeUdpPort();
    const run = await xcom(['simulate', '--udp', '0', '--client-port', String(clientPort)], { onSpawn: signalWhen(/Press Ctrl\+C/) });
    // Its one stderr line is the counters it prints at exit.
    expect(run).toMatchObject({ code: 130, signal: null, stderr: expect.stringMatching(/^stats \{.*\}\n$/) });
    expect(run.lines.at(-1)).toBe('Stopped after 0 request(s).');
  });

  it('SIGTERM ends xcom simulate with 143', async () => {
    const clientPort = await freeUdpPort();
    const run = await xcom(['simulate', '--udp', '0', '--client-port', String(clientPort)], { onSpawn: signalWhen(/Press Ctrl\+C/, 'SIGTERM') });
    expect(run).toMatchObject({ code: 143, signal: null, stderr: expect.stringMatching(/^stats \{.*\}\n$/) });
  });

  describe.skipIf(WITHOUT_SOCAT)('on a serial port', () => {
    let dead: PtyPair;
    beforeAll(async () => {
      dead = await ptyPair();
    });
    afterAll(() => dead?.kill());

    it('ends xcom test with 130 rather than trying the next setting', async () => {
      const run = await xcom(['test', '--candidates', dead.a, '--timeout', '20s', '--verb', '3'], { onSpawn: signalWhen(/^> /m) });
      expect(run).toMatchObject({ code: 130, signal: null });
      expect(run.lines).toEqual([`trying ${dead.a} at 38400 baud, parity even`]);
    });
  });
});
