import { describe, expect, it } from 'vitest';
import { DATAPOINTS } from '../../src/index.js';
import type { AppendixData, DatapointRecord } from '../../scripts/catalogue/appendix-data.js';
import { nameDatapoints, snakeCase } from '../../scripts/catalogue/names.js';

describe('XcomP names', () => {
  it('every generated name (snapshot: a rename is a breaking change)', () => {
    expect(DATAPOINTS.map((d) => `${d.family} ${d.id} ${d.name}`).join('\n')).toMatchSnapshot();
  });

  it('UPPER_SNAKE_CASE of descriptions', () => {
    expect(snakeCase('Cos phi at P = 0%')).toBe('COS_PHI_AT_P_0_PERCENT');
    expect(snakeCase('PV voltage fixed (for PV in //)')).toBe('PV_VOLTAGE_FIXED_FOR_PV_IN_PARALLEL');
    expect(snakeCase("Peukert's exponent")).toBe('PEUKERTS_EXPONENT');
    expect(snakeCase('DC voltage référence')).toBe('DC_VOLTAGE_REFERENCE');
  });
});

const param = (id: number, description: string, menus: number[]): DatapointRecord => ({
  family: 'xtender',
  kind: 'parameter',
  id,
  description,
  unit: '',
  format: 'BOOL',
  menus,
  pages: [1],
});

function appendix(datapoints: DatapointRecord[]): AppendixData {
  return {
    source: { title: 't', version: 'V0 (R0)', date: '01.01.25', file: 'f.pdf' },
    datapoints,
    menus: [
      { family: 'xtender', id: 10, description: 'Contact active according to battery voltage (AUX 1)', level: 'EXPERT', entries: [11], page: 1 },
      { family: 'xtender', id: 20, description: 'Contact active according to SOC (AUX 1)', level: 'EXPERT', entries: [21], page: 1 },
    ],
    overlay120V: [],
    messages: [],
  };
}

describe('naming rules', () => {
  it('tells duplicates apart by the words in which their menus differ', () => {
    const { names } = nameDatapoints(appendix([param(11, 'Delay 1 (AUX 1)', [10]), param(21, 'Delay 1 (AUX 1)', [20])]), undefined, new Map());
    expect([...names.values()]).toEqual(['XT_DELAY_1_AUX_1_BATTERY_VOLTAGE', 'XT_DELAY_1_AUX_1_SOC']);
  });

  it('uses the number only where menus tell nothing, and an info/parameter pair by kind', () => {
    const info = (id: number): DatapointRecord => ({ ...param(id, 'Input power', []), kind: 'info', format: 'FLOAT' });
    const { names } = nameDatapoints(appendix([info(3013), info(3138), param(11, 'Delay', [10]), { ...info(3100), description: 'Delay' }]), undefined, new Map());
    expect([...names.values()]).toEqual(['XT_INPUT_POWER_3013', 'XT_INPUT_POWER_3138', 'XT_DELAY_CONTACT_ACTIVE_ACCORDING_TO_BATTERY_VOLTAGE_AUX_1', 'XT_DELAY_INFO']);
  });

  it('keeps published names when a newer appendix adds a duplicate', () => {
    const first = nameDatapoints(appendix([param(11, 'Delay 1 (AUX 1)', [10])]), undefined, new Map());
    expect(first.names.get('xtender/11')).toBe('XT_DELAY_1_AUX_1');
    const second = nameDatapoints(appendix([param(11, 'Delay 1 (AUX 1)', [10]), param(21, 'Delay 1 (AUX 1)', [20])]), first.file, new Map());
    expect(second.names.get('xtender/11')).toBe('XT_DELAY_1_AUX_1');
    expect(second.names.get('xtender/21')).toBe('XT_DELAY_1_AUX_1_SOC');
    expect(second.file.xtender).toEqual({ '11': 'XT_DELAY_1_AUX_1', '21': 'XT_DELAY_1_AUX_1_SOC' });
  });

  it('keeps a name whose datapoint disappeared, and never gives it to another', () => {
    const first = nameDatapoints(appendix([param(11, 'Delay', [10])]), undefined, new Map());
    const second = nameDatapoints(appendix([param(12, 'Delay', [10])]), first.file, new Map());
    expect(second.orphans).toEqual(['XT_DELAY']);
    expect(second.names.get('xtender/12')).toBe('XT_DELAY_12');
  });

  it('does not take an xcom-proto alias of another datapoint', () => {
    const { names } = nameDatapoints(appendix([param(11, 'Batt SOC', [10])]), undefined, new Map([['XT_BATT_SOC', 'bsp/7032']]));
    expect(names.get('xtender/11')).toBe('XT_BATT_SOC_11');
  });
});
