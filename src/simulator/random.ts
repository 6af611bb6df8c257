/**
 * A small seeded pseudo-random generator, so that a simulated installation replays the same
 * values for the same seed whatever the order and timing of the requests.
 * @module
 */

/**
 * Mixes numbers and strings into one 32-bit seed (FNV-1a over the parts, then a final
 * avalanche), so that independent streams (per minute, per device, per datapoint) can be
 * derived from one user seed without sharing state.
 */
export function hashSeed(...parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? `n${part}` : `s${part}`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A deterministic generator (mulberry32): the same seed gives the same sequence on every
 * platform.
 *
 * @example
 * ```ts
 * const rng = new SeededRandom(42);
 * const x = rng.next(); // in [0, 1)
 * ```
 */
export class SeededRandom {
  private state: number;

  /** @param seed any number; only its low 32 bits count */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator seeded from this seed mixed with `parts`, for an independent stream. */
  static derive(seed: number, ...parts: readonly (number | string)[]): SeededRandom {
    return new SeededRandom(hashSeed(seed, ...parts));
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A number in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}
