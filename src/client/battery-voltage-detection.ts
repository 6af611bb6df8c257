/**
 * The battery voltage a client checks values against: the caller's, the one discovery found,
 * or the one the installation reports when a value only the 48 V ranges refuse is written.
 * @module
 */
import { BATTERY_VOLTAGES, type BatteryVoltage, isBatteryVoltageParameter } from '../catalogue/battery-voltage.js';
import { XcomP } from '../catalogue/index.js';
import type { Datapoint } from '../catalogue/types.js';
import { XcomDeviceError, XcomValidationError } from '../errors.js';
import type { ScomValue } from '../protocol/format.js';
import type { XcomWarning } from './client-events.js';
import { validateValue } from './validate-value.js';

/**
 * The "ID batt voltage" infos, in the order they are asked: an Xtender's {3127}, else a
 * VarioTrack's {11048}, else the BSP's {7035}, each at its family's first unit.
 */
export const NOMINAL_VOLTAGE_INFOS: readonly Datapoint<'FLOAT', 'info'>[] = [XcomP.XT_ID_BATT_VOLTAGE, XcomP.VT_ID_BATT_VOLTAGE, XcomP.BSP_ID_BATT_VOLTAGE];

/** How far "ID batt voltage" may stray from 12, 24 or 48 and still name it (a quarter). */
const TOLERANCE = 0.25;

/**
 * The nominal voltage an "ID batt voltage" value names: the nearest of 12, 24 and 48 (by
 * ratio), or `undefined` for a value within a quarter of none of them (0, NaN, 96, …).
 *
 * @example
 * ```ts
 * nominalBatteryVoltage(24);  // 24
 * nominalBatteryVoltage(50);  // 48
 * nominalBatteryVoltage(0);   // undefined
 * ```
 */
export function nominalBatteryVoltage(value: number): BatteryVoltage | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  let best: BatteryVoltage | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const nominal of BATTERY_VOLTAGES) {
    const distance = Math.abs(Math.log(value / nominal));
    if (distance < bestDistance) {
      best = nominal;
      bestDistance = distance;
    }
  }
  return best !== undefined && Math.abs(value / best - 1) <= TOLERANCE ? best : undefined;
}

/**
 * Reads "ID batt voltage" from the first family that answers it ({@link NOMINAL_VOLTAGE_INFOS});
 * `undefined` when every one answers a device error (no such unit). A timeout or a link
 * failure is thrown: it says nothing about the installation.
 */
export async function readNominalVoltage(read: (datapoint: Datapoint<'FLOAT', 'info'>) => Promise<number>): Promise<number | undefined> {
  for (const datapoint of NOMINAL_VOLTAGE_INFOS) {
    try {
      return await read(datapoint);
    } catch (error) {
      if (!(error instanceof XcomDeviceError)) throw error;
    }
  }
  return undefined;
}

/** Where the voltage a client uses came from. */
export type BatteryVoltageOrigin = 'option' | 'default' | 'installation';

/** What {@link BatteryVoltageSetting.validate} needs from the client. */
export interface VoltageValidation {
  /** Skip min/max (nothing is then refused for its range, and nothing is read). */
  readonly skipRangeCheck: boolean;
  /** The datapoint with its ranges on an installation of this battery voltage. */
  readonly rangesAt: (batteryVoltage: BatteryVoltage) => Datapoint;
  /** Reads "ID batt voltage" ({@link readNominalVoltage}). */
  readonly readNominal: () => Promise<number | undefined>;
}

/**
 * The battery voltage of one client. The caller's `batteryVoltage` option is final. Without
 * it the client starts at 48 V (the appendix's ranges) and learns the installation's voltage
 * from discovery, or, the first time a battery-voltage parameter is refused where a 12 or 24 V
 * range would take it, by reading "ID batt voltage" once.
 */
export class BatteryVoltageSetting {
  private current: BatteryVoltage;
  private from: BatteryVoltageOrigin;
  private detection: Promise<void> | undefined;
  private readonly warn: (warning: XcomWarning) => void;

  /**
   * @param given the caller's option, if any
   * @param warn told when the installation's voltage is unusable or disagrees with the option
   */
  constructor(given: BatteryVoltage | undefined, warn: (warning: XcomWarning) => void) {
    this.current = given ?? 48;
    this.from = given === undefined ? 'default' : 'option';
    this.warn = warn;
  }

  /** The voltage values are checked against now. */
  get value(): BatteryVoltage {
    return this.current;
  }

  /** Where {@link value} came from. */
  get origin(): BatteryVoltageOrigin {
    return this.from;
  }

  /**
   * Takes the voltage discovery found, unless the caller set one (a disagreement is warned
   * about, the caller's stays). `undefined`: no unit reported one, nothing changes.
   */
  adopt(found: BatteryVoltage | undefined): void {
    if (found === undefined) return;
    if (this.from === 'option') {
      if (found !== this.current) {
        this.warn({
          code: 'BATTERY_VOLTAGE_MISMATCH',
          message: `the installation reports a ${found} V battery, but batteryVoltage is ${this.current}: values are checked against the ${this.current} V ranges`,
        });
      }
      return;
    }
    this.current = found;
    this.from = 'installation';
  }

  /**
   * Checks `value` for `datapoint` against the current ranges. When only the 48 V ranges
   * refuse it (the voltage was never given nor learnt, and a 12 or 24 V range takes it), reads
   * the installation's voltage first, once, and checks again.
   */
  async validate(datapoint: Datapoint, value: ScomValue, how: VoltageValidation): Promise<ScomValue> {
    const at = (batteryVoltage: BatteryVoltage): ScomValue =>
      validateValue(how.rangesAt(batteryVoltage), value, { skipRangeCheck: how.skipRangeCheck, batteryVoltage });
    try {
      return at(this.current);
    } catch (error) {
      if (!(error instanceof XcomValidationError) || this.from !== 'default' || !isBatteryVoltageParameter(datapoint)) throw error;
      if (!BATTERY_VOLTAGES.some((v) => v !== this.current && accepts(() => at(v)))) throw error;
      try {
        await this.detect(how.readNominal);
      } catch (cause) {
        const why = cause instanceof Error ? cause.message : String(cause);
        throw new XcomValidationError(`${error.message}; the installation's battery voltage could not be read (${why})`, error.field, { cause });
      }
      return at(this.current);
    }
  }

  private detect(readNominal: () => Promise<number | undefined>): Promise<void> {
    // Two writes refused at once share one read.
    this.detection ??= (async () => {
      try {
        const raw = await readNominal();
        if (this.from !== 'default') return;
        const nominal = raw === undefined ? undefined : nominalBatteryVoltage(raw);
        this.from = 'installation';
        if (nominal !== undefined) {
          this.current = nominal;
          return;
        }
        this.warn({
          code: 'BATTERY_VOLTAGE_UNKNOWN',
          message:
            raw === undefined
              ? `no Xtender, VarioTrack or BSP answers "ID batt voltage": the ${this.current} V ranges stay (set batteryVoltage to 12, 24 or 48)`
              : `"ID batt voltage" reads ${raw}, which is not about 12, 24 or 48 V: the ${this.current} V ranges stay (set batteryVoltage to 12, 24 or 48)`,
        });
      } finally {
        this.detection = undefined;
      }
    })();
    return this.detection;
  }
}

function accepts(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}
