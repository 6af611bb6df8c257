import { describe, expect, it } from 'vitest';
import {
  MENUS,
  MESSAGES,
  XcomP,
  findDatapoint,
  findMenu,
  findMessage,
  menuEntries,
  menuPath,
  menusOf,
  messageText,
  searchDatapoints,
} from '../../src/index.js';

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
