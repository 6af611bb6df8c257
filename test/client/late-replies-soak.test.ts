// The random-faults soak of the integration tests, aimed at late replies: replies delayed past
// the client's timeout while the next request asks the same info of a phase or multicast
// address, or writes the same parameter (some writes refused by the device). With the grace
// window shortened by its option: no wrong value, no false success, no unsettled promise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDatapoint, XcomP } from '../../src/catalogue/index.js';
import { XcomDeviceError, XcomError, XcomTimeoutError, XcomTransportError } from '../../src/errors.js';
import { type Link, type LinkKind, openLink } from './links.js';

const KINDS: LinkKind[] = ['udp', 'tcp'];

type Op =
  | { kind: 'read'; addr: number; id: number; expected: number }
  | { kind: 'write'; addr: number; value: number; refused: boolean };

for (const kind of KINDS) describe(`late replies over ${kind}`, () => {
  let l: Link;
  beforeAll(async () => {
    l = await openLink(kind, { seed: 11 }, { timeoutMs: 100, retries: 1, quarantineMs: 300 });
  });
  afterAll(async () => {
    await l?.close();
  });

  it('timeouts followed by reads of other addresses and writes of the same parameter: 0 wrong values, 0 false successes', async () => {
    const { client, sim } = l;
    const ids = [3000, 3001, 3005];
    let n = 1;
    for (const addr of [101, 102, 103]) for (const id of ids) sim.installation.setValue(addr, id, 100 + n++);
    const value = (addr: number, id: number) => sim.installation.currentValue(addr, id) as number;
    // The phase addresses are answered by the Xtender of that phase, the multicast 100 by the master.
    const master: Record<number, number> = { 100: 101, 191: 101, 192: 102, 193: 103 };
    // Blocks of reads of one info across unicast, phase and multicast addresses, then a write of
    // a parameter followed by a write of the same parameter that the device refuses: a late
    // reply confuses only a request that asks the same thing.
    const ops: Op[] = [];
    for (let block = 0; block < 6; block++) {
      const id = ids[block % ids.length] as number;
      for (const addr of [101, 192, 102, 100, 193, 103, 191]) ops.push({ kind: 'read', addr, id, expected: value(master[addr] ?? addr, id) });
      // 250 A is above every unit's maximum: the device answers DATA_TOO_BIG.
      ops.push({ kind: 'write', addr: 100, value: 10 + block, refused: false });
      ops.push({ kind: 'write', addr: block % 2 === 0 ? 100 : 101, value: 250, refused: true });
    }
    sim.endpoint(l.endpoint).faults.setRates({ drop: 0.08, delay: 0.25, delayMs: 115, duplicate: 0.1, foreign: 0.1, corrupt: 0.05 });
    try {
      const promises = ops.map((op) =>
        op.kind === 'read'
          ? client.getValue(getDatapoint(op.id), { dstAddr: op.addr })
          : client.setValue(XcomP.BATTERY_CHARGE_CURR, op.value, { dstAddr: op.addr, skipRangeCheck: true }),
      );
      let unsettled = promises.length;
      for (const p of promises) p.then(() => unsettled--, () => unsettled--);
      const results = await Promise.allSettled(promises);
      expect(unsettled).toBe(0);
      const wrong: string[] = [];
      const falseSuccesses: string[] = [];
      let ok = 0;
      results.forEach((r, i) => {
        const op = ops[i] as Op;
        if (r.status === 'fulfilled') {
          ok++;
          if (op.kind === 'read' && r.value !== op.expected) wrong.push(`${op.addr}/${op.id}: ${String(r.value)} for ${op.expected}`);
          if (op.kind === 'write' && op.refused) falseSuccesses.push(`write of ${op.value} to ${op.addr}`);
        } else {
          expect(r.reason).toBeInstanceOf(XcomError);
          const typed = r.reason instanceof XcomTimeoutError || r.reason instanceof XcomTransportError || r.reason instanceof XcomDeviceError;
          expect(typed, String(r.reason)).toBe(true);
          if (r.reason instanceof XcomDeviceError) {
            // Only the writes the device refuses may fail with a device error.
            expect(op.kind === 'write' && op.refused, `${op.kind} ${op.addr}: ${r.reason.code}`).toBe(true);
            expect(r.reason.code).toBe('DATA_TOO_BIG');
          }
        }
      });
      expect(wrong).toEqual([]);
      expect(falseSuccesses).toEqual([]);
      expect(ok).toBeGreaterThan(15);
      expect(client.stats.timeouts).toBeGreaterThan(0);
    } finally {
      sim.endpoint(l.endpoint).faults.setRates({});
      for (const addr of [101, 102, 103]) for (const id of ids) sim.installation.unpinInfo(addr, id);
    }
  }, 60_000);
});
