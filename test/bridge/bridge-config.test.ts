// The bridges' configuration: checked whole against the catalogue before anything is sent,
// then applied to what discovery found.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATAPOINTS } from '../../src/bridge/default-datapoints.js';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { selectDatapoints } from '../../src/bridge/selection.js';
import { findDatapoint } from '../../src/catalogue/lookup.js';
import type { Family } from '../../src/catalogue/types.js';
import type { DiscoveredDevice, DiscoveredInstallation } from '../../src/client/discovery-result.js';
import { XcomValidationError } from '../../src/errors.js';

const fail = (input: unknown): XcomValidationError => {
  try {
    parseBridgeConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(XcomValidationError);
    return error as XcomValidationError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
};

const unit = (code: string, address: number, family: Family): DiscoveredDevice => ({
  family, address, code, model: undefined, idType: undefined, hardwareVersion: undefined, powerHardwareVersion: undefined, softwareVersion: undefined, fid: undefined, phase: undefined,
});
const installation = (...devices: DiscoveredDevice[]): DiscoveredInstallation => ({
  gateway: { address: 501, guid: undefined, multiInfo: true, softwareVersion: '>=1.6.74' },
  devices, batteryVoltage: 48, requests: 0, warnings: [],
});
const site = installation(unit('XT1', 101, 'xtender'), unit('XT2', 102, 'xtender'), unit('RCC', 501, 'rcc'), unit('BSP', 601, 'bsp'), unit('VT1', 301, 'variotrack'), unit('VS1', 701, 'variostring'));

describe('the default set', () => {
  it('names only user infos that the catalogue has, in their own family', () => {
    for (const [family, ids] of Object.entries(DEFAULT_DATAPOINTS)) {
      for (const id of ids) expect(findDatapoint(id, family as Family)?.kind, `${family} ${id}`).toBe('info');
    }
  });
  it('holds the portal synoptic of spec §5.8 (XT, BSP, VT, VS)', () => {
    const synoptic: [Family, number[]][] = [['xtender', [3000, 3080, 3081, 3082, 3083, 3136, 3137]], ['bsp', [7000, 7001, 7002, 7003, 7005, 7007, 7008, 7009, 7010]], ['variotrack', [11000, 11004, 11007, 11011]], ['variostring', [15000, 15010, 15017, 15027]]];
    for (const [family, ids] of synoptic) expect(DEFAULT_DATAPOINTS[family]).toEqual(expect.arrayContaining(ids));
  });
});

describe('parseBridgeConfig', () => {
  it('an empty file: the default set every 10 s', () => {
    expect(parseBridgeConfig({})).toEqual({ intervalMs: 10_000, defaults: true, datapoints: [], exclude: [], rediscoverMs: 3_600_000, mqtt: {}, metrics: {} });
  });
  it('"rediscover": seconds between re-discoveries, 0 for never, from a minute to a week', () => {
    expect(parseBridgeConfig({ rediscover: 0 }).rediscoverMs).toBe(0);
    expect(parseBridgeConfig({ rediscover: 60 }).rediscoverMs).toBe(60_000);
    expect(parseBridgeConfig({ rediscover: 86_400 }).rediscoverMs).toBe(86_400_000);
    expect(parseBridgeConfig({ rediscover: 604_800 }).rediscoverMs).toBe(604_800_000);
    for (const bad of [30, 59.9, 604_801, -1, '3600', true, null, Number.NaN]) {
      const error = fail({ rediscover: bad });
      expect(error.field).toBe('rediscover');
      expect(error.message).toContain('0 (never) or a number of seconds from 60 to 604800');
    }
    expect(fail({ rediscovery: 60 }).message).toContain('did you mean "rediscover"?');
  });
  it('names in any case, numbers, strings of digits; a shared number names both families', () => {
    const config = parseBridgeConfig({ datapoints: [{ datapoint: 'xt_battery_voltage' }, { datapoint: 11004 }, { datapoint: '7000' }, { datapoint: 7000, family: 'bms' }] });
    expect(config.datapoints.map((e) => e.datapoints.map((d) => d.name))).toEqual([['XT_BATTERY_VOLTAGE'], ['VT_POWER_OF_THE_PV_GENERATOR'], ['BSP_BATTERY_VOLTAGE', 'BMS_BATTERY_VOLTAGE'], ['BMS_BATTERY_VOLTAGE']]);
  });
  it('a misspelt name is an error naming the field, with the name meant', () => {
    const error = fail({ datapoints: [{ datapoint: 'XT_BATTERY_VOLTAGE' }, { datapoint: 'XT_BATERY_VOLTAGE' }] });
    expect(error.field).toBe('datapoints[1].datapoint');
    expect(error.message).toContain('did you mean XT_BATTERY_VOLTAGE?');
    expect(fail({ exclude: ['XT_NOPE_NOTHING_LIKE_IT'] }).field).toBe('exclude[0]');
    expect(fail({ datapoints: [{ datapoint: 99999 }] }).message).toContain('no datapoint 99999');
  });
  it('an unknown key is an error, with the key meant', () => {
    expect(fail({ intervall: 5 }).message).toContain('did you mean "interval"?');
    const error = fail({ datapoints: [{ datapoint: 3000, device: ['XT1'] }] });
    expect(error.field).toBe('datapoints[0].device');
    expect(error.message).toContain('did you mean "devices"?');
  });
  it('checks every option’s type and range', () => {
    expect(fail({ interval: 0 }).field).toBe('interval');
    expect(fail({ interval: '10' }).field).toBe('interval');
    expect(fail({ defaults: 'no' }).field).toBe('defaults');
    expect(fail({ datapoints: {} }).field).toBe('datapoints');
    expect(fail({ datapoints: [{ datapoint: 3000, interval: -1 }] }).field).toBe('datapoints[0].interval');
    expect(fail({ datapoints: [{ datapoint: 3000, family: 'xt' }] }).field).toBe('datapoints[0].family');
    expect(fail({ mqtt: [] }).field).toBe('mqtt');
    expect(fail([]).field).toBe('config');
  });
  it('unit codes must be units of the datapoint’s family', () => {
    expect(fail({ datapoints: [{ datapoint: 3000, devices: ['VT1'] }] }).field).toBe('datapoints[0].devices[0]');
    expect(fail({ datapoints: [{ datapoint: 3000, devices: ['XT10'] }] }).field).toBe('datapoints[0].devices[0]');
    expect(fail({ datapoints: [{ datapoint: 3000, devices: ['L1'] }] }).field).toBe('datapoints[0].devices[0]');
    expect(fail({ datapoints: [{ datapoint: 3000, devices: [] }] }).field).toBe('datapoints[0].devices');
    expect(parseBridgeConfig({ datapoints: [{ datapoint: 3000, devices: ['XT2', 'xt3'] }] }).datapoints[0]?.addresses).toEqual([102, 103]);
  });
  it('writable only for parameters, button only for signals, flash only with writable', () => {
    expect(fail({ datapoints: [{ datapoint: 3000, writable: true }] }).message).toContain('user info');
    expect(fail({ datapoints: [{ datapoint: 'XT_FORCE_A_NEW_CYCLE', writable: true }] }).message).toContain('"button": true');
    expect(fail({ datapoints: [{ datapoint: 1138, button: true }] }).message).toContain('not a signal');
    expect(fail({ datapoints: [{ datapoint: 1138, flash: true }] }).field).toBe('datapoints[0].flash');
    const ok = parseBridgeConfig({ datapoints: [{ datapoint: 1138, writable: true, flash: true }, { datapoint: 'XT_FORCE_A_NEW_CYCLE', button: true }] });
    expect(ok.datapoints.map((e) => [e.writable, e.flash, e.button])).toEqual([[true, true, false], [false, false, true]]);
  });
  it('allUnits: only a writable parameter, without devices, of a family that can have several units', () => {
    expect(fail({ datapoints: [{ datapoint: 1138, allUnits: true }] })).toMatchObject({ field: 'datapoints[0].allUnits', message: expect.stringContaining('"writable": true') });
    expect(fail({ datapoints: [{ datapoint: 1138, writable: true, allUnits: true, devices: ['XT1'] }] })).toMatchObject({ field: 'datapoints[0].allUnits', message: expect.stringContaining('leave out "devices"') });
    expect(fail({ datapoints: [{ datapoint: 'BSP_NOMINAL_CAPACITY', writable: true, allUnits: true }] })).toMatchObject({ field: 'datapoints[0].allUnits', message: expect.stringContaining('single unit') });
    expect(fail({ datapoints: [{ datapoint: 'RCC_LANGUAGE', writable: true, allUnits: true }] }).field).toBe('datapoints[0].allUnits');
    expect(fail({ datapoints: [{ datapoint: 1138, writable: true, allUnits: 'yes' }] }).field).toBe('datapoints[0].allUnits');
    expect(fail({ datapoints: [{ datapoint: 1138, writable: true, allunits: true }] }).message).toContain('did you mean "allUnits"');
    const ok = parseBridgeConfig({ datapoints: [{ datapoint: 1138, writable: true, allUnits: true }, { datapoint: 'VT_BATTERY_CHARGE_CURRENT', writable: true, flash: true, allUnits: true }] });
    expect(ok.datapoints.map((e) => [e.allUnits, e.flash])).toEqual([[true, false], [true, true]]);
  });
});

describe('selectDatapoints', () => {
  it('the default set of every unit found, unit by unit', () => {
    const { items, warnings } = selectDatapoints(site, parseBridgeConfig({}));
    expect(warnings).toEqual([]);
    const count = (code: string): number => items.filter((i) => i.device.code === code).length;
    expect(count('XT1')).toBe(DEFAULT_DATAPOINTS.xtender.length);
    expect(count('XT2')).toBe(DEFAULT_DATAPOINTS.xtender.length);
    expect(count('RCC')).toBe(0);
    expect(count('BSP')).toBe(DEFAULT_DATAPOINTS.bsp.length);
    expect(items[0]?.key).toBe('XT1/XT_BATTERY_VOLTAGE');
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    expect(items.every((i) => i.intervalMs === 10_000 && !i.writable && !i.button)).toBe(true);
  });
  it('entries add, restrict to units, override the interval; exclusions remove', () => {
    const config = parseBridgeConfig({
      interval: 30,
      datapoints: [{ datapoint: 3000, interval: 2, devices: ['XT2'] }, { datapoint: 1138, writable: true }, { datapoint: 5002 }],
      exclude: ['XT_BATTERY_TEMPERATURE', { datapoint: 3005, devices: ['XT1'] }],
    });
    const { items } = selectDatapoints(site, config);
    const byKey = new Map(items.map((i) => [i.key, i]));
    expect(byKey.get('XT1/XT_BATTERY_VOLTAGE')?.intervalMs).toBe(30_000);
    expect(byKey.get('XT2/XT_BATTERY_VOLTAGE')?.intervalMs).toBe(2000);
    expect(byKey.get('XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS')?.writable).toBe(true);
    expect(byKey.get('XT2/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS')?.writable).toBe(true);
    expect(byKey.has('RCC/RCC_DATE')).toBe(true);
    expect(byKey.has('XT1/XT_BATTERY_TEMPERATURE')).toBe(false);
    expect(byKey.has('XT2/XT_BATTERY_TEMPERATURE')).toBe(false);
    expect(byKey.has('XT1/XT_BATTERY_CHARGE_CURRENT_INFO')).toBe(false);
    expect(byKey.has('XT2/XT_BATTERY_CHARGE_CURRENT_INFO')).toBe(true);
  });
  it('defaults: false keeps only the entries; a shared number follows the unit found (BSP or BMS)', () => {
    const bms = installation(unit('XT1', 101, 'xtender'), unit('BMS', 601, 'bms'));
    const { items } = selectDatapoints(bms, parseBridgeConfig({ defaults: false, datapoints: [{ datapoint: 7002 }] }));
    expect(items.map((i) => i.key)).toEqual(['BMS/BMS_STATE_OF_CHARGE']);
  });
  it('allUnits: one item per family found, read from its first unit; no unit keeps its own', () => {
    const config = parseBridgeConfig({
      defaults: false,
      datapoints: [
        { datapoint: 1138, devices: ['XT2'], writable: true, interval: 5 },
        { datapoint: 1138, writable: true, allUnits: true },
        { datapoint: 1138, devices: ['XT1'] },
        { datapoint: 'VT_BATTERY_CHARGE_CURRENT', writable: true, allUnits: true },
        { datapoint: 'VS_FLOATING_VOLTAGE', writable: true, allUnits: true },
      ],
      exclude: [{ datapoint: 'VT_BATTERY_CHARGE_CURRENT', devices: ['VT1'] }],
    });
    // XT2 first in discovery's order: the family is still read from its lowest address.
    const xts = installation(unit('XT2', 102, 'xtender'), unit('XT1', 101, 'xtender'), unit('VT1', 301, 'variotrack'), unit('XT3', 103, 'xtender'));
    const { items } = selectDatapoints(xts, config);
    expect(items.map((i) => [i.key, i.code, i.device.code, i.allUnits])).toEqual([
      ['XT/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', 'XT', 'XT1', true],
      ['VT/VT_BATTERY_CHARGE_CURRENT', 'VT', 'VT1', true],
    ]);
    expect(items[0]?.writable).toBe(true);
    // An exclusion without devices takes it out.
    const none = selectDatapoints(xts, parseBridgeConfig({ defaults: false, datapoints: [{ datapoint: 1138, writable: true, allUnits: true }], exclude: [1138] }));
    expect(none.items).toEqual([]);
  });
  it('a unit named but not found is a warning, not an error', () => {
    const { items, warnings } = selectDatapoints(site, parseBridgeConfig({ defaults: false, datapoints: [{ datapoint: 3000, devices: ['XT1', 'XT5'] }] }));
    expect(items.map((i) => i.key)).toEqual(['XT1/XT_BATTERY_VOLTAGE']);
    expect(warnings.map((w) => w.code)).toEqual(['UNIT_NOT_FOUND']);
  });
});
