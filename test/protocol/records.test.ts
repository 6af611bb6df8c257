import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XcomProtocolError, XcomValidationError } from '../../src/errors.js';
import {
  decodeFrame,
  decodeMessage,
  decodeMessageRecord,
  decodeMultiInfoFlags,
  decodeMultiInfoRequest,
  decodeMultiInfoResponse,
  decodeService,
  encodeFrame,
  encodeMessageRecord,
  encodeMultiInfoFlags,
  encodeMultiInfoRequest,
  encodeMultiInfoResponse,
  encodeRequest,
  encodeResponse,
  encodeService,
  errorCodeOf,
  fromHex,
  MULTI_INFO_MAX_ITEMS,
} from '../../src/protocol/index.js';

const RUNS = { numRuns: 1000 };

describe('service layer', () => {
  it('round-trips every field', () => {
    fc.assert(
      fc.property(
        fc.record({
          isResponse: fc.boolean(),
          isError: fc.boolean(),
          serviceId: fc.integer({ min: 0, max: 255 }),
          objectType: fc.integer({ min: 0, max: 0xffff }),
          objectId: fc.integer({ min: 0, max: 0xffffffff }),
          propertyId: fc.integer({ min: 0, max: 0xffff }),
          propertyData: fc.uint8Array({ maxLength: 100 }),
        }),
        (s) => {
          const back = decodeService(encodeService(s));
          expect({ ...back, propertyData: [...back.propertyData] }).toEqual({ ...s, propertyData: [...s.propertyData] });
        },
      ),
      RUNS,
    );
  });

  it('rejects frame data shorter than a service header', () => {
    expect(() => decodeService(new Uint8Array(9))).toThrow(XcomProtocolError);
  });

  it('rejects an error response whose code is not 2 bytes', () => {
    const msg = decodeMessage(decodeFrame(encodeFrame({ flags: 0, srcAddr: 101, dstAddr: 1, data: fromHex('03 01 01 00 b8 0b 00 00 01 00 02') })));
    expect(msg.isError).toBe(true);
    expect(() => errorCodeOf(msg)).toThrow(XcomProtocolError);
  });

  it('validates fields before encoding', () => {
    expect(() => encodeRequest({ dstAddr: -1, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 })).toThrow(XcomValidationError);
    expect(() => encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 0x10000, objectId: 3000, propertyId: 1 })).toThrow(/objectType/);
    expect(() => encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 1.5, propertyId: 1 })).toThrow(/objectId/);
    expect(() => encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 1, propertyId: 70000 })).toThrow(/propertyId/);
    expect(() => encodeFrame({ flags: 0, srcAddr: 1, dstAddr: 1, data: new Uint8Array(1035) })).toThrow(XcomValidationError);
  });

  it('decodeFrame refuses malformed frames', () => {
    const good = encodeResponse({ srcAddr: 101, dstAddr: 1, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 });
    expect(() => decodeFrame(good.subarray(0, 10))).toThrow(XcomProtocolError);
    const noStart = Uint8Array.from(good);
    noStart[0] = 0;
    expect(() => decodeFrame(noStart)).toThrow(/0xAA/);
    const badHeader = Uint8Array.from(good);
    badHeader[12] = (badHeader[12] as number) ^ 1;
    expect(() => decodeFrame(badHeader)).toThrow(/header checksum/);
    const badData = Uint8Array.from(good);
    badData[badData.length - 1] = (badData[badData.length - 1] as number) ^ 1;
    expect(() => decodeFrame(badData)).toThrow(/data checksum/);
    expect(() => decodeFrame(Uint8Array.from([...good, 0]))).toThrow(/data_length/);
  });
});

describe('multi-info records', () => {
  const item = fc.record({ infoId: fc.integer({ min: 0, max: 0xffff }), aggregation: fc.integer({ min: 0, max: 255 }) });

  it('request round-trip, 1 to 76 items, 3 bytes each', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: MULTI_INFO_MAX_ITEMS }), (items) => {
        const data = encodeMultiInfoRequest(items);
        expect(data.length).toBe(3 * items.length);
        expect(decodeMultiInfoRequest(data)).toEqual(items);
      }),
      RUNS,
    );
  });

  it('response round-trip: flags, timestamp, 7 bytes per item, float32 values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.array(fc.record({ infoId: fc.integer({ min: 0, max: 0xffff }), aggregation: fc.integer({ min: 0, max: 255 }), value: fc.float({ noNaN: true }) }), {
          maxLength: MULTI_INFO_MAX_ITEMS,
        }),
        (flags, timestamp, items) => {
          const data = encodeMultiInfoResponse({ flags, timestamp, items });
          expect(data.length).toBe(8 + 7 * items.length);
          expect(decodeMultiInfoResponse(data)).toEqual({ flags, timestamp, items });
        },
      ),
      RUNS,
    );
  });

  it('a 76-item response fits in one frame (550 bytes of frame data)', () => {
    const items = Array.from({ length: 76 }, (_, i) => ({ infoId: 3000 + i, aggregation: 0xfd, value: i }));
    const frame = encodeResponse({ srcAddr: 501, dstAddr: 1, serviceId: 1, objectType: 10, objectId: 1, propertyId: 7, propertyData: encodeMultiInfoResponse({ flags: 0x1e0, timestamp: 1, items }) });
    expect(decodeFrame(frame).data.length).toBe(10 + 8 + 7 * 76);
  });

  it('refuses 0 or 77 items and bad fields', () => {
    expect(() => encodeMultiInfoRequest([])).toThrow(XcomValidationError);
    expect(() => encodeMultiInfoRequest(Array.from({ length: 77 }, () => ({ infoId: 3000, aggregation: 0 })))).toThrow(/1 to 76/);
    expect(() => encodeMultiInfoRequest([{ infoId: 70000, aggregation: 0 }])).toThrow(/infoId/);
    expect(() => encodeMultiInfoRequest([{ infoId: 3000, aggregation: 256 }])).toThrow(/aggregation/);
    expect(() => decodeMultiInfoRequest(new Uint8Array(4))).toThrow(XcomProtocolError);
    expect(() => decodeMultiInfoRequest(new Uint8Array(0))).toThrow(XcomProtocolError);
    expect(() => decodeMultiInfoRequest(new Uint8Array(77 * 3))).toThrow(XcomProtocolError);
    expect(() => decodeMultiInfoResponse(new Uint8Array(7))).toThrow(XcomProtocolError);
    expect(() => decodeMultiInfoResponse(new Uint8Array(8 + 6))).toThrow(XcomProtocolError);
  });

  it('flags word', () => {
    expect(decodeMultiInfoFlags(0x1e0)).toEqual({ serviceVersion: 0, isXcomGsm: false, xtenderPresent: true, bspPresent: true, varioTrackPresent: true, varioStringPresent: true });
    expect(decodeMultiInfoFlags(0x31)).toMatchObject({ serviceVersion: 1, isXcomGsm: true, xtenderPresent: true, bspPresent: false });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x1ff }), (bits) => {
        expect(encodeMultiInfoFlags(decodeMultiInfoFlags(bits))).toBe(bits);
      }),
    );
  });
});

describe('message records', () => {
  it('round-trip', () => {
    fc.assert(
      fc.property(
        fc.record({
          totalCount: fc.integer({ min: 0, max: 0xffffffff }),
          type: fc.integer({ min: 0, max: 0xffff }),
          srcAddr: fc.integer({ min: 0, max: 0xffffffff }),
          timestamp: fc.integer({ min: 0, max: 0xffffffff }),
          value: fc.integer({ min: 0, max: 0xffffffff }),
        }),
        (record) => {
          const data = encodeMessageRecord(record);
          expect(data.length).toBe(18);
          expect(decodeMessageRecord(data)).toEqual(record);
        },
      ),
      RUNS,
    );
  });

  it('refuses any length but 18', () => {
    expect(() => decodeMessageRecord(new Uint8Array(17))).toThrow(XcomProtocolError);
    expect(() => decodeMessageRecord(new Uint8Array(19))).toThrow(XcomProtocolError);
  });
});
