import { describe, expect, it } from 'vitest';
import { XcomC } from '../../src/constants.js';
import { decodeMessageRecord } from '../../src/protocol/message-record.js';
import { MessageLog } from '../../src/simulator/message-log.js';
import { rig } from './helpers.js';

const E = XcomC.ERRORS;
const readMessage = (index: number) => ({ dstAddr: 501, serviceId: 1, objectType: 3, objectId: index, propertyId: 0 });

describe('the message log where the spec (§4.6.1, §4.6.6) is ambiguous', () => {
  it('by default an empty log, or an index past the oldest, answers OBJECT_ID_NOT_FOUND, and the request log says why', () => {
    const { error, site, responder } = rig();
    expect(error(readMessage(0))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(responder.log.last()?.detail).toBe('no message 0 in a log of 0');
    site.raiseEvent({ type: 16, timestamp: 100 });
    expect(error(readMessage(1))).toBe(E.OBJECT_ID_NOT_FOUND);
  });

  it("'zero-record' answers a record of zeros instead", () => {
    const { ask, site } = rig({ messageLog: { missing: 'zero-record' } });
    expect(decodeMessageRecord(ask(readMessage(0)).propertyData)).toEqual({ totalCount: 0, type: 0, srcAddr: 0, timestamp: 0, value: 0 });
    site.raiseEvent({ type: 16, srcAddr: 102, timestamp: 100 });
    expect(decodeMessageRecord(ask(readMessage(0)).propertyData)).toMatchObject({ totalCount: 1, type: 16 });
    expect(decodeMessageRecord(ask(readMessage(5)).propertyData)).toMatchObject({ totalCount: 0, type: 0, timestamp: 0 });
  });

  it("by default the total counts every stored message; 'remaining' counts the messages older than the one read", () => {
    for (const total of ['stored', 'remaining'] as const) {
      const { ask, site } = rig({ messageLog: { total } });
      for (const timestamp of [100, 200, 300]) site.raiseEvent({ type: 16, timestamp });
      const totals = [0, 1, 2].map((i) => decodeMessageRecord(ask(readMessage(i)).propertyData).totalCount);
      expect(totals).toEqual(total === 'stored' ? [3, 3, 3] : [2, 1, 0]);
    }
  });

  it('refuses options it does not know', () => {
    expect(() => new MessageLog({ missing: 'silence' as 'error' })).toThrow(/missing/);
    expect(() => new MessageLog({ total: 'all' as 'stored' })).toThrow(/total/);
    expect(() => new MessageLog(0)).toThrow(/capacity/);
    const small = new MessageLog(2);
    for (const type of [1, 2, 3]) small.add({ type, srcAddr: 101, timestamp: type, value: 0 });
    expect(small.list().map((m) => m.type)).toEqual([3, 2]);
  });
});
