// Golden frames of protocol-facts.md §11 (spec §5, §6.1; hesso-valais error frame; an Xcom-LAN
// capture), written here byte for byte: the encoder must produce them from their fields and
// the decoder must give the fields and values back.
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  decodeFrameFlags,
  decodeMessage,
  decodeMessageRecord,
  decodeValue,
  encodeErrorResponse,
  encodeFrame,
  encodeRequest,
  encodeResponse,
  encodeValue,
  errorCodeOf,
  fromHex,
  toHex,
  encodeMessageRecord,
  encodeMultiInfoRequest,
  SERVICE_READ,
  SERVICE_WRITE,
} from '../../src/protocol/index.js';

const hex = (s: string): string => toHex(fromHex(s));

describe('golden frames (protocol-facts §11)', () => {
  it('1. read user info 3000 from XT 101 → 12.359375 V', () => {
    const req = 'AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 | 00 01 01 00 B8 0B 00 00 01 00 | C5 90';
    const resp = 'AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 | 02 01 01 00 B8 0B 00 00 01 00 00 C0 45 41 | 0D CB';
    expect(toHex(encodeRequest({ dstAddr: 101, serviceId: SERVICE_READ, objectType: 1, objectId: 3000, propertyId: 1 }))).toBe(hex(req));
    const bytes = encodeResponse({
      flags: 0x34,
      srcAddr: 101,
      dstAddr: 1,
      serviceId: SERVICE_READ,
      objectType: 1,
      objectId: 3000,
      propertyId: 1,
      propertyData: encodeValue('FLOAT', 12.359375),
    });
    expect(toHex(bytes)).toBe(hex(resp));
    const msg = decodeMessage(decodeFrame(fromHex(resp)));
    expect(msg).toMatchObject({ flags: 0x34, srcAddr: 101, dstAddr: 1, isResponse: true, isError: false, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 });
    expect(decodeValue('FLOAT', msg.propertyData)).toBe(12.359375);
    expect(decodeFrameFlags(msg.flags)).toEqual({
      messagePending: false,
      xcomRestarted: false,
      sdCardPresent: true,
      sdCardFull: false,
      newDatalogFile: true,
      datalogSupported: true,
    });
    const reqMsg = decodeMessage(decodeFrame(fromHex(req)));
    expect(reqMsg).toMatchObject({ flags: 0, srcAddr: 1, dstAddr: 101, isResponse: false, objectId: 3000, propertyId: 1 });
    expect(reqMsg.propertyData.length).toBe(0);
  });

  it('2. read parameter 1138 value_qsp from 101 → 60.0 A', () => {
    const req = 'AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 | 00 01 02 00 72 04 00 00 05 00 | 7D D9';
    const resp = 'AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 | 02 01 02 00 72 04 00 00 05 00 00 00 70 42 | 31 0B';
    expect(toHex(encodeRequest({ dstAddr: 101, serviceId: SERVICE_READ, objectType: 2, objectId: 1138, propertyId: 5 }))).toBe(hex(req));
    const bytes = encodeResponse({ flags: 0x34, srcAddr: 101, dstAddr: 1, serviceId: 1, objectType: 2, objectId: 1138, propertyId: 5, propertyData: encodeValue('FLOAT', 60) });
    expect(toHex(bytes)).toBe(hex(resp));
    const msg = decodeMessage(decodeFrame(fromHex(resp)));
    expect(decodeValue('FLOAT', msg.propertyData)).toBe(60.0);
  });

  it('3. write parameter 1138 value_qsp = 12.0 and its acknowledgement', () => {
    const req = 'AA 00 01 00 00 00 65 00 00 00 0E 00 73 79 | 00 02 02 00 72 04 00 00 05 00 00 00 40 41 | FF 9B';
    const resp = 'AA 34 65 00 00 00 01 00 00 00 0A 00 A3 3D | 02 02 02 00 72 04 00 00 05 00 | 80 F6';
    const bytes = encodeRequest({ dstAddr: 101, serviceId: SERVICE_WRITE, objectType: 2, objectId: 1138, propertyId: 5, propertyData: encodeValue('FLOAT', 12) });
    expect(toHex(bytes)).toBe(hex(req));
    expect(toHex(encodeResponse({ flags: 0x34, srcAddr: 101, dstAddr: 1, serviceId: 2, objectType: 2, objectId: 1138, propertyId: 5 }))).toBe(hex(resp));
    const reqMsg = decodeMessage(decodeFrame(fromHex(req)));
    expect(decodeValue('FLOAT', reqMsg.propertyData)).toBe(12);
    const msg = decodeMessage(decodeFrame(fromHex(resp)));
    expect(msg).toMatchObject({ isResponse: true, isError: false, serviceId: 2, objectId: 1138, propertyId: 5 });
    expect(msg.propertyData.length).toBe(0);
  });

  it('4. read message index 0 from 501 → 976 / 16 / 105 / 1503571330', () => {
    const req = 'AA 00 01 00 00 00 F5 01 00 00 0A 00 00 D6 | 00 01 03 00 00 00 00 00 00 00 | 03 17';
    const resp =
      'AA 34 F5 01 00 00 01 00 00 00 1C 00 46 0A | 02 01 03 00 00 00 00 00 00 00 D0 03 00 00 10 00 69 00 00 00 82 AD 9E 59 00 00 00 00 | 77 60';
    expect(toHex(encodeRequest({ dstAddr: 501, serviceId: 1, objectType: 3, objectId: 0, propertyId: 0 }))).toBe(hex(req));
    const record = { totalCount: 976, type: 16, srcAddr: 105, timestamp: 1503571330, value: 0 };
    const bytes = encodeResponse({ flags: 0x34, srcAddr: 501, dstAddr: 1, serviceId: 1, objectType: 3, objectId: 0, propertyId: 0, propertyData: encodeMessageRecord(record) });
    expect(toHex(bytes)).toBe(hex(resp));
    const msg = decodeMessage(decodeFrame(fromHex(resp)));
    expect(msg.propertyData.length).toBe(18);
    expect(decodeMessageRecord(msg.propertyData)).toEqual(record);
  });

  it('5. read the GUID from 501', () => {
    const req = 'AA 00 01 00 00 00 F5 01 00 00 0A 00 00 D6 | 00 01 04 00 00 00 00 00 00 00 | 04 1F';
    const resp = 'AA 23 F5 01 00 00 01 00 00 00 1A 00 33 4B | 02 01 04 00 00 00 00 00 00 00 3A D0 1B 0B 58 C9 32 BA EC 4D 35 28 61 3D 7D 40 | 34 A3';
    expect(toHex(encodeRequest({ dstAddr: 501, serviceId: 1, objectType: 4, objectId: 0, propertyId: 0 }))).toBe(hex(req));
    const guid = fromHex('3A D0 1B 0B 58 C9 32 BA EC 4D 35 28 61 3D 7D 40');
    const bytes = encodeResponse({ flags: 0x23, srcAddr: 501, dstAddr: 1, serviceId: 1, objectType: 4, objectId: 0, propertyId: 0, propertyData: encodeValue('BYTE_STREAM', guid) });
    expect(toHex(bytes)).toBe(hex(resp));
    const msg = decodeMessage(decodeFrame(fromHex(resp)));
    expect(toHex(decodeValue('BYTE_STREAM', msg.propertyData))).toBe(toHex(guid));
    expect(decodeFrameFlags(0x23)).toMatchObject({ messagePending: true, xcomRestarted: true, datalogSupported: true, sdCardPresent: false });
  });

  it('6. error response with code 0x0002 (DEVICE_NOT_FOUND)', () => {
    const resp = 'AA 22 65 00 00 00 01 00 00 00 0C 00 93 7B | 03 01 01 00 B8 0B 00 00 05 00 02 00 | CE 52';
    const bytes = encodeErrorResponse({ flags: 0x22, srcAddr: 101, dstAddr: 1, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 5 }, 0x0002);
    expect(toHex(bytes)).toBe(hex(resp));
    const msg = decodeMessage(decodeFrame(fromHex(resp)));
    expect(msg).toMatchObject({ isResponse: true, isError: true, objectId: 3000, propertyId: 5 });
    expect(errorCodeOf(msg)).toBe(0x0002);
  });

  it('7. Xcom-LAN capture: info 11043 at 100 (property 13) and VS 701 answer 9.09375 kWh (flags 0xE6)', () => {
    const req = 'aa 00 01 00 00 00 64 00 00 00 0a 00 6e 6b | 00 01 01 00 23 2b 00 00 0d 00 | 5c ca';
    const resp = 'aa e6 bd 02 00 00 01 00 00 00 0e 00 b3 6d | 02 01 01 00 a9 3a 00 00 0d 00 00 80 11 41 | c5 fc';
    expect(toHex(encodeRequest({ dstAddr: 100, serviceId: 1, objectType: 1, objectId: 11043, propertyId: 13 }))).toBe(hex(req));
    const bytes = encodeResponse({ flags: 0xe6, srcAddr: 701, dstAddr: 1, serviceId: 1, objectType: 1, objectId: 15017, propertyId: 13, propertyData: encodeValue('FLOAT', 9.09375) });
    expect(toHex(bytes)).toBe(hex(resp));
    const msg = decodeMessage(decodeFrame(fromHex(resp)));
    expect(msg).toMatchObject({ srcAddr: 701, objectId: 15017, propertyId: 13 });
    expect(decodeValue('FLOAT', msg.propertyData)).toBe(9.09375);
    // Bits 6-7 are reserved and ignored.
    expect(decodeFrameFlags(0xe6)).toEqual(decodeFrameFlags(0x26));
  });

  it('8. Studer C library request for info 3136 at 101', () => {
    const req = 'AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 | 00 01 01 00 40 0C 00 00 01 00 | 4E C5';
    expect(toHex(encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 3136, propertyId: 1 }))).toBe(hex(req));
  });

  it('multi-info request {3000 average, 7002 master} to 501 (computed vector of §8)', () => {
    const req = 'aa 00 01 00 00 00 f5 01 00 00 10 00 06 e2 | 00 01 0a 00 01 00 00 00 01 00 b8 0b fd 5a 1b 00 | 41 5e';
    const data = encodeMultiInfoRequest([
      { infoId: 3000, aggregation: 0xfd },
      { infoId: 7002, aggregation: 0x00 },
    ]);
    expect(toHex(encodeRequest({ dstAddr: 501, serviceId: 1, objectType: 0x0a, objectId: 1, propertyId: 1, propertyData: data }))).toBe(hex(req));
  });

  it('encodeFrame of decodeFrame is the identity on every golden frame', () => {
    const frames = [
      'AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 02 01 01 00 B8 0B 00 00 01 00 00 C0 45 41 0D CB',
      'AA 22 65 00 00 00 01 00 00 00 0C 00 93 7B 03 01 01 00 B8 0B 00 00 05 00 02 00 CE 52',
      'aa e6 bd 02 00 00 01 00 00 00 0e 00 b3 6d 02 01 01 00 a9 3a 00 00 0d 00 00 80 11 41 c5 fc',
    ];
    for (const f of frames) expect(toHex(encodeFrame(decodeFrame(fromHex(f))))).toBe(hex(f));
  });
});
