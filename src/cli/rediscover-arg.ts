/**
 * `--rediscover DURATION|off` of the bridges (`xcom mqtt`, `xcom metrics`): how often the
 * installation is discovered again.
 * @module
 */
import { durationOption } from './args.js';
import { UsageError } from './command.js';

const WEEK_MS = 604_800_000;
const MIN_MS = 60_000;

/** Milliseconds between re-discoveries (`1h`, `30m`), 0 for `off`/`0`, or `undefined` when not given. */
export function rediscoverOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'off' || text === '0') return 0;
  const refused = new UsageError(`--rediscover must be off or a duration from 1m to 168h (each re-discovery is a dozen requests or more), got "${value}"`);
  let ms: number;
  try {
    ms = durationOption(value, '--rediscover', WEEK_MS);
  } catch {
    // Its own message would say "from 1ms".
    throw refused;
  }
  if (ms < MIN_MS) throw refused;
  return ms;
}
