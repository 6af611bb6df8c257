import { describe, expect, it } from 'vitest';
import { DATAPOINTS, MENUS, MESSAGES, OVERLAY_120V, XcomP, datapointsOf, type Family } from '../../src/index.js';

// The counts of the PDF (V1.6.42). The figures came from the cross-check file, which
// lists three things the PDF does not have or lacks one it has: the PDF decides (see
// crosscheck-differences.ts): Xtender infos 113 (no 3079), Xcom-CAN BMS infos 33 (no
// 7034–7041, 7048, 7049, 7060), VarioTrack parameters 263 (10350, 10351 are printed on
// p. 36), VarioString infos 87 (15015 is printed on p. 57).
const EXPECTED: Record<Family, { parameter: number; info: number }> = {
  xtender: { parameter: 356, info: 113 },
  rcc: { parameter: 82, info: 0 },
  bsp: { parameter: 25, info: 35 },
  bms: { parameter: 39, info: 33 },
  variotrack: { parameter: 263, info: 55 },
  variostring: { parameter: 174, info: 87 },
};

describe('catalogue counts', () => {
  for (const [family, counts] of Object.entries(EXPECTED) as [Family, { parameter: number; info: number }][]) {
    it(`${family}: ${counts.parameter} parameters and ${counts.info} infos`, () => {
      const all = datapointsOf(family);
      expect(all.filter((d) => d.kind === 'parameter')).toHaveLength(counts.parameter);
      expect(all.filter((d) => d.kind === 'info')).toHaveLength(counts.info);
    });
  }

  it('939 parameters and 323 infos in all, each number once per family', () => {
    expect(DATAPOINTS.filter((d) => d.kind === 'parameter')).toHaveLength(939);
    expect(DATAPOINTS.filter((d) => d.kind === 'info')).toHaveLength(323);
    expect(new Set(DATAPOINTS.map((d) => `${d.family}/${d.id}`)).size).toBe(DATAPOINTS.length);
  });

  it('189 messages, 7 entries of the 120 Vac overlay, 138 menus', () => {
    expect(MESSAGES).toHaveLength(189);
    expect(OVERLAY_120V).toHaveLength(7);
    // 139 menu rows: 14180 is printed twice (under the VS-120 and the VS-70 configuration).
    expect(MENUS).toHaveLength(138);
  });

  it('every datapoint has a unique name, and XcomP holds each one under it', () => {
    expect(new Set(DATAPOINTS.map((d) => d.name)).size).toBe(DATAPOINTS.length);
    for (const datapoint of DATAPOINTS) {
      expect((XcomP as unknown as Record<string, unknown>)[datapoint.name]).toBe(datapoint);
    }
  });

  it('menus are not datapoints, and every menu entry is a menu or a parameter of its family', () => {
    for (const menu of MENUS) {
      expect(DATAPOINTS.some((d) => d.family === menu.family && d.id === menu.id)).toBe(false);
      for (const entry of menu.entries) {
        const known =
          MENUS.some((m) => m.family === menu.family && m.id === entry) ||
          DATAPOINTS.some((d) => d.family === menu.family && d.kind === 'parameter' && d.id === entry);
        expect(known, `${menu.family} menu ${menu.id} entry ${entry}`).toBe(true);
      }
    }
  });
});
