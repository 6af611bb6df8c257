import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  encodeRequest,
  encodeResponse,
  encodeValue,
  type Frame,
  FrameDecoder,
  MAX_DATA_LENGTH,
  MAX_FRAME_SIZE,
} from '../../src/protocol/index.js';
import { bytesOf, concat, falseHeader, frameArb, garbageArb, splitAt } from './arbitraries.js';

const RUNS = { numRuns: 1000 };

const reply = (value: number): Uint8Array =>
  encodeResponse({ flags: 0x34, srcAddr: 101, dstAddr: 1, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1, propertyData: encodeValue('FLOAT', value) });

function pushAll(decoder: FrameDecoder, chunks: Uint8Array[]): Frame[] {
  return chunks.flatMap((c) => decoder.push(c));
}

describe('FrameDecoder', () => {
  it('decodes a frame pushed whole, byte by byte, or with others in one chunk', () => {
    const a = reply(12.5);
    const b = reply(13.5);
    const d = new FrameDecoder();
    expect(d.push(a).map(bytesOf)).toEqual([[...a]]);
    const bytes = [...b].map((x) => Uint8Array.of(x));
    const out = pushAll(d, bytes);
    expect(out.map(bytesOf)).toEqual([[...b]]);
    expect(d.push(concat(a, b, a)).map(bytesOf)).toEqual([[...a], [...b], [...a]]);
    expect(d.stats.framesDecoded).toBe(5);
    expect(d.buffered).toBe(0);
  });

  it('tolerates CR/LF between frames and counts them apart from garbage', () => {
    const d = new FrameDecoder();
    const crlf = Uint8Array.of(0x0d, 0x0a);
    const out = d.push(concat(reply(1), crlf, reply(2), crlf));
    expect(out).toHaveLength(2);
    expect(d.stats.delimiterBytes).toBe(4);
    expect(d.stats.bytesSkipped).toBe(0);
  });

  it('skips garbage and counts it', () => {
    const d = new FrameDecoder();
    const out = d.push(concat(Uint8Array.of(1, 2, 3), reply(1)));
    expect(out).toHaveLength(1);
    expect(d.stats.bytesSkipped).toBe(3);
  });

  it('drops a frame with a bad data checksum and finds the next one', () => {
    const bad = reply(1);
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
    const d = new FrameDecoder();
    const out = d.push(concat(bad, reply(2)));
    expect(out.map(bytesOf)).toEqual([[...reply(2)]]);
    expect(d.stats.dataChecksumErrors).toBe(1);
  });

  it('drops a header with a bad checksum without trusting its length', () => {
    const bad = reply(1);
    bad[10] = 0xff; // data_length corrupted: the header checksum no longer matches
    const d = new FrameDecoder();
    const out = d.push(concat(bad, reply(2)));
    expect(out.map(bytesOf)).toEqual([[...reply(2)]]);
    expect(d.stats.headerChecksumErrors).toBeGreaterThanOrEqual(1);
  });

  it('refuses a valid header announcing more than the largest frame', () => {
    const d = new FrameDecoder();
    const out = d.push(concat(falseHeader(MAX_DATA_LENGTH + 1), reply(3)));
    expect(out).toHaveLength(1);
    expect(d.stats.oversizeLengths).toBe(1);
  });

  it('accepts the largest frame the spec allows (a 1034-byte screen reply)', () => {
    const screen = encodeFrame({ flags: 0x34, srcAddr: 501, dstAddr: 1, data: new Uint8Array(MAX_DATA_LENGTH).fill(0x55) });
    expect(screen.length).toBe(MAX_FRAME_SIZE);
    const d = new FrameDecoder();
    const out = pushAll(d, splitAt(screen, [1, 500, 1049]));
    expect(out).toHaveLength(1);
    expect(out[0]?.data.length).toBe(MAX_DATA_LENGTH);
  });

  it('false header with a valid checksum, then a real reply, then silence: the reply is recovered', () => {
    const d = new FrameDecoder();
    const real = reply(12.359375);
    // The false header announces 200 bytes: the real reply (30 bytes) fits inside its range,
    // so without idle() the decoder would wait for bytes that never come.
    expect(d.push(concat(falseHeader(200), real))).toEqual([]);
    expect(d.buffered).toBe(14 + real.length);
    const recovered = d.idle();
    expect(recovered.map(bytesOf)).toEqual([[...real]]);
    expect(d.buffered).toBe(0);
    expect(d.stats.falseStarts).toBeGreaterThanOrEqual(1);
  });

  it('idle() with nothing buffered does nothing', () => {
    const d = new FrameDecoder();
    expect(d.idle()).toEqual([]);
    expect(d.stats.falseStarts).toBe(0);
  });

  it('recovers from a corrupted byte at any position of a frame', () => {
    const good = reply(42);
    const next = encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 });
    for (let pos = 0; pos < good.length; pos++) {
      for (const delta of [1, 0x80, 0xff]) {
        const bad = Uint8Array.from(good);
        bad[pos] = ((bad[pos] as number) + delta) & 0xff;
        const d = new FrameDecoder();
        const out = [...d.push(concat(bad, next)), ...d.idle()];
        expect(out.map(bytesOf), `byte ${pos} +${delta}`).toEqual([[...next]]);
      }
    }
  });

  describe('property tests', () => {
    it('encodeFrame → decodeFrame is the identity for frames of any legal size', () => {
      fc.assert(
        fc.property(frameArb(), (frame) => {
          const back = decodeFrame(encodeFrame(frame));
          expect(back.flags).toBe(frame.flags);
          expect(back.srcAddr).toBe(frame.srcAddr);
          expect(back.dstAddr).toBe(frame.dstAddr);
          expect([...back.data]).toEqual([...frame.data]);
        }),
        RUNS,
      );
    });

    it('random bytes never throw and never grow the buffer past one maximal frame', () => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 8 }), fc.boolean(), (chunks, idle) => {
          const d = new FrameDecoder();
          for (const c of chunks) {
            d.push(c);
            expect(d.buffered).toBeLessThanOrEqual(MAX_FRAME_SIZE);
            if (idle) d.idle();
          }
          d.idle();
          expect(d.buffered).toBe(0);
        }),
        RUNS,
      );
    });

    it('random bytes rich in 0xAA and valid false headers never throw either', () => {
      const hostile = fc
        .array(
          fc.oneof(
            garbageArb(64),
            fc.integer({ min: 0, max: 0xffff }).map((n) => falseHeader(n)),
            frameArb(64).map((f) => encodeFrame(f).subarray(0, 20)),
          ),
          { maxLength: 30 },
        )
        .map((parts) => concat(...parts));
      fc.assert(
        fc.property(hostile, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
          const d = new FrameDecoder();
          for (const c of splitAt(bytes, cuts)) {
            d.push(c);
            expect(d.buffered).toBeLessThanOrEqual(MAX_FRAME_SIZE);
          }
          d.idle();
          expect(d.buffered).toBe(0);
        }),
        RUNS,
      );
    });

    it('frames among adversarial garbage, split anywhere, are all recovered in order, none invented', () => {
      // One segment = garbage (maybe hiding a false header announcing more bytes than follow
      // before the line goes quiet), then a real frame, then silence (idle()).
      const segment = fc
        .record({
          before: garbageArb(24),
          falseAt: fc.option(fc.nat(), { nil: undefined }),
          after: garbageArb(8),
          frame: frameArb(500),
          extra: fc.nat({ max: 400 }),
          cuts: fc.array(fc.nat(), { maxLength: 6 }),
        })
        .map(({ before, falseAt, after, frame, extra, cuts }) => {
          const encoded = encodeFrame(frame);
          let garbage = concat(before, after);
          if (falseAt !== undefined) {
            const at = falseAt % (before.length + 1);
            const following = before.length - at + after.length + encoded.length;
            const bogus = Math.min(MAX_DATA_LENGTH, following + extra);
            garbage = concat(before.subarray(0, at), falseHeader(bogus), before.subarray(at), after);
          }
          return { frame, chunks: splitAt(concat(garbage, encoded), cuts) };
        });
      fc.assert(
        fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
          const d = new FrameDecoder();
          const got: Frame[] = [];
          for (const s of segments) {
            for (const c of s.chunks) got.push(...d.push(c));
            got.push(...d.idle());
          }
          expect(got.map(bytesOf)).toEqual(segments.map((s) => bytesOf(s.frame)));
        }),
        RUNS,
      );
    });
  });
});
