/**
 * Turns a reply and its faults into what goes on the wire: a list of writes, each after a
 * pause, and whether the connection is closed instead.
 * @module
 */
import { HEADER_SIZE } from '../protocol/frame.js';
import { encodeResponse } from '../protocol/service.js';
import type { Fault } from './faults.js';
import type { SeededRandom } from './random.js';

/** One write of bytes on the wire, after a pause. */
export interface Chunk {
  /** Milliseconds to wait before writing. */
  readonly delayMs: number;
  /** The bytes written. */
  readonly bytes: Uint8Array;
  /** Whether these bytes are (part of) the reply, not an injected extra. */
  readonly isReply: boolean;
}

/** What to do with one reply. */
export interface Transmission {
  /** The writes, in order. */
  readonly chunks: readonly Chunk[];
  /** Whether the reply was dropped (nothing of it is written). */
  readonly dropped: boolean;
  /** Whether the connection is closed instead of replying. */
  readonly close: boolean;
  /** How many copies of the reply are written (0 dropped, 2 duplicated). */
  readonly copies: number;
}

/** A plausible frame of someone else's conversation: a reply of Xtender 1 about its output power. */
export function defaultForeignFrame(random: SeededRandom): Uint8Array {
  const value = new Uint8Array(4);
  new DataView(value.buffer).setFloat32(0, random.range(0, 3), true);
  return encodeResponse({ flags: 0x24, srcAddr: 101, dstAddr: 1, serviceId: 1, objectType: 1, objectId: 3136, propertyId: 1, propertyData: value });
}

function cutPoints(length: number, fault: Extract<Fault, { kind: 'split' }>, random: SeededRandom): number[] {
  if (fault.at !== undefined) return [...new Set(fault.at.filter((n) => n > 0 && n < length))].sort((a, b) => a - b);
  const pieces = Math.max(2, Math.min(length, fault.pieces ?? 3));
  const points = new Set<number>();
  while (points.size < pieces - 1) points.add(1 + random.int(length - 1));
  return [...points].sort((a, b) => a - b);
}

/**
 * Plans the writes of `reply` (a whole frame) under `faults`, with `baseDelayMs` from the
 * link model before the reply's first byte.
 */
export function planTransmission(reply: Uint8Array, faults: readonly Fault[], baseDelayMs: number, random: SeededRandom): Transmission {
  // Nearly every reply: the whole frame in one write (the reply is the responder's fresh array, no copy needed).
  if (faults.length === 0) return { chunks: [{ delayMs: baseDelayMs, bytes: reply, isReply: true }], dropped: false, close: false, copies: 1 };
  const has = <K extends Fault['kind']>(kind: K): Extract<Fault, { kind: K }> | undefined =>
    faults.find((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
  if (has('close') !== undefined) return { chunks: [], dropped: true, close: true, copies: 0 };
  const chunks: Chunk[] = [];
  let delay = baseDelayMs + (has('delay')?.ms ?? 0);
  const push = (bytes: Uint8Array, isReply: boolean, gap = 0): void => {
    chunks.push({ delayMs: delay + gap, bytes, isReply });
    delay = 0;
  };
  for (const fault of faults) {
    if (fault.kind === 'foreign') for (const frame of fault.frames ?? [defaultForeignFrame(random)]) push(frame, false);
    if (fault.kind === 'garbage') push(fault.bytes ?? random.bytes(fault.length ?? 8 + random.int(33)), false);
  }
  const dropped = has('drop') !== undefined;
  const copies = dropped ? 0 : has('duplicate') === undefined ? 1 : 2;
  if (!dropped) {
    const bytes = Uint8Array.from(reply);
    const corrupt = has('corrupt');
    if (corrupt !== undefined) {
      const at = corrupt.part === 'header' ? HEADER_SIZE - 1 : bytes.length - 1;
      bytes[at] = (bytes[at] as number) ^ 0xff;
    }
    const split = has('split');
    for (let copy = 0; copy < copies; copy++) {
      const gap = copy === 0 ? 0 : (has('duplicate')?.gapMs ?? 0);
      if (split === undefined) {
        push(bytes, true, gap);
        continue;
      }
      let from = 0;
      for (const to of [...cutPoints(bytes.length, split, random), bytes.length]) {
        push(bytes.subarray(from, to), true, from === 0 ? gap : (split.gapMs ?? 0));
        from = to;
      }
    }
  }
  return { chunks, dropped, close: false, copies };
}
