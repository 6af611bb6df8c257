// Child processes the suite cannot leave behind. Each runs in a process group of its own, so
// that a kill reaches what it started too (`npm` runs `sh`, which runs `tsx`, which runs
// `node`: killing `npm` alone leaves the rest running). Each has a deadline, and is killed with
// its group when its test ends (or its file, when a hook started it) if its owner did not stop
// it: a failed assertion or a test's timeout skips the owner's own stop.
import { type ChildProcess, type ChildProcessByStdio, type ChildProcessWithoutNullStreams, spawn, type SpawnOptions } from 'node:child_process';
import type { Readable } from 'node:stream';
import { onTestFinished, TestRunner } from 'vitest';

/** Options of {@link spawnBounded}: those of `spawn` but `detached`, and a deadline. */
export interface BoundedSpawnOptions extends Omit<SpawnOptions, 'detached'> {
  /** The child and its group are killed (SIGKILL) this long after the start, whatever happens. */
  readonly deadlineMs: number;
}

/** Every group started in this worker whose leader has not exited, with what it runs. */
const running = new Map<ChildProcess, string>();
/** Every group started in this worker: a leader's children can outlive it. */
const groups = new Set<number>();
const overdue = new WeakSet<ChildProcess>();

/** Sends `signal` to the child's whole process group; a group already gone is no error. */
export function signalTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Kills the child's group (SIGKILL) and resolves once the child has exited. */
export async function killTree(child: ChildProcess): Promise<void> {
  if (hasExited(child)) {
    // Its group lives on only with members left; otherwise its number may be someone else's now.
    if (child.pid !== undefined && groups.has(child.pid)) signalTree(child, 'SIGKILL');
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalTree(child, 'SIGKILL');
  await exited;
}

/** Whether the child itself has exited (its group may live on). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Whether the child was killed because it ran past its deadline. */
export function pastDeadline(child: ChildProcess): boolean {
  return overdue.has(child);
}

/**
 * `spawn` in a process group of its own, killed with its group at `deadlineMs`, at the end of
 * the test that started it (a test running alone: concurrent tests share one "current test"),
 * and at the end of the file otherwise ({@link killLeftovers}, from test/setup).
 */
export function spawnBounded(command: string, args: readonly string[], options: BoundedSpawnOptions & { stdio: ['pipe', 'pipe', 'pipe'] }): ChildProcessWithoutNullStreams;
export function spawnBounded(command: string, args: readonly string[], options: BoundedSpawnOptions & { stdio: ['ignore', 'pipe', 'pipe'] }): ChildProcessByStdio<null, Readable, Readable>;
export function spawnBounded(command: string, args: readonly string[], options: BoundedSpawnOptions): ChildProcess;
export function spawnBounded(command: string, args: readonly string[], options: BoundedSpawnOptions): ChildProcess {
  const { deadlineMs, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true });
  // Without a pid it never ran: its 'error' event tells the owner.
  if (child.pid === undefined) return child;
  running.set(child, [command, ...args].join(' '));
  groups.add(child.pid);
  const timer = setTimeout(() => {
    overdue.add(child);
    signalTree(child, 'SIGKILL');
  }, deadlineMs);
  timer.unref();
  child.once('exit', () => {
    clearTimeout(timer);
    running.delete(child);
    // An empty group's number is free for the system to reuse (pid_max can be 32768): forget
    // it. While members are left, the number stays theirs.
    if (!groupAlive(child.pid as number)) groups.delete(child.pid as number);
  });
  // Outside vitest (the benches use the test helpers too) there is no test: the deadline stays.
  const test = TestRunner.getCurrentTest();
  if (test !== undefined && test.concurrent !== true) {
    // What the leader started dies with it, whether or not the leader was still running.
    onTestFinished(() => killTree(child));
  }
  return child;
}

/**
 * Kills every group this worker started; resolves with the commands of the children that
 * were still running, which nothing had stopped (a leak for the file to report).
 */
export async function killLeftovers(): Promise<string[]> {
  const leaked = [...running.entries()].filter(([child]) => !hasExited(child));
  await Promise.all(leaked.map(([child]) => killTree(child)));
  for (const group of groups) killGroup(group);
  groups.clear();
  return leaked.map(([, command]) => command);
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

// A worker that exits with children still running (a crash, a hook that never ended) takes
// them along: 'exit' handlers run synchronously, and a signal is sent synchronously.
process.once('exit', () => {
  for (const group of groups) killGroup(group);
});
