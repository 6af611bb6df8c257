import { describe, expect, it } from 'vitest';
import { XcomC } from '../../src/constants.js';
import { encodeMultiInfoRequest } from '../../src/protocol/multi-info.js';
import { decodeFid, decodeSoftwareVersion } from '../../src/protocol/identity-encoding.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import { float, readFloat, readInfo, readParam, rig, writeParam } from './helpers.js';

const E = XcomC.ERRORS;
const info = (ask: ReturnType<typeof rig>['ask'], dst: number, id: number): number => readFloat(ask(readInfo(dst, id)));

describe('device identities', () => {
  it('"ID type" per model: XTH 1, XTM 256, XTS 512, VarioTrack 9729, VS-120 12801, VS-70 13057, BSP 10241', () => {
    const { ask } = rig({
      xtenders: 3,
      variostrings: 2,
      identities: { 102: { model: 'XTM' }, 103: { model: 'XTS' }, 702: { model: 'VS-70' } },
    });
    expect([101, 102, 103].map((a) => info(ask, a, 3124))).toEqual([1, 256, 512]);
    expect(info(ask, 301, 11047)).toBe(9729);
    expect([701, 702].map((a) => info(ask, a, 15074))).toEqual([12801, 13057]);
    expect(info(ask, 601, 7034)).toBe(10241);
  });

  it('software versions follow the spec encoding, per device or for all', () => {
    const { ask } = rig({ softwareVersion: '1.5.96', identities: { 102: { software: '2.1.3' } } });
    expect(decodeSoftwareVersion(info(ask, 101, 3130), info(ask, 101, 3131)).text).toBe('1.5.96');
    expect(info(ask, 102, 3130)).toBe(0x0200);
    expect(info(ask, 102, 3131)).toBe(0x0103);
    expect(decodeSoftwareVersion(info(ask, 301, 11050), info(ask, 301, 11051)).text).toBe('1.5.96');
    expect(decodeSoftwareVersion(info(ask, 701, 15077), info(ask, 701, 15078)).text).toBe('1.5.96');
    expect(decodeSoftwareVersion(info(ask, 601, 7037), info(ask, 601, 7038)).text).toBe('1.5.96');
  });

  it('every unit has its own seeded FID, the same for the same seed', () => {
    const fidsOf = (seed: number): number[] => {
      const { ask } = rig({ seed });
      return [
        decodeFid(info(ask, 101, 3156), info(ask, 101, 3157)),
        decodeFid(info(ask, 102, 3156), info(ask, 102, 3157)),
        decodeFid(info(ask, 103, 3156), info(ask, 103, 3157)),
        decodeFid(info(ask, 301, 11067), info(ask, 301, 11068)),
        decodeFid(info(ask, 302, 11067), info(ask, 302, 11068)),
        decodeFid(info(ask, 701, 15102), info(ask, 701, 15103)),
        decodeFid(info(ask, 601, 7048), info(ask, 601, 7049)),
      ];
    };
    const fids = fidsOf(3);
    expect(new Set(fids).size).toBe(fids.length);
    expect(fids.every((f) => f > 0)).toBe(true);
    expect(fidsOf(3)).toEqual(fids);
    expect(fidsOf(4)).not.toEqual(fids);
    expect(rig({ identities: { 101: { fid: 0x12345678 } } }).site.device(101)?.identity.fid).toBe(0x12345678);
  });

  it('hardware versions, "ID batt voltage" equal to the system voltage, {3089} defined phase 1, 2, 4', () => {
    const { ask, site } = rig({ xtenders: [1, 2, 3, 1], identities: { 301: { hardware: 0x0305 } } });
    expect(info(ask, 101, 3129)).toBe(0x0402);
    expect(info(ask, 101, 3132)).toBe(0x0301);
    expect(info(ask, 301, 11049)).toBe(0x0305);
    expect(info(ask, 701, 15076)).toBeGreaterThan(0);
    expect(info(ask, 601, 7036)).toBeGreaterThan(0);
    for (const [dst, id] of [[101, 3127], [301, 11048], [701, 15075], [601, 7035]] as const) expect(info(ask, dst, id)).toBe(site.plant.nominalVoltage);
    expect([101, 102, 103, 104].map((a) => info(ask, a, 3089))).toEqual([1, 2, 4, 1]);
  });

  it('the Xcom-CAN BMS answers {7054} "BMS Version" (X·65536 + Y·256 + Z) and has no BSP identity infos', () => {
    const { ask, error } = rig({ battery: 'bms', identities: { 601: { software: '1.6.23' } } });
    expect(info(ask, 601, 7054)).toBe((1 << 16) | (6 << 8) | 23);
    expect(error(readInfo(601, 7034))).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(rig().error(readInfo(601, 7054))).toBe(E.OBJECT_ID_NOT_FOUND);
  });

  it('refuses identities it cannot give', () => {
    expect(() => new SimInstallation({ identities: { 101: { model: 'XTX' } } })).toThrow(/model "XTX" is not one of XTH, XTM, XTS/);
    expect(() => new SimInstallation({ identities: { 501: { model: 'XTH' } } })).toThrow(/no "ID type"/);
    expect(() => new SimInstallation({ identities: { 104: { software: '1.6.74' } } })).toThrow(/address 104/);
    expect(() => new SimInstallation({ softwareVersion: '1.6' })).toThrow(/X\.Y\.Z/);
    expect(() => new SimInstallation({ identities: { 101: { hardware: 70_000 } } })).toThrow(/hardware/);
    expect(() => new SimInstallation({ identities: { 101: { fid: -1 } } })).toThrow(/FID/);
  });
});

describe('versions drive behaviour', () => {
  const cases = [
    { family: 'Xtender', address: 101, param: 1138, old: '1.6.11', min: '1.6.12' },
    { family: 'VarioTrack', address: 301, param: 10002, old: '1.6.13', min: '1.6.14' },
    { family: 'VarioString', address: 701, param: 14001, old: '1.6.11', min: '1.6.12' },
    { family: 'BSP', address: 601, param: 6001, old: '1.6.11', min: '1.6.12' },
  ];
  for (const c of cases) {
    it(`a ${c.family} before ${c.min} refuses property 13 (PROPERTY_NOT_SUPPORTED); from ${c.min} it answers`, () => {
      const old = rig({ identities: { [c.address]: { software: c.old } } });
      expect(old.error(readParam(c.address, c.param, 13))).toBe(E.PROPERTY_NOT_SUPPORTED);
      expect(old.error(writeParam(c.address, c.param, float(10), 13))).toBe(E.PROPERTY_NOT_SUPPORTED);
      expect(old.ask(readParam(c.address, c.param, 5)).isError).toBe(false);
      expect(old.ask(readInfo(c.address, c.address === 601 ? 7000 : c.address === 301 ? 11000 : c.address === 701 ? 15000 : 3000, 13)).isError).toBe(false);
      const current = rig({ identities: { [c.address]: { software: c.min } } });
      expect(current.ask(readParam(c.address, c.param, 13)).isError).toBe(false);
    });
  }

  it('through a multicast address, a read follows the master and a write needs every unit', () => {
    const { ask, error } = rig({ identities: { 102: { software: '1.6.10' } } });
    expect(ask(readParam(100, 1138, 13)).isError).toBe(false);
    expect(error(writeParam(100, 1138, float(10), 13))).toBe(E.PROPERTY_NOT_SUPPORTED);
    expect(error(readParam(102, 1138, 13))).toBe(E.PROPERTY_NOT_SUPPORTED);
  });

  it('an Xcom-232i before 1.6.74 refuses multi-info (SERVICE_NOT_SUPPORTED)', () => {
    const request = (dst = 501) => ({
      dstAddr: dst,
      serviceId: 1,
      objectType: XcomC.TYPE_MULTI_INFO,
      objectId: 1,
      propertyId: 1,
      propertyData: encodeMultiInfoRequest([{ infoId: 3000, aggregation: 0 }]),
    });
    expect(rig({ identities: { 501: { software: '1.6.73' } } }).error(request())).toBe(E.SERVICE_NOT_SUPPORTED);
    expect(rig({ identities: { 501: { software: '1.6.74' } } }).ask(request()).isError).toBe(false);
    // Another unit's old firmware does not matter to the gateway.
    expect(rig({ identities: { 101: { software: '1.6.0' } } }).ask(request()).isError).toBe(false);
  });
});
