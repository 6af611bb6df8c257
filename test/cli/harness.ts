// Runs the built `xcom` as a child process and starts the simulator it talks to, in this
// process, on loopback ports only.
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../src/simulator/clock.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator/simulator.js';
import { pastDeadline, spawnBounded } from '../child-processes.js';

/** The built executable. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** 2025-06-21 10:00 UTC: the sun is up, so PV values are not all zero. */
export const T0 = Date.UTC(2025, 5, 21, 10, 0, 0);

/** What a run of `xcom` printed and returned. */
export interface XcomRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout split into lines, without the final empty one. */
  readonly lines: string[];
}

/** Options of {@link xcom}. */
export interface XcomRunOptions {
  /** Extra environment variables (XCOM_URL is never inherited from the test's environment). */
  readonly env?: Record<string, string>;
  /** Called with the child once it runs (to send it a signal). */
  readonly onSpawn?: (child: import('node:child_process').ChildProcess, stdout: () => string) => void;
  /**
   * The child is killed, and the run fails, after this long (default 60 s): a backstop, the
   * test's own timeout comes first, and ends the child too.
   */
  readonly deadlineMs?: number;
}

const DEADLINE_MS = 60_000;

/**
 * Runs `node dist/cli.js ...args` and resolves when it exits. Asynchronous on purpose: the
 * simulator answering it lives in this process's event loop.
 *
 * With `XCOM_CLI_IN_PROCESS=1` (the coverage run of CI) the same arguments go to `runCli` in
 * this process instead, so that coverage sees the CLI's sources; a test that needs a real
 * process (signals) still spawns one. The other CI runs spawn the built executable.
 */
export function xcom(args: readonly string[], options: XcomRunOptions = {}): Promise<XcomRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.env?.['XCOM_URL'] === undefined) delete env['XCOM_URL'];
  delete env['NODE_DEBUG'];
  if (process.env['XCOM_CLI_IN_PROCESS'] === '1' && options.onSpawn === undefined) return inProcess(args, env);
  const deadlineMs = options.deadlineMs ?? DEADLINE_MS;
  const child = spawnBounded(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], deadlineMs });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  options.onSpawn?.(child, () => stdout);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (pastDeadline(child)) reject(new Error(`xcom ${args.join(' ')} still running after ${deadlineMs} ms\n${stdout}\n${stderr}`));
      else resolve({ code, signal, stdout, stderr, lines: linesOf(stdout) });
    });
  });
}

/** stdout split into lines, without the final empty one. */
function linesOf(stdout: string): string[] {
  return stdout.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
}

async function inProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<XcomRun> {
  const { runCli } = await import('../../src/cli/run.js');
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
    // Only a spawned process can be interrupted; in process, commands run to their end.
    onStop: () => () => undefined,
    env,
  });
  return { code, signal: null, stdout, stderr, lines: linesOf(stdout) };
}

import { freeUdpPort } from '../transport/helpers.js';

export { freeUdpPort };

/** A simulator served as an Xcom-LAN on loopback, with a frozen clock, and the URL to reach it. */
export interface SimFixture {
  readonly sim: Simulator;
  readonly clock: ManualClock;
  /** `udp://127.0.0.1:PORT?localPort=PORT`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the simulator on free loopback UDP ports. The CLI runs of one fixture must not overlap (one client port). */
export async function simFixture(options: SimulatorOptions = {}): Promise<SimFixture> {
  const clock = new ManualClock(T0);
  const clientPort = await freeUdpPort();
  const sim = await startSimulator({ clock, seed: 3, ...options, udp: { port: 0, host: '127.0.0.1', clientHost: '127.0.0.1', clientPort } });
  const url = sim.connectionUrls()[0] as string;
  return { sim, clock, url, close: () => sim.close() };
}
