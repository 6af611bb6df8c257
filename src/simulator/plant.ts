/**
 * The physics behind the user infos: one battery bank shared by every device, PV following
 * a day curve under seeded clouds, household loads on the three phases, a generator that
 * charges when the battery runs low, and energy counters. The model steps in whole minutes
 * of absolute time, each minute drawing from its own seeded stream, so the state at a given
 * time depends only on the seed and the start time, never on when or how often it is read.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import { hashSeed, SeededRandom } from './random.js';
import type { DeviceSpec, Variant } from './installation-options.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// The bank as a 48 V system; 12 and 24 V banks store the same energy (more Ah, less ohm), so
// that the state of charge follows the same course whatever the voltage.
const NOMINAL_V = 48;
const CAPACITY_AH = 500;
const INTERNAL_OHM = 0.005;
const VT_PEAK_KW = 1.8;
const VS_PEAK_KW = 3;
const CHARGER_KW = 1.6;
/** Below this battery voltage (of a 48 V bank; scaled for 12 and 24 V) the model raises Studer's message 0, "Battery low". */
export const BATTERY_LOW_V = 46.8;
const BATTERY_LOW_REARM_V = 48.5;

/** The energy counters of one device (units as the appendix gives them). Day counters restart at local midnight. */
export interface DeviceCounters {
  /** kWh taken from AC-In today (Xtender). */
  acInDay: number;
  /** kWh taken from AC-In yesterday (Xtender). */
  acInPrev: number;
  /** kWh delivered to the consumers today (Xtender). */
  acOutDay: number;
  /** kWh delivered to the consumers yesterday (Xtender). */
  acOutPrev: number;
  /** kWh drawn from the battery today (Xtender). */
  dischargeDay: number;
  /** kWh drawn from the battery yesterday (Xtender). */
  dischargePrev: number;
  /** PV production today, kWh (VarioTrack, VarioString). */
  pvDayKwh: number;
  /** PV production yesterday, kWh. */
  pvPrevKwh: number;
  /** PV production today, Ah. */
  pvDayAh: number;
  /** PV production yesterday, Ah. */
  pvPrevAh: number;
  /** PV production since the last reset, kWh. */
  pvResettableKwh: number;
  /** Lifetime PV production, MWh. */
  pvTotalMwh: number;
  /** Hours with PV production today. */
  sunHoursDay: number;
  /** Hours with PV production yesterday. */
  sunHoursPrev: number;
  /** Ah charged today (battery monitor). */
  chargedDayAh: number;
  /** Ah discharged today (battery monitor). */
  dischargedDayAh: number;
  /** Ah charged yesterday (battery monitor). */
  chargedPrevAh: number;
  /** Ah discharged yesterday (battery monitor). */
  dischargedPrevAh: number;
  /** Lifetime kAh charged (battery monitor). */
  totalChargedKah: number;
  /** Lifetime kAh discharged (battery monitor). */
  totalDischargedKah: number;
  /** Days the battery monitor has run. */
  totalDays: number;
}

function zeroCounters(): DeviceCounters {
  return {
    acInDay: 0, acInPrev: 0, acOutDay: 0, acOutPrev: 0, dischargeDay: 0, dischargePrev: 0,
    pvDayKwh: 0, pvPrevKwh: 0, pvDayAh: 0, pvPrevAh: 0, pvResettableKwh: 0, pvTotalMwh: 0,
    sunHoursDay: 0, sunHoursPrev: 0, chargedDayAh: 0, dischargedDayAh: 0, chargedPrevAh: 0,
    dischargedPrevAh: 0, totalChargedKah: 0, totalDischargedKah: 0, totalDays: 0,
  };
}

/** Options of a {@link PlantModel}. */
export interface PlantOptions {
  /** The seed of every draw. */
  readonly seed: number;
  /** The devices (their families and indexes decide which flows exist). */
  readonly devices: readonly DeviceSpec[];
  /** The mains variant (AC voltage and frequency). */
  readonly variant: Variant;
  /** The battery's nominal voltage (default 48). */
  readonly batteryVoltage?: BatteryVoltage;
  /** Offset of local time from UTC, in minutes. */
  readonly utcOffsetMinutes: number;
  /** State of charge at start, 0–1; drawn from the seed when missing. */
  readonly initialSoc?: number;
  /** Start time, ms since 1970. */
  readonly startMs: number;
  /** Called when the model raises a message (type number, source address, time in ms). */
  readonly onEvent?: (type: number, srcAddr: number, atMs: number) => void;
}

/**
 * The installation's physical state, advanced minute by minute.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const devices = [{ address: 101, family: 'xtender', index: 1 }] as const;
 * const plant = new PlantModel({ seed: 1, devices, variant: '230V', utcOffsetMinutes: 0, startMs: clock.now() });
 * plant.advanceTo(clock.now());
 * plant.batteryVoltage;
 * ```
 */
export class PlantModel {
  /** The last minute stepped (absolute minute index since 1970). */
  minute: number;
  /** State of charge, 0–1. */
  soc: number;
  /** Battery voltage, V. */
  batteryVoltage = NOMINAL_V;
  /** Battery current, A (positive while charging). */
  batteryCurrent = 0;
  /** Battery power, W (positive while charging). */
  batteryPowerW = 0;
  /** Battery temperature, °C. */
  batteryTemp = 22;
  /** Whether the generator / grid is connected and charging. */
  gridOn = false;
  /** The sun's strength this minute, 0–1 (before clouds). */
  sun = 0;
  /** PV power per VarioTrack index (index − 1), kW. */
  readonly vtPowerKw: number[];
  /** PV power per VarioString index (index − 1), kW. */
  readonly vsPowerKw: number[];
  /** Consumers' power per Xtender index (index − 1), kW. */
  readonly loadKw: number[];
  /** AC-In power per Xtender index (index − 1), kW (0 while the grid is off). */
  readonly acInKw: number[];
  /** Counters by device address. */
  readonly counters = new Map<number, DeviceCounters>();
  /** The mains voltage of the variant, V. */
  readonly acVoltage: number;
  /** The mains frequency of the variant, Hz. */
  readonly acFrequency: number;
  /** The battery's nominal voltage, V. */
  readonly nominalVoltage: BatteryVoltage;
  /** The battery's capacity, Ah. */
  readonly capacityAh: number;
  /** Below this battery voltage the model raises "Battery low" ({@link BATTERY_LOW_V} on 48 V). */
  readonly batteryLowVoltage: number;

  private readonly options: PlantOptions;
  private readonly vtFactor: number[];
  private readonly vsFactor: number[];
  private readonly loadFactor: number[];
  private lowArmed = true;
  /** Nominal voltage over 48: every battery voltage of the 48 V model is multiplied by it. */
  private readonly voltScale: number;

  /** @param options the seed, devices, variant and start */
  constructor(options: PlantOptions) {
    this.options = options;
    this.nominalVoltage = options.batteryVoltage ?? NOMINAL_V;
    this.voltScale = this.nominalVoltage / NOMINAL_V;
    this.capacityAh = CAPACITY_AH / this.voltScale;
    this.batteryLowVoltage = BATTERY_LOW_V * this.voltScale;
    this.batteryVoltage = this.nominalVoltage;
    const n = (family: string): number => options.devices.filter((d) => d.family === family).length;
    const factors = (label: string, count: number): number[] =>
      Array.from({ length: count }, (_, i) => SeededRandom.derive(options.seed, label, i).range(0.85, 1.15));
    this.vtFactor = factors('vt', n('variotrack'));
    this.vsFactor = factors('vs', n('variostring'));
    this.loadFactor = factors('load', n('xtender'));
    this.vtPowerKw = this.vtFactor.map(() => 0);
    this.vsPowerKw = this.vsFactor.map(() => 0);
    this.loadKw = this.loadFactor.map(() => 0);
    this.acInKw = this.loadFactor.map(() => 0);
    for (const d of options.devices) this.counters.set(d.address, zeroCounters());
    this.acVoltage = options.variant === '120V' ? 120 : 230;
    this.acFrequency = options.variant === '120V' ? 60 : 50;
    this.soc = options.initialSoc ?? SeededRandom.derive(options.seed, 'soc').range(0.5, 0.8);
    this.minute = Math.floor(options.startMs / MINUTE_MS) - 1;
    this.step();
  }

  /** Local time of a minute, in ms since 1970 as if local time were UTC. */
  localMs(minute: number = this.minute): number {
    return minute * MINUTE_MS + this.options.utcOffsetMinutes * MINUTE_MS;
  }

  /** Steps whole minutes up to `ms`; a clock that went backwards leaves the state as it is. */
  advanceTo(ms: number): void {
    const target = Math.floor(ms / MINUTE_MS);
    while (this.minute < target) this.step();
  }

  /** The counters of a device. */
  countersOf(address: number): DeviceCounters {
    let c = this.counters.get(address);
    if (c === undefined) {
      c = zeroCounters();
      this.counters.set(address, c);
    }
    return c;
  }

  private step(): void {
    const prevDay = Math.floor(this.localMs() / DAY_MS);
    this.minute++;
    const local = this.localMs();
    const day = Math.floor(local / DAY_MS);
    if (day !== prevDay) this.rollover();
    const rng = SeededRandom.derive(this.options.seed, 'minute', this.minute);
    const hour = (local % DAY_MS) / 3_600_000;
    this.sun = hour > 6 && hour < 20 ? Math.sin((Math.PI * (hour - 6)) / 14) : 0;
    const cloud = SeededRandom.derive(this.options.seed, 'cloud', day).range(0.15, 1) * rng.range(0.8, 1);

    const pvScale = this.sun * cloud;
    this.vtFactor.forEach((f, i) => (this.vtPowerKw[i] = VT_PEAK_KW * f * pvScale));
    this.vsFactor.forEach((f, i) => (this.vsPowerKw[i] = VS_PEAK_KW * f * pvScale));
    const evening = hour >= 18 && hour < 22.5 ? 0.5 : 0;
    const morning = hour >= 6.5 && hour < 9 ? 0.3 : 0;
    this.loadFactor.forEach((f, i) => (this.loadKw[i] = f * (0.25 + evening + morning + rng.range(0, 0.25))));

    if (this.soc < 0.2) this.gridOn = true;
    else if (this.soc > 0.55) this.gridOn = false;
    const chargeKw = this.gridOn ? CHARGER_KW : 0;
    this.loadKw.forEach((load, i) => (this.acInKw[i] = this.gridOn ? load + chargeKw : 0));

    let pvKw = sum(this.vtPowerKw) + sum(this.vsPowerKw);
    const loadFromBattery = this.gridOn ? 0 : sum(this.loadKw);
    const gridChargeKw = chargeKw * this.loadKw.length;
    let netKw = pvKw + gridChargeKw - loadFromBattery;
    if (this.soc >= 0.999 && netKw > 0) {
      // A full battery makes the chargers throttle: PV only covers what is used.
      const scale = pvKw > 0 ? Math.max(0, (pvKw - netKw) / pvKw) : 0;
      this.vtPowerKw.forEach((p, i) => (this.vtPowerKw[i] = p * scale));
      this.vsPowerKw.forEach((p, i) => (this.vsPowerKw[i] = p * scale));
      pvKw *= scale;
      netKw = 0;
    }
    const efficiency = netKw > 0 ? 0.95 : 1;
    const capacityKwh = (this.nominalVoltage * this.capacityAh) / 1000;
    this.soc = clamp(this.soc + (netKw * efficiency) / 60 / capacityKwh, 0.02, 1);

    const openCircuit = this.nominalVoltage * (0.94 + 0.16 * this.soc);
    const current = (netKw * 1000) / openCircuit;
    this.batteryVoltage = openCircuit + current * INTERNAL_OHM * this.voltScale * this.voltScale;
    this.batteryCurrent = current;
    this.batteryPowerW = netKw * 1000;
    this.batteryTemp = 20 + 4 * this.sun + rng.range(-0.2, 0.2);
    this.accumulate();
    this.checkEvents();
  }

  private accumulate(): void {
    const h = 1 / 60;
    const v = this.batteryVoltage;
    for (const d of this.options.devices) {
      const c = this.countersOf(d.address);
      const i = d.index - 1;
      if (d.family === 'xtender') {
        const load = this.loadKw[i] ?? 0;
        c.acInDay += (this.acInKw[i] ?? 0) * h;
        c.acOutDay += load * h;
        if (!this.gridOn) c.dischargeDay += load * h;
      } else if (d.family === 'variotrack' || d.family === 'variostring') {
        const p = (d.family === 'variotrack' ? this.vtPowerKw[i] : this.vsPowerKw[i]) ?? 0;
        c.pvDayKwh += p * h;
        c.pvDayAh += ((p * 1000) / v) * h;
        c.pvResettableKwh += p * h;
        c.pvTotalMwh += (p * h) / 1000;
        if (p > 0.05) c.sunHoursDay += h;
      } else if (d.family === 'bsp' || d.family === 'bms') {
        const ah = Math.abs(this.batteryCurrent) * h;
        if (this.batteryCurrent >= 0) {
          c.chargedDayAh += ah;
          c.totalChargedKah += ah / 1000;
        } else {
          c.dischargedDayAh += ah;
          c.totalDischargedKah += ah / 1000;
        }
        c.totalDays += h / 24;
      }
    }
  }

  private rollover(): void {
    for (const c of this.counters.values()) {
      c.acInPrev = c.acInDay;
      c.acOutPrev = c.acOutDay;
      c.dischargePrev = c.dischargeDay;
      c.pvPrevKwh = c.pvDayKwh;
      c.pvPrevAh = c.pvDayAh;
      c.sunHoursPrev = c.sunHoursDay;
      c.chargedPrevAh = c.chargedDayAh;
      c.dischargedPrevAh = c.dischargedDayAh;
      c.acInDay = c.acOutDay = c.dischargeDay = c.pvDayKwh = c.pvDayAh = c.sunHoursDay = 0;
      c.chargedDayAh = c.dischargedDayAh = 0;
    }
  }

  private checkEvents(): void {
    if (this.lowArmed && this.batteryVoltage < this.batteryLowVoltage) {
      this.lowArmed = false;
      const source = this.options.devices.find((d) => d.family === 'xtender')?.address ?? 601;
      this.options.onEvent?.(0, source, this.minute * MINUTE_MS);
    } else if (!this.lowArmed && this.batteryVoltage > BATTERY_LOW_REARM_V * this.voltScale) {
      this.lowArmed = true;
    }
  }
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** A small deterministic jitter in [-1, 1) for one reading of one datapoint of one device in one minute. */
export function jitter(seed: number, address: number, id: number, minute: number): number {
  return (hashSeed(seed, 'jitter', address, id, minute) / 4294967296) * 2 - 1;
}
