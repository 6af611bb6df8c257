// withBatteryVoltage on entries the generated catalogue does not hold today (no range, no
// increment, a default outside the range): a newer appendix may, and the scaling must stay sound.
import { describe, expect, it } from 'vitest';
import { isBatteryVoltageParameter, withBatteryVoltage } from '../../src/catalogue/battery-voltage.js';
import { XcomP } from '../../src/catalogue/index.js';
import type { Datapoint } from '../../src/catalogue/types.js';

const base: Datapoint = XcomP.XT_FLOATING_VOLTAGE;
const variantOf = (changes: { [K in keyof Datapoint]?: Datapoint[K] | undefined }): Datapoint => {
  const dp = { ...base, ...changes } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete dp[key];
  return dp as unknown as Datapoint;
};

describe('withBatteryVoltage on unusual entries', () => {
  it('leaves absent min, max and default absent', () => {
    const scaled = withBatteryVoltage(variantOf({ min: undefined, max: undefined, default: undefined }), 24);
    expect(scaled).not.toHaveProperty('min');
    expect(scaled).not.toHaveProperty('max');
    expect(scaled).not.toHaveProperty('default');
  });

  it('scales exactly when there is no increment, and keeps a tiny increment’s digits', () => {
    expect(withBatteryVoltage(variantOf({ increment: undefined }), 12)).toMatchObject({ min: 37.9 / 4, max: 18 });
    expect(withBatteryVoltage(variantOf({ increment: 1e-7 }), 24).min).toBeCloseTo(18.95, 6);
  });

  it('keeps the default within the scaled range', () => {
    expect(withBatteryVoltage(variantOf({ default: 1 }), 24).default).toBe(18.9);
    expect(withBatteryVoltage(variantOf({ default: 100 }), 24).default).toBe(36);
  });

  it('only parameters are scaled', () => {
    expect(isBatteryVoltageParameter({ ...base, kind: 'info' })).toBe(false);
    const info = variantOf({ kind: 'info' });
    expect(withBatteryVoltage(info, 24)).toBe(info);
  });
});
