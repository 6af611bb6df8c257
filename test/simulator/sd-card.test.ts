// The simulated SD card: a week of daily CSV files from the model (deterministic from the
// seed), served through the file-transfer object (512-byte blocks, the last in the Finish),
// the frame flags, the signals that act on it, and the request faults (lost, busy).
import { describe, expect, it } from 'vitest';
import { SCOM_ERRORS as E } from '../../src/constants.js';
import { decodeFrameFlags, encodeRequest, type RequestFields, SD_ABORT, SD_ACK_CONTINUE, SD_DATABLOCK, SD_FINISH, SD_NACK_RETRY, SD_START, toHex } from '../../src/protocol/index.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { SimEndpoint } from '../../src/simulator/endpoint.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import { ScomResponder } from '../../src/simulator/responder.js';
import { readInfo, rig, T0, writeParam } from './helpers.js';
import { WireRecorder } from './wire.js';

const step = (propertyId: number, objectId = 2, data = ''): RequestFields => ({
  dstAddr: 501,
  serviceId: 1,
  objectType: 0x0101,
  objectId,
  propertyId,
  propertyData: Uint8Array.from(data, (c) => c.charCodeAt(0)),
});
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const signal = (id: number): RequestFields => writeParam(501, id, Uint8Array.of(1, 0, 0, 0), 5);
const SMALL = { xtenders: 1, variotracks: 1, variostrings: 0 } as const;

describe('the files', () => {
  it('a week: six whole days and today so far, a header and a row per minute', () => {
    const { site } = rig(SMALL);
    const card = site.sdCard!;
    expect(card.names()).toEqual(['LG250615.CSV', 'LG250616.CSV', 'LG250617.CSV', 'LG250618.CSV', 'LG250619.CSV', 'LG250620.CSV', 'LG250621.CSV']);
    const day = text(card.read('LG250620.CSV')!).split('\r\n');
    expect(day[0]).toBe('Date,Time,Ubat [V],Ibat [A],SOC [%],Tbat [C],Grid,Pout XT1 [kW],Pin XT1 [kW],Psol VT1 [kW]');
    expect(day).toHaveLength(1442);
    expect(day[1]).toMatch(/^2025-06-20,00:00,\d+\.\d\d,-?\d+\.\d,\d+\.\d,\d+\.\d,[01],\d+\.\d\d,\d+\.\d\d,\d+\.\d\d$/);
    expect(day[1440]).toMatch(/^2025-06-20,23:59,/);
    expect(day[1441]).toBe('');
    const today = text(card.read('lg250621.csv')!).split('\r\n');
    expect(today.at(-2)).toMatch(/^2025-06-21,10:00,/);
    // The sun shines at noon, not at midnight.
    const pv = (line: string | undefined): number => Number(line?.split(',').at(-1));
    expect(pv(day[1 + 12 * 60])).toBeGreaterThan(0.3);
    expect(pv(day[1])).toBe(0);
  });

  it('deterministic from the seed, and another seed gives other rows', () => {
    const a = rig({ ...SMALL, seed: 9 }).site.sdCard!;
    const b = rig({ ...SMALL, seed: 9 }).site.sdCard!;
    const c = rig({ ...SMALL, seed: 10 }).site.sdCard!;
    expect(toHex(b.read('LG250617.CSV')!)).toBe(toHex(a.read('LG250617.CSV')!));
    expect(toHex(c.read('LG250617.CSV')!)).not.toBe(toHex(a.read('LG250617.CSV')!));
  });

  it("today's file grows with the clock; a new day opens a file and the oldest goes", () => {
    const { site, clock, ask } = rig(SMALL);
    const before = site.sdCard!.read('LG250621.CSV')!.length;
    clock.advance(5 * 60_000);
    ask(readInfo(101, 3000));
    expect(site.sdCard!.read('LG250621.CSV')!.length).toBeGreaterThan(before);
    clock.set(Date.UTC(2025, 5, 22, 0, 2));
    ask(readInfo(101, 3000));
    expect(site.sdCard!.names()).toEqual(['LG250616.CSV', 'LG250617.CSV', 'LG250618.CSV', 'LG250619.CSV', 'LG250620.CSV', 'LG250621.CSV', 'LG250622.CSV']);
    expect(text(site.sdCard!.read('LG250621.CSV')!).split('\r\n')).toHaveLength(1442);
    expect(text(site.sdCard!.read('LG250622.CSV')!).split('\r\n')).toHaveLength(5);
  });

  it('the days follow the installation clock, its UTC offset and {5002}', () => {
    expect(rig({ ...SMALL, utcOffsetMinutes: 15 * 60 }).site.sdCard!.names().at(-1)).toBe('LG250622.CSV');
    const { site, ask } = rig(SMALL);
    site.setLocalSeconds(Date.UTC(2025, 5, 23, 8) / 1000);
    ask(readInfo(101, 3000));
    expect(site.sdCard!.names().at(-1)).toBe('LG250623.CSV');
  });

  it('refuses a bad number of days or busy time', () => {
    expect(() => new SimInstallation({ sdCard: { days: 0 } })).toThrow(/sdCard.days/);
    expect(() => new SimInstallation({ sdCard: { saveBusyMs: -1 } })).toThrow(/sdCard.saveBusyMs/);
  });
});

describe('the file-transfer object at 501', () => {
  it('the directory: one Finish with every name ended by LF', () => {
    const { ask } = rig(SMALL);
    const reply = ask(step(SD_START, 1));
    expect(reply).toMatchObject({ isError: false, srcAddr: 501, objectType: 0x0101, objectId: 1, propertyId: SD_FINISH });
    expect(text(reply.propertyData)).toBe('LG250615.CSV\nLG250616.CSV\nLG250617.CSV\nLG250618.CSV\nLG250619.CSV\nLG250620.CSV\nLG250621.CSV\n');
  });

  it('a file: 512-byte Datablocks, Nack_Retry repeats, the last block in the Finish', () => {
    const { ask, error, site } = rig(SMALL);
    const file = site.sdCard!.read('LG250621.CSV')!;
    const blocks: Uint8Array[] = [];
    let reply = ask(step(SD_START, 2, 'LG250621.CSV\n'));
    expect(reply).toMatchObject({ propertyId: SD_DATABLOCK });
    const again = ask(step(SD_NACK_RETRY));
    expect(toHex(again.propertyData)).toBe(toHex(reply.propertyData));
    while (reply.propertyId === SD_DATABLOCK) {
      expect(reply.propertyData).toHaveLength(512);
      blocks.push(reply.propertyData);
      reply = ask(step(SD_ACK_CONTINUE));
    }
    expect(reply.propertyId).toBe(SD_FINISH);
    expect(reply.propertyData.length).toBe(file.length - blocks.length * 512);
    expect(reply.propertyData.length).toBeGreaterThan(0);
    expect(Buffer.concat([...blocks, reply.propertyData]).equals(Buffer.from(file))).toBe(true);
    // The transfer is over.
    expect(error(step(SD_ACK_CONTINUE))).toBe(E.OBJECT_PROPERTY_INVALID);
  });

  it('with finishCarriesData false, every block is a Datablock and the Finish is empty', () => {
    const { ask, site } = rig({ ...SMALL, sdCard: { finishCarriesData: false } });
    const file = site.sdCard!.read('LG250621.CSV')!;
    const parts: Uint8Array[] = [];
    let reply = ask(step(SD_START, 2, 'LG250621.CSV'));
    while (reply.propertyId === SD_DATABLOCK) {
      parts.push(reply.propertyData);
      reply = ask(step(SD_ACK_CONTINUE));
    }
    expect(reply).toMatchObject({ propertyId: SD_FINISH, propertyData: new Uint8Array(0) });
    expect(Buffer.concat(parts).equals(Buffer.from(file))).toBe(true);
  });

  it('Abort ends the transfer with an empty Finish; a file that is not there, a step out of turn', () => {
    const { ask, error } = rig(SMALL);
    expect(error(step(SD_ACK_CONTINUE))).toBe(E.OBJECT_PROPERTY_INVALID);
    ask(step(SD_START, 2, 'LG250620.CSV'));
    expect(error(step(SD_ACK_CONTINUE, 1))).toBe(E.OBJECT_PROPERTY_INVALID); // the open transfer is the file's
    expect(ask(step(SD_ABORT))).toMatchObject({ isError: false, propertyId: SD_FINISH, propertyData: new Uint8Array(0) });
    expect(error(step(SD_NACK_RETRY))).toBe(E.OBJECT_PROPERTY_INVALID);
    expect(ask(step(SD_ABORT))).toMatchObject({ isError: false, propertyId: SD_FINISH });
    expect(error(step(SD_START, 2, 'LG200101.CSV'))).toBe(E.FILE_OR_DIR_NOT_PRESENT);
    for (const property of [0, SD_DATABLOCK, SD_FINISH]) expect(error(step(property))).toBe(E.OBJECT_PROPERTY_INVALID);
    expect(error(step(0x27))).toBe(E.PROPERTY_NOT_SUPPORTED);
    expect(error(step(SD_START, 3))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error({ ...step(SD_START, 1), serviceId: 2 })).toBe(E.PROPERTY_IS_READ_ONLY);
    expect(error({ ...step(SD_START, 1), dstAddr: 101 })).toBe(E.TYPE_NOT_SUPPORTED);
  });

  it('without an SD card, or without datalogger support', () => {
    expect(rig({ ...SMALL, frameFlags: { sdCardPresent: false } }).error(step(SD_START, 1))).toBe(E.FILE_OR_DIR_NOT_PRESENT);
    expect(rig({ ...SMALL, frameFlags: { datalogSupported: false } }).error(step(SD_START, 1))).toBe(E.SCOM_ERROR_OBJECT_NOT_SUPPORTED);
    const flags = decodeFrameFlags(rig({ ...SMALL, frameFlags: { sdCardPresent: false } }).ask(readInfo(101, 3000)).flags);
    expect(flags).toMatchObject({ sdCardPresent: false, newDatalogFile: false });
  });
});

describe('frame flags and signals', () => {
  it('bits 2 and 5 set; bit 4 rises with a new day and a file read clears it (a listing does not)', () => {
    const { ask, clock } = rig(SMALL);
    expect(decodeFrameFlags(ask(readInfo(101, 3000)).flags)).toMatchObject({ sdCardPresent: true, datalogSupported: true, newDatalogFile: false, sdCardFull: false });
    clock.set(Date.UTC(2025, 5, 22, 0, 0, 5));
    expect(decodeFrameFlags(ask(readInfo(101, 3000)).flags).newDatalogFile).toBe(true);
    expect(decodeFrameFlags(ask(step(SD_START, 1)).flags).newDatalogFile).toBe(true);
    expect(decodeFrameFlags(ask(step(SD_START, 2, 'LG250621.CSV')).flags).newDatalogFile).toBe(false);
    expect(rig({ ...SMALL, frameFlags: { newDatalogFile: true } }).ask(readInfo(101, 3000)).flags & 0x10).toBe(0x10);
  });

  it('{5047} formats the card; {5120} erases the 30 oldest files but today’s', () => {
    const formatted = rig({ ...SMALL, sdCard: { days: 40 } });
    expect(formatted.ask(signal(5047)).isError).toBe(false);
    expect(formatted.site.sdCard!.names()).toEqual(['LG250621.CSV']);
    expect(text(formatted.site.sdCard!.read('LG250621.CSV')!).split('\r\n')).toHaveLength(2); // the header only
    formatted.clock.advance(3 * 60_000);
    formatted.ask(readInfo(101, 3000));
    expect(text(formatted.site.sdCard!.read('LG250621.CSV')!).split('\r\n')).toHaveLength(5); // from the next minute on

    const erased = rig({ ...SMALL, sdCard: { days: 33 } });
    const before = toHex(erased.site.sdCard!.read('LG250620.CSV')!);
    erased.ask(signal(5120));
    expect(erased.site.sdCard!.names()).toEqual(['LG250619.CSV', 'LG250620.CSV', 'LG250621.CSV']);
    // The remaining files keep their bytes.
    expect(toHex(erased.site.sdCard!.read('LG250620.CSV')!)).toBe(before);
    erased.ask(signal(5120));
    expect(erased.site.sdCard!.names()).toEqual(['LG250621.CSV']);
  });

  it('{5059} saves now: GATEWAY_BUSY for saveBusyMs; so does the daily save at 00:00:30', () => {
    const { ask, error, clock } = rig({ ...SMALL, sdCard: { saveBusyMs: 3000 } });
    expect(ask(signal(5059)).isError).toBe(false);
    expect(error(readInfo(101, 3000))).toBe(E.SCOM_ERROR_GATEWAY_BUSY);
    clock.advance(3000);
    expect(ask(readInfo(101, 3000)).isError).toBe(false);
    clock.set(Date.UTC(2025, 5, 22, 0, 0, 29));
    expect(ask(readInfo(101, 3000)).isError).toBe(false);
    clock.advance(1000);
    expect(error(step(SD_START, 1))).toBe(E.SCOM_ERROR_GATEWAY_BUSY);
    clock.advance(3000);
    expect(ask(step(SD_START, 1)).isError).toBe(false);
    // Without saveBusyMs the save never refuses anything.
    const plain = rig(SMALL);
    plain.clock.set(Date.UTC(2025, 5, 22, 0, 0, 31));
    expect(plain.ask(readInfo(101, 3000)).isError).toBe(false);
  });
});

describe('request faults at an endpoint', () => {
  async function endpointRig() {
    const wire = new WireRecorder();
    const site = new SimInstallation({ ...SMALL, clock: new ManualClock(T0) });
    const responder = new ScomResponder(site);
    const endpoint = new SimEndpoint(wire, responder, { name: 'wire' });
    await endpoint.start();
    return { wire, endpoint, responder };
  }

  it("drop-request: the installation never sees it (no log, no step taken); the next request's reply is clean", async () => {
    const { wire, endpoint, responder } = await endpointRig();
    endpoint.faults.next('drop-request');
    wire.request(encodeRequest(step(SD_START, 1)));
    await endpoint.flush();
    expect(wire.frames).toHaveLength(0);
    expect(responder.log.size).toBe(0);
    expect(endpoint.stats).toMatchObject({ framesReceived: 1, requestsLost: 1, repliesSent: 0 });
    wire.request(encodeRequest(step(SD_START, 1)));
    await endpoint.flush();
    expect(wire.frames).toHaveLength(1);
  });

  it('busy: GATEWAY_BUSY instead of the step, which is not taken; other faults of the list apply to that reply', async () => {
    const { wire, endpoint, responder } = await endpointRig();
    wire.request(encodeRequest(step(SD_START, 2, 'LG250621.CSV')));
    endpoint.faults.next(['busy', 'drop']);
    endpoint.faults.next('busy');
    wire.request(encodeRequest(step(SD_ACK_CONTINUE)));
    wire.request(encodeRequest(step(SD_ACK_CONTINUE)));
    wire.request(encodeRequest(step(SD_NACK_RETRY)));
    await endpoint.flush();
    expect(responder.log.list().map((r) => [r.outcome, r.errorCode, r.detail])).toEqual([
      ['ok', undefined, undefined],
      ['error', 0x13, 'fault'],
      ['error', 0x13, 'fault'],
      ['ok', undefined, undefined],
    ]);
    expect(endpoint.stats.repliesDropped).toBe(1);
    // The Nack_Retry brought the first block again: neither refused Ack moved the transfer on.
    const frames = wire.frames;
    expect(frames).toHaveLength(3);
    expect(toHex(frames[2]!.data.subarray(10))).toBe(toHex(frames[0]!.data.subarray(10)));
  });

  it('rates: dropRequest and busy draw per request', async () => {
    const { wire, endpoint, responder } = await endpointRig();
    endpoint.faults.setRates({ busy: 1 });
    wire.request(encodeRequest(readInfo(101, 3000)));
    endpoint.faults.setRates({ dropRequest: 1 });
    wire.request(encodeRequest(readInfo(101, 3000)));
    await endpoint.flush();
    expect(responder.log.list().map((r) => r.errorCode)).toEqual([0x13]);
    expect(endpoint.stats.requestsLost).toBe(1);
  });
});
