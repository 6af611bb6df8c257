// How catalogue entries become Home Assistant entities: platform, unit, device and state class.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATAPOINTS } from '../../src/bridge/default-datapoints.js';
import { DATAPOINTS } from '../../src/catalogue/datapoints.generated.js';
import { findDatapoint, getDatapoint } from '../../src/catalogue/lookup.js';
import type { Datapoint, Family } from '../../src/catalogue/types.js';
import { withBatteryVoltage } from '../../src/catalogue/battery-voltage.js';
import { entityKind, haUnit, representationOf } from '../../src/mqtt/ha-entity.js';

const info = { writable: false, button: false };
const writable = { writable: true, button: false };
const dp = (id: number, family?: Family): Datapoint => getDatapoint(id, family);

describe('Home Assistant entities of Studer datapoints', () => {
  it('maps Studer units to Home Assistant units and device classes', () => {
    expect(haUnit(dp(3000))).toEqual({ unit: 'V', deviceClass: 'voltage' }); // Vdc
    expect(haUnit(dp(3011))).toEqual({ unit: 'V', deviceClass: 'voltage' }); // Vac
    expect(haUnit(dp(3005))).toEqual({ unit: 'A', deviceClass: 'current' }); // Adc
    expect(haUnit(dp(3012))).toEqual({ unit: 'A', deviceClass: 'current' }); // Aac
    expect(haUnit(dp(7001, 'bsp'))).toEqual({ unit: 'A', deviceClass: 'current' }); // value unit "Adc"
    expect(haUnit(dp(3136))).toEqual({ unit: 'kW', deviceClass: 'power' });
    expect(haUnit(dp(7003, 'bsp'))).toEqual({ unit: 'W', deviceClass: 'power' });
    expect(haUnit(dp(3081))).toEqual({ unit: 'kWh', deviceClass: 'energy' });
    expect(haUnit(dp(11009))).toEqual({ unit: 'MWh', deviceClass: 'energy' });
    expect(haUnit(dp(3001))).toEqual({ unit: '°C', deviceClass: 'temperature' });
    expect(haUnit(dp(7002, 'bsp'))).toEqual({ unit: '%', deviceClass: 'battery' });
    expect(haUnit(dp(7057, 'bms'))).toEqual({ unit: '%', deviceClass: undefined }); // state of health
    expect(haUnit(dp(3084))).toEqual({ unit: 'Hz', deviceClass: 'frequency' });
    expect(haUnit(dp(7004, 'bsp'))).toEqual({ unit: 'min', deviceClass: 'duration' });
    expect(haUnit(dp(7007, 'bsp'))).toEqual({ unit: 'Ah', deviceClass: undefined });
    expect(haUnit(dp(3010))).toEqual({ unit: undefined, deviceClass: undefined });
  });

  it('gives counters that grow total_increasing, the previous day none, the rest measurement', () => {
    const stateClass = (id: number, family?: Family): string | undefined => entityKind(dp(id, family), info).stateClass;
    expect(stateClass(3081)).toBe('total_increasing'); // current day, reset at midnight
    expect(stateClass(3083)).toBe('total_increasing');
    expect(stateClass(11009)).toBe('total_increasing'); // lifetime
    expect(stateClass(11008)).toBe('total_increasing'); // resettable counter
    expect(stateClass(7007, 'bsp')).toBe('total_increasing'); // Ah today
    expect(stateClass(7011, 'bsp')).toBe('total_increasing'); // kAh total
    expect(stateClass(11025)).toBe('total_increasing'); // hours of the day
    expect(stateClass(3080)).toBeUndefined(); // previous day
    expect(stateClass(11011)).toBeUndefined();
    expect(stateClass(7009, 'bsp')).toBeUndefined(); // yesterday
    expect(stateClass(3000)).toBe('measurement');
    expect(stateClass(3136)).toBe('measurement');
    expect(stateClass(11037)).toBe('measurement'); // days before the next equalization
  });

  it('never gives an energy sensor a state class the energy dashboard refuses', () => {
    for (const d of DATAPOINTS) {
      if (d.kind !== 'info') continue;
      const kind = entityKind(d, info);
      if (kind.deviceClass === 'energy') expect([undefined, 'total', 'total_increasing'], `${d.family} ${d.id}`).toContain(kind.stateClass);
    }
  });

  it('makes enums enum sensors with their labels, each once, and on/off pairs binary sensors', () => {
    expect(entityKind(dp(3028), info)).toMatchObject({ platform: 'sensor', deviceClass: 'enum', stateClass: undefined, options: ['Invalid value', 'Inverter', 'Charger', 'Boost', 'Injection'] });
    const mode = entityKind(dp(11016), info);
    expect(mode.options).toContain('---');
    expect(new Set(mode.options).size).toBe(mode.options?.length);
    expect(entityKind(dp(3020), info)).toMatchObject({ platform: 'binary_sensor', payloadOn: 'Closed', payloadOff: 'Opened', representation: 'label' });
    expect(entityKind(dp(3049), info)).toMatchObject({ platform: 'binary_sensor', payloadOn: 'On', payloadOff: 'Off' });
  });

  it('makes writable parameters number, select or switch with their ranges, and signals buttons', () => {
    expect(entityKind(dp(1138), writable)).toMatchObject({ platform: 'number', min: 0, max: 200, step: 1, unit: 'A', deviceClass: 'current', entityCategory: 'config', stateClass: undefined });
    // The battery voltage's scaling reaches min and max (here a 24 V battery).
    expect(entityKind(withBatteryVoltage(dp(1108), 24), writable)).toMatchObject({ min: 18, max: 36, step: 0.1, unit: 'V' });
    expect(entityKind(dp(1202), writable)).toMatchObject({ platform: 'select', options: ['Automatic', 'Reversed automatic', 'Manual ON', 'Manual OFF'] });
    expect(entityKind(dp(1125), writable)).toMatchObject({ platform: 'switch', payloadOn: 'true', payloadOff: 'false' });
    expect(entityKind(dp(1142), { writable: false, button: true })).toMatchObject({ platform: 'button', entityCategory: 'config' });
    // A parameter read but not writable: a diagnostic sensor, no statistics.
    expect(entityKind(dp(1138), info)).toMatchObject({ platform: 'sensor', entityCategory: 'diagnostic', stateClass: undefined });
    expect(entityKind(dp(1125), info)).toMatchObject({ platform: 'binary_sensor', entityCategory: 'diagnostic' });
  });

  it('writes a bit field as its mask, not as a label', () => {
    const days = DATAPOINTS.find((d) => d.longEnumMode === 'bit-field');
    if (days === undefined) throw new Error('no bit field in the catalogue');
    expect(representationOf(days)).toBe('number');
    expect(entityKind(days, writable).platform).toBe('number');
  });

  it('gives every writable number parameter of the catalogue a min below its max and a step HA accepts', () => {
    for (const d of DATAPOINTS) {
      if (d.kind !== 'parameter' || d.signal === true || d.notSupported === true || representationOf(d) !== 'number') continue;
      const kind = entityKind(d, writable);
      expect(kind.min, `${d.id}`).toBeTypeOf('number');
      expect(kind.max!, `${d.id}`).toBeGreaterThanOrEqual(kind.min!);
      expect(kind.step!, `${d.id}`).toBeGreaterThanOrEqual(0.001);
    }
  });

  it('maps every datapoint of the default set to a sensor or binary sensor', () => {
    for (const [family, ids] of Object.entries(DEFAULT_DATAPOINTS)) {
      for (const id of ids) {
        const d = findDatapoint(id, family as Family);
        expect(d, `${family} ${id}`).toBeDefined();
        expect(['sensor', 'binary_sensor']).toContain(entityKind(d!, info).platform);
      }
    }
  });
});
