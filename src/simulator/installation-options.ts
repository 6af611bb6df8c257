/**
 * What a simulated installation is made of, and how its options resolve to a device list.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Datapoint, Family } from '../catalogue/types.js';
import type { FrameFlags } from '../protocol/frame-flags.js';
import type { SimClock } from './clock.js';
import type { DeviceIdentityOptions } from './device-identity.js';
import type { MessageLogOptions } from './message-log.js';
import type { SdCardOptions } from './sd-card.js';

/** An Xtender's AC phase (L1, L2, L3); phase addresses 191–193 reach them. */
export type Phase = 1 | 2 | 3;

/** The mains variant: 230 Vac / 50 Hz (default) or 120 Vac / 60 Hz with the catalogue's 120 V ranges. */
export type Variant = '230V' | '120V';

/** Options of a simulated installation. Every field has a default. */
export interface InstallationOptions {
  /**
   * The Xtenders, at 101, 102, …: a count (phases L1, L2, L3 in turn) or the phase of each.
   * Default 3: one per phase. At most 9.
   */
  readonly xtenders?: number | readonly Phase[];
  /** The number of VarioTracks at 301, 302, … (default 2, at most 15). */
  readonly variotracks?: number;
  /** The number of VarioStrings at 701, 702, … (default 1, at most 15). */
  readonly variostrings?: number;
  /** The battery monitor at 601: a BSP (default), an Xcom-CAN BMS, or none. */
  readonly battery?: 'bsp' | 'bms' | 'none';
  /** The mains variant (default `'230V'`). */
  readonly variant?: Variant;
  /**
   * The battery's nominal voltage, 12, 24 or 48 V (default 48): the battery infos, "ID batt
   * voltage" and the battery voltage parameters' defaults and ranges follow it (see
   * `withBatteryVoltage`).
   */
  readonly batteryVoltage?: BatteryVoltage;
  /** The seed of every simulated value (default 1). The same seed replays the same values. */
  readonly seed?: number;
  /** Where time comes from (default the system clock). Use a `ManualClock` in tests. */
  readonly clock?: SimClock;
  /** The installation's offset from UTC in minutes, for the day curve and local timestamps (default 0). */
  readonly utcOffsetMinutes?: number;
  /** The battery's state of charge at start, 0–100 % (default: drawn from the seed, 50–80 %). */
  readonly initialSoc?: number;
  /**
   * The datapoints the devices know, taken as they are (default: the whole catalogue, with the
   * ranges of the variant and the battery voltage). Tests pass small fixtures.
   */
  readonly datapoints?: readonly Datapoint[];
  /** The Xcom-232i's GUID, 16 bytes (default: drawn from the seed). */
  readonly guid?: Uint8Array;
  /**
   * The frame flags besides "message pending", which follows the message log. Default: SD card
   * present, datalog supported, and "restarted" set until parameter 5104 is written, as after a
   * power-up.
   */
  readonly frameFlags?: Partial<Omit<FrameFlags, 'messagePending'>>;
  /** Bits 6–7 of the frame flags, reserved by the spec but seen set on real gateways (default 0). */
  readonly reservedFlagBits?: number;
  /**
   * The firmware version `'X.Y.Z'` of every device without one of its own in `identities`
   * (default `'1.6.74'`). Versions drive behaviour: Xtenders, VarioStrings, BSPs, the
   * Xcom-CAN BMS and the Xcom-232i before 1.6.12 and VarioTracks before 1.6.14 refuse property
   * 13 with PROPERTY_NOT_SUPPORTED; an Xcom-232i before 1.6.74 refuses multi-info reads with
   * SERVICE_NOT_SUPPORTED.
   */
  readonly softwareVersion?: string;
  /** Each device's identity (firmware version, model, hardware, FID) by address, e.g. `{ 101: { software: '1.6.10' } }`. */
  readonly identities?: Readonly<Record<number, DeviceIdentityOptions>>;
  /**
   * How long a restart keeps units away, in ms of the simulator's clock (default 10 000): after
   * {1468} the Xtenders answer DEVICE_NOT_FOUND, after {5121} the gateway answers nothing.
   */
  readonly restartMs?: number;
  /** How the message log answers where the spec leaves it open (see {@link MessageLogOptions}). */
  readonly messageLog?: MessageLogOptions;
  /**
   * The SD card's datalog (see {@link SdCardOptions}): a week of daily files by default. The
   * card is there unless `frameFlags.sdCardPresent` is false; `frameFlags.newDatalogFile` sets
   * bit 4 at start.
   */
  readonly sdCard?: SdCardOptions;
}

/** One device of the installation. */
export interface DeviceSpec {
  /** Its Scom address (101, 301, 501, 601, 701, …). */
  readonly address: number;
  /** Its family. */
  readonly family: Family;
  /** Its index within the family, 1-based (the multi-info "device uid"). */
  readonly index: number;
  /** An Xtender's phase. */
  readonly phase?: Phase;
}

function count(value: number | undefined, fallback: number, max: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new XcomValidationError(`${name} must be an integer between 0 and ${max}, got ${n}`, name);
  }
  return n;
}

/** The devices an installation of these options holds, the Xcom-232i at 501 included. */
export function resolveDevices(options: InstallationOptions = {}): DeviceSpec[] {
  const phases: readonly Phase[] =
    typeof options.xtenders === 'object'
      ? options.xtenders
      : Array.from({ length: count(options.xtenders, 3, 9, 'xtenders') }, (_, i) => ((i % 3) + 1) as Phase);
  if (phases.length > 9) throw new XcomValidationError('at most 9 Xtenders fit at 101–109', 'xtenders');
  for (const phase of phases) {
    if (phase !== 1 && phase !== 2 && phase !== 3) {
      throw new XcomValidationError(`an Xtender's phase is 1, 2 or 3, got ${String(phase)}`, 'xtenders');
    }
  }
  const devices: DeviceSpec[] = phases.map((phase, i) => ({ address: 101 + i, family: 'xtender', index: i + 1, phase }));
  const vt = count(options.variotracks, 2, 15, 'variotracks');
  for (let i = 0; i < vt; i++) devices.push({ address: 301 + i, family: 'variotrack', index: i + 1 });
  devices.push({ address: 501, family: 'rcc', index: 1 });
  const battery = options.battery ?? 'bsp';
  if (battery !== 'bsp' && battery !== 'bms' && battery !== 'none') {
    throw new XcomValidationError(`battery must be 'bsp', 'bms' or 'none', got ${String(battery)}`, 'battery');
  }
  if (battery !== 'none') devices.push({ address: 601, family: battery, index: 1 });
  const vs = count(options.variostrings, 1, 15, 'variostrings');
  for (let i = 0; i < vs; i++) devices.push({ address: 701 + i, family: 'variostring', index: i + 1 });
  return devices;
}
