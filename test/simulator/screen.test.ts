// The simulated RCC: its pages and keys, a deterministic picture of the model's values, and
// the screen object answering raw, run-length or not at all.
import { describe, expect, it } from 'vitest';
import { XcomC } from '../../src/constants.js';
import { XcomValidationError } from '../../src/errors.js';
import { decodeScreen, encodeScreenRaw, encodeScreenRle, RCC_KEYS, type RccKey } from '../../src/protocol/index.js';
import { glyph } from '../../src/simulator/bitmap-font.js';
import { RCC_PAGES } from '../../src/simulator/rcc-display.js';
import { ScomResponder } from '../../src/simulator/responder.js';
import { handleScreen } from '../../src/simulator/screen-object.js';
import type { SimInstallation } from '../../src/simulator/installation.js';
import { rig } from './helpers.js';

const E = XcomC.ERRORS;
const screenRead = (key: RccKey = 'none', propertyId = 0) => ({ dstAddr: 501, serviceId: 1, objectType: 0x100, objectId: RCC_KEYS[key], propertyId });
const on = (rows: Uint8Array, x: number, y: number): boolean => ((rows[y * 16 + (x >> 3)] as number) & (0x80 >> (x & 7))) !== 0;

/** The text drawn on line `line` (0 is the title bar), read back glyph by glyph. */
function textAt(rows: Uint8Array, line: number): string {
  const y = line === 0 ? 1 : 11 + (line - 1) * 9;
  // The title bar and the cursor's line are light on dark: their bar starts a row above the text.
  const inverted = on(rows, 0, y - 1);
  const chars = ' 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.,:-+/%()°<>=?!_#*';
  let text = '';
  for (let column = 0; column < 21; column++) {
    const x = 1 + column * 6;
    const match = [...chars].find((c) =>
      glyph(c).every((mask, j) => [0, 1, 2, 3, 4].every((i) => on(rows, x + i, y + j) !== inverted === ((mask & (0x10 >> i)) !== 0))),
    );
    text += match ?? '?';
  }
  return text.trimEnd();
}

describe('simulated RCC display', () => {
  it('walks its pages with up and down, opens a unit list with set, leaves it with esc', () => {
    const { site } = rig();
    const d = site.display;
    expect(d.state).toEqual({ page: 'home', list: false, cursor: 0 });
    d.press('down');
    d.press('down');
    expect(d.state.page).toBe('solar');
    d.press('up');
    d.press('up');
    d.press('up');
    expect(d.state.page).toBe(RCC_PAGES[RCC_PAGES.length - 1]);
    d.press('down');
    d.press('down');
    d.press('set');
    expect(d.state).toEqual({ page: 'battery', list: true, cursor: 0 });
    for (let i = 0; i < 5; i++) d.press('down');
    expect(d.state.cursor).toBe(2); // three Xtenders
    d.press('up');
    d.press('none');
    expect(d.state).toEqual({ page: 'battery', list: true, cursor: 1 });
    d.press('esc');
    expect(d.state).toEqual({ page: 'battery', list: false, cursor: 1 });
    d.press('esc');
    expect(d.state.page).toBe('home');
  });

  it("draws the model's values in its font, the same picture while the clock stands still", () => {
    const { site, clock } = rig({ seed: 3 });
    site.display.press('down'); // battery
    const rows = site.display.bitmap();
    expect(textAt(rows, 0)).toBe(`BATTERY${'2/5'.padStart(14)}`);
    const volts = (site.currentValue(601, 7000) as number).toFixed(1);
    expect(textAt(rows, 1)).toBe(`VOLTAGE${`${volts} V`.padStart(14)}`);
    expect(textAt(rows, 3)).toBe(`CHARGE${`${(site.currentValue(601, 7002) as number).toFixed(0)} %`.padStart(15)}`);
    expect(site.display.bitmap()).toEqual(rows);
    clock.advance(3_600_000);
    expect(site.display.bitmap()).not.toEqual(rows);
  });

  it('shows the time on the system page and a highlighted line in a unit list', () => {
    const { site } = rig();
    site.display.press('up'); // system
    const rows = site.display.bitmap();
    expect(textAt(rows, 1)).toBe('DATE       21.06.2025');
    expect(textAt(rows, 2)).toBe('TIME         10:00:00');
    site.display.press('set');
    site.display.press('down');
    const list = site.display.bitmap();
    // The cursor's line is drawn light on dark: its first column is on, the others' off.
    expect(on(list, 0, 11 + 9 - 1)).toBe(true);
    expect(on(list, 0, 11 - 1)).toBe(false);
    expect(textAt(list, 0)).toBe(`SYSTEM UNITS${'2/8'.padStart(9)}`);
    expect(textAt(list, 1)).toBe(`XT1${'1.6.74'.padStart(18)}`);
  });
});

describe('simulated RCC pages', () => {
  const right = (label: string, value: string): string => label + value.padStart(21 - label.length);
  const sum = (site: SimInstallation, addresses: number[], id: number): number => addresses.reduce((t, a) => t + (site.currentValue(a, id) as number), 0);

  it('every page and every unit list shows what the model says', () => {
    const { site } = rig({ seed: 5 });
    const d = site.display;
    const pv = sum(site, [301, 302], 11004) + sum(site, [701], 15010);
    const page = (): string[] => [1, 2, 3, 4, 5, 6].map((n) => textAt(d.bitmap(), n));
    expect(page().slice(0, 4)).toEqual([
      right('BATTERY', `${(site.currentValue(601, 7000) as number).toFixed(1)} V ${(site.currentValue(601, 7002) as number).toFixed(0)} %`),
      right('SOLAR', `${pv.toFixed(2)} KW`),
      right('LOAD', `${sum(site, [101, 102, 103], 3136).toFixed(2)} KW`),
      right('GRID', (site.currentValue(101, 3011) as number) < 50 ? 'OFF' : `${(site.currentValue(101, 3011) as number).toFixed(0)} V`),
    ]);
    d.press('set');
    expect(page()[0]).toBe(right('XT1', 'XTH'));
    d.press('esc');
    d.press('down');
    d.press('down');
    expect(page().slice(0, 4)).toEqual([
      right('POWER', `${pv.toFixed(2)} KW`),
      right('TODAY', `${(sum(site, [301, 302], 11007) + sum(site, [701], 15017)).toFixed(1)} KWH`),
      right('PV VOLTAGE', `${(site.currentValue(301, 11002) as number).toFixed(0)} V`),
      right('UNITS', '3'),
    ]);
    d.press('set');
    expect(page().slice(0, 3)).toEqual([
      right('VT1', `${(site.currentValue(301, 11004) as number).toFixed(2)} KW`),
      right('VT2', `${(site.currentValue(302, 11004) as number).toFixed(2)} KW`),
      right('VS1', `${(site.currentValue(701, 15010) as number).toFixed(2)} KW`),
    ]);
    d.press('esc');
    d.press('down');
    expect(page().slice(0, 4)).toEqual([
      right('POWER', `${sum(site, [101, 102, 103], 3136).toFixed(2)} KW`),
      right('TODAY', `${sum(site, [101, 102, 103], 3083).toFixed(1)} KWH`),
      expect.stringMatching(/^GRID +(OFF|\d+ V)$/),
      right('INPUT CURRENT', `${sum(site, [101, 102, 103], 3012).toFixed(1)} A`),
    ]);
    d.press('set');
    expect(page()[2]).toBe(right('XT3', `${(site.currentValue(103, 3136) as number).toFixed(2)} KW`));
    d.press('esc');
    d.press('down');
    expect(page().slice(2)).toEqual([right('XTENDER', '3'), right('VARIOTRACK', '2'), right('VARIOSTRING', '1'), right('BATTERY', 'BSP')]);
  });

  it('shows -- for what an installation lacks, and an empty unit list', () => {
    const { site } = rig({ xtenders: 0, variotracks: 0, variostrings: 0, battery: 'none' });
    const d = site.display;
    expect(textAt(d.bitmap(), 1)).toBe(right('BATTERY', '-- V -- %'));
    expect(textAt(d.bitmap(), 2)).toBe(right('SOLAR', '-- KW'));
    expect(textAt(d.bitmap(), 4)).toBe(right('GRID', '--'));
    d.press('down');
    expect(textAt(d.bitmap(), 5)).toBe(right('PHASE', '--'));
    d.press('set');
    expect(textAt(d.bitmap(), 0)).toBe(right('BATTERY UNITS', '0/0'));
    d.press('down');
    expect(d.state.cursor).toBe(0);
    d.press('esc');
    d.press('up');
    d.press('up');
    expect(textAt(d.bitmap(), 6)).toBe(right('BATTERY', 'NONE'));
    const bms = rig({ battery: 'bms' }).site.display;
    bms.press('up');
    expect(textAt(bms.bitmap(), 6)).toBe(right('BATTERY', 'BMS'));
  });

  it('keeps the cursor on the list when units leave it', () => {
    const { site } = rig();
    const d = site.display;
    d.press('down');
    d.press('set');
    d.press('down');
    d.press('down');
    expect(d.state.cursor).toBe(2);
    site.unplug(103);
    expect(textAt(d.bitmap(), 0)).toBe(right('BATTERY UNITS', '2/2'));
    expect(d.state.cursor).toBe(1);
  });
});

describe('screen object of the simulated Xcom-232i', () => {
  it('presses the key, then answers the raw display (1024 bytes, bottom row first)', () => {
    const { ask, site } = rig();
    const reply = ask(screenRead('down'));
    expect(site.display.state.page).toBe('battery');
    expect(reply.srcAddr).toBe(501);
    expect(reply.propertyData).toEqual(encodeScreenRaw(site.display.bitmap()));
    expect(decodeScreen(reply.propertyData).rows).toEqual(site.display.bitmap());
  });

  it('answers the run-length form when asked to', () => {
    const { ask, site } = rig({}, { screen: 'rle' });
    const reply = ask(screenRead('set'));
    expect(reply.propertyData).toEqual(encodeScreenRle(site.display.bitmap()));
    expect(reply.propertyData.length).toBeLessThan(1024);
    const screen = decodeScreen(reply.propertyData);
    expect(screen.encoding).toBe('rle');
    expect(screen.rows).toEqual(site.display.bitmap());
  });

  it('falls back to the raw form when the run-length one would not fit', () => {
    const noisy = new Uint8Array(1024).map((_, i) => (i * 97) & 0xff);
    const site = { display: { press: () => undefined, bitmap: () => noisy } } as unknown as SimInstallation;
    const message = { flags: 0, srcAddr: 1, dstAddr: 501, isResponse: false, isError: false, serviceId: 1, objectType: 0x100, objectId: 0, propertyId: 0, propertyData: new Uint8Array(0) };
    expect(encodeScreenRle(noisy).length).toBeGreaterThan(1024);
    const reply = handleScreen(site, message, 'rle');
    expect(reply.ok && reply.data).toEqual(encodeScreenRaw(noisy));
  });

  it('refuses what the screen object does not have', () => {
    const { error, site } = rig();
    expect(error(screenRead('none', 1))).toBe(E.PROPERTY_NOT_SUPPORTED);
    expect(error({ ...screenRead(), objectId: 0x30 })).toBe(E.OBJECT_ID_NOT_FOUND);
    expect(error({ ...screenRead(), serviceId: 2 })).toBe(E.PROPERTY_IS_READ_ONLY);
    expect(error({ ...screenRead(), dstAddr: 101 })).toBe(E.TYPE_NOT_SUPPORTED);
    expect(site.display.state.page).toBe('home');
    expect(rig({}, { screen: false }).error(screenRead())).toBe(E.SCOM_ERROR_OBJECT_NOT_SUPPORTED);
    expect(() => new ScomResponder(site, { screen: 'png' as 'raw' })).toThrow(XcomValidationError);
  });
});
