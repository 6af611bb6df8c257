/**
 * The simulated RCC display behind the screen object (object type 0x0100): a few pages of the
 * installation's live values in the simulator's font, and the four keys that move between
 * them. Real RCC menus are far richer; this is enough for a client to show and drive.
 *
 * Up and down change page (or, in a page's unit list, move the cursor); Set opens the page's
 * unit list; Esc leaves the list, or goes back to the first page. What is drawn depends only
 * on the state and the model's values, so a frozen clock gives the same picture every time.
 * @module
 */
import { labelOf } from '../catalogue/labels.js';
import { formatDeviceCode } from '../catalogue/device-codes.js';
import type { Family } from '../catalogue/types.js';
import type { RccKey } from '../protocol/screen-codec.js';
import { Canvas, TEXT_COLUMNS } from './canvas.js';
import type { SimInstallation } from './installation.js';
import type { SimDevice } from './sim-device.js';

/** The pages of the simulated RCC, in the order down walks them. */
export const RCC_PAGES = ['home', 'battery', 'solar', 'ac-out', 'system'] as const;

/** A page of the simulated RCC. */
export type RccPage = (typeof RCC_PAGES)[number];

/** Where the simulated RCC is: the page, whether its unit list is open, and the list's cursor. */
export interface RccDisplayState {
  /** The page shown. */
  readonly page: RccPage;
  /** Whether the page's unit list is open (Set opens it, Esc closes it). */
  readonly list: boolean;
  /** The line of the unit list under the cursor, from 0. */
  readonly cursor: number;
}

const TITLES: Readonly<Record<RccPage, string>> = { home: 'OVERVIEW', battery: 'BATTERY', solar: 'SOLAR', 'ac-out': 'AC OUTPUT', system: 'SYSTEM' };
const LINE_HEIGHT = 9;
const FIRST_LINE = 11;
const LINES = 6;

/** `value` with `decimals` decimals, or `--` when there is none; never `-0.0`. */
function fixed(value: number | undefined, decimals: number): string {
  if (value === undefined || !Number.isFinite(value)) return '--';
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A label on the left and its value on the right of one line. */
function line(label: string, value: string): string {
  const room = TEXT_COLUMNS - label.length;
  return room > value.length ? label + value.padStart(room) : `${label} ${value}`.slice(0, TEXT_COLUMNS);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The simulated RCC: its state, the keys, and the picture of the display.
 *
 * @example
 * ```ts
 * sim.installation.display.press('down');            // as if pressed on the RCC
 * console.log(sim.installation.display.state.page);  // 'battery'
 * const rows = sim.installation.display.bitmap();    // 1024 bytes, top row first
 * ```
 */
export class RccDisplay {
  private readonly site: SimInstallation;
  private page = 0;
  private list = false;
  private cursor = 0;

  /** @param site the installation whose values the pages show */
  constructor(site: SimInstallation) {
    this.site = site;
  }

  /** The page, whether its unit list is open, and the cursor. */
  get state(): RccDisplayState {
    return { page: RCC_PAGES[this.page] as RccPage, list: this.list, cursor: this.cursor };
  }

  /** Presses a key (`'none'` changes nothing). */
  press(key: RccKey): void {
    const units = this.list ? this.units().length : 0;
    switch (key) {
      case 'up':
        if (this.list) this.cursor = Math.max(0, this.cursor - 1);
        else this.page = (this.page + RCC_PAGES.length - 1) % RCC_PAGES.length;
        break;
      case 'down':
        if (this.list) this.cursor = Math.max(0, Math.min(units - 1, this.cursor + 1));
        else this.page = (this.page + 1) % RCC_PAGES.length;
        break;
      case 'set':
        if (!this.list) {
          this.list = true;
          this.cursor = 0;
        }
        break;
      case 'esc':
        if (this.list) this.list = false;
        else this.page = 0;
        break;
      default:
        break;
    }
  }

  /** The display now: 1024 bytes of packed rows, top row first, the most significant bit leftmost, 1 = on. */
  bitmap(): Uint8Array {
    const canvas = new Canvas();
    const page = RCC_PAGES[this.page] as RccPage;
    let title = TITLES[page];
    let corner = `${this.page + 1}/${RCC_PAGES.length}`;
    let lines: string[];
    let highlighted = -1;
    if (this.list) {
      const units = this.units();
      this.cursor = Math.min(this.cursor, Math.max(0, units.length - 1));
      const first = Math.max(0, this.cursor - (LINES - 1));
      lines = units.slice(first, first + LINES);
      highlighted = this.cursor - first;
      title = `${title} UNITS`;
      corner = units.length === 0 ? '0/0' : `${this.cursor + 1}/${units.length}`;
    } else {
      lines = this.lines(page);
    }
    // The title bar: light text on a dark bar, as on the RCC.
    canvas.fill(0, 0, 128, LINE_HEIGHT);
    canvas.text(1, 1, line(title, corner), false);
    lines.forEach((text, i) => {
      const y = FIRST_LINE + i * LINE_HEIGHT;
      if (i === highlighted) {
        canvas.fill(0, y - 1, 128, LINE_HEIGHT);
        canvas.text(1, y, text, false);
      } else {
        canvas.text(1, y, text);
      }
    });
    return canvas.rows;
  }

  private present(family: Family): SimDevice[] {
    return this.site.devicesOf(family).filter((d) => this.site.answers(d));
  }

  private info(device: SimDevice | undefined, id: number): number | undefined {
    return device === undefined ? undefined : this.site.infoValue(device.address, id);
  }

  private sum(devices: readonly SimDevice[], id: number): number | undefined {
    if (devices.length === 0) return undefined;
    return devices.reduce((total, d) => total + (this.info(d, id) ?? 0), 0);
  }

  private lines(page: RccPage): string[] {
    const xt = this.present('xtender');
    const bsp = this.present('bsp')[0];
    const solar = [...this.present('variotrack'), ...this.present('variostring')];
    const pv = (vt: number, vs: number): number | undefined => {
      const a = this.sum(this.present('variotrack'), vt);
      const b = this.sum(this.present('variostring'), vs);
      return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
    };
    const volts = bsp === undefined ? this.info(xt[0], 3000) : this.info(bsp, 7000);
    const soc = bsp === undefined ? this.info(xt[0], 3007) : this.info(bsp, 7002);
    const acIn = this.info(xt[0], 3011);
    const grid = acIn === undefined ? '--' : acIn < 50 ? 'OFF' : `${fixed(acIn, 0)} V`;
    const now = new Date(this.site.localSeconds() * 1000);
    const date = `${pad2(now.getUTCDate())}.${pad2(now.getUTCMonth() + 1)}.${now.getUTCFullYear()}`;
    const time = `${pad2(now.getUTCHours())}:${pad2(now.getUTCMinutes())}:${pad2(now.getUTCSeconds())}`;
    switch (page) {
      case 'home':
        return [
          line('BATTERY', `${fixed(volts, 1)} V ${fixed(soc, 0)} %`),
          line('SOLAR', `${fixed(pv(11004, 15010), 2)} KW`),
          line('LOAD', `${fixed(this.sum(xt, 3136), 2)} KW`),
          line('GRID', grid),
          '',
          line(date, time.slice(0, 5)),
        ];
      case 'battery': {
        const phase = this.info(xt[0], 3010);
        const datapoint = xt[0]?.infos.get(3010);
        const label = phase === undefined || datapoint === undefined ? '--' : (labelOf(datapoint, phase) ?? String(phase));
        return [
          line('VOLTAGE', `${fixed(volts, 1)} V`),
          line('CURRENT', `${fixed(bsp === undefined ? this.info(xt[0], 3005) : this.info(bsp, 7001), 1)} A`),
          line('CHARGE', `${fixed(soc, 0)} %`),
          line('TEMPERATURE', `${fixed(this.info(xt[0], 3001), 0)} °C`),
          line('PHASE', label.toUpperCase()),
        ];
      }
      case 'solar':
        return [
          line('POWER', `${fixed(pv(11004, 15010), 2)} KW`),
          line('TODAY', `${fixed(pv(11007, 15017), 1)} KWH`),
          line('PV VOLTAGE', `${fixed(this.info(this.present('variotrack')[0], 11002), 0)} V`),
          line('UNITS', String(solar.length)),
        ];
      case 'ac-out':
        return [
          line('POWER', `${fixed(this.sum(xt, 3136), 2)} KW`),
          line('TODAY', `${fixed(this.sum(xt, 3083), 1)} KWH`),
          line('GRID', grid),
          line('INPUT CURRENT', `${fixed(this.sum(xt, 3012), 1)} A`),
        ];
      case 'system':
        return [
          line('DATE', date),
          line('TIME', time),
          line('XTENDER', String(xt.length)),
          line('VARIOTRACK', String(this.present('variotrack').length)),
          line('VARIOSTRING', String(this.present('variostring').length)),
          line('BATTERY', bsp === undefined ? (this.present('bms').length > 0 ? 'BMS' : 'NONE') : 'BSP'),
        ];
    }
  }

  /** The lines of the current page's unit list. */
  private units(): string[] {
    const page = RCC_PAGES[this.page] as RccPage;
    const code = (d: SimDevice): string => formatDeviceCode(d.address, d.family) ?? String(d.address);
    const present = this.site.devices.filter((d) => this.site.answers(d));
    switch (page) {
      case 'home':
        return present.map((d) => line(code(d), d.identity.model.toUpperCase()));
      case 'battery':
        return this.present('xtender').map((d) => line(code(d), `${fixed(this.info(d, 3000), 1)} V`));
      case 'solar':
        return [
          ...this.present('variotrack').map((d) => line(code(d), `${fixed(this.info(d, 11004), 2)} KW`)),
          ...this.present('variostring').map((d) => line(code(d), `${fixed(this.info(d, 15010), 2)} KW`)),
        ];
      case 'ac-out':
        return this.present('xtender').map((d) => line(code(d), `${fixed(this.info(d, 3136), 2)} KW`));
      case 'system':
        return present.map((d) => line(code(d), d.identity.software.text));
    }
  }
}
