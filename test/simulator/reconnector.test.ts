import { describe, expect, it } from 'vitest';
import { XcomTransportError } from '../../src/errors.js';
import { Reconnector } from '../../src/simulator/reconnector.js';
import { BaseTransport } from '../../src/transport/base-transport.js';
import { ManualTimers } from '../transport/manual-timers.js';

/** A link whose next open() attempts fail or succeed as scripted. */
class ScriptedLink extends BaseTransport {
  readonly description = 'scripted://moxa';
  opened = false;
  opens = 0;
  constructor(private readonly outcomes: boolean[]) {
    super();
  }
  get isOpen(): boolean {
    return this.opened;
  }
  async open(): Promise<void> {
    this.opens++;
    if (this.outcomes.shift() === false) throw new XcomTransportError('CONNECT_FAILED', 'refused');
    this.opened = true;
  }
  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.emit('disconnect', { peer: 'moxa', reason: 'closed' });
  }
  async send(): Promise<void> {}
  /** The peer went away. */
  lose(): void {
    this.opened = false;
    this.emit('disconnect', { peer: 'moxa', reason: 'peer closed the connection' });
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('Reconnector (the simulator playing a Moxa that reconnects)', () => {
  it('pauses about retryMs after a failure, growing with jitter while attempts fail, and starts over once connected (injected clock)', async () => {
    const timers = new ManualTimers();
    const link = new ScriptedLink([false, false, false, true, true]);
    const errors: unknown[] = [];
    const reconnector = new Reconnector(link, 1000, timers, (error) => errors.push(error), { random: () => 0.5 });
    await reconnector.start();
    for (let i = 0; i < 3; i++) {
      await settle();
      timers.fire();
    }
    await settle();
    expect(link.isOpen).toBe(true);
    expect(link.opens).toBe(4);
    expect(errors).toHaveLength(3);
    // 1000 × 2^n, less a quarter (jitter 0.5 × random 0.5).
    expect(timers.requested).toEqual([750, 1500, 3000]);
    // A drop by the peer: the pauses start over from retryMs.
    link.lose();
    expect(timers.delays).toEqual([750]);
    timers.fire();
    await settle();
    expect(link.isOpen).toBe(true);
    reconnector.stop();
    link.lose();
    expect(timers.delays).toEqual([]);
  });

  it('caps the pause at 30 s, or at retryMs when that is longer', async () => {
    const timers = new ManualTimers();
    const link = new ScriptedLink(Array.from({ length: 12 }, () => false));
    const reconnector = new Reconnector(link, 1000, timers, () => undefined, { jitter: 0 });
    await reconnector.start();
    for (let i = 0; i < 10; i++) {
      await settle();
      timers.fire();
    }
    reconnector.stop();
    expect(timers.requested.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(Math.max(...timers.requested)).toBe(30_000);
    const slow = new Reconnector(new ScriptedLink([false]), 60_000, timers, () => undefined, { jitter: 0 });
    await slow.start();
    slow.stop();
    expect(timers.requested.at(-1)).toBe(60_000);
  });
});
