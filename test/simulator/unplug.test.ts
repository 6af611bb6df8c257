// A unit taken off the bus (switched off, cable pulled) and put back.
import { describe, expect, it } from 'vitest';
import { SCOM_ERRORS as E } from '../../src/constants.js';
import { decodeMultiInfoResponse, encodeMultiInfoRequest } from '../../src/protocol/multi-info.js';
import { decodeValue } from '../../src/protocol/value-codec.js';
import { XcomValidationError } from '../../src/errors.js';
import { readInfo, readParam, rig } from './helpers.js';

const multiInfo = (items: { infoId: number; aggregation: number }[]) => ({
  dstAddr: 501,
  serviceId: 1,
  objectType: 0x0a,
  objectId: 1,
  propertyId: 7,
  propertyData: encodeMultiInfoRequest(items),
});

describe('unplug', () => {
  it('answers DEVICE_NOT_FOUND for the unit and leaves it out of group and multi-info reads, until plugged back', () => {
    const r = rig();
    const value = (address: number): number => Math.fround(r.site.currentValue(address, 3136) as number);
    r.site.unplug(102);
    expect(r.error(readInfo(102, 3000))).toBe(E.DEVICE_NOT_FOUND);
    expect(r.error(readParam(102, 1138))).toBe(E.DEVICE_NOT_FOUND);
    expect(r.error(multiInfo([{ infoId: 3136, aggregation: 2 }]))).toBe(E.DEVICE_NOT_FOUND);
    const sum = decodeMultiInfoResponse(r.ask(multiInfo([{ infoId: 3136, aggregation: 0xfe }])).propertyData).items[0]?.value;
    expect(sum).toBeCloseTo(Math.fround(r.site.currentValue(101, 3136) as number) + Math.fround(r.site.currentValue(103, 3136) as number), 5);
    // L2's only Xtender is 102: the phase address has no one left to answer.
    expect(r.error(readInfo(192, 3136))).toBe(E.DEVICE_NOT_FOUND);
    expect(r.site.devicesOf('xtender').filter((d) => r.site.answers(d)).map((d) => d.address)).toEqual([101, 103]);

    r.site.plug(102);
    expect(decodeValue('FLOAT', r.ask(readInfo(102, 3136)).propertyData)).toBe(value(102));
    expect(r.site.devicesOf('xtender').filter((d) => r.site.answers(d)).map((d) => d.address)).toEqual([101, 102, 103]);
  });

  it('leaves a unplugged battery monitor out of its multicast address', () => {
    const r = rig();
    r.site.unplug(601);
    expect(r.error(readInfo(600, 7000))).toBe(E.DEVICE_NOT_FOUND);
  });

  it('refuses an address with no unit', () => {
    expect(() => rig().site.unplug(105)).toThrow(XcomValidationError);
  });
});
