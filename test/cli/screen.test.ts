// xcom screen against the simulator: the display as text, --key, a PNG with -o read back by
// pngjs, --json, the run-length form, a gateway without the screen, and the usage errors.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { halfBlockLines } from '../../src/cli/screen-text.js';
import { simulatePlan } from '../../src/cli/simulate.js';
import { RccScreen } from '../../src/protocol/rcc-screen.js';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
let dir: string;
beforeAll(async () => {
  fx = await simFixture();
  dir = await mkdtemp(join(tmpdir(), 'xcom-screen-'));
});
afterAll(async () => {
  await fx.close();
  await rm(dir, { recursive: true, force: true });
});

const env = (f: SimFixture = fx): Record<string, string> => ({ XCOM_URL: f.url });
const shown = (f: SimFixture = fx): string[] => halfBlockLines(new RccScreen(f.sim.installation.display.bitmap(), 'raw'));

describe('xcom screen', () => {
  it('prints the display in half blocks, 128 × 32 characters', async () => {
    const run = await xcom(['screen'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(32);
    expect(run.lines.every((line) => [...line].length === 128)).toBe(true);
    expect(run.lines).toEqual(shown());
  });

  it('--key presses a key first', async () => {
    const run = await xcom(['screen', '--key', 'down'], { env: env() });
    expect(run.code).toBe(0);
    expect(fx.sim.installation.display.state.page).toBe('battery');
    expect(run.lines).toEqual(shown());
    expect(fx.sim.requests.last()?.objectId).toBe(0x10);
    await xcom(['screen', '--key', 'ESC'], { env: env() });
    expect(fx.sim.installation.display.state.page).toBe('home');
  });

  it('-o writes a PNG of the display (pixel for pixel, scaled), and says so', async () => {
    const file = join(dir, 'rcc.png');
    const run = await xcom(['screen', '--key', 'up', '-o', file, '--scale', '2'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([`${file}: 256 × 128 PNG of the RCC display (raw reply)`]);
    const image = PNG.sync.read(await readFile(file));
    expect([image.width, image.height]).toEqual([256, 128]);
    const rows = fx.sim.installation.display.bitmap();
    const wrong: string[] = [];
    for (let y = 0; y < 128; y++) {
      for (let x = 0; x < 256; x++) {
        const on = ((rows[(y >> 1) * 16 + (x >> 4)] as number) & (0x80 >> ((x >> 1) & 7))) !== 0;
        if ((image.data[(y * 256 + x) * 4] === 0) !== on) wrong.push(`${x},${y}`);
      }
    }
    expect(wrong).toEqual([]);
    const quiet = await xcom(['screen', '-o', join(dir, 'quiet.png'), '--verb', '0'], { env: env() });
    expect(quiet).toMatchObject({ code: 0, stdout: '' });
  });

  it('--json gives the packed rows in hex, top row first', async () => {
    const run = await xcom(['screen', '--json'], { env: env() });
    const json = JSON.parse(run.stdout) as { key: string; encoding: string; width: number; height: number; rows: string };
    expect(json).toMatchObject({ key: 'none', encoding: 'raw', width: 128, height: 64 });
    expect(json.rows).toBe(Buffer.from(fx.sim.installation.display.bitmap()).toString('hex'));
  });

  it('reads the run-length form, and fails with the device error where the gateway has no screen', async () => {
    const rle = await simFixture({ screen: 'rle' });
    try {
      const run = await xcom(['screen', '--json'], { env: env(rle) });
      expect(JSON.parse(run.stdout)).toMatchObject({ encoding: 'rle', rows: Buffer.from(rle.sim.installation.display.bitmap()).toString('hex') });
    } finally {
      await rle.close();
    }
    const none = await simFixture({ screen: false });
    try {
      const run = await xcom(['screen'], { env: env(none) });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/SCOM_ERROR_OBJECT_NOT_SUPPORTED/);
    } finally {
      await none.close();
    }
  });

  it('refuses a bad command line before anything is sent', async () => {
    const before = fx.sim.requests.size;
    const cases: Array<[string[], RegExp]> = [
      [['--key', 'enter'], /--key must be one of none, down, esc, set, up, got "enter"/],
      [['--scale', '2'], /--scale sizes the PNG of -o/],
      [['-o', join(dir, 'x.png'), '--scale', '17'], /--scale must be an integer from 1 to 16/],
      [['--every', '1s'], /--every is the period of --live/],
      [['--live', '--every', '10ms'], /--every must be at least 100ms/],
      [['--live', '--json'], /--live draws in the terminal/],
      [['--live'], /--live needs a terminal/],
      [['up'], /screen takes options only/],
    ];
    for (const [args, message] of cases) {
      const run = await xcom(['screen', ...args], { env: env() });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    expect(fx.sim.requests.size).toBe(before);
  });

  it('says when the file cannot be written', async () => {
    const run = await xcom(['screen', '-o', join(dir, 'missing', 'rcc.png')], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot write .*missing\/rcc\.png/);
  });
});

describe('xcom simulate --screen', () => {
  it('chooses how the simulated gateway sends the screen', () => {
    expect(simulatePlan(['--screen', 'rle']).options).toMatchObject({ screen: 'rle' });
    expect(simulatePlan(['--screen', 'none']).options).toMatchObject({ screen: false });
    expect(simulatePlan([]).options).not.toHaveProperty('screen');
    expect(() => simulatePlan(['--screen', 'png'])).toThrow(UsageError);
  });
});
