// The suite's own child processes: one past its deadline is killed with everything it started
// (a killed `npm` used to leave its `tsx` and `node` running), and a CLI run has a deadline.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { freeUdpPort, xcom } from './cli/harness.js';
import { run } from './examples/run.js';

/** Whether the process is gone (a zombie waiting for init to reap it counts as gone). */
function gone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('children past their deadline', () => {
  it('run() kills the whole tree, not only the process it started', async () => {
    let grandchild = 0;
    const result = run('sh', ['-c', 'sleep 300 & echo $!; wait'], {
      timeoutMs: 1000,
      onStdout: (stdout) => (grandchild = Number.parseInt(stdout, 10)),
    });
    await expect(result).rejects.toThrow(/still running after 1000 ms/);
    expect(grandchild).toBeGreaterThan(0);
    await vi.waitFor(() => expect(gone(grandchild)).toBe(true), { timeout: 2000 });
  });

  it('xcom() ends a run that does not end by itself, and fails', async () => {
    const clientPort = await freeUdpPort();
    const result = xcom(['simulate', '--udp', '0', '--client-port', String(clientPort)], { deadlineMs: 1500, onSpawn: () => undefined });
    await expect(result).rejects.toThrow(/xcom simulate .* still running after 1500 ms/);
  });
});
