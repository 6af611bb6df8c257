// poll against the simulator: a unit that disappears and a link that fails mid-poll (over UDP
// and TCP), then the schedule, onlyChanged and pacing with fake timers or an injected clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATAPOINTS, XcomP } from '../../src/catalogue/index.js';
import type { Datapoint } from '../../src/catalogue/types.js';
import type { PollClock, PollSnapshot, ReadValuesItem } from '../../src/client/index.js';
import { XcomValidationError } from '../../src/errors.js';
import { type Link, openLink } from './links.js';
import { type SimRig, simRig } from './sim-rig.js';

const vt = (id: number): Datapoint => DATAPOINTS.find((d) => d.id === id && d.family === 'variotrack') as Datapoint;
const codes = (snap: PollSnapshot): string[] => snap.entries.map((e) => (e.ok ? 'ok' : e.error.code));

/** A clock whose sleeps return at once, having moved time on; `onSleep` runs between cycles. */
function steppingClock(onSleep: (count: number) => void = () => undefined): PollClock & { t: number } {
  let count = 0;
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += Math.max(0, ms);
      onSleep(++count);
    },
  };
  return clock;
}

for (const kind of ['udp', 'tcp'] as const) {
  describe(`poll over ${kind}`, () => {
    let l: Link | undefined;
    afterEach(async () => {
      await l?.close();
      l = undefined;
    });

    it('reports a unit that disappears and a link that fails in the snapshots, goes on and recovers', async () => {
      const link = await openLink(kind, {}, { timeoutMs: 300, retries: 0 });
      l = link;
      const faults = link.sim.endpoint(link.endpoint).faults;
      const items: ReadValuesItem[] = [
        XcomP.XT_BATTERY_VOLTAGE,
        { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, device: 'XT2' },
        { datapoint: vt(11004), device: 'VT2' },
        { datapoint: vt(11004), device: 'VT1' },
        XcomP.BATTERY_CHARGE_CURR,
      ];
      const ac = new AbortController();
      const seen: string[][] = [];
      const linkErrors: (string | undefined)[] = [];
      for await (const snap of link.client.poll(items, { every: 20, signal: ac.signal })) {
        seen.push(codes(snap));
        linkErrors.push(snap.linkError?.code);
        if (snap.cycle === 0) link.sim.installation.unplug(302);
        if (snap.cycle === 1) {
          link.sim.installation.plug(302);
          faults.setRates({ drop: 1 });
        }
        if (snap.cycle === 2) faults.setRates({});
        if (snap.cycle === 3) ac.abort();
      }
      expect(seen).toEqual([
        ['ok', 'ok', 'ok', 'ok', 'ok'],
        ['ok', 'ok', 'DEVICE_NOT_FOUND', 'ok', 'ok'],
        ['TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT'],
        ['ok', 'ok', 'ok', 'ok', 'ok'],
      ]);
      expect(linkErrors).toEqual([undefined, undefined, 'TIMEOUT', undefined]);
    });
  });
}

describe('poll', () => {
  let rig: SimRig | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await rig?.close();
    rig = undefined;
  });

  it('keeps a drift-free schedule: an overrun starts the next cycle at once, says how late, and skips the missed ones', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    rig = await simRig({ latencyMs: 300 }, { timeoutMs: 5000, retries: 0 });
    const endpoint = rig.sim.endpoint('transport-1');
    const ac = new AbortController();
    const snaps: PollSnapshot[] = [];
    const done = (async () => {
      for await (const snap of rig.client.poll([XcomP.XT_BATTERY_VOLTAGE], { every: 1000, signal: ac.signal })) {
        snaps.push(snap);
        // The second cycle takes 2.5 s: it overruns the third tick.
        if (snap.cycle === 0) endpoint.link = { latencyMs: 2500 };
        if (snap.cycle === 1) endpoint.link = { latencyMs: 300 };
      }
    })();
    await vi.advanceTimersByTimeAsync(6500);
    ac.abort();
    await vi.advanceTimersByTimeAsync(0);
    await done;
    const origin = snaps[0]?.scheduledAt as number;
    expect(snaps.map((s) => [s.cycle, s.scheduledAt - origin, s.startedAt - origin, s.lateMs, s.missed, s.durationMs])).toEqual([
      [0, 0, 0, 0, 0, 300],
      [1, 1000, 1000, 0, 0, 2500],
      [2, 3000, 3500, 500, 1, 300],
      [3, 4000, 4000, 0, 0, 300],
      [4, 5000, 5000, 0, 0, 300],
      [5, 6000, 6000, 0, 0, 300],
    ]);
    expect(snaps.every((s) => s.entries[0]?.ok === true)).toBe(true);
  });

  it('counts a slow consumer as an overrun too, with no backlog', async () => {
    const clock = steppingClock();
    rig = await simRig();
    const snaps: PollSnapshot[] = [];
    for await (const snap of rig.client.poll([XcomP.XT_BATTERY_VOLTAGE], { every: 1000, clock })) {
      snaps.push(snap);
      if (snap.cycle === 0) clock.t += 3200; // the consumer takes 3.2 s over the first snapshot
      if (snap.cycle === 2) break;
    }
    expect(snaps.map((s) => [s.scheduledAt, s.startedAt, s.lateMs, s.missed])).toEqual([
      [0, 0, 0, 0],
      [3000, 3200, 200, 2],
      [4000, 4000, 0, 0],
    ]);
  });

  it('yields only what changed with onlyChanged, errors and recoveries included', async () => {
    rig = await simRig();
    const site = rig.sim.installation;
    site.setValue(101, 3000, 50);
    site.setValue(102, 3000, 51);
    site.setValue(101, 3001, 32767);
    const ac = new AbortController();
    const clock = steppingClock((count) => {
      if (count === 2) site.setValue(102, 3000, 52);
      if (count === 3) site.unplug(102);
      if (count === 4) site.setValue(101, 3001, 32766); // still no sensor: no change
      if (count === 5) {
        site.plug(102);
        site.setValue(101, 3001, 20); // a sensor fitted
      }
      if (count === 7) ac.abort();
    });
    const items: ReadValuesItem[] = [
      XcomP.XT_BATTERY_VOLTAGE,
      { datapoint: XcomP.XT_BATTERY_VOLTAGE, device: 'XT2' },
      XcomP.BATTERY_CHARGE_CURR,
      XcomP.XT_BATTERY_TEMPERATURE,
    ];
    const seen: [number, string[]][] = [];
    for await (const snap of rig.client.poll(items, { every: 1000, clock, onlyChanged: true, signal: ac.signal })) {
      seen.push([snap.cycle, snap.entries.map((e) => `${e.key}=${e.ok ? (e.absent ?? String(e.value)) : e.error.code}`)]);
    }
    expect(seen).toEqual([
      [0, ['3000@XT1=50', '3000@XT2=51', `1138@XT1=${String(site.currentValue(101, 1138))}`, '3001@XT1=no sensor']],
      [2, ['3000@XT2=52']],
      [3, ['3000@XT2=DEVICE_NOT_FOUND']],
      [5, ['3000@XT2=52', '3001@XT1=20']],
    ]);
  });

  it('paces requests in bursts, and counts only real idle time as a pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    // The simulator's clock is the faked Date, so its request log has the arrival times.
    rig = await simRig({ latencyMs: 400, clock: { now: () => Date.now() } }, { timeoutMs: 5000, retries: 0 });
    const sim = rig.sim;
    const items: ReadValuesItem[] = [101, 102, 103].flatMap((device) => [
      { datapoint: XcomP.BATTERY_CHARGE_CURR, device },
      { datapoint: XcomP.MAX_CURR_AC_SOURCE, device },
    ]).slice(0, 5);
    const times = (): number[] => {
      const list = sim.requests.list();
      return list.map((r) => r.atMs - (list[0]?.atMs ?? 0));
    };
    const unpaced = rig.client.readValues(items);
    await vi.advanceTimersByTimeAsync(5000);
    expect((await unpaced).entries.every((e) => e.ok)).toBe(true);
    expect(times()).toEqual([0, 400, 800, 1200, 1600]);

    sim.requests.clear();
    const paced = rig.client.readValues(items, { pacing: { burstMs: 1000, pauseMs: 500 } });
    await vi.advanceTimersByTimeAsync(5000);
    expect((await paced).entries.every((e) => e.ok)).toBe(true);
    // Four requests would run past the 1 s burst: a 500 ms pause before the fourth.
    expect(times()).toEqual([0, 400, 800, 1700, 2100]);

    sim.requests.clear();
    const ac = new AbortController();
    const done = (async () => {
      for await (const snap of rig.client.poll(items, { every: 2700, pacing: { burstMs: 1000, pauseMs: 500 }, signal: ac.signal })) {
        if (snap.cycle === 1) ac.abort();
      }
    })();
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    // Cycle 2 is due at 2700, 200 ms after cycle 1 ended in the middle of a burst: it waits
    // until the gateway had its 500 ms of rest.
    expect(times()).toEqual([0, 400, 800, 1700, 2100, 3000, 3400, 3800, 4700, 5100]);
  });

  it('checks its options when called, before anything is sent', async () => {
    rig = await simRig();
    const client = rig.client;
    const items = [XcomP.XT_BATTERY_VOLTAGE];
    expect(() => client.poll(items, { every: 0 })).toThrow(XcomValidationError);
    expect(() => client.poll(items, {} as { every: number })).toThrow(/every must be a positive number/);
    expect(() => client.poll(items, { every: 10, onlyChanged: 1 as unknown as boolean })).toThrow(/onlyChanged must be a boolean/);
    expect(() => client.poll(items, { every: 10, often: true } as { every: number })).toThrow(/unknown option 'often'/);
    expect(() => client.poll([{ datapoint: XcomP.XT_BATTERY_VOLTAGE, device: 'XT0' as 'XT1' }], { every: 10 })).toThrow(/device must be an address/);
    expect(rig.sim.requests.size).toBe(0);
  });

  it('ends on abort, and throws CLOSED when the client is closed under it', async () => {
    rig = await simRig();
    const clock = steppingClock();
    const stopped = new AbortController();
    stopped.abort();
    const none: PollSnapshot[] = [];
    for await (const snap of rig.client.poll([XcomP.XT_BATTERY_VOLTAGE], { every: 10, clock, signal: stopped.signal })) none.push(snap);
    expect(none).toEqual([]);

    const ac = new AbortController();
    const aborting = steppingClock((count) => {
      if (count === 1) ac.abort();
    });
    const iterator = rig.client.poll([XcomP.XT_BATTERY_VOLTAGE, XcomP.BATTERY_CHARGE_CURR], { every: 10, clock: aborting, signal: ac.signal });
    expect((await iterator.next()).done).toBe(false);
    expect((await iterator.next()).done).toBe(true);

    const closing = rig.client.poll([XcomP.XT_BATTERY_VOLTAGE], { every: 10, clock });
    expect((await closing.next()).value?.entries[0]?.ok).toBe(true);
    await rig.client.close();
    await expect(closing.next()).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
