/**
 * What the catalogue costs its users: bundle size and import time, the catalogue alone and the
 * whole package, plus the first lookups (whose indexes are built on first use).
 *
 * Run with `npm run bench:catalogue`. Import times are measured in fresh Node processes (the
 * module cache would hide everything else); the table shows the best and the median run, and
 * an empty module's import as the floor the loader itself costs.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'tsup';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const RUNS = Number(process.env['BENCH_RUNS'] ?? 21);

/** Milliseconds to import `file` in a fresh process, `RUNS` times: best and median. */
/**
 * A file and every file it imports statically, concatenated: what loading it reads (the build
 * splits the package into chunks shared with the simulator and the CLI).
 */
function withStaticImports(file: string): Buffer {
  const seen = new Set<string>();
  const visit = (path: string): Buffer[] => {
    if (seen.has(path)) return [];
    seen.add(path);
    const bytes = readFileSync(path);
    const imports = [...bytes.toString('utf8').matchAll(/^(?:import|export)\s[^'"]*['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1] as string);
    return [bytes, ...imports.flatMap((spec) => visit(join(dirname(path), spec)))];
  };
  return Buffer.concat(visit(file));
}

function importTimes(file: string): { best: number; median: number } {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    times.push(Number(out.trim()));
  }
  times.sort((a, b) => a - b);
  return { best: times[0]!, median: times[Math.floor(times.length / 2)]! };
}

/** Milliseconds of the first and of a later call of each lookup, in a fresh process. */
function firstCalls(file: string): string {
  const script = `
    const m = await import(${JSON.stringify(file)});
    const time = (f) => { const t = performance.now(); f(); return performance.now() - t; };
    const rows = [
      ['findDatapoint(3000)', () => m.findDatapoint(3000)],
      ['searchDatapoints("battery voltage")', () => m.searchDatapoints('battery voltage')],
      ['labelOf(11016, 3)', () => m.labelOf(m.XcomP.VT_OPERATING_MODE, 3)],
      ['messageText(16)', () => m.messageText(16)],
      ['menuPath(1206)', () => m.menuPath(m.findDatapoint(1206))],
    ].map(([name, f]) => [name, time(f), time(f)]);
    console.log(JSON.stringify(rows));`;
  const rows = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as [string, number, number][];
  return rows.map(([name, first, again]) => `| ${name} | ${first.toFixed(3)} | ${again.toFixed(3)} |`).join('\n');
}

async function bundle(entry: string, outDir: string, minify: boolean): Promise<string> {
  await build({
    entry: { bundle: join(root, entry) },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    minify,
    treeshake: true,
    dts: false,
    silent: true,
    config: false,
  });
  return join(outDir, 'bundle.js');
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'xcom-bench-'));
  try {
    const empty = join(work, 'empty.mjs');
    writeFileSync(empty, 'export const nothing = 0;\n');
    const targets: [string, string][] = [['empty module (loader floor)', empty]];
    for (const [label, entry] of [
      ['catalogue alone', 'src/catalogue/index.ts'],
      ['whole package', 'src/index.ts'],
    ] as const) {
      targets.push([`${label}`, await bundle(entry, join(work, `${label}-plain`.replace(/\s/g, '-')), false)]);
      targets.push([`${label}, minified`, await bundle(entry, join(work, `${label}-min`.replace(/\s/g, '-')), true)]);
    }
    const shipped = join(root, 'dist/index.js');
    if (statSync(shipped, { throwIfNoEntry: false }) !== undefined) targets.push(['dist/index.js and its chunks (npm run build)', shipped]);

    console.log(`Node ${process.version}, ${RUNS} fresh processes per row\n`);
    console.log('| bundle | size | gzip | import best | import median |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [label, file] of targets) {
      const bytes = withStaticImports(file);
      const { best, median } = importTimes(file);
      console.log(`| ${label} | ${kb(bytes.length)} | ${kb(gzipSync(bytes).length)} | ${best.toFixed(1)} ms | ${median.toFixed(1)} ms |`);
    }
    console.log('\n| first use (ms) | first call | second call |');
    console.log('|---|---:|---:|');
    console.log(firstCalls(targets[1]![1]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
