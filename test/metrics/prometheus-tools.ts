/**
 * Debian's `promtool` and `prometheus`, run by the tests on loopback. A developer machine
 * without them skips those tests; CI (`CI=true`) installs them and never skips, so a missing
 * one fails there.
 */
import { spawnSync } from 'node:child_process';
import { pastDeadline, spawnBounded } from '../child-processes.js';

/** Whether `promtool` and `prometheus` are installed. */
export const PROMETHEUS_AVAILABLE = ['promtool', 'prometheus'].every((tool) => spawnSync(tool, ['--version'], { timeout: 10_000 }).error === undefined);

/** True when the tests that need them must be skipped: only outside CI. */
export const WITHOUT_PROMETHEUS = !PROMETHEUS_AVAILABLE && process.env['CI'] !== 'true';

/** What `promtool check metrics` says of an exposition text: its exit code and its complaints. */
export function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnBounded('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'], deadlineMs: 30_000 });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => (pastDeadline(child) ? reject(new Error(`promtool still running after 30 s: ${output}`)) : resolve({ code, output })));
    child.stdin.end(text);
  });
}
