// xcom datalog against the simulator's SD card: list, get (named, --all, --since), the skip of
// complete copies (today's always fetched again), files written whole under their name, the
// progress on stderr, Ctrl+C, and the usage errors caught before anything is sent.
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/datalog.js';
import { isFinalCopy, newestOf, selectNames } from '../../src/cli/datalog-files.js';
import { runCli } from '../../src/cli/run.js';
import { SD_START } from '../../src/protocol/index.js';
import { type SimFixture, simFixture, T0, xcom } from './harness.js';

let fx: SimFixture;
let dir: string;
beforeAll(async () => {
  fx = await simFixture({ xtenders: 1, variotracks: 1, variostrings: 0, sdCard: { days: 3 } });
});
afterAll(() => fx.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xcom-datalog-'));
  fx.sim.requests.clear();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const env = (): Record<string, string> => ({ XCOM_URL: fx.url });
const NAMES = ['LG250619.CSV', 'LG250620.CSV', 'LG250621.CSV'];
const onCard = (name: string): Buffer => Buffer.from(fx.sim.installation.sdCard?.read(name) ?? new Uint8Array(0));
const fileStarts = (): string[] =>
  fx.sim.requests
    .list()
    .filter((r) => r.objectType === 0x0101 && r.objectId === 2 && r.propertyId === SD_START && r.outcome === 'ok')
    .map((r) => Buffer.from(r.propertyData).toString().trim());

describe('xcom datalog list', () => {
  it('prints the names, oldest first; --json an array', async () => {
    const run = await xcom(['datalog', 'list'], { env: env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual(NAMES);
    expect(JSON.parse((await xcom(['datalog', 'list', '--json'], { env: env() })).stdout)).toEqual(NAMES);
  });
});

describe('xcom datalog get', () => {
  it('--all writes every file, byte-identical, under its own name and nothing else', async () => {
    const before = Date.now();
    const run = await xcom(['datalog', 'get', '--all', '-o', dir], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toEqual(NAMES.map((name) => `${name}  ${onCard(name).length} bytes  ${join(dir, name)}`));
    expect((await readdir(dir)).sort()).toEqual(NAMES);
    for (const name of NAMES) expect((await readFile(join(dir, name))).equals(onCard(name)), name).toBe(true);
    // Not a terminal: a plain line per file on stderr.
    expect(run.stderr.split('\n').filter(Boolean)).toEqual(NAMES.map((name, i) => `${name}: downloading (${i + 1}/3)`));
    // Each file's time is when its download began.
    const mtime = (await stat(join(dir, 'LG250621.CSV'))).mtimeMs;
    expect(mtime).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(mtime).toBeLessThanOrEqual(Date.now());
  });

  it('again: complete copies are skipped, today’s file is always fetched again', async () => {
    expect((await xcom(['datalog', 'get', '--all', '-o', dir], { env: env() })).code).toBe(0);
    // Today's copy is stale (same size, other bytes): it is fetched again all the same.
    const today = join(dir, 'LG250621.CSV');
    const stale = Buffer.alloc(onCard('LG250621.CSV').length, 0x20);
    await writeFile(today, stale);
    fx.sim.requests.clear();
    const run = await xcom(['datalog', 'get', '--all', '-o', dir, '--json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(fileStarts()).toEqual(['LG250621.CSV']);
    expect((await readFile(today)).equals(onCard('LG250621.CSV'))).toBe(true);
    expect(JSON.parse(run.stdout)).toEqual([
      { name: 'LG250619.CSV', date: '2025-06-19', path: join(dir, 'LG250619.CSV'), bytes: null, skipped: true, restarts: 0 },
      { name: 'LG250620.CSV', date: '2025-06-20', path: join(dir, 'LG250620.CSV'), bytes: null, skipped: true, restarts: 0 },
      { name: 'LG250621.CSV', date: '2025-06-21', path: today, bytes: onCard('LG250621.CSV').length, skipped: false, restarts: 0 },
    ]);
  });

  it("a copy fetched before its day was over on the gateway's clock is fetched again", async () => {
    await writeFile(join(dir, 'LG250620.CSV'), 'half a day');
    // Fetched at 2025-06-20 23:00 on the gateway's clock (the simulator's stands at T0).
    const then = new Date(Date.now() - (T0 - Date.UTC(2025, 5, 20, 23)));
    await utimes(join(dir, 'LG250620.CSV'), then, then);
    await writeFile(join(dir, 'LG250619.CSV'), 'whole, as far as can be told');
    const run = await xcom(['datalog', 'get', 'LG250619.CSV', 'lg250620.csv', '-o', dir, '--verb', '0'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(fileStarts()).toEqual(['LG250620.CSV']);
    expect(run.lines).toEqual([join(dir, 'LG250619.CSV'), join(dir, 'LG250620.CSV')]);
    expect((await readFile(join(dir, 'LG250620.CSV'))).equals(onCard('LG250620.CSV'))).toBe(true);
  });

  it('--since picks the days from its date on; a name not on the card fails with exit 1 after the others', async () => {
    const since = await xcom(['datalog', 'get', '--since', '2025-06-20', '-o', join(dir, 'new', 'sub')], { env: env() });
    expect(since.code, since.stderr).toBe(0);
    expect((await readdir(join(dir, 'new', 'sub'))).sort()).toEqual(['LG250620.CSV', 'LG250621.CSV']);
    const missing = await xcom(['datalog', 'get', 'LG200101.CSV', 'LG250619.CSV', '-o', dir], { env: env() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/xcom datalog: not on the SD card: LG200101.CSV/);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['LG250619.CSV']));
  });

  it('Ctrl+C mid-download: exit 130, no temporary file, no partial file', async () => {
    const run = await xcom(['datalog', 'get', '--all', '-o', dir], {
      env: env(),
      onSpawn: (child) => {
        child.stderr?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('LG250620.CSV: downloading') && child.exitCode === null) child.kill('SIGINT');
        });
      },
    });
    expect(run.code).toBe(130);
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
    for (const name of files) expect((await readFile(join(dir, name))).equals(onCard(name)), name).toBe(true);
    expect(files).not.toContain('LG250621.CSV');
  });

  it('usage errors, caught before anything is sent', async () => {
    const cases: [string[], RegExp][] = [
      [['datalog'], /say what to do/],
      [['datalog', 'erase'], /unknown action "erase"/],
      [['datalog', 'get'], /name the files to get, or give --all or --since/],
      [['datalog', 'get', 'LG250621.CSV', '--all'], /one of them/],
      [['datalog', 'get', '--since', '2025-02-30'], /--since must be a date YYYY-MM-DD/],
      [['datalog', 'get', '../LG250621.CSV'], /is not a datalog file name/],
      [['datalog', 'get', '--all', '-o', ''], /--output needs a directory/],
      [['datalog', 'list', 'LG250621.CSV'], /takes no file names/],
    ];
    const runs = await Promise.all(cases.map(([args]) => xcom(args, { env: env() })));
    for (const [i, [args, message]] of cases.entries()) {
      expect(runs[i]?.code, args.join(' ')).toBe(2);
      expect(runs[i]?.stderr).toMatch(message);
    }
    expect(fx.sim.requests.size).toBe(0);
  });
});

describe('progress on a terminal', () => {
  it('redraws one status line per block and erases it at the end; no plain lines', async () => {
    const status: (string | undefined)[] = [];
    const err: string[] = [];
    const out: string[] = [];
    const code = await runCli(['datalog', 'get', 'LG250621.CSV', '-o', dir], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      status: (line) => status.push(line),
      onStop: () => () => undefined,
      env: env(),
    });
    expect(code, err.join('\n')).toBe(0);
    expect(err).toEqual([]);
    expect(status.at(-1)).toBeUndefined();
    expect(status.at(-2)).toBe(`[####################] 1/1  LG250621.CSV  ${(onCard('LG250621.CSV').length / 1000).toFixed(1)} kB`);
    expect(status[0]).toBe('[....................] 0/1  LG250621.CSV  512 B');
    expect(status.length).toBe(Math.ceil(onCard('LG250621.CSV').length / 512) + 2);
  });

  it('the line: files done as a bar, the file, its bytes, its restarts', () => {
    expect(progressLine(3, 7, 'LG250617.CSV', 45_120, 0)).toBe('[#########...........] 3/7  LG250617.CSV  45.1 kB');
    expect(progressLine(0, 2, 'LG250617.CSV', 0, 2)).toBe('[....................] 0/2  LG250617.CSV  0 B  (restarted 2×)');
    expect(progressLine(0, 0, 'X', 1, 0)).toBe('[####################] 0/0  X  1 B');
  });
});

describe('which copies are complete', () => {
  const day = { today: 'LG250621.CSV', offsetMs: 0 };
  const at = (iso: string): number => Date.parse(iso);

  it("a file's copy is final when fetched a minute after its day ended, on the gateway's clock", () => {
    expect(isFinalCopy('LG250620.CSV', at('2025-06-21T00:01:00Z'), 'LG250621.CSV', day)).toBe(true);
    expect(isFinalCopy('LG250620.CSV', at('2025-06-21T00:00:40Z'), 'LG250621.CSV', day)).toBe(false);
    expect(isFinalCopy('LG250620.CSV', at('2025-06-21T00:00:40Z'), 'LG250621.CSV', { ...day, offsetMs: 3_600_000 })).toBe(true);
  });

  it("today's and the newest are never final; without the clock, or a date, the others are", () => {
    expect(isFinalCopy('lg250621.csv', at('2030-01-01T00:00:00Z'), 'LG250621.CSV', day)).toBe(false);
    expect(isFinalCopy('LG250622.CSV', at('2030-01-01T00:00:00Z'), 'LG250622.CSV', day)).toBe(false);
    expect(isFinalCopy('LG250620.CSV', 0, 'LG250621.CSV', { today: undefined, offsetMs: undefined })).toBe(true);
    expect(isFinalCopy('NOTES.TXT', 0, 'LG250621.CSV', day)).toBe(true);
  });

  it('the newest by date; selections', () => {
    expect(newestOf(['LG250621.CSV', 'LG991231.CSV', 'LG250101.CSV'])).toBe('LG991231.CSV');
    expect(newestOf(['A.TXT', 'B.TXT'])).toBe('B.TXT');
    expect(newestOf([])).toBeUndefined();
    const listing = ['LG250619.CSV', 'LG250620.CSV', 'X.TXT'];
    expect(selectNames(listing, {})).toEqual({ found: listing, missing: [] });
    expect(selectNames(listing, { since: '2025-06-20' })).toEqual({ found: ['LG250620.CSV'], missing: [] });
    expect(selectNames(listing, { names: ['lg250620.csv', 'LG250620.CSV', 'NO.CSV'] })).toEqual({ found: ['LG250620.CSV'], missing: ['NO.CSV'] });
  });
});
