/**
 * The identity user infos of each family ("ID type", "ID HW", "ID SOFT msb/lsb", …) and how
 * their values become a {@link DiscoveredDevice}.
 * @module
 */
import { formatDeviceCode } from '../catalogue/device-codes.js';
import { deviceModelOf } from '../catalogue/device-models.js';
import { XcomP } from '../catalogue/index.js';
import type { Datapoint, Family } from '../catalogue/types.js';
import { decodeFid, decodeSoftwareVersion } from '../protocol/identity-encoding.js';
import type { DiscoveredDevice } from './discovery-result.js';

/** What an identity info carries. */
export type IdentityField = 'type' | 'hardware' | 'hardwarePower' | 'softMsb' | 'softLsb' | 'fidMsb' | 'fidLsb' | 'phase' | 'bmsVersion';

type Info = Datapoint<'FLOAT', 'info'>;

/**
 * Each family's identity infos. The first is the family's probe: "ID type", or the Xcom-CAN
 * BMS's {7054} "BMS Version" (its only identity; a BSP refuses it). The RCC / Xcom-232i has
 * none.
 */
export const IDENTITY_INFOS: Readonly<Record<Family, readonly (readonly [IdentityField, Info])[]>> = {
  xtender: [
    ['type', XcomP.XT_ID_TYPE],
    ['hardware', XcomP.XT_ID_HW],
    ['hardwarePower', XcomP.XT_ID_HW_PWR],
    ['softMsb', XcomP.XT_ID_SOFT_MSB],
    ['softLsb', XcomP.XT_ID_SOFT_LSB],
    ['fidMsb', XcomP.XT_ID_FID_MSB],
    ['fidLsb', XcomP.XT_ID_FID_LSB],
    ['phase', XcomP.XT_DEFINED_PHASE],
  ],
  bms: [['bmsVersion', XcomP.BMS_BMS_VERSION]],
  bsp: [
    ['type', XcomP.BSP_ID_TYPE],
    ['hardware', XcomP.BSP_ID_HW],
    ['softMsb', XcomP.BSP_ID_SOFT_MSB],
    ['softLsb', XcomP.BSP_ID_SOFT_LSB],
    ['fidMsb', XcomP.BSP_ID_FID_MSB],
    ['fidLsb', XcomP.BSP_ID_FID_LSB],
  ],
  variotrack: [
    ['type', XcomP.VT_ID_TYPE],
    ['hardware', XcomP.VT_ID_HW],
    ['softMsb', XcomP.VT_ID_SOFT_MSB],
    ['softLsb', XcomP.VT_ID_SOFT_LSB],
    ['fidMsb', XcomP.VT_ID_FID_MSB],
    ['fidLsb', XcomP.VT_ID_FID_LSB],
  ],
  variostring: [
    ['type', XcomP.VS_ID_TYPE],
    ['hardware', XcomP.VS_ID_HW],
    ['softMsb', XcomP.VS_ID_SOFT_MSB],
    ['softLsb', XcomP.VS_ID_SOFT_LSB],
    ['fidMsb', XcomP.VS_ID_FID_MSB],
    ['fidLsb', XcomP.VS_ID_FID_LSB],
  ],
  rcc: [],
};

/** The probe of a family: its first identity info, if it has one. */
export function probeInfo(family: Family): Info | undefined {
  return IDENTITY_INFOS[family][0]?.[1];
}

/** A FLOAT info that carries a 16-bit integer, or `undefined` when it does not. */
function uint16(value: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const n = Math.trunc(value);
  return n >= 0 && n <= 0xffff ? n : undefined;
}

function majorMinor(value: number | undefined): string | undefined {
  const n = uint16(value);
  return n === undefined ? undefined : `${n >> 8}.${n & 0xff}`;
}

function software(values: ReadonlyMap<IdentityField, number>): string | undefined {
  const bms = values.get('bmsVersion');
  if (bms !== undefined) {
    const n = Math.trunc(bms);
    return Number.isFinite(bms) && n >= 0 && n <= 0xffffff ? `${n >>> 16}.${(n >> 8) & 0xff}.${n & 0xff}` : undefined;
  }
  const msb = uint16(values.get('softMsb'));
  const lsb = uint16(values.get('softLsb'));
  return msb === undefined || lsb === undefined ? undefined : decodeSoftwareVersion(msb, lsb).text;
}

function fid(values: ReadonlyMap<IdentityField, number>): string | undefined {
  const msb = uint16(values.get('fidMsb'));
  const lsb = uint16(values.get('fidLsb'));
  return msb === undefined || lsb === undefined ? undefined : decodeFid(msb, lsb).toString(16).toUpperCase().padStart(8, '0');
}

const PHASES: ReadonlyMap<number, 1 | 2 | 3> = new Map([
  [1, 1],
  [2, 2],
  [4, 3],
]);

/** The unit at `address` of `family`, from the identity values that were read (missing ones stay `undefined`). */
export function identifiedDevice(family: Family, address: number, values: ReadonlyMap<IdentityField, number>): DiscoveredDevice {
  const type = values.get('type');
  const idType = type === undefined || !Number.isFinite(type) ? undefined : Math.trunc(type);
  const phase = values.get('phase');
  return {
    family,
    address,
    code: formatDeviceCode(address, family) ?? String(address),
    model: idType === undefined ? undefined : deviceModelOf(family, idType),
    idType,
    hardwareVersion: majorMinor(values.get('hardware')),
    powerHardwareVersion: majorMinor(values.get('hardwarePower')),
    softwareVersion: software(values),
    fid: fid(values),
    phase: phase === undefined ? undefined : PHASES.get(phase),
  };
}
