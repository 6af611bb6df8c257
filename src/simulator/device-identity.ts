/**
 * Who each simulated device says it is: model ("ID type"), hardware, FID and software
 * version, answered through the identity user infos; and what its firmware version allows
 * (property 13 of parameters, multi-info at the Xcom-232i).
 * @module
 */
import { DEVICE_MODELS } from '../catalogue/device-models.js';
import type { Family } from '../catalogue/types.js';
import { XcomValidationError } from '../errors.js';
import {
  compareSoftwareVersions,
  encodeFid,
  encodeSoftwareVersion,
  parseSoftwareVersion,
  type SoftwareVersion,
} from '../protocol/identity-encoding.js';
import type { DeviceSpec } from './installation-options.js';
import { hashSeed } from './random.js';

/** What a test or a user may set of a device's identity; every field has a default. */
export interface DeviceIdentityOptions {
  /** The firmware version `'X.Y.Z'` (default the installation's `softwareVersion`, itself 1.6.74 by default). */
  readonly software?: string;
  /**
   * The model, as `DEVICE_MODELS` names it: `'XTH'` (default), `'XTM'` or `'XTS'` for an
   * Xtender; `'VS-120'` (default) or `'VS-70'` for a VarioString. The VarioTrack
   * (`'VT-65/VT-80'`) and the BSP (`'BSP-500/BSP-1200'`) have one each; the Xcom-232i and
   * the Xcom-CAN BMS have no "ID type" info.
   */
  readonly model?: string;
  /** "ID HW": the hardware version, high byte major, low byte minor (default per family). */
  readonly hardware?: number;
  /** An Xtender's "ID HW PWR", the power board's hardware version (default 0x0301). */
  readonly hardwarePower?: number;
  /** The 32-bit FID (default drawn from the seed, distinct per device). */
  readonly fid?: number;
}

/** A device's identity, resolved. */
export interface DeviceIdentity {
  /** The model (`'XTH'`, `'VT-65/VT-80'`, …; `'Xcom-232i'` and `'Xcom-CAN BMS'` for those without an "ID type"). */
  readonly model: string;
  /** The "ID type" value (0 for a family without one). */
  readonly idType: number;
  /** The firmware version. */
  readonly software: SoftwareVersion;
  /** "ID HW". */
  readonly hardware: number;
  /** "ID HW PWR" (Xtenders only). */
  readonly hardwarePower: number;
  /** The FID. */
  readonly fid: number;
}

/** The identity infos of a family, by what they carry. */
interface IdentityInfoIds {
  readonly type?: number;
  readonly hardware?: number;
  readonly hardwarePower?: number;
  readonly softMsb?: number;
  readonly softLsb?: number;
  readonly fidMsb?: number;
  readonly fidLsb?: number;
  readonly definedPhase?: number;
  readonly bmsVersion?: number;
}

const ID_INFOS: Readonly<Record<Family, IdentityInfoIds>> = {
  xtender: { type: 3124, hardware: 3129, softMsb: 3130, softLsb: 3131, hardwarePower: 3132, fidMsb: 3156, fidLsb: 3157, definedPhase: 3089 },
  bsp: { type: 7034, hardware: 7036, softMsb: 7037, softLsb: 7038, fidMsb: 7048, fidLsb: 7049 },
  bms: { bmsVersion: 7054 },
  variotrack: { type: 11047, hardware: 11049, softMsb: 11050, softLsb: 11051, fidMsb: 11067, fidLsb: 11068 },
  variostring: { type: 15074, hardware: 15076, softMsb: 15077, softLsb: 15078, fidMsb: 15102, fidLsb: 15103 },
  rcc: {},
};

const DEFAULT_MODEL: Readonly<Record<Family, string>> = {
  xtender: 'XTH',
  variotrack: 'VT-65/VT-80',
  variostring: 'VS-120',
  bsp: 'BSP-500/BSP-1200',
  bms: 'Xcom-CAN BMS',
  rcc: 'Xcom-232i',
};

// Invented but well-formed (major.minor in two bytes): the appendix gives no hardware versions.
const DEFAULT_HARDWARE: Readonly<Record<Family, number>> = {
  xtender: 0x0402,
  variotrack: 0x0201,
  variostring: 0x0102,
  bsp: 0x0101,
  bms: 0x0100,
  rcc: 0x0100,
};

/** The firmware before which property 13 (unsaved_value_qsp) is refused (spec §4.5.4–4.5.6). */
const RAM_PROPERTY_SINCE: Readonly<Record<Family, string>> = {
  xtender: '1.6.12',
  variotrack: '1.6.14',
  variostring: '1.6.12',
  bsp: '1.6.12',
  bms: '1.6.12',
  rcc: '1.6.12',
};

/** The Xcom-232i firmware that serves multi-info reads (spec §4.9). */
const MULTI_INFO_SINCE = '1.6.74';

/** The software version every device reports unless told otherwise. */
export const DEFAULT_SOFTWARE_VERSION = '1.6.74';

function check16(value: number | undefined, fallback: number, field: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw new XcomValidationError(`${field} must be a 16-bit unsigned integer, got ${n}`, field);
  return n;
}

/**
 * Resolves the identity of the device `spec`. `taken` holds the FIDs already given, so that
 * every seeded FID is distinct; the one chosen is added to it.
 */
export function resolveIdentity(
  spec: DeviceSpec,
  options: DeviceIdentityOptions,
  defaultSoftware: string,
  seed: number,
  taken: Set<number>,
): DeviceIdentity {
  const software = parseSoftwareVersion(options.software ?? defaultSoftware);
  const models = DEVICE_MODELS.filter((m) => m.family === spec.family);
  const modelName = options.model ?? DEFAULT_MODEL[spec.family];
  const model = models.find((m) => m.model === modelName);
  if (model === undefined && (options.model !== undefined || models.length > 0)) {
    const known = [...new Set(models.map((m) => m.model))];
    throw new XcomValidationError(
      `device ${spec.address}: model ${JSON.stringify(modelName)} is not one of ${known.length > 0 ? known.join(', ') : 'none (this family has no "ID type")'}`,
      'model',
    );
  }
  let fid = options.fid;
  if (fid === undefined) {
    for (let attempt = 0; fid === undefined || taken.has(fid); attempt++) fid = hashSeed(seed, 'fid', spec.address, attempt);
  } else {
    encodeFid(fid);
  }
  taken.add(fid);
  return {
    model: modelName,
    idType: model?.idType ?? 0,
    software,
    hardware: check16(options.hardware, DEFAULT_HARDWARE[spec.family], 'hardware'),
    hardwarePower: check16(options.hardwarePower, 0x0301, 'hardwarePower'),
    fid,
  };
}

/**
 * The identity user infos of a device and their values: "ID type", "ID HW", "ID HW PWR",
 * "ID SOFT msb/lsb" (spec §4.4.3), "ID FID msb/lsb" (§4.4.4), an Xtender's {3089} "Defined
 * phase" (1, 2, 4 for L1, L2, L3) and the Xcom-CAN BMS's {7054} "BMS Version". The appendix
 * gives {7054} no encoding: the simulator answers X·65536 + Y·256 + Z (the §4.4.3 value
 * without its reserved byte, which a float holds exactly).
 */
export function identityInfos(spec: DeviceSpec, identity: DeviceIdentity): Map<number, number> {
  const ids = ID_INFOS[spec.family];
  const values = new Map<number, number>();
  const set = (id: number | undefined, value: number): void => {
    if (id !== undefined) values.set(id, value);
  };
  const soft = encodeSoftwareVersion(identity.software);
  const fid = encodeFid(identity.fid);
  const { major, minor, patch } = identity.software;
  set(ids.type, identity.idType);
  set(ids.hardware, identity.hardware);
  set(ids.hardwarePower, identity.hardwarePower);
  set(ids.softMsb, soft.msb);
  set(ids.softLsb, soft.lsb);
  set(ids.fidMsb, fid.msb);
  set(ids.fidLsb, fid.lsb);
  if (spec.phase !== undefined) set(ids.definedPhase, 1 << (spec.phase - 1));
  set(ids.bmsVersion, (major << 16) | (minor << 8) | patch);
  return values;
}

/** Whether a device of `family` with this firmware answers property 13 of its parameters. */
export function supportsRamProperty(family: Family, software: SoftwareVersion): boolean {
  return compareSoftwareVersions(software, RAM_PROPERTY_SINCE[family]) >= 0;
}

/** Whether an Xcom-232i with this firmware serves multi-info reads. */
export function supportsMultiInfo(software: SoftwareVersion): boolean {
  return compareSoftwareVersions(software, MULTI_INFO_SINCE) >= 0;
}
