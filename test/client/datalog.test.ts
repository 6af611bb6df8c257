// listDatalogs and downloadDatalog against the simulator's SD card over an in-memory link:
// the exact bytes, the recovery from each fault, aborts, bounded failures, validation, the
// "new datalog file" event.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatalogProgress } from '../../src/client/datalog.js';
import { XcomP } from '../../src/catalogue/index.js';
import { XcomDeviceError, XcomProtocolError, XcomTimeoutError, XcomValidationError } from '../../src/errors.js';
import { XcomClient } from '../../src/client/xcom-client.js';
import { encodeResponse, SD_ABORT, SD_ACK_CONTINUE, SD_START } from '../../src/protocol/index.js';
import type { SimulatorOptions } from '../../src/simulator/simulator.js';
import { ScriptedDevice } from './scripted-device.js';
import { type SimRig, simRig } from './sim-rig.js';

/** A small installation: fewer columns, so that a week is about 900 blocks. */
const SMALL: SimulatorOptions = { seed: 5, xtenders: 1, variotracks: 1, variostrings: 0 };

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Short timeouts, for the tests that wait a lost or corrupted message out (or run on fake
 * timers). The others keep the client's generous default: on a loaded machine (CI runs the
 * suites side by side on two cores) a reply can take longer than 200 ms, and a spurious
 * timeout would restart a file that a test expects to come in one run.
 */
const SHORT = { timeoutMs: 200, quarantineMs: 250 };

/** A rig closed when the test ends (the tests run side by side: each mostly waits). */
async function open(onFinished: (fn: () => Promise<void>) => void, simOptions: SimulatorOptions = {}, clientOptions = {}): Promise<SimRig> {
  const rig = await simRig({ ...SMALL, ...simOptions }, { timeoutMs: 5000, ...clientOptions });
  onFinished(() => rig.close());
  return rig;
}

const card = (r: SimRig) => {
  const sd = r.sim.installation.sdCard;
  if (sd === undefined) throw new Error('no SD card');
  return sd;
};
const steps = (r: SimRig): number[] => r.sim.requests.list().filter((x) => x.objectType === 0x0101).map((x) => x.propertyId);

describe.concurrent('listDatalogs / downloadDatalog', () => {
  it('lists a week of files and downloads each byte for byte', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    const names = await r.client.listDatalogs();
    expect(names).toEqual(['LG250615.CSV', 'LG250616.CSV', 'LG250617.CSV', 'LG250618.CSV', 'LG250619.CSV', 'LG250620.CSV', 'LG250621.CSV']);
    for (const name of names) {
      const bytes = await r.client.downloadDatalog(name);
      expect(Buffer.from(bytes).equals(Buffer.from(card(r).read(name) as Uint8Array)), name).toBe(true);
    }
    // A day's file: a header and 1440 rows; today's (10:00) a header and 601.
    const lines = (name: string): string[] => Buffer.from(card(r).read(name) as Uint8Array).toString('latin1').split('\r\n');
    expect(lines('LG250620.CSV')).toHaveLength(1 + 1440 + 1);
    expect(lines('LG250621.CSV')).toHaveLength(1 + 601 + 1);
    expect(r.client.stats.timeouts).toBe(0);
  });

  it('reports progress after each block, the last one done', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    const seen: DatalogProgress[] = [];
    const bytes = await r.client.downloadDatalog('LG250621.CSV', { onProgress: (p) => seen.push(p) });
    const blocks = Math.ceil(bytes.length / 512);
    expect(seen).toHaveLength(blocks);
    expect(seen.at(-1)).toEqual({ name: 'LG250621.CSV', bytes: bytes.length, blocks, restarts: 0, confirming: false, done: true });
    expect(seen[0]).toEqual({ name: 'LG250621.CSV', bytes: 512, blocks: 1, restarts: 0, confirming: false, done: false });
  });

  it('a Finish without data (spec §4.8.2) ends the file as well', async ({ onTestFinished }) => {
    const r = await open(onTestFinished, { sdCard: { finishCarriesData: false } });
    const bytes = await r.client.downloadDatalog('LG250621.CSV');
    expect(Buffer.from(bytes).equals(Buffer.from(card(r).read('LG250621.CSV') as Uint8Array))).toBe(true);
    expect(await r.client.listDatalogs()).toHaveLength(7);
  });

  it('a listing that spans several blocks', async ({ onTestFinished }) => {
    const r = await open(onTestFinished, { sdCard: { days: 60 } });
    const names = await r.client.listDatalogs();
    expect(names).toHaveLength(60);
    expect(names[0]).toBe('LG250423.CSV');
    expect(steps(r)).toEqual([SD_START, SD_ACK_CONTINUE]); // 780 bytes: a Datablock, then a Finish
  });

  it.for([
    ['a corrupted block', 'corrupt'],
    ['a lost reply', 'drop'],
    ['a lost request', 'drop-request'],
  ] as const)('%s: the file restarts from SD_Start after an SD_Abort, and is exact', async ([, fault], { onTestFinished }) => {
    const r = await open(onTestFinished, {}, SHORT);
    const endpoint = r.sim.endpoint('transport-1');
    endpoint.faults.next([], 6);
    endpoint.faults.next(fault);
    const seen: DatalogProgress[] = [];
    const bytes = await r.client.downloadDatalog('LG250620.CSV', { onProgress: (p) => seen.push(p) });
    expect(Buffer.from(bytes).equals(Buffer.from(card(r).read('LG250620.CSV') as Uint8Array))).toBe(true);
    // Once (more only if a loaded machine made another step time out), then a run that confirms.
    const restarts = seen.at(-1)?.restarts ?? 0;
    expect(restarts).toBeGreaterThanOrEqual(1);
    expect(seen.at(-1)?.confirming).toBe(true);
    const completeRuns = seen.filter((p) => p.done).length;
    expect(completeRuns).toBeGreaterThanOrEqual(2);
    const log = steps(r);
    const abortAt = log.indexOf(SD_ABORT);
    expect(abortAt).toBeGreaterThan(0);
    expect(log[abortAt + 1]).toBe(SD_START);
    expect(log.filter((p) => p === SD_START)).toHaveLength(restarts + completeRuns);
    expect(log.filter((p) => p === SD_ABORT)).toHaveLength(restarts);
  });

  it('a duplicated reply is dropped: nothing restarts, and the file is exact', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    const endpoint = r.sim.endpoint('transport-1');
    endpoint.faults.next([], 6);
    endpoint.faults.next('duplicate');
    const bytes = await r.client.downloadDatalog('LG250620.CSV');
    expect(Buffer.from(bytes).equals(Buffer.from(card(r).read('LG250620.CSV') as Uint8Array))).toBe(true);
    expect(r.client.stats.droppedFrames).toBeGreaterThanOrEqual(1);
    expect(steps(r).filter((p) => p === SD_START).length).toBe(1 + r.client.stats.timeouts);
  });

  it('busy: the same step is sent again after a pause, nothing restarts', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    const endpoint = r.sim.endpoint('transport-1');
    endpoint.faults.next([], 4);
    endpoint.faults.next('busy');
    const bytes = await r.client.downloadDatalog('LG250621.CSV');
    expect(Buffer.from(bytes).equals(Buffer.from(card(r).read('LG250621.CSV') as Uint8Array))).toBe(true);
    expect(r.sim.requests.list().filter((x) => x.errorCode === 0x13)).toHaveLength(1);
    expect(steps(r).slice(3, 6)).toEqual([SD_ACK_CONTINUE, SD_ACK_CONTINUE, SD_ACK_CONTINUE]); // the refused one, again
    expect(steps(r).filter((p) => p === SD_START)).toHaveLength(1);
    expect(steps(r)).not.toContain(SD_ABORT);
  });

  it('the daily save at 00:00:30 answers GATEWAY_BUSY, which is waited out', async ({ onTestFinished }) => {
    const r = await open(onTestFinished, { sdCard: { saveBusyMs: 1000 } });
    r.clock.set(Date.UTC(2025, 5, 22, 0, 0, 30));
    // Each reply takes a second of the installation's time: the save is over after the first.
    r.sim.endpoint('transport-1').on('reply', () => r.clock.advance(1000));
    const names = await r.client.listDatalogs();
    expect(names.at(-1)).toBe('LG250622.CSV');
    expect(r.sim.requests.list()[0]).toMatchObject({ outcome: 'error', errorCode: 0x13, detail: 'saving the datalog' });
    expect(r.sim.requests.list().filter((x) => x.errorCode === 0x13)).toHaveLength(1);
    expect(await r.client.downloadDatalog('LG250621.CSV')).toHaveLength((card(r).read('LG250621.CSV') as Uint8Array).length);
  });

  it('an abort mid-file sends SD_Abort and rejects with the reason', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    const stop = new AbortController();
    const reason = new Error('enough');
    const call = r.client.downloadDatalog('LG250620.CSV', { signal: stop.signal, onProgress: (p) => p.blocks === 5 && stop.abort(reason) });
    await expect(call).rejects.toBe(reason);
    expect(steps(r)).toEqual([SD_START, SD_ACK_CONTINUE, SD_ACK_CONTINUE, SD_ACK_CONTINUE, SD_ACK_CONTINUE, SD_ABORT]);
    // The gateway is free again: the next transfer goes through.
    expect(await r.client.listDatalogs()).toHaveLength(7);
  });

  it('an abort while a step is in flight sends SD_Abort too', async ({ onTestFinished }) => {
    const r = await open(onTestFinished, {}, { ...SHORT, timeoutMs: 400 });
    r.sim.endpoint('transport-1').faults.next([], 3);
    r.sim.endpoint('transport-1').faults.next('drop');
    const stop = new AbortController();
    const call = r.client.downloadDatalog('LG250620.CSV', { signal: stop.signal, onProgress: (p) => p.blocks === 3 && setTimeout(() => stop.abort(), 20) });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(steps(r).at(-1)).toBe(SD_ABORT);
  });

  it('a file not on the card is a device error at once: no restart, no Abort', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    await expect(r.client.downloadDatalog('LG200101.CSV')).rejects.toMatchObject({ code: 'FILE_OR_DIR_NOT_PRESENT' });
    expect(steps(r)).toEqual([SD_START]);
  });

  it('a file shorter than a block comes in one Finish', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    r.sim.installation.sdCard?.format();
    // {5047} at 10:00: today's file starts again, a header and no row yet.
    const header = Buffer.from(await r.client.downloadDatalog('LG250621.CSV')).toString();
    expect(header).toMatch(/^Date,Time,Ubat \[V\],.*\r\n$/);
    expect(header.split('\r\n')).toHaveLength(2);
    expect(steps(r)).toEqual([SD_START]);
  });

  it('refuses a bad name or option before anything is sent', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    for (const name of ['../LG250621.CSV', 'LG250621.CSV\n', 'a/b', '', 'LONGNAME1.CSV']) {
      await expect(r.client.downloadDatalog(name), name).rejects.toBeInstanceOf(XcomValidationError);
    }
    await expect(r.client.downloadDatalog(42 as unknown as string)).rejects.toBeInstanceOf(XcomValidationError);
    await expect(r.client.downloadDatalog('LG250621.CSV', { maxRestarts: -1 })).rejects.toMatchObject({ field: 'maxRestarts' });
    await expect(r.client.downloadDatalog('LG250621.CSV', { onProgres: () => undefined } as never)).rejects.toThrow(/did you mean "onProgress"/);
    await expect(r.client.listDatalogs({ timeoutMs: 0 })).rejects.toMatchObject({ field: 'timeoutMs' });
    expect(r.sim.requests.size).toBe(0);
  });

  it('transfers of one client run one at a time', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    const [a, names, b] = await Promise.all([r.client.downloadDatalog('LG250619.CSV'), r.client.listDatalogs(), r.client.downloadDatalog('LG250621.CSV')]);
    expect(Buffer.from(a).equals(Buffer.from(card(r).read('LG250619.CSV') as Uint8Array))).toBe(true);
    expect(Buffer.from(b).equals(Buffer.from(card(r).read('LG250621.CSV') as Uint8Array))).toBe(true);
    expect(names).toHaveLength(7);
    const starts = r.sim.requests.list().filter((x) => x.propertyId === SD_START).map((x) => x.objectId);
    expect(starts).toEqual([2, 1, 2]);
  });

  it('a transfer waiting its turn gives up on abort, and the next still waits for the one running', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    const stop = new AbortController();
    const first = r.client.downloadDatalog('LG250619.CSV');
    const second = r.client.listDatalogs({ signal: stop.signal });
    const third = r.client.downloadDatalog('LG250621.CSV');
    stop.abort(new Error('not now'));
    await expect(second).rejects.toThrow('not now');
    await Promise.all([first, third]);
    expect(r.sim.requests.list().filter((x) => x.propertyId === SD_START).map((x) => x.objectId)).toEqual([2, 2]);
  });

  it('{5120} and {5047} sent with trigger() act on the card', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    await r.client.trigger(XcomP.RCC_ERASE_THE_30_OLDEST_LOG_FILES_FROM_THE_SD_CARD);
    expect(await r.client.listDatalogs()).toEqual(['LG250621.CSV']);
    expect((await r.client.downloadDatalog('LG250621.CSV')).length).toBe((card(r).read('LG250621.CSV') as Uint8Array).length);
    await r.client.trigger(XcomP.RCC_FORMAT_THE_SD_CARD);
    expect(Buffer.from(await r.client.downloadDatalog('LG250621.CSV')).toString().split('\r\n')).toHaveLength(2);
  });

  it('emits newDatalogFile when frame flag bit 4 rises; a file read clears it', async ({ onTestFinished }) => {
    const r = await open(onTestFinished);
    const events: boolean[] = [];
    r.client.on('newDatalogFile', (flags) => events.push(flags.newDatalogFile));
    await r.client.listDatalogs();
    expect(events).toEqual([]);
    r.clock.set(Date.UTC(2025, 5, 22, 0, 1));
    const names = await r.client.listDatalogs();
    expect(events).toEqual([true]);
    expect(r.client.flags?.newDatalogFile).toBe(true);
    expect(names).toHaveLength(7);
    expect(names[0]).toBe('LG250616.CSV'); // a week: the oldest day went
    await r.client.downloadDatalog('LG250621.CSV');
    await r.client.listDatalogs();
    expect(r.client.flags?.newDatalogFile).toBe(false);
    expect(events).toEqual([true]);
  });
});

describe('bounded failures (fake timers)', () => {
  it('a permanent loss ends with a timeout after maxRestarts runs, without hanging (fake timers)', async ({ onTestFinished }) => {
    const r = await open(onTestFinished, {}, SHORT);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    r.sim.endpoint('transport-1').faults.setRates({ drop: 1 });
    let outcome: unknown;
    const call = r.client.downloadDatalog('LG250620.CSV', { maxRestarts: 2 }).then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = error),
    );
    for (let ms = 0; outcome === undefined && ms < 60_000; ms += 100) await vi.advanceTimersByTimeAsync(100);
    await call;
    expect(outcome).toBeInstanceOf(XcomTimeoutError);
    expect(outcome).toMatchObject({ attempts: 3, message: expect.stringMatching(/^no complete transfer of LG250620\.CSV in 3 runs/) });
    // Three runs, each a Start and an Abort.
    expect(steps(r)).toEqual([SD_START, SD_ABORT, SD_START, SD_ABORT, SD_START, SD_ABORT]);
  });

  it('a permanent GATEWAY_BUSY ends with the device error after the backoff, nothing to abort (fake timers)', async ({ onTestFinished }) => {
    const r = await open(onTestFinished, {}, SHORT);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    r.sim.endpoint('transport-1').faults.setRates({ busy: 1 });
    let outcome: unknown;
    const call = r.client.listDatalogs().then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = error),
    );
    for (let ms = 0; outcome === undefined && ms < 60_000; ms += 100) await vi.advanceTimersByTimeAsync(100);
    await call;
    expect(outcome).toBeInstanceOf(XcomDeviceError);
    expect(outcome).toMatchObject({ code: 'SCOM_ERROR_GATEWAY_BUSY' });
    expect(steps(r)).toEqual(Array.from({ length: 7 }, () => SD_START));
  });
});

describe('a gateway that answers otherwise (scripted)', () => {
  it('a reply with another property than Datablock or Finish is a protocol error, after the restarts', async () => {
    const device = new ScriptedDevice();
    // An OK reply that echoes the step's own property: matched (error replies echo it), but not a block.
    device.answer = (request) => encodeResponse({ flags: 0x24, srcAddr: 501, dstAddr: 1, serviceId: 1, objectType: 0x0101, objectId: request.objectId, propertyId: request.propertyId, propertyData: new Uint8Array(3) });
    const client = new XcomClient(device.clientSide, { timeoutMs: 200, quarantineMs: 200 });
    try {
      const error = await client.downloadDatalog('LG250621.CSV', { maxRestarts: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(XcomProtocolError);
      expect(error).toMatchObject({ message: expect.stringMatching(/in 2 runs: .*property 33, neither Datablock nor Finish/) });
      expect(device.received.map((m) => m.propertyId)).toEqual([SD_START, SD_ABORT, SD_START, SD_ABORT]);
    } finally {
      await client.close();
    }
  });

  it('an empty Datablock is a protocol error too', async () => {
    const device = new ScriptedDevice();
    device.answer = (request) =>
      encodeResponse({ flags: 0x24, srcAddr: 501, dstAddr: 1, serviceId: 1, objectType: 0x0101, objectId: request.objectId, propertyId: request.propertyId === SD_ABORT ? 0x26 : 0x22, propertyData: new Uint8Array(0) });
    const client = new XcomClient(device.clientSide, { timeoutMs: 200, quarantineMs: 200 });
    try {
      await expect(client.listDatalogs({ maxRestarts: 0 })).rejects.toThrow(/in 1 runs: the gateway sent an empty Datablock/);
    } finally {
      await client.close();
    }
  });
});
