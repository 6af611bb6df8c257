import { describe, expect, it } from 'vitest';
import { RequestLog, type RequestRecord } from '../../src/simulator/request-log.js';

const record = (objectId: number): RequestRecord => ({
  atMs: objectId,
  endpoint: 'direct',
  srcAddr: 1,
  dstAddr: 101,
  serviceId: 1,
  objectType: 1,
  objectId,
  propertyId: 1,
  propertyData: new Uint8Array(0),
  outcome: 'ok',
});
const ids = (log: RequestLog): number[] => log.list().map((r) => r.objectId);

describe('RequestLog', () => {
  it('keeps the newest records, oldest first, however many times it wraps', () => {
    const log = new RequestLog(3);
    expect(log.last()).toBeUndefined();
    for (let id = 1; id <= 2; id++) log.add(record(id));
    expect(ids(log)).toEqual([1, 2]);
    for (let id = 3; id <= 8; id++) {
      log.add(record(id));
      expect(ids(log)).toEqual([id - 2, id - 1, id].filter((n) => n > 0));
      expect(log.last()?.objectId).toBe(id);
      expect(log.size).toBe(3);
    }
  });

  it('starts over after clear(), and a zero capacity keeps nothing', () => {
    const log = new RequestLog(2);
    for (let id = 1; id <= 5; id++) log.add(record(id));
    log.clear();
    expect(log.size).toBe(0);
    expect(log.last()).toBeUndefined();
    log.add(record(6));
    log.add(record(7));
    log.add(record(8));
    expect(ids(log)).toEqual([7, 8]);
    const none = new RequestLog(0);
    none.add(record(1));
    expect(none.size).toBe(0);
    expect(none.last()).toBeUndefined();
  });

  it('returns a copy from list()', () => {
    const log = new RequestLog(2);
    log.add(record(1));
    const listed = log.list();
    listed.push(record(9));
    expect(ids(log)).toEqual([1]);
  });
});
