import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  copyBytes,
  readFloat32LE,
  readInt32LE,
  readUint16LE,
  readUint32LE,
  writeFloat32LE,
  writeUint16LE,
  writeUint32LE,
} from '../../src/protocol/bytes.js';
import { decodeFrame, decodeMessage, encodeResponse, fromHex } from '../../src/protocol/index.js';
import { asBuffer } from '../../src/transport/node-bytes.js';

const RUNS = { numRuns: 500 };

/** What a DataView writes, as the reference the helpers must match byte for byte. */
function viaDataView(write: (view: DataView) => void): number[] {
  const view = new DataView(new ArrayBuffer(6));
  write(view);
  return [...new Uint8Array(view.buffer)];
}

describe('little-endian helpers', () => {
  it('write the bytes DataView writes, at an offset, for any integer or float', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), fc.double(), (n, x) => {
        const out = new Uint8Array(6);
        writeUint32LE(out, 1, n);
        expect([...out]).toEqual(viaDataView((v) => v.setUint32(1, n >>> 0, true)));
        writeUint16LE(out, 2, n);
        expect([...out.subarray(2, 4)]).toEqual(viaDataView((v) => v.setUint16(2, n & 0xffff, true)).slice(2, 4));
        writeFloat32LE(out, 2, x);
        expect([...out.subarray(2, 6)]).toEqual(viaDataView((v) => v.setFloat32(2, x, true)).slice(2, 6));
      }),
      RUNS,
    );
  });

  it('read what DataView reads, signed and unsigned', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        const view = new DataView(bytes.buffer);
        expect(readUint16LE(bytes, 1)).toBe(view.getUint16(1, true));
        expect(readInt32LE(bytes, 2)).toBe(view.getInt32(2, true));
        expect(readUint32LE(bytes, 2)).toBe(view.getUint32(2, true));
        expect(Object.is(readFloat32LE(bytes, 1), view.getFloat32(1, true))).toBe(true);
      }),
      RUNS,
    );
  });

  it('copyBytes returns an independent plain Uint8Array, small or large, from a Buffer too', () => {
    for (const size of [3, 64, 65, 600]) {
      const source = Buffer.alloc(size + 4, 7);
      const copy = copyBytes(source, 2, 2 + size);
      expect(copy.constructor).toBe(Uint8Array);
      expect(copy).toEqual(new Uint8Array(size).fill(7));
      source.fill(0);
      expect(copy[0]).toBe(7);
    }
  });
});

describe('decoded frames own their bytes', () => {
  it('a frame decoded from a Buffer does not change when the Buffer is reused', () => {
    const wire = Buffer.from(fromHex('AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 02 01 01 00 B8 0B 00 00 01 00 00 C0 45 41 0D CB'));
    const msg = decodeMessage(decodeFrame(wire));
    wire.fill(0);
    expect([...msg.propertyData]).toEqual([0x00, 0xc0, 0x45, 0x41]);
    expect(msg.objectId).toBe(3000);
  });

  it('a large reply keeps its property data whole', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const msg = decodeMessage(decodeFrame(encodeResponse({ srcAddr: 501, dstAddr: 1, serviceId: 1, objectType: 10, objectId: 1, propertyId: 1, propertyData: data })));
    expect(msg.propertyData).toEqual(data);
  });
});

describe('asBuffer', () => {
  it('passes a Buffer through, copies a small array, views a large one', () => {
    const buffer = Buffer.from([1, 2, 3]);
    expect(asBuffer(buffer)).toBe(buffer);
    const small = Uint8Array.of(1, 2, 3);
    const copied = asBuffer(small);
    expect([...copied]).toEqual([1, 2, 3]);
    small[0] = 9;
    expect(copied[0]).toBe(1);
    const large = new Uint8Array(100).fill(5);
    const viewed = asBuffer(large.subarray(10, 90));
    expect(viewed.length).toBe(80);
    large[10] = 6;
    expect(viewed[0]).toBe(6);
  });
});
