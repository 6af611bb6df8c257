// The CLI tests run the built `xcom` (dist/cli.js) as a child process, as users do. Build it
// once before any test file starts when it is missing or older than the sources: a fresh clone
// runs `npm test` without `npm run build`, and CI builds first so nothing happens there.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export default function setup(): void {
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'package.json')), newest(join(ROOT, 'tsup.config.ts')));
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= sources) return;
  // Half a minute on a loaded machine; a build that hangs is killed rather than the suite hung.
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsup', 'dist', 'cli-default.js')], { cwd: ROOT, encoding: 'utf8', timeout: 5 * 60_000, killSignal: 'SIGKILL' });
  if (result.status !== 0) throw new Error(`building dist/cli.js for the CLI tests failed (${result.error?.message ?? `exit ${String(result.status)}`}):\n${result.stdout}\n${result.stderr}`);
}
