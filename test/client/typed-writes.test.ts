// Issue 11, "labels are literal types": checked by `npm run typecheck` (tsc reads the test
// folder). Each `@ts-expect-error` line fails the typecheck if it compiles; the calls sit in a
// function that never runs, so nothing is sent.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Datapoint,
  findDatapoint,
  REQUEST_OPTION_KEYS,
  type RequestOptions,
  type SettableValue,
  TRIGGER_OPTION_KEYS,
  type TriggerOptions,
  XCOM_CLIENT_OPTION_KEYS,
  type XcomClient,
  type XcomClientOptions,
  XcomP,
} from '../../src/index.js';

async function typedCalls(client: XcomClient, wide: Datapoint): Promise<void> {
  await client.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 'Manual ON');
  await client.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 4);
  // @ts-expect-error a misspelt label (the appendix writes "Manual ON")
  await client.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 'Manual On');
  // @ts-expect-error not a label of {1311}
  await client.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 'Sometimes');
  // @ts-expect-error writing a user info
  await client.setValue(XcomP.XT_BATTERY_VOLTAGE, 48);
  // @ts-expect-error writing a user info, under its xcom-proto name
  await client.setValue(XcomP.BATT_SOC, 50);
  // @ts-expect-error a day-of-week bit field has no labels: a number only
  await client.setValue(XcomP.XT_DAY_OF_THE_WEEK_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1, 'Monday');
  await client.setValue(XcomP.XT_DAY_OF_THE_WEEK_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1, 31);
  // @ts-expect-error a BOOL takes a boolean
  await client.setValue(XcomP.XT_CHARGER_ALLOWED, 'yes');
  // @ts-expect-error a user info is no signal
  await client.trigger(XcomP.XT_BATTERY_VOLTAGE);
  await client.trigger(XcomP.XT_RESTORE_FACTORY_SETTINGS, { dstAddr: 101 });
  // @ts-expect-error a signal is never retried: no such option
  await client.trigger(XcomP.XT_RESTORE_FACTORY_SETTINGS, { retries: 2 });
  // @ts-expect-error xcom-proto's positional address
  await client.setValue(XcomP.BATTERY_CHARGE_CURR, 22, 101);
  // @ts-expect-error xcom-proto's spelling of propertyId
  await client.setValue(XcomP.BATTERY_CHARGE_CURR, 22, { propertyID: 5 });
  // A datapoint of unknown kind and labels (a lookup by number) is checked at run time only.
  await client.setValue(wide, 'any label');
  await client.setValue(findDatapoint(1138) as Datapoint, 22);
}

describe('typed writes', () => {
  it('XcomP entries carry their format, kind and labels', () => {
    expectTypeOf(XcomP.XT_OPERATING_MODE_AUX_2).toEqualTypeOf<
      Datapoint<'LONG_ENUM', 'parameter', 'Automatic' | 'Reversed automatic' | 'Manual ON' | 'Manual OFF'>
    >();
    expectTypeOf(XcomP.XT_OPERATING_MODE_AUX_2.kind).toEqualTypeOf<'parameter'>();
    expectTypeOf(XcomP.XT_BATTERY_VOLTAGE.kind).toEqualTypeOf<'info'>();
    expectTypeOf(XcomP.XT_DAY_OF_THE_WEEK_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1).toEqualTypeOf<Datapoint<'LONG_ENUM', 'parameter', never>>();
    expectTypeOf<SettableValue<'LONG_ENUM', 'Manual ON' | 'Manual OFF'>>().toEqualTypeOf<number | 'Manual ON' | 'Manual OFF'>();
    expectTypeOf<SettableValue<'FLOAT'>>().toEqualTypeOf<number>();
    expect(typeof typedCalls).toBe('function');
  });

  it('each options key list names exactly the keys of its interface', () => {
    expectTypeOf<(typeof XCOM_CLIENT_OPTION_KEYS)[number]>().toEqualTypeOf<keyof XcomClientOptions>();
    expectTypeOf<(typeof REQUEST_OPTION_KEYS)[number]>().toEqualTypeOf<keyof RequestOptions>();
    expectTypeOf<(typeof TRIGGER_OPTION_KEYS)[number]>().toEqualTypeOf<keyof TriggerOptions>();
    expect(new Set(REQUEST_OPTION_KEYS).size).toBe(REQUEST_OPTION_KEYS.length);
  });
});
