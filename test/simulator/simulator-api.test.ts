import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../src/protocol/frame.js';
import { encodeRequest } from '../../src/protocol/service.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { Simulator, startSimulator } from '../../src/simulator/simulator.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { readInfo, T0 } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startSimulator', () => {
  it('applies the latency shorthand on fake timers, and closes with await using', async () => {
    vi.useFakeTimers();
    const [client, device] = MemoryTransport.pair();
    const frames: Frame[] = [];
    {
      await using sim = await startSimulator({ transports: [device], latencyMs: 1500, clock: new ManualClock(T0) });
      await client.open();
      client.setFrameListener((f) => frames.push(f));
      await client.send(encodeRequest(readInfo(101, 3000)));
      await vi.advanceTimersByTimeAsync(1499);
      expect(frames).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(frames).toHaveLength(1);
      expect(sim.requests.size).toBe(1);
      expect(device.isOpen).toBe(true);
    }
    expect(device.isOpen).toBe(false);
  });

  it('closes what it opened when an endpoint fails to start', async () => {
    const [, device] = MemoryTransport.pair();
    await expect(startSimulator({ transports: [device], tcpConnect: 'not-a-host-port' })).rejects.toThrow(/tcpConnect/);
    expect(device.isOpen).toBe(false);
  });

  it('serves more transports later, each with its own faults', async () => {
    const sim = new Simulator({ clock: new ManualClock(T0) });
    await sim.start();
    const [a1, a2] = MemoryTransport.pair();
    const [b1, b2] = MemoryTransport.pair();
    const ea = await sim.serve(a2, { name: 'a' });
    await sim.serve(b2, { name: 'b' });
    ea.faults.next('drop');
    const got: string[] = [];
    for (const [name, t] of [['a', a1], ['b', b1]] as const) {
      await t.open();
      t.setFrameListener(() => got.push(name));
      await t.send(encodeRequest(readInfo(101, 3000)));
    }
    await Promise.all(sim.endpoints.map((e) => e.flush()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(['b']);
    expect(sim.requests.list().map((r) => r.endpoint)).toEqual(['a', 'b']);
    await sim.close();
    await sim.close();
  });
});
