import { describe, expect, it } from 'vitest';
import {
  MENUS,
  MESSAGES,
  XcomP,
  findDatapoint,
  findMenu,
  findMessage,
  getDatapoint,
  XcomValidationError,
  menuEntries,
  menuPath,
  menusOf,
  messageText,
  searchDatapoints,
} from '../../src/index.js';

describe('findDatapoint', () => {
  it('by number, the BSP where the BMS shares it unless a family says otherwise', () => {
    expect(findDatapoint(7032)).toBe(XcomP.BSP_STATE_OF_CHARGE_MINUTE_AVG);
    expect(findDatapoint(7000)).toBe(XcomP.BSP_BATTERY_VOLTAGE);
    expect(findDatapoint(7002, 'bms')).toBe(XcomP.BMS_STATE_OF_CHARGE);
    expect(findDatapoint(3000, 'bsp')).toBeUndefined();
    expect(findDatapoint(99999)).toBeUndefined();
    expect(findDatapoint(3000.5)).toBeUndefined();
  });

  it('by a string of digits, as read from a config file', () => {
    expect(findDatapoint('7032')).toBe(XcomP.BSP_STATE_OF_CHARGE_MINUTE_AVG);
    expect(findDatapoint(' 7000 ', 'bms')).toBe(XcomP.BMS_BATTERY_VOLTAGE);
    expect(findDatapoint('99999')).toBeUndefined();
  });

  it('by name or xcom-proto alias, in any case, spaces or dashes for underscores', () => {
    expect(findDatapoint('BSP_STATE_OF_CHARGE_MINUTE_AVG')).toBe(XcomP.BSP_STATE_OF_CHARGE_MINUTE_AVG);
    expect(findDatapoint('BATT_SOC')).toBe(XcomP.BSP_STATE_OF_CHARGE_MINUTE_AVG);
    expect(findDatapoint('batt_soc')).toBe(XcomP.BSP_STATE_OF_CHARGE_MINUTE_AVG);
    expect(findDatapoint(' xt battery-voltage ')).toBe(XcomP.XT_BATTERY_VOLTAGE);
    expect(findDatapoint('user_level')).toBe(XcomP.RCC_USER_LEVEL);
    for (const alias of ['PV_POWER', 'SMART_BOOST_LIMIT', 'FORCE_NEW_CYCLE']) expect(findDatapoint(alias.toLowerCase())).toBe(findDatapoint(alias));
  });

  it('a name of another family, an unknown name, or an object member is undefined', () => {
    expect(findDatapoint('BATT_SOC', 'bsp')).toBe(XcomP.BATT_SOC);
    expect(findDatapoint('BATT_SOC', 'bms')).toBeUndefined();
    expect(findDatapoint('BATT_SOCK')).toBeUndefined();
    expect(findDatapoint('')).toBeUndefined();
    expect(findDatapoint('constructor')).toBeUndefined();
    expect(findDatapoint('__proto__')).toBeUndefined();
    expect(findDatapoint('7000:bms')).toBeUndefined();
  });

  it('getDatapoint throws a validation error naming what was asked', () => {
    expect(getDatapoint('batt_soc')).toBe(XcomP.BATT_SOC);
    expect(() => getDatapoint('batt_sock')).toThrow(XcomValidationError);
    expect(() => getDatapoint('batt_sock')).toThrow('no datapoint "batt_sock" in the catalogue');
    expect(() => getDatapoint(3000, 'bms')).toThrow("no datapoint 3000 in family 'bms' in the catalogue");
  });
});

describe('searchDatapoints', () => {
  it('finds by number', () => {
    expect(searchDatapoints('3000')).toEqual([XcomP.XT_BATTERY_VOLTAGE]);
    expect(searchDatapoints(' 7000 ').map((d) => d.family)).toEqual(['bsp', 'bms']);
  });

  it('finds by every word of the description, name or RCC short name, case ignored', () => {
    const found = searchDatapoints('Battery VOLTAGE minute avg');
    expect(found.map((d) => d.id)).toEqual([3092, 7030, 7030, 11039, 15054]);
    expect(searchDatapoints('xt_operating_mode_aux_2')).toEqual([XcomP.XT_OPERATING_MODE_AUX_2]);
    expect(searchDatapoints('PsoM')).toEqual([XcomP.VT_PV_POWER_MINUTE_AVG]);
    expect(searchDatapoints('no such words')).toEqual([]);
    expect(searchDatapoints('  ')).toEqual([]);
  });
});

describe('messages', () => {
  it('texts by number, as the appendix prints them', () => {
    expect(messageText(16)).toBe('Warning (016): Fan error detected');
    expect(messageText(3)).toBe('(003): AC-In synchronization in progress');
    expect(findMessage(19)).toEqual({ type: 19, text: 'Halted (019): Battery undervoltage', severity: 'halted' });
    expect(findMessage(55)?.severity).toBe('error');
    expect(findMessage(10)?.severity).toBe('info');
    expect(messageText(66)).toBeUndefined(); // the appendix jumps from 65 to 71
  });

  it('are in ascending order with unique numbers', () => {
    const types = MESSAGES.map((m) => m.type);
    expect(types).toEqual([...types].sort((a, b) => a - b));
    expect(new Set(types).size).toBe(types.length);
    expect(types.at(-1)).toBe(MESSAGES.at(-1)?.type);
  });
});

describe('menus', () => {
  it('a parameter in two menus, the path from the top', () => {
    expect(findDatapoint(1107)?.menus).toEqual([1100, 1197]);
    expect(menuPath(XcomP.XT_START_HOUR_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_1).map((m) => m.description)).toEqual([
      'AUXILIARY CONTACT 1',
      'Temporal restrictions (AUX 1)',
      'Program 1 (AUX 1)',
    ]);
    expect(menuPath(XcomP.XT_BATTERY_VOLTAGE)).toEqual([]);
    expect(menuPath(findMenu(1204)!).map((m) => m.id)).toEqual([1201, 1203]);
  });

  it('entries in the order of the appendix', () => {
    const program = findMenu(1204, 'xtender')!;
    expect(program).toMatchObject({ description: 'Program 1 (AUX 1)', level: 'EXPERT', menus: [1203], entries: [1205, 1206, 1207] });
    expect(menuEntries(program).map((e) => e.description)).toEqual(['Day of the week (AUX 1)', 'Start hour (AUX 1)', 'End hour (AUX 1)']);
    expect(menuEntries(findMenu(1201)!)[0]).toBe(XcomP.XT_OPERATING_MODE_AUX_1);
  });

  it('top-level menus of a family; the menu printed in two places', () => {
    expect(menusOf('bms').map((m) => m.id)).toEqual([6060, 6061]);
    expect(menusOf('xtender')[0]?.description).toBe('BASIC SETTINGS');
    const mppt = MENUS.filter((m) => m.id === 14180);
    expect(mppt).toHaveLength(1);
    expect(mppt[0]?.menus).toEqual([14194, 14195]);
    expect(mppt[0]?.entries).toContain(14043);
    expect(mppt[0]?.entries).toContain(14197);
    expect(findMenu(1100, 'rcc')).toBeUndefined();
  });
});
