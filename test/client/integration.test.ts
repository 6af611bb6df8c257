// The client against the simulator over every real link: every format, every property, every
// device error the simulator gives, every fault it injects. Faults use short real timeouts;
// the assertions are about outcomes (values, error types, settling), never durations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDatapoint, XcomP } from '../../src/catalogue/index.js';
import { XcomC } from '../../src/constants.js';
import { XcomDeviceError, XcomError, XcomTimeoutError, XcomTransportError } from '../../src/errors.js';
import type { FaultKind } from '../../src/simulator/faults.js';
import { WITHOUT_SOCAT } from '../transport/socat.js';
import { type Link, type LinkKind, openLink } from './links.js';

const KINDS: LinkKind[] = ['udp', 'tcp', 'tcp-listen', 'serial'];
// The simulator answers within milliseconds, but a loaded machine (CI runs the suites side by
// side on two cores) can hold a reply for hundreds: a request that meets no fault must not time
// out, and a write is never retried. Only a fault's read waits out a timeout, a shorter one.
const CLIENT = { timeoutMs: 5000, retries: 2 };
const FAULT_TIMEOUT_MS = 1000;

for (const kind of KINDS) describe.skipIf(kind === 'serial' && WITHOUT_SOCAT)(`over ${kind}`, () => {
  let l: Link;
  beforeAll(async () => {
    l = await openLink(kind, {}, CLIENT);
  });
  afterAll(async () => {
    await l?.close();
  });

  const faults = () => l.sim.endpoint(l.endpoint).faults;
  const value = (addr: number, id: number, where: 'ram' | 'flash' = 'ram') => l.sim.installation.currentValue(addr, id, where) as number;

  it('reads every format', async () => {
    const { client } = l;
    expect(await client.getValue(XcomP.XT_BATTERY_VOLTAGE)).toBe(Math.fround(value(101, 3000)));
    expect(await client.getValue(XcomP.VT_OPERATING_MODE, { dstAddr: 302 })).toBe(value(302, 11016));
    expect(await client.getValue(XcomP.XT_CHARGER_ALLOWED)).toBe(value(101, 1125) === 1);
    expect(await client.getValue(XcomP.XT_START_HOUR_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1)).toBe(value(101, 1206));
    expect(await client.getValue(XcomP.XT_OPERATING_MODE_AUX_2)).toBe(value(101, 1311));
    expect(await client.getValue(XcomP.BATTERY_CHARGE_CURR)).toBe(value(101, 1138));
    expect(await client.getValueByID(15010, 'FLOAT')).toBe(Math.fround(value(701, 15010)));
  });

  it('reads and writes every property', async () => {
    const { client } = l;
    const p = { dstAddr: 102, objectType: XcomC.TYPE_PARAMETER, objectId: 1107, format: 'FLOAT' as const };
    expect(await client.readProperty({ ...p, propertyId: XcomC.QSP_MIN })).toBe(2);
    expect(await client.readProperty({ ...p, propertyId: XcomC.QSP_MAX })).toBe(50);
    expect(await client.readProperty({ ...p, format: 'SHORT_ENUM', propertyId: XcomC.QSP_LEVEL })).toBe(XcomC.QSP_LEVEL_BASIC);
    await client.setValue(XcomP.MAX_CURR_AC_SOURCE, 16, { dstAddr: 102 });
    expect(await client.readProperty({ ...p, propertyId: XcomC.QSP_UNSAVED_VALUE })).toBe(16);
    expect(await client.readProperty({ ...p, propertyId: XcomC.QSP_VALUE })).toBe(32);
    await client.setValue(XcomP.MAX_CURR_AC_SOURCE, 20, { dstAddr: 102, propertyId: XcomC.QSP_VALUE });
    expect(value(102, 1107, 'flash')).toBe(20);
    expect(l.sim.installation.flashWrites(102, 1107)).toBe(1);
    expect(await client.getValueByID(3000, 'FLOAT', { propertyId: 13 })).toBe(Math.fround(value(101, 3000)));
    const message = await client.readMessage(0).catch((e: unknown) => e);
    // An empty log answers an error; a non-empty one a record: either is a settled, typed outcome.
    if (message instanceof XcomDeviceError) expect(message.code).toMatch(/NOT_FOUND|FAILED/);
    else expect(message).toHaveProperty('totalCount');
    expect(await client.readGuid()).toMatch(/^[0-9a-f]{32}$/);
    const multi = await client.readMultiInfo([{ id: 3000, aggregation: 'average' }, { id: 11004, aggregation: 'sum' }]);
    expect(multi.items).toHaveLength(2);
  });

  it('gives every device error the simulator can give, by its spec name', async () => {
    const { client } = l;
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['DEVICE_NOT_FOUND', () => client.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: 109 })],
      ['OBJECT_ID_NOT_FOUND', () => client.getValueByID(3999, 'FLOAT', { objectType: 1, dstAddr: 101 })],
      ['PROPERTY_NOT_SUPPORTED', () => client.readProperty({ dstAddr: 101, objectType: 1, objectId: 3000, propertyId: 6, format: 'FLOAT' })],
      ['PROPERTY_IS_READ_ONLY', () => client.writeProperty({ dstAddr: 101, objectType: 1, objectId: 3000, propertyId: 1, format: 'FLOAT' }, 1)],
      ['INVALID_DATA_LENGTH', () => client.writeProperty({ dstAddr: 101, objectType: 2, objectId: 1125, propertyId: 13, format: 'FLOAT' }, 1)],
      ['INVALID_DATA', () => client.writeProperty({ dstAddr: 101, objectType: 2, objectId: 1125, propertyId: 13, format: 'BYTE_STREAM' }, Uint8Array.of(2))],
      ['DATA_TOO_SMALL', () => client.setValue(XcomP.MAX_CURR_AC_SOURCE, 1, { skipRangeCheck: true })],
      ['DATA_TOO_BIG', () => client.setValue(XcomP.MAX_CURR_AC_SOURCE, 51, { skipRangeCheck: true })],
      ['ACCESS_DENIED', () => client.trigger(XcomP.FORCE_NEW_CYCLE, { dstAddr: 100 })],
      ['SCOM_ERROR_OBJECT_NOT_SUPPORTED', () => client.getValue(XcomP.USER_LEVEL)],
      ['TYPE_NOT_SUPPORTED', () => client.readProperty({ dstAddr: 101, objectType: 0x77, objectId: 1, propertyId: 1, format: 'FLOAT' })],
    ];
    for (const [code, run] of cases) {
      const error = await run().catch((e: unknown) => e);
      expect(error, code).toBeInstanceOf(XcomDeviceError);
      expect((error as XcomDeviceError).code, code).toBe(code);
    }
  });

  it.each<FaultKind>(['drop', 'corrupt', 'duplicate', 'foreign', 'garbage', 'split', 'delay', 'close'])(
    'fault %s: the right value or a typed error, never a wrong value',
    async (fault) => {
      const { client } = l;
      // The delayed reply comes after the attempt timed out: it must be recognised as late.
      if (fault === 'delay') faults().next({ kind: 'delay', ms: FAULT_TIMEOUT_MS * 1.5 });
      else faults().next(fault);
      const expected = Math.fround(value(103, 3000));
      const outcome = await client.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: 103, timeoutMs: FAULT_TIMEOUT_MS }).catch((e: unknown) => e);
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(XcomError);
      else expect(outcome).toBe(expected);
      // Reads are retried, so every fault but a closed link heals within the attempts.
      if (fault !== 'close') expect(outcome).toBe(expected);
      // Whatever the fault left on the wire, the next read is right.
      await new Promise((r) => setTimeout(r, 150));
      expect(await client.getValue(XcomP.BATT_SOC)).toBe(Math.fround(value(601, 7032)));
    },
  );

  it('under steady random faults, no wrong value reaches a caller and every promise settles', async () => {
    const { client, sim } = l;
    // Give every (device, info) its own value, so that a reply matched to the wrong request
    // could not go unnoticed.
    const targets: Array<{ addr: number; id: number }> = [];
    let n = 1;
    for (const addr of [101, 102, 103]) for (const id of [3000, 3001, 3005]) targets.push({ addr, id });
    for (const addr of [301, 302]) for (const id of [11000, 11004]) targets.push({ addr, id });
    for (const t of targets) sim.installation.setValue(t.addr, t.id, 100 + n++);
    faults().setRates({ drop: 0.1, corrupt: 0.1, duplicate: 0.15, foreign: 0.2, garbage: 0.2, split: kind === 'udp' ? 0 : 0.2, delay: 0.1, delayMs: 200 });
    try {
      const calls = Array.from({ length: 80 }, (_, i) => {
        const t = targets[(i * 7) % targets.length] as (typeof targets)[number];
        return { t, promise: client.getValue(getDatapoint(t.id), { dstAddr: t.addr, timeoutMs: 150 }) };
      });
      const results = await Promise.allSettled(calls.map((c) => c.promise));
      let ok = 0;
      results.forEach((r, i) => {
        const t = (calls[i] as (typeof calls)[number]).t;
        if (r.status === 'fulfilled') {
          ok++;
          expect(r.value, `${t.addr}/${t.id}`).toBe(value(t.addr, t.id));
        } else {
          expect(r.reason).toBeInstanceOf(XcomError);
          expect(r.reason instanceof XcomTimeoutError || r.reason instanceof XcomTransportError).toBe(true);
        }
      });
      expect(ok).toBeGreaterThan(40);
      expect(client.stats.droppedFrames).toBeGreaterThan(0);
    } finally {
      faults().setRates({});
      for (const t of targets) sim.installation.unpinInfo(t.addr, t.id);
    }
  }, 60_000);
});
