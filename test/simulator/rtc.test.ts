import { describe, expect, it } from 'vitest';
import { XcomC } from '../../src/constants.js';
import { decodeMessageRecord } from '../../src/protocol/message-record.js';
import { decodeMultiInfoResponse, encodeMultiInfoRequest } from '../../src/protocol/multi-info.js';
import { int32, readParam, rig, T0, writeParam } from './helpers.js';

const readInt32 = (data: Uint8Array): number => new DataView(data.buffer, data.byteOffset, 4).getInt32(0, true);

describe('the real-time clock {5002}', () => {
  it('reads as INT32 seconds since 1970 in local wall-clock time, on properties 5 and 13, and runs with the clock', () => {
    const { ask, clock } = rig({ utcOffsetMinutes: 120 });
    const local = T0 / 1000 + 7200;
    expect(readInt32(ask(readParam(501, 5002, 5)).propertyData)).toBe(local);
    expect(readInt32(ask(readParam(501, 5002, 13)).propertyData)).toBe(local);
    clock.advance(61_500);
    expect(readInt32(ask(readParam(501, 5002, 13)).propertyData)).toBe(local + 61);
  });

  it('a write sets it, time runs on from there, and messages and multi-info carry the new time; no flash write counts', () => {
    const { ask, site, clock } = rig();
    const set = Date.UTC(2030, 0, 2, 3, 4, 5) / 1000;
    expect(ask(writeParam(501, 5002, int32(set), 5)).isError).toBe(false);
    expect(readInt32(ask(readParam(501, 5002, 5)).propertyData)).toBe(set);
    clock.advance(10_000);
    expect(readInt32(ask(readParam(501, 5002, 13)).propertyData)).toBe(set + 10);
    expect(site.currentValue(501, 5002)).toBe(set + 10);
    expect(site.flashWrites(501, 5002)).toBe(0);

    site.raiseEvent({ type: 16 });
    const message = ask({ dstAddr: 501, serviceId: 1, objectType: 3, objectId: 0, propertyId: 0 });
    expect(decodeMessageRecord(message.propertyData).timestamp).toBe(set + 10);
    const multi = ask({
      dstAddr: 501,
      serviceId: 1,
      objectType: XcomC.TYPE_MULTI_INFO,
      objectId: 1,
      propertyId: 1,
      propertyData: encodeMultiInfoRequest([{ infoId: 3000, aggregation: 0 }]),
    });
    expect(decodeMultiInfoResponse(multi.propertyData).timestamp).toBe(set + 10);

    expect(ask(writeParam(501, 5002, int32(set - 3600), 13)).isError).toBe(false);
    expect(readInt32(ask(readParam(501, 5002, 5)).propertyData)).toBe(set - 3600);
  });

  it('min and max read back the catalogue range: 0 to the largest INT32', () => {
    const { ask, error } = rig();
    expect(readInt32(ask(readParam(501, 5002, 6)).propertyData)).toBe(0);
    expect(readInt32(ask(readParam(501, 5002, 7)).propertyData)).toBe(2147483647);
    expect(error(writeParam(501, 5002, int32(-1), 5))).toBe(XcomC.ERRORS.DATA_TOO_SMALL);
  });
});
