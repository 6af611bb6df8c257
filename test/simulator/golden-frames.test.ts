import { describe, expect, it } from 'vitest';
import { XcomC } from '../../src/constants.js';
import { decodeFrame, fromHex, toHex } from '../../src/protocol/frame.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { decodeMessageRecord, MESSAGE_RECORD_SIZE } from '../../src/protocol/message-record.js';
import { decodeMessage, encodeRequest, errorCodeOf } from '../../src/protocol/service.js';
import { readFloat, readInfo, rig } from './helpers.js';

const E = XcomC.ERRORS;
// protocol-facts.md §11: golden frames of the spec (flags 0x34 = SD card, new datalog file, datalog supported).
const SPEC_FLAGS = { xcomRestarted: false, newDatalogFile: true, sdCardPresent: true, datalogSupported: true } as const;

describe('golden frames of protocol-facts §11', () => {
  it('(1) read of info 3000 at 101 gives a well-formed FLOAT reply from 101, byte-exact with the spec value pinned', () => {
    const { raw, site } = rig({ frameFlags: SPEC_FLAGS });
    const req = fromHex('AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 | 00 01 01 00 B8 0B 00 00 01 00 | C5 90');
    const live = decodeMessage(decodeFrame(raw(req)!));
    expect(live).toMatchObject({ isResponse: true, isError: false, srcAddr: 101, dstAddr: 1, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 });
    expect(live.propertyData).toHaveLength(4);
    expect(readFloat(live)).toBeGreaterThan(40);
    expect(readFloat(live)).toBeLessThan(60);
    site.setValue(101, 3000, 12.359375);
    expect(toHex(raw(req)!)).toBe(toHex(fromHex('AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 | 02 01 01 00 B8 0B 00 00 01 00 00 C0 45 41 | 0D CB')));
  });

  it('(2) read of parameter 1138 property 5 at 101 returns the factory 60.0 A, byte-exact', () => {
    const { raw } = rig({ frameFlags: SPEC_FLAGS });
    const reply = raw(fromHex('AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 | 00 01 02 00 72 04 00 00 05 00 | 7D D9'));
    expect(toHex(reply!)).toBe(toHex(fromHex('AA 34 65 00 00 00 01 00 00 00 0E 00 A7 45 | 02 01 02 00 72 04 00 00 05 00 00 00 70 42 | 31 0B')));
  });

  it('(3) write of 1138 = 12.0 to flash is acknowledged byte-exact and counted', () => {
    const { raw, site } = rig({ frameFlags: SPEC_FLAGS });
    const reply = raw(fromHex('AA 00 01 00 00 00 65 00 00 00 0E 00 73 79 | 00 02 02 00 72 04 00 00 05 00 00 00 40 41 | FF 9B'));
    expect(toHex(reply!)).toBe(toHex(fromHex('AA 34 65 00 00 00 01 00 00 00 0A 00 A3 3D | 02 02 02 00 72 04 00 00 05 00 | 80 F6')));
    expect(site.flashWrites(101, 1138)).toBe(1);
    expect(site.currentValue(101, 1138, 'flash')).toBe(12);
    expect(site.currentValue(101, 1138, 'ram')).toBe(12);
  });

  it('(4) read of message 0 at 501 returns an 18-byte record and clears the pending flag', () => {
    const { raw, site } = rig({ frameFlags: SPEC_FLAGS });
    site.raiseEvent({ type: 16, srcAddr: 105, timestamp: 1503571330 });
    const req = fromHex('AA 00 01 00 00 00 F5 01 00 00 0A 00 00 D6 | 00 01 03 00 00 00 00 00 00 00 | 03 17');
    const bytes = raw(req)!;
    const reply = decodeMessage(decodeFrame(bytes));
    expect(reply).toMatchObject({ isError: false, srcAddr: 501, objectType: 3, objectId: 0, propertyId: 0 });
    expect(reply.propertyData).toHaveLength(MESSAGE_RECORD_SIZE);
    expect(decodeMessageRecord(reply.propertyData)).toEqual({ totalCount: 1, type: 16, srcAddr: 105, timestamp: 1503571330, value: 0 });
    // Same layout as the spec's reply, but for the total count (976 there, 1 here) and the checksums.
    const spec = fromHex('AA 34 F5 01 00 00 01 00 00 00 1C 00 46 0A | 02 01 03 00 00 00 00 00 00 00 D0 03 00 00 10 00 69 00 00 00 82 AD 9E 59 00 00 00 00 | 77 60');
    expect(toHex(bytes.subarray(0, 14))).toBe(toHex(spec.subarray(0, 14)));
    expect(toHex(bytes.subarray(28, 42))).toBe(toHex(spec.subarray(28, 42)));
    expect(reply.flags & 1).toBe(0);
  });

  it('(5) read of the GUID at 501 is byte-exact with the spec GUID and flags 0x23', () => {
    const guid = fromHex('3A D0 1B 0B 58 C9 32 BA EC 4D 35 28 61 3D 7D 40');
    const { raw, site } = rig({ guid, frameFlags: { sdCardPresent: false, datalogSupported: true, xcomRestarted: true } });
    site.raiseEvent({ type: 0 });
    const req = fromHex('AA 00 01 00 00 00 F5 01 00 00 0A 00 00 D6 | 00 01 04 00 00 00 00 00 00 00 | 04 1F');
    expect(toHex(raw(req)!)).toBe(
      toHex(fromHex('AA 23 F5 01 00 00 01 00 00 00 1A 00 33 4B | 02 01 04 00 00 00 00 00 00 00 3A D0 1B 0B 58 C9 32 BA EC 4D 35 28 61 3D 7D 40 | 34 A3')),
    );
  });

  it('(6) an unknown device gets an error frame shaped like the reference one (flags 0x03, code DEVICE_NOT_FOUND)', () => {
    const { raw } = rig();
    const reference = decodeMessage(decodeFrame(fromHex('AA 22 65 00 00 00 01 00 00 00 0C 00 93 7B | 03 01 01 00 B8 0B 00 00 05 00 02 00 | CE 52')));
    const reply = decodeMessage(decodeFrame(raw(encodeRequest(readInfo(105, 3000, 5)))!));
    expect(reply.isError && reference.isError).toBe(true);
    expect(reply.srcAddr).toBe(105);
    expect(errorCodeOf(reply)).toBe(errorCodeOf(reference));
    expect(errorCodeOf(reply)).toBe(E.DEVICE_NOT_FOUND);
  });

  it('(7) info 11043 (a VarioTrack number) at the Xtender multicast 100 is unknown there', () => {
    const { raw } = rig();
    const reply = decodeMessage(decodeFrame(raw(fromHex('aa 00 01 00 00 00 64 00 00 00 0a 00 6e 6b | 00 01 01 00 23 2b 00 00 0d 00 | 5c ca'))!));
    expect(reply.isError).toBe(true);
    expect(errorCodeOf(reply)).toBe(E.OBJECT_ID_NOT_FOUND);
  });

  it('(8) the C library read of info 3136 at 101 is answered; at 100 the master 101 answers', () => {
    const { raw, ask, site } = rig();
    site.setValue(101, 3136, 1.5);
    site.setValue(102, 3136, 2.5);
    const golden = decodeMessage(decodeFrame(raw(fromHex('AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 | 00 01 01 00 40 0C 00 00 01 00 | 4E C5'))!));
    expect(golden).toMatchObject({ isError: false, srcAddr: 101, objectId: 3136 });
    expect(readFloat(golden)).toBe(1.5);
    const multicast = ask(readInfo(100, 3136));
    expect(multicast).toMatchObject({ isError: false, srcAddr: 101, objectId: 3136 });
    expect(readFloat(multicast)).toBe(1.5);
  });

  it('a user info read with property 5, as the Home Assistant library sends it, is answered byte-exact', () => {
    const { raw, site } = rig();
    site.setValue(101, 3000, 12.359375);
    // Its discovery request for Xtender 1 (issue 13); the reply computed with the spec's checksum (§3.4).
    const req = fromHex('aa 00 01 00 00 00 65 00 00 00 0a 00 6f 71 | 00 01 01 00 b8 0b 00 00 05 00 | c9 98');
    expect(toHex(raw(req)!)).toBe(toHex(fromHex('aa 26 65 00 00 00 01 00 00 00 0e 00 99 ab | 02 01 01 00 b8 0b 00 00 05 00 00 c0 45 41 | 11 e3')));
  });

  it('a user info read with property 13, as xcom-proto sends it, is answered byte-exact', () => {
    const { raw, site } = rig();
    site.setValue(101, 3000, 12.359375);
    const req = fromHex('aa 00 01 00 00 00 65 00 00 00 0a 00 6f 71 | 00 01 01 00 b8 0b 00 00 0d 00 | d1 a8');
    expect(toHex(raw(req)!)).toBe(toHex(fromHex('aa 26 65 00 00 00 01 00 00 00 0e 00 99 ab | 02 01 01 00 b8 0b 00 00 0d 00 00 c0 45 41 | 19 13')));
  });

  it('a frame with a bad checksum gets no answer: the decoder never delivers it', () => {
    const bytes = fromHex('AA 00 01 00 00 00 65 00 00 00 0A 00 6F 71 | 00 01 01 00 B8 0B 00 00 01 00 | C5 91');
    const decoder = new FrameDecoder();
    expect(decoder.push(bytes)).toEqual([]);
    expect(decoder.stats.dataChecksumErrors).toBe(1);
  });
});
