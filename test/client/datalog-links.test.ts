// The SD card's datalogs end to end over the real links against the simulator: UDP (an
// Xcom-LAN), TCP (a Moxa in "TCP server" mode) and a socat pty pair (a bare Xcom-232i). Every
// file of the simulated week comes out byte-identical to the simulator's own, while one file
// meets a corrupted block, another a lost reply, another a lost request and another
// GATEWAY_BUSY; an abort mid-file is seen by the simulator as SD_Abort.
import { describe, expect, it } from 'vitest';
import { SD_ABORT, SD_START } from '../../src/protocol/index.js';
import type { FaultKind } from '../../src/simulator/faults.js';
import { WITHOUT_SOCAT } from '../transport/socat.js';
import { type LinkKind, openLink } from './links.js';

const FAULTS: readonly FaultKind[] = ['corrupt', 'drop', 'drop-request', 'busy'];

// The three links run side by side: each mostly waits (on sockets, on the faults' timeouts).
describe.concurrent.each(['udp', 'tcp', 'serial'] as const)('datalogs over %s', (kind: LinkKind) => {
  it.skipIf(kind === 'serial' && WITHOUT_SOCAT)('every file of the week is exact under each fault; an abort sends SD_Abort', async ({ onTestFinished }) => {
    // A loaded machine (CI runs the suites side by side) can hold a pty's reply for hundreds of
    // milliseconds: the client's timeout is generous, and a spurious restart costs only time.
    // That time is a whole file or two (158 blocks each) on top of the 7 s the test takes alone;
    // over serial every round trip (some 1700) also waits for socat to get a core: 35 s beside
    // three busy loops and a loaded suite. So the test's own limit is two minutes, not 20 s,
    // and the serial link drops a partial frame after 200 ms of silence, not 20 (a 512-byte
    // block held back by the machine is not a false start).
    const link = await openLink(kind, { seed: 11, xtenders: 1, variotracks: 1, variostrings: 0 }, { timeoutMs: 1000, quarantineMs: 1200 }, { interByteTimeoutMs: 200 });
    onTestFinished(() => link.close());
    const { client, sim } = link;
    const card = sim.installation.sdCard;
    if (card === undefined) throw new Error('no SD card');
    const faults = sim.endpoint(link.endpoint).faults;
    const names = await client.listDatalogs();
    expect(names).toEqual(card.names());
    expect(names).toHaveLength(7);
    const restarts: number[] = [];
    let confirmations = 0;
    for (const [i, name] of names.entries()) {
      const fault = FAULTS[i];
      if (fault !== undefined) {
        faults.next([], 2 + 3 * i); // clean replies first: the fault hits a block inside the file
        faults.next(fault);
      }
      let last = 0;
      let complete = 0;
      const bytes = await client.downloadDatalog(name, { maxRestarts: 10, onProgress: (p) => ((last = p.restarts), p.done && complete++) });
      confirmations += complete - 1;
      restarts.push(last);
      expect(Buffer.from(bytes).equals(Buffer.from(card.read(name) as Uint8Array)), `${name} after ${fault ?? 'no fault'}`).toBe(true);
    }
    // Corrupt, lost reply and lost request restart the file (once, unless a loaded machine
    // made a step time out too); busy repeats one step.
    for (const n of restarts.slice(0, 3)) expect(n).toBeGreaterThanOrEqual(1);
    expect(sim.requests.list().filter((r) => r.errorCode === 0x13)).toHaveLength(1);

    const stop = new AbortController();
    const reason = new Error('stopped');
    const aborted = client.downloadDatalog(names[5] as string, { signal: stop.signal, onProgress: (p) => p.blocks === 10 && stop.abort(reason) });
    await expect(aborted).rejects.toBe(reason);
    const log = sim.requests.list().filter((r) => r.objectType === 0x0101);
    expect(log.at(-1)).toMatchObject({ propertyId: SD_ABORT, objectId: 2, outcome: 'ok' });
    const runs = restarts.reduce((a, b) => a + b, 0);
    expect(log.filter((r) => r.propertyId === SD_ABORT)).toHaveLength(runs + 1);
    // A faulted file is downloaded again, and kept once two complete runs agree.
    expect(confirmations).toBeGreaterThanOrEqual(3);
    expect(log.filter((r) => r.propertyId === SD_START)).toHaveLength(1 + 7 + runs + confirmations + 1);
  }, 120_000);
});
