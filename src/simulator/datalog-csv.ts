/**
 * The rows of the simulated datalog: one CSV line per minute, from a plant model of its own
 * that runs through the days on the SD card. The column layout is the simulator's own: Studer
 * does not document the real one (the spec and its appendix leave it out), so clients must not
 * expect these columns from a real Xcom-232i.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { DeviceSpec, Variant } from './installation-options.js';
import { PlantModel } from './plant.js';

const MINUTE_MS = 60_000;

/** What the datalog's plant is made of. */
export interface DatalogModelOptions {
  /** The installation's seed. */
  readonly seed: number;
  /** Its devices (their number sets the columns). */
  readonly devices: readonly DeviceSpec[];
  /** The mains variant. */
  readonly variant: Variant;
  /** The battery's nominal voltage. */
  readonly batteryVoltage: BatteryVoltage;
  /** The first minute logged, in local wall-clock minutes since 1970. */
  readonly startMinute: number;
}

/** Generates the CSV rows of each minute, in order, and keeps those still asked for. */
export class DatalogRows {
  /** The header line of every file (without its line end). */
  readonly header: string;
  private readonly plant: PlantModel;
  private readonly counts: { readonly xt: number; readonly vt: number; readonly vs: number };
  private readonly rows = new Map<number, string>();
  /** The last minute generated. */
  private last: number;
  /** Rows before this minute are not kept (no file holds them). */
  private keepFrom = Number.NEGATIVE_INFINITY;

  /** @param options the seed, devices and first minute */
  constructor(options: DatalogModelOptions) {
    const count = (family: string): number => options.devices.filter((d) => d.family === family).length;
    this.counts = { xt: count('xtender'), vt: count('variotrack'), vs: count('variostring') };
    const columns = ['Date', 'Time', 'Ubat [V]', 'Ibat [A]', 'SOC [%]', 'Tbat [C]', 'Grid'];
    for (let i = 1; i <= this.counts.xt; i++) columns.push(`Pout XT${i} [kW]`, `Pin XT${i} [kW]`);
    for (let i = 1; i <= this.counts.vt; i++) columns.push(`Psol VT${i} [kW]`);
    for (let i = 1; i <= this.counts.vs; i++) columns.push(`Psol VS${i} [kW]`);
    this.header = columns.join(',');
    // Local wall-clock time is fed to the plant as if it were UTC: its day curve then follows
    // the installation's own clock, as the datalogger's does.
    this.plant = new PlantModel({
      seed: options.seed,
      devices: options.devices,
      variant: options.variant,
      batteryVoltage: options.batteryVoltage,
      utcOffsetMinutes: 0,
      startMs: options.startMinute * MINUTE_MS,
    });
    this.last = options.startMinute - 1;
  }

  /** The row of local minute `minute` (generated up to it the first time; minutes never come back once forgotten). */
  row(minute: number): string {
    while (this.last < minute) {
      this.last++;
      this.plant.advanceTo(this.last * MINUTE_MS);
      if (this.last >= this.keepFrom) this.rows.set(this.last, this.format(this.last));
    }
    return this.rows.get(minute) ?? '';
  }

  /** Forgets the rows before `minute`: no file on the card holds them any more. */
  forgetBefore(minute: number): void {
    this.keepFrom = minute;
    for (const key of this.rows.keys()) {
      if (key >= minute) break;
      this.rows.delete(key);
    }
  }

  private format(minute: number): string {
    const p = this.plant;
    const at = new Date(minute * MINUTE_MS).toISOString();
    const kw = (value: number | undefined): string => (value ?? 0).toFixed(2);
    const cells = [at.slice(0, 10), at.slice(11, 16), p.batteryVoltage.toFixed(2), p.batteryCurrent.toFixed(1), (p.soc * 100).toFixed(1), p.batteryTemp.toFixed(1), p.gridOn ? '1' : '0'];
    for (let i = 0; i < this.counts.xt; i++) cells.push(kw(p.loadKw[i]), kw(p.acInKw[i]));
    for (let i = 0; i < this.counts.vt; i++) cells.push(kw(p.vtPowerKw[i]));
    for (let i = 0; i < this.counts.vs; i++) cells.push(kw(p.vsPowerKw[i]));
    return cells.join(',');
  }
}
