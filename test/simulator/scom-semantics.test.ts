import { describe, expect, it } from 'vitest';
import { XcomC } from '../../src/constants.js';
import { decodeFrame, encodeFrame } from '../../src/protocol/frame.js';
import { decodeMessageRecord } from '../../src/protocol/message-record.js';
import { decodeMessage, errorCodeOf } from '../../src/protocol/service.js';
import { decodeMultiInfoFlags, decodeMultiInfoResponse, encodeMultiInfoRequest } from '../../src/protocol/multi-info.js';
import { encodeValue } from '../../src/protocol/value-codec.js';
import { float, int32, readFloat, readInfo, readParam, rig, T0, writeParam } from './helpers.js';

const E = XcomC.ERRORS;

describe('properties per kind', () => {
  it('a user info answers properties 1, 5 and 13 alike, and nothing else', () => {
    const { ask, error, site } = rig();
    site.setValue(101, 3000, 51.5);
    expect(readFloat(ask(readInfo(101, 3000, 1)))).toBe(51.5);
    expect(readFloat(ask(readInfo(101, 3000, 5)))).toBe(51.5);
    expect(readFloat(ask(readInfo(101, 3000, 13)))).toBe(51.5);
    for (const property of [0, 6, 7, 8, 2]) expect(error(readInfo(101, 3000, property))).toBe(E.PROPERTY_NOT_SUPPORTED);
  });

  it('a parameter answers 5 (flash), 13 (RAM), 6 (min), 7 (max), 8 (level); writing 13 leaves flash alone', () => {
    const { ask, error, site } = rig();
    expect(ask(writeParam(101, 1138, float(25), 13)).isError).toBe(false);
    expect(readFloat(ask(readParam(101, 1138, 13)))).toBe(25);
    expect(readFloat(ask(readParam(101, 1138, 5)))).toBe(60);
    expect(readFloat(ask(readParam(101, 1138, 6)))).toBe(0);
    expect(readFloat(ask(readParam(101, 1138, 7)))).toBe(200);
    expect(Array.from(ask(readParam(101, 1138, 8)).propertyData)).toEqual([XcomC.QSP_LEVEL_BASIC, 0]);
    expect(site.flashWrites(101, 1138)).toBe(0);
    expect(site.parameter(101, 1138)?.ramWrites).toBe(1);
    expect(ask(writeParam(101, 1138, float(30), 5)).isError).toBe(false);
    expect(readFloat(ask(readParam(101, 1138, 13)))).toBe(30);
    expect(readFloat(ask(readParam(101, 1138, 5)))).toBe(30);
    expect(site.flashWrites(101, 1138)).toBe(1);
    for (const property of [0, 1, 2, 9, 14]) expect(error(readParam(101, 1138, property))).toBe(E.PROPERTY_NOT_SUPPORTED);
    for (const property of [6, 7, 8]) expect(error(writeParam(101, 1138, float(1), property))).toBe(E.ACCESS_DENIED);
  });

  it('old firmware (ramProperty: false) refuses property 13 of parameters, not of infos', () => {
    const { error, ask } = rig({}, { ramProperty: false });
    expect(error(readParam(101, 1138, 13))).toBe(E.PROPERTY_NOT_SUPPORTED);
    expect(error(writeParam(101, 1138, float(10), 13))).toBe(E.PROPERTY_NOT_SUPPORTED);
    expect(readFloat(ask(readParam(101, 1138, 5)))).toBe(60);
    expect(ask(readInfo(101, 3000, 13)).isError).toBe(false);
  });

  it('a restart drops RAM values back to flash', () => {
    const { ask, site } = rig();
    ask(writeParam(101, 1138, float(25), 13));
    site.restart();
    expect(readFloat(ask(readParam(101, 1138, 13)))).toBe(60);
  });
});

describe('errors for wrong requests', () => {
  it('unknown address: DEVICE_NOT_FOUND from that address', () => {
    const { ask } = rig();
    for (const dst of [0, 104, 109, 303, 400, 502, 602, 702, 191 + 10]) {
      const reply = ask(readInfo(dst, 3000));
      expect(reply.isError).toBe(true);
      expect(reply.srcAddr).toBe(dst);
      expect(Array.from(reply.propertyData)).toEqual([E.DEVICE_NOT_FOUND, 0]);
    }
  });

  it('unknown number, or a number of another family: OBJECT_ID_NOT_FOUND', () => {
    const { error } = rig();
    expect(error(readInfo(101, 3999))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error(readInfo(101, 11004))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error(readParam(101, 1000))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error(readParam(301, 1138))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error(readInfo(101, 1138))).toBe(E.OBJECT_ID_NOT_FOUND);
  });

  it('writing a user info: PROPERTY_IS_READ_ONLY', () => {
    const { error } = rig();
    expect(error({ ...readInfo(101, 3000), serviceId: 2, propertyData: float(1) })).toBe(E.PROPERTY_IS_READ_ONLY);
  });

  it('wrong data length: INVALID_DATA_LENGTH', () => {
    const { error } = rig();
    expect(error(writeParam(101, 1138, new Uint8Array(3)))).toBe(E.INVALID_DATA_LENGTH);
    expect(error(writeParam(101, 1138, new Uint8Array(0)))).toBe(E.INVALID_DATA_LENGTH);
    expect(error(writeParam(101, 1125, new Uint8Array(4)))).toBe(E.INVALID_DATA_LENGTH);
  });

  it('a value the format forbids: INVALID_DATA (BOOL 2, NaN, enum off its labels, bit outside the field)', () => {
    const { error, ask } = rig();
    expect(error(writeParam(101, 1125, Uint8Array.of(2)))).toBe(E.INVALID_DATA);
    expect(error(writeParam(101, 1138, float(Number.NaN)))).toBe(E.INVALID_DATA);
    expect(error(writeParam(101, 1311, encodeValue('LONG_ENUM', 3)))).toBe(E.INVALID_DATA);
    expect(ask(writeParam(101, 1311, encodeValue('LONG_ENUM', 8))).isError).toBe(false);
    expect(error(writeParam(101, 1205, encodeValue('LONG_ENUM', 128)))).toBe(E.INVALID_DATA);
    expect(ask(writeParam(101, 1205, encodeValue('LONG_ENUM', 1 | 4 | 64))).isError).toBe(false);
  });

  it('out of range: DATA_TOO_SMALL / DATA_TOO_BIG, compared in float32', () => {
    const { error, ask } = rig();
    expect(error(writeParam(101, 1138, float(-1)))).toBe(E.DATA_TOO_SMALL);
    expect(error(writeParam(101, 1138, float(200.5)))).toBe(E.DATA_TOO_BIG);
    expect(error(writeParam(101, 1206, int32(1441)))).toBe(E.DATA_TOO_BIG);
    expect(ask(writeParam(101, 1138, float(200))).isError).toBe(false);
    expect(ask(writeParam(101, 1107, float(2))).isError).toBe(false);
  });

  it('a parameter written through another family’s multicast address: ACCESS_DENIED', () => {
    const { error } = rig();
    expect(error(writeParam(100, 10029, int32(1)))).toBe(E.ACCESS_DENIED);
    expect(error(writeParam(300, 1138, float(10)))).toBe(E.ACCESS_DENIED);
    expect(error(writeParam(100, 999_999, float(10)))).toBe(E.OBJECT_ID_NOT_FOUND);
  });

  it('a "Not supported" parameter: SCOM_ERROR_OBJECT_NOT_SUPPORTED', () => {
    const { error } = rig();
    expect(error(readParam(501, 5012, 5))).toBe(E.SCOM_ERROR_OBJECT_NOT_SUPPORTED);
    expect(error(writeParam(501, 5012, encodeValue('SHORT_ENUM', 16), 5))).toBe(E.SCOM_ERROR_OBJECT_NOT_SUPPORTED);
  });

  it('unknown service, unknown object type, gateway objects at a device', () => {
    const { error } = rig();
    expect(error({ ...readInfo(101, 3000), serviceId: 3 })).toBe(E.SERVICE_NOT_SUPPORTED);
    expect(error({ ...readInfo(101, 3000), objectType: 9 })).toBe(E.TYPE_NOT_SUPPORTED);
    expect(error({ dstAddr: 101, serviceId: 1, objectType: 3, objectId: 0, propertyId: 0 })).toBe(E.TYPE_NOT_SUPPORTED);
    expect(error({ dstAddr: 101, serviceId: 1, objectType: 0x101, objectId: 1, propertyId: 0x21 })).toBe(E.TYPE_NOT_SUPPORTED);
    expect(error({ dstAddr: 501, serviceId: 1, objectType: 0x102, objectId: 0, propertyId: 0 })).toBe(E.TYPE_NOT_SUPPORTED);
    expect(error({ dstAddr: 101, serviceId: 1, objectType: 0x100, objectId: 0, propertyId: 0 })).toBe(E.TYPE_NOT_SUPPORTED);
  });

  it('frame data too short for a service header: INVALID_FRAME', () => {
    const { raw } = rig();
    const reply = raw(encodeFrame({ flags: 0, srcAddr: 1, dstAddr: 101, data: Uint8Array.of(0, 1, 1) }));
    const msg = decodeMessage(decodeFrame(reply!));
    expect(msg.isError).toBe(true);
    expect(errorCodeOf(msg)).toBe(E.INVALID_FRAME);
  });

  it('a response frame (someone else’s traffic) is ignored, silently, and logged as such', () => {
    const { raw, responder } = rig();
    const reply = raw(
      // A valid response frame: another client's answer seen on a shared link.
      Uint8Array.from([0xaa, 0x34, 0x65, 0, 0, 0, 1, 0, 0, 0, 0x0a, 0, 0xa3, 0x3d, 2, 2, 2, 0, 0x72, 4, 0, 0, 5, 0, 0x80, 0xf6]),
    );
    expect(reply).toBeUndefined();
    expect(responder.log.last()?.outcome).toBe('ignored');
  });
});

describe('multicast and phase addresses', () => {
  it('a write to 100 changes every Xtender; 300, 600, 700 likewise for their family', () => {
    const { ask, site } = rig();
    const reply = ask(writeParam(100, 1138, float(25), 5));
    expect(reply.isError).toBe(false);
    expect(reply.srcAddr).toBe(100);
    for (const a of [101, 102, 103]) {
      expect(site.currentValue(a, 1138, 'flash')).toBe(25);
      expect(site.flashWrites(a, 1138)).toBe(1);
    }
    expect(ask(writeParam(300, 10002, float(40))).isError).toBe(false);
    expect(site.currentValue(301, 10002)).toBe(40);
    expect(site.currentValue(302, 10002)).toBe(40);
    expect(ask(writeParam(600, 6001, float(300))).isError).toBe(false);
    expect(site.currentValue(601, 6001)).toBe(300);
    expect(ask(writeParam(700, 14002, encodeValue('LONG_ENUM', 4))).isError).toBe(false);
    expect(site.currentValue(701, 14002)).toBe(4);
  });

  it('a read at a multicast address returns the master’s value, or the spec’s error when asked', () => {
    const { ask, site } = rig();
    site.setValue(101, 1138, 11);
    site.setValue(102, 1138, 22);
    const reply = ask(readParam(100, 1138));
    expect(reply.srcAddr).toBe(101);
    expect(readFloat(reply)).toBe(11);
    const strict = rig({}, { multicastRead: 'error' });
    expect(strict.error(readParam(100, 1138))).toBe(E.SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED);
    expect(strict.error(readInfo(300, 11004))).toBe(E.SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED);
    expect(strict.ask(readInfo(192, 3000)).isError).toBe(false);
  });

  it('phase addresses 191–193 reach the Xtenders of that phase; an empty phase is not found', () => {
    const { ask, site } = rig({ xtenders: [1, 2, 2] });
    site.setValue(102, 3000, 50);
    site.setValue(103, 3000, 49);
    const read = ask(readInfo(192, 3000));
    expect(read.srcAddr).toBe(102);
    expect(readFloat(read)).toBe(50);
    expect(ask(writeParam(192, 1138, float(33))).isError).toBe(false);
    expect(site.currentValue(101, 1138)).toBe(60);
    expect(site.currentValue(102, 1138)).toBe(33);
    expect(site.currentValue(103, 1138)).toBe(33);
    expect(ask(readInfo(193, 3000)).propertyData).toEqual(Uint8Array.of(E.DEVICE_NOT_FOUND, 0));
  });

  it('no device of the family: DEVICE_NOT_FOUND', () => {
    const { error } = rig({ variotracks: 0, battery: 'none' });
    expect(error(readInfo(300, 11004))).toBe(E.DEVICE_NOT_FOUND);
    expect(error(readInfo(601, 7002))).toBe(E.DEVICE_NOT_FOUND);
  });
});

describe('multi-info at 501', () => {
  const multi = (items: { infoId: number; aggregation: number }[], propertyId = 1) => ({
    dstAddr: 501,
    serviceId: 1,
    objectType: XcomC.TYPE_MULTI_INFO,
    objectId: 1,
    propertyId,
    propertyData: encodeMultiInfoRequest(items),
  });

  it('answers every aggregation with the flags word, the time, and the property id echoed', () => {
    const { ask, site } = rig({ utcOffsetMinutes: 120 });
    site.setValue(101, 3000, 50);
    site.setValue(102, 3000, 51);
    site.setValue(103, 3000, 52.5);
    site.setValue(301, 11004, 1.25);
    site.setValue(302, 11004, 2);
    site.setValue(601, 7002, 77);
    const reply = ask(
      multi(
        [
          { infoId: 3000, aggregation: 0x00 },
          { infoId: 3000, aggregation: 0x02 },
          { infoId: 3000, aggregation: 0xfd },
          { infoId: 3000, aggregation: 0xfe },
          { infoId: 11004, aggregation: 0xfe },
          { infoId: 7002, aggregation: 0x00 },
          { infoId: 3010, aggregation: 0x03 },
        ],
        0x1234,
      ),
    );
    expect(reply).toMatchObject({ isError: false, srcAddr: 501, objectType: 0x0a, objectId: 1, propertyId: 0x1234 });
    const decoded = decodeMultiInfoResponse(reply.propertyData);
    expect(decoded.timestamp).toBe(T0 / 1000 + 7200);
    expect(decodeMultiInfoFlags(decoded.flags)).toEqual({
      serviceVersion: 0,
      isXcomGsm: false,
      xtenderPresent: true,
      bspPresent: true,
      varioTrackPresent: true,
      varioStringPresent: true,
    });
    const values = decoded.items.map((i) => i.value);
    expect(values.slice(0, 6)).toEqual([50, 51, Math.fround((50 + 51 + 52.5) / 3), 153.5, 3.25, 77]);
    expect(site.devicesOf('xtender')[2]?.infos.get(3010)?.labels?.some((l) => l.value === values[6])).toBe(true);
    expect(decoded.items.map((i) => [i.infoId, i.aggregation])).toEqual([
      [3000, 0], [3000, 2], [3000, 0xfd], [3000, 0xfe], [11004, 0xfe], [7002, 0], [3010, 3],
    ]);
  });

  it('the flags word tells which families are present', () => {
    const { ask } = rig({ variotracks: 0, variostrings: 0, battery: 'none' });
    const decoded = decodeMultiInfoResponse(ask(multi([{ infoId: 3000, aggregation: 0 }])).propertyData);
    expect(decoded.flags).toBe(0x20);
  });

  it('refuses what it cannot answer', () => {
    const { error } = rig();
    expect(error(multi([{ infoId: 3000, aggregation: 4 }]))).toBe(E.DEVICE_NOT_FOUND);
    expect(error(multi([{ infoId: 3000, aggregation: 0x20 }]))).toBe(E.INVALID_DATA);
    expect(error(multi([{ infoId: 9000, aggregation: 0 }]))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error({ ...multi([{ infoId: 3000, aggregation: 0 }]), propertyData: new Uint8Array(4) })).toBe(E.INVALID_DATA_LENGTH);
    expect(error({ ...multi([{ infoId: 3000, aggregation: 0 }]), objectId: 2 })).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error({ ...multi([{ infoId: 3000, aggregation: 0 }]), dstAddr: 101 })).toBe(E.TYPE_NOT_SUPPORTED);
    expect(rig({}, { multiInfo: false }).error(multi([{ infoId: 3000, aggregation: 0 }]))).toBe(E.SERVICE_NOT_SUPPORTED);
  });
});

describe('message log, GUID, frame flags, datalog field', () => {
  const readMessage = (index: number) => ({ dstAddr: 501, serviceId: 1, objectType: 3, objectId: index, propertyId: 0 });

  it('index 0 is the newest and clears the pending flag; a new event sets it; n > 0 walks back', () => {
    const { ask, site, error } = rig();
    expect(error(readMessage(0))).toBe(E.OBJECT_ID_NOT_FOUND);
    site.raiseEvent({ type: 16, srcAddr: 102, timestamp: 100 });
    site.raiseEvent({ type: 24, srcAddr: 501, timestamp: 200 });
    const first = ask(readMessage(0));
    expect(first.flags & 1).toBe(0);
    expect(decodeMessageRecord(first.propertyData)).toMatchObject({ totalCount: 2, type: 24, srcAddr: 501, timestamp: 200 });
    site.raiseEvent({ type: 0, srcAddr: 101, timestamp: 300 });
    const older = ask(readMessage(1));
    expect(older.flags & 1).toBe(1);
    expect(decodeMessageRecord(older.propertyData)).toMatchObject({ type: 16, timestamp: 100 });
    expect(decodeMessageRecord(ask(readMessage(0)).propertyData)).toMatchObject({ type: 0, totalCount: 3 });
    expect(error(readMessage(3))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error({ ...readMessage(0), serviceId: 2 })).toBe(E.PROPERTY_IS_READ_ONLY);
  });

  it('every response carries the frame flags; writing 5104 clears "restarted"', () => {
    const { ask } = rig();
    expect(ask(readInfo(101, 3000)).flags).toBe(0x26);
    expect(ask(writeParam(501, 5104, int32(1), 13)).isError).toBe(false);
    expect(ask(readInfo(101, 3000)).flags).toBe(0x24);
    const reserved = rig({ reservedFlagBits: 0xc0, frameFlags: { sdCardPresent: false } });
    expect(reserved.ask(readInfo(101, 3000)).flags).toBe(0xe2);
  });

  it('the GUID is 16 seeded bytes, the same for the same seed', () => {
    const a = rig({ seed: 5 }).ask({ dstAddr: 501, serviceId: 1, objectType: 4, objectId: 0, propertyId: 0 });
    const b = rig({ seed: 5 }).ask({ dstAddr: 501, serviceId: 1, objectType: 4, objectId: 0, propertyId: 0 });
    expect(a.propertyData).toHaveLength(16);
    expect(a.propertyData).toEqual(b.propertyData);
  });

  it('the custom datalog field takes a string of at most 250 bytes', () => {
    const { ask, site, error } = rig();
    const field = { dstAddr: 501, serviceId: 2, objectType: 5, objectId: 0, propertyId: 1 };
    expect(ask({ ...field, propertyData: encodeValue('STRING', 'pump 3 on') }).isError).toBe(false);
    expect(new TextDecoder().decode(site.datalogField)).toBe('pump 3 on');
    expect(error({ ...field, propertyData: new Uint8Array(251) })).toBe(E.INVALID_DATA_LENGTH);
  });

  it('logs every request', () => {
    const { ask, error, responder } = rig();
    ask(readInfo(101, 3000));
    error(readInfo(101, 3999));
    const [a, b] = responder.log.list();
    expect(a).toMatchObject({ endpoint: 'test', dstAddr: 101, objectId: 3000, outcome: 'ok', atMs: T0 });
    expect(b).toMatchObject({ objectId: 3999, outcome: 'error', errorCode: E.OBJECT_ID_NOT_FOUND });
  });
});
