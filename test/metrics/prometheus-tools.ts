/**
 * Debian's `promtool` and `prometheus`, run by the tests on loopback. A developer machine
 * without them skips those tests; CI (`CI=true`) installs them and never skips, so a missing
 * one fails there.
 */
import { spawn, spawnSync } from 'node:child_process';

/** Whether `promtool` and `prometheus` are installed. */
export const PROMETHEUS_AVAILABLE = ['promtool', 'prometheus'].every((tool) => spawnSync(tool, ['--version']).error === undefined);

/** True when the tests that need them must be skipped: only outside CI. */
export const WITHOUT_PROMETHEUS = !PROMETHEUS_AVAILABLE && process.env['CI'] !== 'true';

/** What `promtool check metrics` says of an exposition text: its exit code and its complaints. */
export function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}
