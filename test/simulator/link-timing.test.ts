// The link model's time on the line, read off an injected ManualClock: an exchange costs the
// request's wire time, the gateway's latency and the reply's wire time; exchanges follow one
// another on the half-duplex line; the default link costs nothing. And what that makes of the
// bench's dashboard: readValues at its limit, one getValue per value more than ten times slower.
import { afterEach, describe, expect, it } from 'vitest';
import { DASHBOARD, readOneByOne, unitsOf } from '../../bench/dashboard.js';
import { XcomClient } from '../../src/client/xcom-client.js';
import { decodeFrame } from '../../src/protocol/frame.js';
import { encodeRequest } from '../../src/protocol/service.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { SimEndpoint } from '../../src/simulator/endpoint.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import { exchangeDelayMs, frameWireBytes, type LinkOptions, wireTimeMs } from '../../src/simulator/link-model.js';
import { ScomResponder } from '../../src/simulator/responder.js';
import { Simulator } from '../../src/simulator/simulator.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { readInfo, T0 } from './helpers.js';
import { ManualScheduler, settle } from './manual-scheduler.js';
import { WireRecorder } from './wire.js';

const LINK: LinkOptions = { baudRate: 38400, bitsPerByte: 11, latencyMs: 100 };
const READ = encodeRequest(readInfo(101, 3000)); // 26 bytes
const FLOAT_REPLY = 30;
const MULTI_INFO = encodeRequest({ dstAddr: 501, serviceId: 1, objectType: 10, objectId: 1, propertyId: 1, propertyData: Uint8Array.of(0xb8, 0x0b, 0xfd) }); // {3000} average

async function endpointRig(link: LinkOptions | undefined) {
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);
  const wire = new WireRecorder();
  const endpoint = new SimEndpoint(wire, new ScomResponder(new SimInstallation({ clock })), {
    name: 'wire',
    timers: scheduler,
    ...(link === undefined ? {} : { link }),
  });
  await endpoint.start();
  const arrivals: number[] = [];
  const replyBytes: number[] = [];
  endpoint.on('reply', (plan) => {
    arrivals.push(scheduler.elapsed);
    replyBytes.push(plan.chunks.reduce((n, c) => n + c.bytes.length, 0));
  });
  return { clock, scheduler, wire, endpoint, arrivals, replyBytes };
}

describe('the link model’s arithmetic', () => {
  it('a byte at 38400 baud 8E1 is 11 bits: 3491 bytes a second', () => {
    expect(wireTimeMs(3491, LINK)).toBeCloseTo(1000, 0);
    expect(wireTimeMs(1, LINK)).toBeCloseTo(11 / 38.4, 10);
    expect(wireTimeMs(1, { baudRate: 115200, bitsPerByte: 10 })).toBeCloseTo(10 / 115.2, 10);
    expect(wireTimeMs(1000, { latencyMs: 100 })).toBe(0);
  });

  it('an exchange: the request’s wire time, the latency, the reply’s wire time', () => {
    expect(frameWireBytes(decodeFrame(READ))).toBe(READ.length);
    expect(frameWireBytes(decodeFrame(MULTI_INFO))).toBe(MULTI_INFO.length);
    expect(exchangeDelayMs(26, 30, LINK)).toBeCloseTo(100 + (56 * 11) / 38.4, 10);
    expect(exchangeDelayMs(26, 30, { latencyMs: 100 })).toBe(100);
    expect(exchangeDelayMs(26, 30, { baudRate: 38400 })).toBeCloseTo((56 * 11) / 38.4, 10); // 8E1 by default
    expect(exchangeDelayMs(26, 30, {})).toBe(0);
  });
});

describe('time on the simulated line (injected clock)', () => {
  it('a reply arrives when the request has crossed, the gateway has answered and the reply has crossed', async () => {
    const { scheduler, wire, arrivals, replyBytes } = await endpointRig(LINK);
    wire.request(READ);
    const total = exchangeDelayMs(READ.length, FLOAT_REPLY, LINK);
    await scheduler.advance(total - 0.01);
    expect(wire.frames).toHaveLength(0);
    await scheduler.advance(0.01);
    expect(wire.frames).toHaveLength(1);
    expect(replyBytes).toEqual([FLOAT_REPLY]);
    expect(arrivals[0]).toBeCloseTo(total, 9);
    expect(scheduler.requested).toEqual([total]);
  });

  it('half duplex: requests that arrive together are served one after the other, each at its own cost', async () => {
    const { scheduler, wire, arrivals, replyBytes } = await endpointRig(LINK);
    wire.request(READ);
    wire.request(MULTI_INFO);
    wire.request(READ);
    await scheduler.runAll();
    expect(wire.frames).toHaveLength(3);
    const costs = [READ.length, MULTI_INFO.length, READ.length].map((bytes, i) => exchangeDelayMs(bytes, replyBytes[i] ?? NaN, LINK));
    expect(costs[1]).toBeGreaterThan(costs[0] ?? Infinity); // the multi-info frames are longer
    expect(arrivals[0]).toBeCloseTo(costs[0] ?? NaN, 9);
    expect(arrivals[1]).toBeCloseTo((costs[0] ?? NaN) + (costs[1] ?? NaN), 9);
    expect(arrivals[2]).toBeCloseTo((costs[0] ?? NaN) + (costs[1] ?? NaN) + (costs[2] ?? NaN), 9);
  });

  it('a request that finds the line idle starts at once: an idle line keeps no debt', async () => {
    const { scheduler, wire, arrivals } = await endpointRig(LINK);
    const total = exchangeDelayMs(READ.length, FLOAT_REPLY, LINK);
    wire.request(READ);
    await scheduler.runAll();
    await scheduler.advance(1000);
    wire.request(READ);
    await scheduler.runAll();
    expect(arrivals[0]).toBeCloseTo(total, 9);
    expect(arrivals[1]).toBeCloseTo(total + 1000 + total, 9);
  });

  it('latency alone, without a baud rate: no wire time', async () => {
    const { scheduler, wire, arrivals } = await endpointRig({ latencyMs: 100 });
    wire.request(MULTI_INFO);
    await scheduler.runAll();
    expect(arrivals).toEqual([100]);
  });

  it('the default link costs nothing: the reply is written without a timer', async () => {
    const { scheduler, wire, endpoint } = await endpointRig(undefined);
    wire.request(READ);
    wire.request(MULTI_INFO);
    await endpoint.flush();
    expect(wire.frames).toHaveLength(2);
    expect(scheduler.requested).toEqual([]);
  });
});

describe('the bench dashboard on the simulated line (injected clock)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function clientRig() {
    const clock = new ManualClock(T0);
    const scheduler = new ManualScheduler(clock);
    const [clientSide, simSide] = MemoryTransport.pair();
    const sim = new Simulator({ clock, timers: scheduler, link: LINK, transports: [simSide] });
    await sim.start();
    const client = new XcomClient(clientSide);
    close = async () => {
      await client.close();
      await sim.close();
    };
    /** Runs the line until `work` is done; returns its result and the time it took on the clock. */
    const timed = async <T>(work: Promise<T>): Promise<{ result: T; ms: number }> => {
      const start = scheduler.elapsed;
      let done = false;
      const finished = work.finally(() => {
        done = true;
      });
      while (!done) {
        if (scheduler.pending === 0) await settle();
        else await scheduler.runAll();
      }
      return { result: await finished, ms: scheduler.elapsed - start };
    };
    return { sim, client, timed };
  }

  it('readValues refreshes the 40 values in one exchange: exactly its limit', async () => {
    const { sim, client, timed } = await clientRig();
    expect(DASHBOARD).toHaveLength(40);
    const { result, ms } = await timed(client.readValues(DASHBOARD));
    expect(result.entries.filter((e) => !e.ok)).toEqual([]);
    expect(result.requests).toBe(1);
    expect(sim.requests.size).toBe(1);
    // Spec §5.8: 14 + 10 + 3 bytes per item (+ 2) out, 14 + 10 + 8 + 7 bytes per item (+ 2) back.
    const limit = wireTimeMs(14 + 10 + 40 * 3 + 2 + (14 + 10 + 8 + 40 * 7 + 2), LINK) + 100;
    expect(limit).toBeCloseTo(231.8, 1);
    expect(ms).toBeCloseTo(limit, 6);
  });

  it('one getValue per value costs one exchange per unit value: more than ten times slower', async () => {
    const { sim, client, timed } = await clientRig();
    const reads = DASHBOARD.reduce((n, item) => n + unitsOf(item).length, 0);
    expect(reads).toBe(58); // the sums and averages need every unit's value
    const slow = await timed(readOneByOne(client, DASHBOARD));
    expect(slow.result.requests).toBe(reads);
    expect(sim.requests.size).toBe(reads);
    expect(slow.ms).toBeCloseTo(reads * exchangeDelayMs(26, FLOAT_REPLY, LINK), 6);
    const fast = await timed(client.readValues(DASHBOARD));
    expect(slow.ms / fast.ms).toBeGreaterThan(10);
    // Both read the same installation: the sums agree with the multi-info's (float32).
    const xtOutput = fast.result.entries.find((e) => e.key === '3136@sum');
    expect(xtOutput?.ok && xtOutput.value).toBeCloseTo(slow.result.values[5] ?? NaN, 1);
  });
});
