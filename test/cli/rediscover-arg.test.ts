// `--rediscover` of the bridges: a duration from a minute to a week, or off.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { rediscoverOption } from '../../src/cli/rediscover-arg.js';

describe('--rediscover', () => {
  it('takes a duration from 1m to 168h, or off (0)', () => {
    expect(rediscoverOption(undefined)).toBeUndefined();
    expect(rediscoverOption('1h')).toBe(3_600_000);
    expect(rediscoverOption('90m')).toBe(5_400_000);
    expect(rediscoverOption('60')).toBe(60_000);
    expect(rediscoverOption('168h')).toBe(604_800_000);
    expect(rediscoverOption('off')).toBe(0);
    expect(rediscoverOption('OFF')).toBe(0);
    expect(rediscoverOption('0')).toBe(0);
    for (const bad of ['59s', '500ms', '169h', 'hourly', '', '-1h', '0s', '2d']) {
      expect(() => rediscoverOption(bad), bad).toThrow(UsageError);
      // One message for every refusal: not durationOption's "from 1ms".
      expect(() => rediscoverOption(bad), bad).toThrow(/^--rediscover must be off or a duration from 1m to 168h/);
    }
  });
});
