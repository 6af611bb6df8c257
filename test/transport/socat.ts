/**
 * A real pseudo-terminal pair from socat, for serial tests: what one end writes, the other
 * reads. Parity and baud rate mean nothing to a pty; the bytes and the timing are real.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBounded } from '../child-processes.js';

let counter = 0;

/** Whether `socat` is installed. */
export const SOCAT_AVAILABLE = spawnSync('socat', ['-V'], { timeout: 10_000 }).error === undefined;

/**
 * True when the pty tests must be skipped: only on a developer machine without socat. CI
 * (`CI=true`) installs socat and never skips them, so a missing socat fails there.
 */
export const WITHOUT_SOCAT = !SOCAT_AVAILABLE && process.env['CI'] !== 'true';

/** A running socat with two pty links. */
export interface PtyPair {
  /** Path of one end. */
  readonly a: string;
  /** Path of the other end. */
  readonly b: string;
  /** Ends socat (the ptys vanish, as an unplugged adapter would) and waits for it to exit. */
  kill(): Promise<void>;
}

/** Starts `socat -d -d pty,rawer,link=A pty,rawer,link=B` and waits until it relays. */
export async function ptyPair(names?: { a: string; b: string }): Promise<PtyPair> {
  const id = `${process.pid}-${++counter}`;
  const a = names?.a ?? join(tmpdir(), `xcom-ts-${id}-a`);
  const b = names?.b ?? join(tmpdir(), `xcom-ts-${id}-b`);
  // A pair serves one test or one file: minutes at most.
  const child: ChildProcess = spawnBounded('socat', ['-d', '-d', `pty,rawer,link=${a}`, `pty,rawer,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    deadlineMs: 10 * 60_000,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let log = '';
  let early: ((code: number | null) => void) | undefined;
  await new Promise<void>((resolve, reject) => {
    early = (code) => reject(new Error(`socat exited (${code}): ${log}`));
    child.once('error', reject);
    child.once('exit', early);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop') && existsSync(a) && existsSync(b)) resolve();
    });
  });
  if (early !== undefined) child.off('exit', early);
  return {
    a,
    b,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
