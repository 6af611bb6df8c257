// The file-transfer object (spec §4.8, §5.7): the §5.7.1 frames as golden vectors (their
// checksums verified), the reply-property pairing, listings, names and dates.
import { describe, expect, it } from 'vitest';
import { XcomC } from '../../src/constants.js';
import { XcomValidationError } from '../../src/errors.js';
import {
  DATALOG_DIRECTORY,
  DATALOG_OBJECT_TYPE,
  datalogFileDate,
  datalogFileName,
  datalogReplyProperties,
  decodeDatalogListing,
  decodeFrame,
  decodeFrameFlags,
  decodeMessage,
  encodeDatalogStart,
  encodeRequest,
  encodeResponse,
  fromHex,
  isDatalogFileName,
  SD_ABORT,
  SD_ACK_CONTINUE,
  SD_DATABLOCK,
  SD_FINISH,
  SD_NACK_RETRY,
  SD_START,
  SERVICE_READ,
  SERVICE_WRITE,
  toHex,
} from '../../src/protocol/index.js';

const hex = (s: string): string => toHex(fromHex(s));
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('golden frames (spec §5.7.1, reading a directory)', () => {
  const request = 'aa 00 01 00 00 00 f5 01 00 00 0a 00 00 d6 | 00 01 01 01 01 00 00 00 21 00 | 24 56';
  const reply =
    'aa 27 f5 01 00 00 01 00 00 00 24 00 41 8b | 02 01 01 01 01 00 00 00 26 00 ' +
    '4c 47 31 37 31 30 31 30 2e 43 53 56 0a 4c 47 31 37 31 30 31 31 2e 43 53 56 0a | ee c9';

  it('the request: READ of object 1 (directory list), property 0x21 SD_Start, to 501', () => {
    const bytes = encodeRequest({ dstAddr: 501, serviceId: SERVICE_READ, objectType: DATALOG_OBJECT_TYPE, objectId: DATALOG_DIRECTORY, propertyId: SD_START });
    expect(toHex(bytes)).toBe(hex(request));
    expect(decodeMessage(decodeFrame(fromHex(request)))).toMatchObject({ srcAddr: 1, dstAddr: 501, isResponse: false, objectType: 0x0101, objectId: 1, propertyId: 0x21 });
  });

  it('its reply: property 0x26 SD_Finish carrying the two names, each ended by LF', () => {
    const bytes = encodeResponse({
      flags: 0x27,
      srcAddr: 501,
      dstAddr: 1,
      serviceId: SERVICE_READ,
      objectType: DATALOG_OBJECT_TYPE,
      objectId: DATALOG_DIRECTORY,
      propertyId: SD_FINISH,
      propertyData: ascii('LG171010.CSV\nLG171011.CSV\n'),
    });
    expect(toHex(bytes)).toBe(hex(reply));
    const msg = decodeMessage(decodeFrame(fromHex(reply)));
    expect(msg).toMatchObject({ srcAddr: 501, dstAddr: 1, isResponse: true, isError: false, objectType: 0x0101, objectId: 1, propertyId: 0x26 });
    expect(decodeDatalogListing(msg.propertyData)).toEqual(['LG171010.CSV', 'LG171011.CSV']);
    expect(decodeFrameFlags(msg.flags)).toMatchObject({ sdCardPresent: true, datalogSupported: true, newDatalogFile: false });
  });

  it('the file request of §5.7.2 carries the name and 0x0A (13 bytes)', () => {
    expect(toHex(encodeDatalogStart('LG171010.CSV'))).toBe(hex('4c 47 31 37 31 30 31 30 2e 43 53 56 0a'));
  });
});

describe('reply properties of each step', () => {
  it('Start, Ack_Continue and Nack_Retry are answered by Datablock or Finish; Abort by Finish', () => {
    for (const step of [SD_START, SD_ACK_CONTINUE, SD_NACK_RETRY]) expect(datalogReplyProperties(0x0101, SERVICE_READ, step)).toEqual([SD_DATABLOCK, SD_FINISH]);
    expect(datalogReplyProperties(0x0101, SERVICE_READ, SD_ABORT)).toEqual([SD_FINISH]);
  });

  it('nothing else: replies to Datablock, Finish or 0, writes, and other object types echo their property', () => {
    for (const property of [0, SD_DATABLOCK, SD_FINISH, 0x27]) expect(datalogReplyProperties(0x0101, SERVICE_READ, property)).toEqual([]);
    expect(datalogReplyProperties(0x0101, SERVICE_WRITE, SD_START)).toEqual([]);
    expect(datalogReplyProperties(0x0100, SERVICE_READ, SD_START)).toEqual([]);
    expect(datalogReplyProperties(1, SERVICE_READ, SD_START)).toEqual([]);
  });

  it('XcomC names the same numbers', () => {
    expect([XcomC.TYPE_DATALOG_TRANSFER, XcomC.SD_DIRECTORY, XcomC.SD_FILE, XcomC.SD_START, XcomC.SD_FINISH]).toEqual([DATALOG_OBJECT_TYPE, 1, 2, SD_START, SD_FINISH]);
  });
});

describe('listings', () => {
  it('accepts CR, LF and CRLF, drops empty entries and NUL padding', () => {
    expect(decodeDatalogListing(ascii('A.CSV\rB.CSV\nC.CSV\r\nD.CSV\r\n\r\n\0\0'))).toEqual(['A.CSV', 'B.CSV', 'C.CSV', 'D.CSV']);
    expect(decodeDatalogListing(new Uint8Array(0))).toEqual([]);
    expect(decodeDatalogListing(ascii('LAST.CSV'))).toEqual(['LAST.CSV']);
  });
});

describe('names and dates', () => {
  it('8.3 safe names only', () => {
    for (const ok of ['LG250621.CSV', 'lg250621.csv', 'A', 'AB_CD-12.TXT', 'X.Y']) expect(isDatalogFileName(ok), ok).toBe(true);
    for (const bad of ['', '../LG250621.CSV', 'a/b.csv', 'LG2506211.CSV', 'LG250621.CSVX', '.CSV', 'A.', 'A B.CSV', 'É.CSV', 'A.B.C', 'CON\n']) {
      expect(isDatalogFileName(bad), bad).toBe(false);
    }
  });

  it('LGYYMMDD.CSV ↔ YYYY-MM-DD', () => {
    expect(datalogFileDate('LG250621.CSV')).toBe('2025-06-21');
    expect(datalogFileDate('lg171010.csv')).toBe('2017-10-10');
    expect(datalogFileDate('LG250230.CSV')).toBeUndefined();
    expect(datalogFileDate('README.TXT')).toBeUndefined();
    expect(datalogFileName('2025-06-21')).toBe('LG250621.CSV');
    expect(datalogFileName(new Date(Date.UTC(2017, 9, 10, 23, 59)))).toBe('LG171010.CSV');
    for (const bad of ['1999-12-31', '2025-02-30', '2025-6-1', new Date(Number.NaN)]) expect(() => datalogFileName(bad)).toThrow(XcomValidationError);
  });
});
