// Runs the demo and the examples as users do, in child processes, and collects their output.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pastDeadline, spawnBounded } from '../child-processes.js';

const RUN_TIMEOUT_MS = 25_000;

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Extra environment; `undefined` removes a variable. */
  readonly env?: Record<string, string | undefined>;
  /**
   * Kill the child (and fail) after this long (default 25 s, under the tests' own minute): a
   * hang must not hang the suite, and a child that waits for a core on a loaded machine must
   * not be taken for one.
   */
  readonly timeoutMs?: number;
  /** Called on every stdout chunk with the output so far, and the child. */
  readonly onStdout?: (stdout: string, child: ChildProcess) => void;
}

function environment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // A developer's own XCOM_URL would point the examples at real hardware.
  const env: NodeJS.ProcessEnv = { ...process.env, XCOM_URL: undefined, NODE_DEBUG: undefined };
  for (const [k, v] of Object.entries(extra)) env[k] = v;
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<Run> {
  const timeoutMs = options.timeoutMs ?? RUN_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    // In a process group of its own, killed whole at the deadline: `npm` runs `sh`, `tsx` and
    // `node`, and kept running alone they would outlive the test.
    const child = spawnBounded(command, args, { cwd: ROOT, env: environment(options.env), stdio: ['ignore', 'pipe', 'pipe'], deadlineMs: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (pastDeadline(child)) reject(new Error(`${command} ${args.join(' ')} still running after ${timeoutMs} ms\n${stdout}\n${stderr}`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs an example file with tsx, as its header tells users to. */
export function example(file: string, args: readonly string[] = [], options: RunOptions = {}): Promise<Run> {
  return run(TSX, [`examples/${file}`, ...args], options);
}
