// xcom screen --live as users run it: the built executable in a real terminal (tmux, its
// window size set), driven by keys sent to the pane, the drawn display read back from the
// pane pixel by pixel and compared with the simulator's. Skipped only where tmux is missing
// outside CI (.ci/run installs Debian's tmux).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type SimFixture, simFixture } from './harness.js';

const run = promisify(execFile);
const TMUX_AVAILABLE = spawnSync('tmux', ['-V'], { timeout: 10_000 }).error === undefined;
const WITHOUT_TMUX = !TMUX_AVAILABLE && process.env['CI'] !== 'true';
const SESSION = 'rcc';
const tmuxEnv = { ...process.env, TERM: 'xterm-256color' };
/**
 * The server's socket, in a folder of the test's own (-S): no other tmux server is touched,
 * and removing the folder removes the socket, which a killed server leaves behind.
 */
let socketDir = '';

async function tmux(...args: string[]): Promise<string> {
  // A tmux command answers at once; one that hangs is killed.
  const { stdout } = await run('tmux', ['-S', join(socketDir, 'tmux.sock'), ...args], { env: tmuxEnv, timeout: 10_000, killSignal: 'SIGKILL' });
  return stdout;
}

const capture = async (): Promise<string[]> => (await tmux('capture-pane', '-p', '-t', SESSION)).split('\n');

/** Polls the pane until `check` passes (it throws until then), for at most 10 s. */
async function until<T>(check: (lines: string[]) => T): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = await capture();
    try {
      return check(lines);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const HALF = new Map([[' ', [false, false]], ['▀', [true, false]], ['▄', [false, true]], ['█', [true, true]]]);

/** The 128 × 64 pixels drawn in half blocks on the pane's first 32 lines, as "0"/"1" rows. */
function halfBlockPixels(lines: string[]): string[] {
  const rows: string[] = [];
  for (const line of lines.slice(0, 32)) {
    const chars = [...line.padEnd(128)];
    const pairs = chars.slice(0, 128).map((c) => HALF.get(c) ?? [true, true, true]);
    if (pairs.some((p) => p.length !== 2)) throw new Error(`not a half-block line: ${line}`);
    rows.push(pairs.map((p) => (p[0] ? '1' : '0')).join(''), pairs.map((p) => (p[1] ? '1' : '0')).join(''));
  }
  return rows;
}

/** The pixels drawn in Braille dots on the pane's first 16 lines. */
function braillePixels(lines: string[]): string[] {
  const rows = Array.from({ length: 64 }, () => '');
  const dots = [
    [0x01, 0x08],
    [0x02, 0x10],
    [0x04, 0x20],
    [0x40, 0x80],
  ];
  lines.slice(0, 16).forEach((line, cell) => {
    for (const char of [...line.padEnd(64, '\u2800')].slice(0, 64)) {
      const bits = (char.codePointAt(0) ?? 0) - 0x2800;
      if (bits < 0 || bits > 0xff) throw new Error(`not a Braille line: ${line}`);
      for (let j = 0; j < 4; j++) for (let i = 0; i < 2; i++) rows[cell * 4 + j] += bits & (dots[j]?.[i] ?? 0) ? '1' : '0';
    }
  });
  return rows;
}

function simPixels(fx: SimFixture): string[] {
  const bitmap = fx.sim.installation.display.bitmap();
  return Array.from({ length: 64 }, (_, y) =>
    Array.from({ length: 128 }, (_, x) => (((bitmap[y * 16 + (x >> 3)] as number) & (0x80 >> (x & 7))) !== 0 ? '1' : '0')).join(''),
  );
}

describe.skipIf(WITHOUT_TMUX)('xcom screen --live in tmux', () => {
  let fx: SimFixture;
  beforeAll(async () => {
    socketDir = await mkdtemp(join(tmpdir(), 'xcom-tmux-'));
    fx = await simFixture();
    // The server ends with its one session, the session with the pane's command: xcom is
    // killed after two minutes (--foreground: it keeps the terminal's keys), so a test process
    // that died before its afterAll leaves no tmux behind for long.
    const command = `XCOM_URL='${fx.url}' timeout --foreground -s KILL 120 '${process.execPath}' '${CLI}' screen --live --every 300ms; echo "EXIT=$?"; sleep 60`;
    await tmux('-u', 'new-session', '-d', '-s', SESSION, '-x', '140', '-y', '40', command);
  });
  afterAll(async () => {
    try {
      if (socketDir !== '') await tmux('kill-server').catch(() => undefined);
      await fx?.close();
    } finally {
      if (socketDir !== '') await rm(socketDir, { recursive: true, force: true });
    }
  });

  it('draws the display, follows the keys, shrinks to Braille, and restores the terminal on q', async () => {
    const display = fx.sim.installation.display;
    const home = await until((lines) => {
      expect(halfBlockPixels(lines)).toEqual(simPixels(fx));
      expect(lines[32]).toMatch(/^RCC \d\d:\d\d:\d\d  ↑ ↓ Esc Enter: keys  q: quit/);
      return halfBlockPixels(lines);
    });

    await tmux('send-keys', '-t', SESSION, 'Down');
    await until(() => expect(display.state.page).toBe('battery'));
    const battery = await until((lines) => {
      expect(halfBlockPixels(lines)).toEqual(simPixels(fx));
      return halfBlockPixels(lines);
    });
    expect(battery).not.toEqual(home);

    await tmux('send-keys', '-t', SESSION, 'Enter');
    await until(() => expect(display.state).toMatchObject({ page: 'battery', list: true }));
    await tmux('send-keys', '-t', SESSION, 'Escape');
    await until(() => expect(display.state).toMatchObject({ page: 'battery', list: false }));
    await tmux('send-keys', '-t', SESSION, 'Up');
    await until(() => expect(display.state.page).toBe('home'));
    await until((lines) => expect(halfBlockPixels(lines)).toEqual(simPixels(fx)));

    await tmux('resize-window', '-t', SESSION, '-x', '80', '-y', '24');
    await until((lines) => expect(braillePixels(lines)).toEqual(simPixels(fx)));

    await tmux('send-keys', '-t', SESSION, 'q');
    await until((lines) => expect(lines.join('\n')).toMatch(/EXIT=0/));
    // The alternate screen is gone: nothing of the display is left on the shell's screen.
    expect((await capture()).filter((line) => /[█▀▄\u2801-\u28ff]/.test(line))).toEqual([]);
  });
});
