// XcomClient.rangesOf: the bounds writes are checked against, which a bridge shows its users.
import { describe, expect, it } from 'vitest';
import { OVERLAY_120V } from '../../src/catalogue/overlay-120v.generated.js';
import { XcomP } from '../../src/catalogue/xcomp.js';
import { XcomValidationError } from '../../src/errors.js';
import { simRig } from './sim-rig.js';
import { XcomClient } from '../../src/client/xcom-client.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';

describe('XcomClient.rangesOf', () => {
  it('gives the appendix ranges, the 120 Vac ones with variant 120V, and the battery voltage of the option', () => {
    const [a] = MemoryTransport.pair();
    expect(new XcomClient(a).rangesOf(XcomP.XT_FLOATING_VOLTAGE)).toMatchObject({ min: 37.9, max: 72 });
    expect(new XcomClient(a, { batteryVoltage: 12 }).rangesOf(XcomP.XT_FLOATING_VOLTAGE).max).toBe(18);
    const overlay = OVERLAY_120V.find((o) => o.id === 1286);
    expect(overlay).toBeDefined();
    expect(new XcomClient(a, { variant: '120V' }).rangesOf(XcomP.XT_AC_OUTPUT_VOLTAGE)).toMatchObject({ min: overlay?.min, max: overlay?.max });
    expect(() => new XcomClient(a).rangesOf({} as never)).toThrow(XcomValidationError);
  });

  it('follows the battery voltage discovery found', async () => {
    const rig = await simRig({ seed: 3, batteryVoltage: 24 });
    try {
      expect(rig.client.rangesOf(XcomP.XT_FLOATING_VOLTAGE).max).toBe(72);
      await rig.client.discover();
      expect(rig.client.rangesOf(XcomP.XT_FLOATING_VOLTAGE)).toMatchObject({ min: 18.9, max: 36 });
    } finally {
      await rig.close();
    }
  });
});
