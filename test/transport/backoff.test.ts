import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/transport/backoff.js';

describe('Backoff', () => {
  it('grows by its factor from initialMs up to maxMs, and starts over after reset()', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, factor: 3, jitter: 0 });
    expect([1, 2, 3, 4, 5].map(() => backoff.next())).toEqual([100, 300, 900, 1000, 1000]);
    expect(backoff.failures).toBe(5);
    backoff.reset();
    expect(backoff.failures).toBe(0);
    expect(backoff.next()).toBe(100);
  });

  it('takes a random share `jitter` off each pause, from the injected random source', () => {
    const draws = [0, 0.5, 1, 0.25];
    const backoff = new Backoff({ initialMs: 200, maxMs: 10_000, jitter: 0.5, random: () => draws.shift() ?? 0 });
    // Nominal 200, 400, 800, 1600; less 0, 25 %, 50 %, 12.5 %.
    expect([1, 2, 3, 4].map(() => backoff.next())).toEqual([200, 300, 400, 1400]);
  });

  it('full jitter (1) may pause anywhere from 0 to the nominal pause', () => {
    expect(new Backoff({ initialMs: 100, jitter: 1, random: () => 0.999999 }).next()).toBe(0);
    expect(new Backoff({ initialMs: 100, jitter: 1, random: () => 0 }).next()).toBe(100);
  });

  it('defaults: 250 ms, ×2, half jittered, capped at 30 s', () => {
    const backoff = new Backoff({ random: () => 0 });
    const pauses = Array.from({ length: 10 }, () => backoff.next());
    expect(pauses.slice(0, 4)).toEqual([250, 500, 1000, 2000]);
    expect(pauses.at(-1)).toBe(30_000);
    expect(new Backoff({ random: () => 1 }).next()).toBe(125);
  });

  it('never overflows after very many failures', () => {
    const backoff = new Backoff({ jitter: 0 });
    for (let i = 0; i < 5000; i++) backoff.next();
    expect(backoff.next()).toBe(30_000);
  });

  it('validates its options, naming each (under reconnect. for a transport)', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ initialMs: 0 }, 'initialMs'],
      [{ maxMs: Number.NaN }, 'maxMs'],
      [{ initialMs: 500, maxMs: 100 }, 'maxMs'],
      [{ factor: 0.5 }, 'factor'],
      [{ jitter: 1.5 }, 'jitter'],
      [{ jitter: -0.1 }, 'jitter'],
      [{ random: 4 }, 'random'],
    ];
    for (const [options, field] of cases) {
      expect(() => new Backoff(options)).toThrow(expect.objectContaining({ name: 'XcomValidationError', field }));
      expect(() => new Backoff(options, 'TcpClientTransport')).toThrow(
        expect.objectContaining({ field: `reconnect.${field}`, message: expect.stringContaining(`TcpClientTransport: option reconnect.${field}`) }),
      );
    }
  });
});
