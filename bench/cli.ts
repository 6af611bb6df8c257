// Start-up time of the `xcom` executable: `xcom version` (loads no catalogue) and `xcom find`
// (loads the catalogue, not the client), beside `node -e 0` measured in the same run.
// hyperfine is not assumed: each command is spawned N times, interleaved so that a busy
// moment of the machine affects all three alike. Usage: npm run bench:cli [-- RUNS]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printTable } from './measure.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const RUNS = Number(process.argv[2] ?? 30);

if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run npm run build first');
  process.exit(1);
}

const commands: [label: string, args: string[]][] = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['xcom version', [CLI, 'version']],
  ['xcom find battery voltage', [CLI, 'find', 'battery', 'voltage']],
];

function once(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${String(result.stderr)}`);
  return ms;
}

const times = commands.map((): number[] => []);
for (const [, args] of commands) once(args); // warm the file cache
for (let i = 0; i < RUNS; i++) commands.forEach(([, args], j) => times[j]?.push(once(args)));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const baseline = median(times[0] ?? []);
console.log(`xcom start-up, ${RUNS} runs each, node ${process.version}`);
printTable(
  ['command', 'median ms', 'best ms', 'median - baseline'],
  commands.map(([label], j) => {
    const t = times[j] ?? [];
    return [label, median(t).toFixed(1), Math.min(...t).toFixed(1), j === 0 ? '' : `+${(median(t) - baseline).toFixed(1)}`];
  }),
);
