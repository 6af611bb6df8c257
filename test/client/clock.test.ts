import { afterEach, describe, expect, it } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { clockSecondsToDate, dateToClockSeconds } from '../../src/client/clock.js';
import { XcomValidationError } from '../../src/errors.js';
import { simRig, T0, type SimRig } from './sim-rig.js';

describe('readClock / setClock against the simulator', () => {
  let rig: SimRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('reads the installation clock as a Date, given the installation’s offset from UTC', async () => {
    rig = await simRig({ utcOffsetMinutes: 120 });
    const date = await rig.client.readClock({ utcOffsetMinutes: 120 });
    expect(date.getTime()).toBe(T0);
    expect(rig.sim.requests.last()).toMatchObject({ dstAddr: 501, objectType: 2, objectId: 5002, propertyId: 5 });
  });

  it('sets it; the simulator’s clock then runs from the new time', async () => {
    rig = await simRig({ utcOffsetMinutes: -300 });
    const wanted = new Date(Date.UTC(2031, 6, 4, 15, 30, 0));
    await rig.client.setClock(wanted, { utcOffsetMinutes: -300 });
    expect(rig.sim.requests.last()).toMatchObject({ serviceId: 2, objectId: 5002, propertyId: 5, outcome: 'ok' });
    expect(rig.sim.installation.localSeconds()).toBe(wanted.getTime() / 1000 - 300 * 60);
    rig.clock.advance(90_000);
    expect((await rig.client.readClock({ utcOffsetMinutes: -300 })).getTime()).toBe(wanted.getTime() + 90_000);
    expect(rig.sim.installation.flashWrites(501, 5002)).toBe(0);
  });

  it('setValue of {5002} takes a time: the catalogue range is 0 to the largest INT32, not the printed 0 to 0', async () => {
    rig = await simRig();
    await rig.client.setValue(XcomP.RCC_DATE, 1_900_000_000);
    expect(rig.sim.installation.localSeconds()).toBe(1_900_000_000);
    await expect(rig.client.setValue(XcomP.RCC_DATE, -1)).rejects.toBeInstanceOf(XcomValidationError);
  });

  it('refuses an invalid date or one the INT32 cannot hold, before anything is sent', async () => {
    rig = await simRig();
    await expect(rig.client.setClock(new Date(Number.NaN))).rejects.toBeInstanceOf(XcomValidationError);
    await expect(rig.client.setClock(new Date(Date.UTC(2040, 0, 1)), { utcOffsetMinutes: 0 })).rejects.toThrow(/1970 to 2038/);
    await expect(rig.client.setClock(new Date(0), { utcOffsetMinutes: -60 })).rejects.toThrow(/1970 to 2038/);
    await expect(rig.client.readClock({ utcOffsetMinutes: 30.5 })).rejects.toThrow(/utcOffsetMinutes/);
    expect(rig.sim.requests.list().filter((r) => r.objectId === 5002)).toHaveLength(0);
  });
});

describe('the local-time convention', () => {
  const savedTz = process.env['TZ'];
  afterEach(() => {
    if (savedTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = savedTz;
  });

  it('without an offset, the clock’s wall-clock time is this machine’s local time (daylight saving time included)', () => {
    process.env['TZ'] = 'Europe/Zurich';
    // The spec's example: 1503571330 is "24.08.2017 10:42:10" on the installation.
    const date = clockSecondsToDate(1503571330);
    expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()]).toEqual([2017, 7, 24, 10, 42, 10]);
    expect(date.toISOString()).toBe('2017-08-24T08:42:10.000Z');
    expect(dateToClockSeconds(date)).toBe(1503571330);
    const winter = clockSecondsToDate(Date.UTC(2025, 0, 15, 12) / 1000);
    expect(winter.toISOString()).toBe('2025-01-15T11:00:00.000Z');
  });

  it('with an offset, the machine’s zone does not matter', () => {
    process.env['TZ'] = 'America/New_York';
    expect(clockSecondsToDate(1503571330, 120).toISOString()).toBe('2017-08-24T08:42:10.000Z');
    expect(dateToClockSeconds(new Date('2017-08-24T08:42:10.999Z'), 120)).toBe(1503571330);
  });
});
