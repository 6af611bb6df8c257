import { describe, expect, it } from 'vitest';
import { XcomC } from '../../src/constants.js';
import { decodeFrame } from '../../src/protocol/frame.js';
import { decodeMultiInfoResponse, encodeMultiInfoRequest } from '../../src/protocol/multi-info.js';
import { encodeRequest } from '../../src/protocol/service.js';
import type { SignalEvent } from '../../src/simulator/signals.js';
import { float, int32, readFloat, readInfo, readParam, rig, T0, writeParam } from './helpers.js';

const E = XcomC.ERRORS;
const signal = (dstAddr: number, id: number, value = 1) => writeParam(dstAddr, id, int32(value), 5);

function observed(site: ReturnType<typeof rig>['site']): SignalEvent[] {
  const events: SignalEvent[] = [];
  site.on('signal', (e) => events.push(e));
  return events;
}

describe('{1468} "Reset of all the inverters"', () => {
  it('restarts every Xtender: RAM falls back to flash, they answer DEVICE_NOT_FOUND for restartMs, without frame-flag bit 1', () => {
    const { ask, error, site, clock } = rig({ restartMs: 5000, frameFlags: { xcomRestarted: false } });
    ask(writeParam(100, 1138, float(25), 13));
    ask(writeParam(301, 10002, float(40), 13));
    const ack = ask(signal(101, 1468));
    expect(ack.isError).toBe(false);
    expect(ack.flags & 0x02).toBe(0);
    for (const dst of [101, 102, 103, 100, 191]) expect(error(readInfo(dst, 3000))).toBe(E.DEVICE_NOT_FOUND);
    // Other families are not restarted.
    expect(readFloat(ask(readParam(301, 10002)))).toBe(40);
    clock.advance(4999);
    expect(error(readParam(102, 1138))).toBe(E.DEVICE_NOT_FOUND);
    clock.advance(1);
    for (const dst of [101, 102, 103]) expect(readFloat(ask(readParam(dst, 1138)))).toBe(60);
    expect(ask(readInfo(101, 3000)).flags & 0x02).toBe(0);
  });

  it('is a command, not a setting: nothing is stored or counted, and only the value 1 fires it', () => {
    const { ask, site } = rig({ restartMs: 5000 });
    const events = observed(site);
    ask(signal(101, 1468, 0));
    expect(events).toEqual([]);
    expect(ask(readInfo(101, 3000)).isError).toBe(false);
    ask(signal(101, 1468));
    expect(events).toEqual([{ address: 101, id: 1468, atMs: T0 }]);
    expect(site.flashWrites(101, 1468)).toBe(0);
  });
});

describe('{5121} "Reset all devices of the system"', () => {
  it('acknowledges, then the gateway is silent for restartMs; then every device is back with RAM from flash and bit 1 set until {5104}', () => {
    const { ask, raw, site, clock, responder } = rig({ restartMs: 8000, frameFlags: { xcomRestarted: false } });
    ask(writeParam(101, 1138, float(25), 13));
    ask(writeParam(601, 6001, float(300), 13));
    const ack = ask(signal(501, 5121));
    expect(ack.isError).toBe(false);
    expect(ack.flags & 0x02).toBe(0);
    expect(raw(encodeRequest(readInfo(101, 3000)))).toBeUndefined();
    expect(raw(encodeRequest(readInfo(501, 3000)))).toBeUndefined();
    expect(responder.log.last()).toMatchObject({ outcome: 'unanswered', dstAddr: 501 });
    clock.advance(8000);
    const back = ask(readParam(101, 1138));
    expect(back.flags & 0x02).toBe(0x02);
    expect(readFloat(back)).toBe(60);
    expect(site.currentValue(601, 6001)).toBe(site.currentValue(601, 6001, 'flash'));
    expect(ask(readInfo(301, 11000)).flags & 0x02).toBe(0x02);
    expect(ask(signal(501, 5104)).isError).toBe(false);
    expect(ask(readInfo(101, 3000)).flags & 0x02).toBe(0);
  });

  it('a response frame (someone else’s traffic) during the restart is not answered either', () => {
    const { ask, raw } = rig({ restartMs: 1000 });
    ask(signal(501, 5121));
    const response = Uint8Array.from([0xaa, 0x34, 0x65, 0, 0, 0, 1, 0, 0, 0, 0x0a, 0, 0xa3, 0x3d, 2, 2, 2, 0, 0x72, 4, 0, 0, 5, 0, 0x80, 0xf6]);
    expect(decodeFrame(response).srcAddr).toBe(101);
    expect(raw(response)).toBeUndefined();
  });
});

describe('restore default / factory settings', () => {
  const cases = [
    { family: 'Xtender', address: 101, signals: [1395, 1287], param: 1138, data: float(25) },
    { family: 'BSP', address: 601, signals: [6004, 6005], param: 6001, data: float(300) },
    { family: 'VarioTrack', address: 301, signals: [10056, 10057], param: 10002, data: float(40) },
    { family: 'VarioString', address: 701, signals: [14067, 14068], param: 14001, data: float(10) },
  ];
  for (const c of cases) {
    for (const id of c.signals) {
      it(`{${id}} puts every ${c.family} parameter of the unit back to its default, flash and RAM`, () => {
        const { ask, site } = rig();
        const initial = site.currentValue(c.address, c.param, 'flash');
        ask(writeParam(c.address, c.param, c.data, 5));
        expect(site.currentValue(c.address, c.param, 'flash')).not.toBe(initial);
        expect(ask(signal(c.address, id)).isError).toBe(false);
        expect(site.currentValue(c.address, c.param, 'flash')).toBe(initial);
        expect(site.currentValue(c.address, c.param, 'ram')).toBe(initial);
      });
    }
  }

  it('the Xcom-CAN BMS: {6004} and {6005} restore its defaults', () => {
    for (const id of [6004, 6005]) {
      const { ask, site } = rig({ battery: 'bms' });
      const dp = [...site.device(601)!.parameters.values()].find((p) => p.datapoint.format === 'FLOAT' && !p.datapoint.signal)!;
      const value = (dp.datapoint.max ?? 1) === dp.flash ? (dp.datapoint.min ?? 0) : (dp.datapoint.max ?? 1);
      const initial = dp.flash;
      ask(writeParam(601, dp.datapoint.id, float(value), 5));
      expect(dp.flash).toBe(Math.fround(value));
      ask(signal(601, id));
      expect(dp.flash).toBe(initial);
    }
  });

  it('a restore on an Xtender with {1550} No turns flash saving back on, and leaves the other units alone', () => {
    const { ask, site } = rig();
    ask(writeParam(101, 1550, Uint8Array.of(0), 5));
    ask(writeParam(102, 1138, float(25), 5));
    ask(signal(101, 1395));
    expect(site.currentValue(101, 1550)).toBe(1);
    expect(site.currentValue(102, 1138)).toBe(25);
  });
});

describe('{5035} "Erase messages" and the other signals', () => {
  it('{5035} empties the message log and clears the pending flag', () => {
    const { ask, error, site } = rig();
    site.raiseEvent({ type: 16 });
    site.raiseEvent({ type: 24 });
    expect(ask(readInfo(101, 3000)).flags & 0x01).toBe(1);
    const ack = ask(signal(501, 5035));
    expect(ack.flags & 0x01).toBe(0);
    expect(site.messages.size).toBe(0);
    expect(error({ dstAddr: 501, serviceId: 1, objectType: 3, objectId: 0, propertyId: 0 })).toBe(E.OBJECT_ID_NOT_FOUND);
  });

  it('every signal emits a `signal` event (address, id, time), once per unit a multicast write reaches', () => {
    const { ask, site, clock } = rig();
    const events = observed(site);
    ask(signal(100, 1142));
    clock.advance(1000);
    ask(signal(501, 5059));
    ask(signal(300, 10029));
    expect(events).toEqual([
      { address: 101, id: 1142, atMs: T0 },
      { address: 102, id: 1142, atMs: T0 },
      { address: 103, id: 1142, atMs: T0 },
      { address: 501, id: 5059, atMs: T0 + 1000 },
      { address: 301, id: 10029, atMs: T0 + 1000 },
      { address: 302, id: 10029, atMs: T0 + 1000 },
    ]);
  });
});

describe('multi-info naming an absent unit', () => {
  const multi = (items: { infoId: number; aggregation: number }[]) => ({
    dstAddr: 501,
    serviceId: 1,
    objectType: XcomC.TYPE_MULTI_INFO,
    objectId: 1,
    propertyId: 7,
    propertyData: encodeMultiInfoRequest(items),
  });

  it('fails the whole request with DEVICE_NOT_FOUND, and the request log names the item', () => {
    const { error, responder } = rig();
    expect(error(multi([{ infoId: 3000, aggregation: 0 }, { infoId: 11004, aggregation: 2 }, { infoId: 3000, aggregation: 4 }]))).toBe(E.DEVICE_NOT_FOUND);
    expect(responder.log.last()).toMatchObject({ outcome: 'error', errorCode: E.DEVICE_NOT_FOUND });
    expect(responder.log.last()?.detail).toBe('item 3 of 3 ({3000}, aggregation 0x04): no xtender device 4 answers');
  });

  it('a unit restarting after {1468} is absent too, until it is back', () => {
    const { ask, error, clock, responder } = rig({ restartMs: 2000 });
    ask(signal(101, 1468));
    expect(error(multi([{ infoId: 7000, aggregation: 0 }, { infoId: 3000, aggregation: 0xfe }]))).toBe(E.DEVICE_NOT_FOUND);
    expect(responder.log.last()?.detail).toMatch(/^item 2 of 2 \(\{3000\}, aggregation 0xfe\): no xtender/);
    clock.advance(2000);
    expect(decodeMultiInfoResponse(ask(multi([{ infoId: 3000, aggregation: 0xfe }])).propertyData).items).toHaveLength(1);
  });
});
