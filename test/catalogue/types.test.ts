import { describe, expect, expectTypeOf, it } from 'vitest';
import { XcomP, type Datapoint, type ValueOf, type XcomPName } from '../../src/index.js';

// Checked by `npm run typecheck` (tsc reads the test folder): the literal formats are what lets
// the client type `getValue(XcomP.X)` as Promise<number> or Promise<boolean>.
describe('XcomP types', () => {
  it('each entry is typed with its literal format', () => {
    expectTypeOf(XcomP.XT_BATTERY_VOLTAGE.format).toEqualTypeOf<'FLOAT'>();
    expectTypeOf(XcomP.XT_BATTERY_VOLTAGE).toEqualTypeOf<Datapoint<'FLOAT', 'info'>>();
    expectTypeOf(XcomP.XT_CHARGER_ALLOWED).toEqualTypeOf<Datapoint<'BOOL', 'parameter'>>();
    expectTypeOf(XcomP.VT_OPERATING_MODE.format).toEqualTypeOf<'SHORT_ENUM'>();
    expectTypeOf(XcomP.PV_POWER.format).toEqualTypeOf<'FLOAT'>();
    expectTypeOf<ValueOf<typeof XcomP.XT_CHARGER_ALLOWED.format>>().toEqualTypeOf<boolean>();
    expectTypeOf<ValueOf<typeof XcomP.BATT_SOC.format>>().toEqualTypeOf<number>();
    expectTypeOf<'XT_BATTERY_VOLTAGE'>().toExtend<XcomPName>();
    expect(XcomP.XT_BATTERY_VOLTAGE.format).toBe('FLOAT');
  });

  it('entries are readonly and unknown names do not compile', () => {
    // @ts-expect-error readonly
    const assign = (): void => void (XcomP.XT_BATTERY_VOLTAGE = XcomP.BATT_SOC);
    // @ts-expect-error readonly field
    const field = (): void => void (XcomP.XT_BATTERY_VOLTAGE.min = 3);
    // @ts-expect-error no such datapoint
    const missing = (): unknown => XcomP.XT_NO_SUCH_THING;
    expect([assign, field, missing]).toHaveLength(3);
  });
});
