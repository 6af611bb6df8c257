// Each link's reply queue: bounded, thrown away with its link, silent after close — on fake
// timers and a recording wire, so nothing here depends on the machine's speed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeRequest } from '../../src/protocol/service.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { SimEndpoint, type EndpointOptions } from '../../src/simulator/endpoint.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import { ScomResponder } from '../../src/simulator/responder.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import type { Transport } from '../../src/transport/transport.js';
import { readInfo, T0 } from './helpers.js';
import { WireRecorder } from './wire.js';

const REQUEST = encodeRequest(readInfo(101, 3000));

/** A wire whose writes never complete, as a socket whose peer stopped reading. */
class StuckWire extends WireRecorder {
  writesStarted = 0;
  override send(): Promise<void> {
    this.writesStarted++;
    return new Promise(() => undefined);
  }
}

async function setup<T extends Transport = WireRecorder>(options: EndpointOptions = {}, wire: T = new WireRecorder() as unknown as T) {
  const endpoint = new SimEndpoint(wire, new ScomResponder(new SimInstallation({ clock: new ManualClock(T0) })), {
    name: 'wire',
    ...options,
  });
  await endpoint.start();
  return { wire, endpoint };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the reply queue of a link', () => {
  it('holds at most replyQueueLimit replies; requests beyond are dropped before the responder sees them', async () => {
    vi.useFakeTimers();
    const { wire, endpoint } = await setup({ link: { latencyMs: 100 } });
    for (let i = 0; i < 20; i++) wire.request(REQUEST);
    expect(endpoint.stats).toMatchObject({ framesReceived: 8, requestsDropped: 12, peakQueued: 8 });
    expect(endpoint.responder.log.size).toBe(8);
    await vi.advanceTimersByTimeAsync(800);
    expect(wire.frames).toHaveLength(8);
    // Room again: the next request is answered.
    wire.request(REQUEST);
    await vi.advanceTimersByTimeAsync(100);
    expect(wire.frames).toHaveLength(9);
    expect(endpoint.stats.requestsDropped).toBe(12);
  });

  it('the limit is an option, checked', async () => {
    const { wire, endpoint } = await setup({ replyQueueLimit: 2 }, new StuckWire());
    for (let i = 0; i < 5; i++) wire.request(REQUEST);
    expect(endpoint.stats).toMatchObject({ framesReceived: 2, requestsDropped: 3, peakQueued: 2 });
    await expect(setup({ replyQueueLimit: 0 })).rejects.toThrow(/replyQueueLimit/);
  });

  it('a peer that does not read: one write waits, the queue stays at its limit, the rest is dropped', async () => {
    const { wire, endpoint } = await setup({}, new StuckWire());
    for (let i = 0; i < 1000; i++) wire.request(REQUEST);
    await Promise.resolve();
    expect(wire.writesStarted).toBe(1);
    expect(endpoint.stats).toMatchObject({ framesReceived: 8, requestsDropped: 992, peakQueued: 8 });
    // The link goes: the stuck write is abandoned and the queue thrown away.
    wire.disconnect();
    await endpoint.flush();
    expect(endpoint.stats.repliesDiscarded).toBe(8);
    expect(endpoint.stats.sendErrors).toBe(0);
  });

  it('replies of a link that went are never written on the next one', async () => {
    vi.useFakeTimers();
    const { wire, endpoint } = await setup({ link: { latencyMs: 100 } });
    wire.request(REQUEST);
    wire.request(REQUEST);
    await vi.advanceTimersByTimeAsync(50);
    wire.disconnect();
    wire.request(REQUEST);
    await vi.advanceTimersByTimeAsync(1000);
    expect(wire.frames).toHaveLength(1);
    expect(endpoint.stats).toMatchObject({ repliesSent: 1, repliesDiscarded: 2 });
  });

  it('nothing is written after close, and no timer is left behind', async () => {
    vi.useFakeTimers();
    const { wire, endpoint } = await setup({ link: { latencyMs: 100 } });
    wire.request(REQUEST);
    wire.request(REQUEST);
    await vi.advanceTimersByTimeAsync(50);
    await endpoint.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    wire.request(REQUEST);
    await endpoint.inject(Uint8Array.of(1, 2, 3));
    await endpoint.closeConnection();
    expect(wire.chunks).toEqual([]);
    expect(endpoint.stats).toMatchObject({ repliesSent: 0, repliesDiscarded: 2 });
  });

  it('close detaches every listener it put on the transport', async () => {
    const [, device] = MemoryTransport.pair();
    const events = ['connect', 'disconnect', 'error'] as const;
    const before = events.map((e) => device.listenerCount(e));
    const { endpoint } = await setup({}, device);
    expect(events.map((e) => device.listenerCount(e))).not.toEqual(before);
    await endpoint.close();
    expect(events.map((e) => device.listenerCount(e))).toEqual(before);
  });
});
