import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeFrame, encodeFrame, toHex } from '../../src/protocol/frame.js';
import { decodeMessage, encodeRequest } from '../../src/protocol/service.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { SimEndpoint } from '../../src/simulator/endpoint.js';
import { FaultController } from '../../src/simulator/faults.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import { wireTimeMs } from '../../src/simulator/link-model.js';
import { ScomResponder } from '../../src/simulator/responder.js';
import type { SimTimers } from '../../src/simulator/timers.js';
import { readInfo, T0 } from './helpers.js';
import { WireRecorder } from './wire.js';

const REQUEST = encodeRequest(readInfo(101, 3000));

async function setup(options: { latencyMs?: number; baudRate?: number; timers?: SimTimers } = {}) {
  const wire = new WireRecorder();
  const site = new SimInstallation({ clock: new ManualClock(T0) });
  const { timers, ...link } = options;
  const endpoint = new SimEndpoint(wire, new ScomResponder(site), { name: 'wire', link, ...(timers ? { timers } : {}) });
  await endpoint.start();
  const clean = new ScomResponder(new SimInstallation({ clock: new ManualClock(T0) })).respond(decodeFrame(REQUEST))!;
  return { wire, endpoint, site, clean };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('faults observed on the wire', () => {
  it('no fault: one chunk, one frame, byte-identical to the responder’s reply', async () => {
    const { wire, endpoint, clean } = await setup();
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.chunks.map(toHex)).toEqual([toHex(clean)]);
    expect(wire.frames).toHaveLength(1);
    expect(endpoint.stats).toMatchObject({ framesReceived: 1, repliesSent: 1, repliesDropped: 0 });
  });

  it('drop: the reply never arrives, the request is still logged', async () => {
    const { wire, endpoint } = await setup();
    endpoint.faults.next('drop');
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.chunks).toEqual([]);
    expect(endpoint.stats.repliesDropped).toBe(1);
    expect(endpoint.responder.log.size).toBe(1);
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.frames).toHaveLength(1);
  });

  it('corrupt: the client’s decoder counts a bad data (or header) checksum and delivers nothing', async () => {
    const { wire, endpoint } = await setup();
    endpoint.faults.next('corrupt');
    endpoint.faults.next({ kind: 'corrupt', part: 'header' });
    wire.request(REQUEST);
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.frames).toEqual([]);
    expect(wire.client.stats.dataChecksumErrors).toBe(1);
    expect(wire.client.stats.headerChecksumErrors).toBeGreaterThanOrEqual(1);
  });

  it('duplicate: the same reply arrives twice', async () => {
    const { wire, endpoint, clean } = await setup();
    endpoint.faults.next('duplicate');
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.frames).toHaveLength(2);
    expect(wire.chunks.map(toHex)).toEqual([toHex(clean), toHex(clean)]);
    expect(endpoint.stats.repliesSent).toBe(2);
  });

  it('split: the reply arrives in several chunks at the given (or seeded) boundaries and decodes whole', async () => {
    const { wire, endpoint, clean } = await setup();
    endpoint.faults.next({ kind: 'split', at: [1, 13, 20] });
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.chunks.map((c) => c.length)).toEqual([1, 12, 7, clean.length - 20]);
    expect(wire.frames).toHaveLength(1);
    wire.chunks.length = 0;
    endpoint.faults.next({ kind: 'split', pieces: 5 });
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.chunks).toHaveLength(5);
    expect(toHex(Uint8Array.from(wire.chunks.flatMap((c) => Array.from(c))))).toBe(toHex(clean));
    expect(wire.frames).toHaveLength(2);
  });

  it('foreign frames and garbage before the reply: the client skips them and still gets its reply', async () => {
    const { wire, endpoint } = await setup();
    const portal = encodeFrame({ flags: 0, srcAddr: 1, dstAddr: 101, data: Uint8Array.of(0, 1, 1, 0, 0xe8, 0x0b, 0, 0, 1, 0) });
    endpoint.faults.next([{ kind: 'foreign', frames: [portal] }, { kind: 'foreign' }, { kind: 'garbage', bytes: Uint8Array.of(1, 2, 3, 0xaa, 5) }]);
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.chunks).toHaveLength(4);
    expect(wire.frames).toHaveLength(3);
    const mine = wire.frames.map(decodeMessage).filter((m) => m.isResponse && m.objectId === 3000);
    expect(mine).toHaveLength(1);
    expect(wire.client.stats.bytesSkipped).toBeGreaterThanOrEqual(4);
  });

  it('seeded garbage before a split reply, combined', async () => {
    const { wire, endpoint } = await setup();
    endpoint.faults.next(['garbage', 'split']);
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.chunks.length).toBeGreaterThanOrEqual(4);
    wire.client.idle();
    expect(wire.frames.length + wire.client.idle().length).toBe(1);
  });

  it('close: the connection is dropped instead of replying', async () => {
    const { wire, endpoint } = await setup();
    endpoint.faults.next('close');
    wire.request(REQUEST);
    await endpoint.flush();
    expect(wire.chunks).toEqual([]);
    expect(wire.closes).toBe(1);
    expect(wire.opens).toBe(2);
    await endpoint.closeConnection();
    expect(wire.closes).toBe(2);
  });

  it('rates: seeded and reproducible', async () => {
    const run = async () => {
      const { wire, endpoint } = await setup();
      endpoint.faults.setRates({ drop: 0.5 });
      // One at a time, as a client asks: a burst of 40 would overflow the reply queue.
      for (let i = 0; i < 40; i++) {
        wire.request(REQUEST);
        await endpoint.flush();
      }
      return endpoint.stats.repliesDropped;
    };
    const first = await run();
    expect(first).toBeGreaterThan(5);
    expect(first).toBeLessThan(35);
    expect(await run()).toBe(first);
    expect(() => new FaultController().setRates({ drop: 2 })).toThrow(/probability/);
  });

  it('delay, also past a client’s 2 s timeout, on fake timers', async () => {
    vi.useFakeTimers();
    const { wire, endpoint } = await setup();
    endpoint.faults.next({ kind: 'delay', ms: 2500 });
    wire.request(REQUEST);
    await vi.advanceTimersByTimeAsync(2499);
    expect(wire.frames).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(wire.frames).toHaveLength(1);
  });

  it('the link model: the request’s wire time, latency and the reply’s wire time at 38400 baud 8E1', async () => {
    vi.useFakeTimers();
    const { wire, endpoint, clean } = await setup({ latencyMs: 100, baudRate: 38400 });
    const total = wireTimeMs(REQUEST.length, { baudRate: 38400 }) + 100 + wireTimeMs(clean.length, { baudRate: 38400 });
    expect(wireTimeMs(3491, { baudRate: 38400 })).toBeCloseTo(1000, 0);
    wire.request(REQUEST);
    wire.request(REQUEST);
    await vi.advanceTimersByTimeAsync(total - 1);
    expect(wire.frames).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(wire.frames).toHaveLength(1);
    // Half duplex: the second reply queues behind the first.
    await vi.advanceTimersByTimeAsync(total - 3);
    expect(wire.frames).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4);
    expect(wire.frames).toHaveLength(2);
  });

  it('injected timers are used for delays', async () => {
    const pending: (() => void)[] = [];
    const timers: SimTimers = { setTimeout: (cb) => pending.push(cb), clearTimeout: () => undefined };
    const { wire, endpoint } = await setup({ latencyMs: 5, timers });
    wire.request(REQUEST);
    await Promise.resolve();
    await Promise.resolve();
    expect(wire.frames).toHaveLength(0);
    expect(pending).toHaveLength(1);
    pending[0]?.();
    await endpoint.flush();
    expect(wire.frames).toHaveLength(1);
  });

  it('inject: raw bytes at any time', async () => {
    const { wire, endpoint } = await setup();
    await endpoint.inject(Uint8Array.of(0xaa, 0x00));
    expect(wire.chunks).toHaveLength(1);
    expect(wire.client.buffered).toBe(2);
  });
});
