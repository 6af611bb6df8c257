/**
 * `--pacing B/P|off` of `xcom mqtt` and `xcom metrics`.
 * @module
 */
import type { Pacing } from '../client/pacing.js';
import { durationOption } from './args.js';
import { UsageError } from './command.js';

/** `--pacing 5s/1s` (a burst, then a pause) or `off` (`false`); `undefined` when not given. */
export function pacingOption(value: string | undefined): Pacing | false | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === 'off') return false;
  const [burst, pause, ...rest] = value.split('/');
  if (burst === undefined || pause === undefined || rest.length > 0) throw new UsageError(`--pacing must be BURST/PAUSE (5s/1s) or off, got "${value}"`);
  return { burstMs: durationOption(burst, '--pacing (burst)', 3_600_000), pauseMs: durationOption(pause, '--pacing (pause)', 3_600_000) };
}
