// The states of an enum's state set: the appendix's labels, each once, without the values
// that are no reading or unused.
import { describe, expect, it } from 'vitest';
import { XcomP } from '../../src/catalogue/xcomp.js';
import { enumStates } from '../../src/metrics/enum-states.js';

describe('enumStates', () => {
  it('leaves out "Invalid value" (a sentinel) and keeps the others in order', () => {
    expect(enumStates(XcomP.XT_OPERATING_STATE)).toEqual([
      { value: 1, state: 'Inverter' },
      { value: 2, state: 'Charger' },
      { value: 3, state: 'Boost' },
      { value: 4, state: 'Injection' },
    ]);
  });

  it('makes a label two values share unique with its number', () => {
    expect(enumStates(XcomP.XT_RELAY_AUX_2_MODE).map((s) => s.state)).toEqual(['A', 'I', 'M (3)', 'M (4)', 'G']);
    expect(enumStates(XcomP.VT_TYPE_OF_ERROR).filter((s) => s.state.startsWith('BatOverV'))).toEqual([
      { value: 1, state: 'BatOverV (1)' },
      { value: 5, state: 'BatOverV (5)' },
    ]);
  });

  it('leaves out the values the appendix labels "---"', () => {
    const states = enumStates(XcomP.VT_BATTERY_CYCLE_PHASE);
    expect(states.map((s) => s.state)).toEqual(['Bulk', 'Absorpt.', 'Equalize', 'Floating', 'R.float.', 'Per.abs.']);
    expect(states.map((s) => s.value)).toEqual([0, 1, 2, 3, 6, 7]);
  });
});
