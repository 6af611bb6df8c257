/**
 * Reading and writing user infos (object type 1) and parameters (object type 2) on one
 * device or, for multicast and phase addresses, on a group of devices.
 * @module
 */
import { SCOM_ERRORS as E } from '../constants.js';
import type { ScomMessage } from '../protocol/service.js';
import { checkWrite, encodeNumber, levelCode, maximumOf, minimumOf } from './datapoint-values.js';
import type { SimInstallation } from './installation.js';
import { fail, ok, type Reply } from './reply.js';
import type { SimDevice } from './sim-device.js';

// The spec names property 1; real gateways answer 5 and 13 alike, which other clients send.
const INFO_PROPERTIES = new Set([0x01, 0x05, 0x0d]);
const PARAMETER_PROPERTIES = new Set([0x05, 0x06, 0x07, 0x08, 0x0d]);
const OBJECT_INFO = 1;
const RCC_DATE = 5002;

/** A group of devices a request reaches, and who answers for it. */
export interface Target {
  /** The devices the request reaches (one for a unicast address). */
  readonly devices: readonly SimDevice[];
  /** The device whose value a read returns (the master of the group). */
  readonly master: SimDevice;
  /** The address the reply comes from for a write. */
  readonly writeSrc: number;
  /** The address the reply comes from for a read. */
  readonly readSrc: number;
  /** Whether the address is a multicast or phase address. */
  readonly group: boolean;
}

/** Answers a read or write of an info or parameter reaching `target`. */
export function handleDatapoint(site: SimInstallation, msg: ScomMessage, target: Target): Reply {
  const isInfo = msg.objectType === OBJECT_INFO;
  const isWrite = msg.serviceId === 0x02;
  const src = isWrite ? target.writeSrc : target.readSrc;
  const master = target.master;
  const dp = isInfo ? master.infos.get(msg.objectId) : master.parameters.get(msg.objectId)?.datapoint;
  if (dp === undefined) {
    // Through a multicast address, a parameter of another family is refused, not unknown.
    if (target.group && isWrite && !isInfo && site.isKnownParameter(msg.objectId)) return fail(src, E.ACCESS_DENIED);
    return fail(src, E.OBJECT_ID_NOT_FOUND);
  }
  if (dp.notSupported === true) return fail(src, E.SCOM_ERROR_OBJECT_NOT_SUPPORTED);
  if (isInfo) {
    if (!INFO_PROPERTIES.has(msg.propertyId)) return fail(src, E.PROPERTY_NOT_SUPPORTED);
    if (isWrite) return fail(src, E.PROPERTY_IS_READ_ONLY);
    return ok(src, encodeNumber(dp.format, site.infoValue(master.address, dp.id) ?? 0));
  }
  if (!PARAMETER_PROPERTIES.has(msg.propertyId)) return fail(src, E.PROPERTY_NOT_SUPPORTED);
  if (isWrite) {
    // min, max and level are Studer's (QSP level) to change, not a user's.
    if (msg.propertyId !== 0x05 && msg.propertyId !== 0x0d) return fail(src, E.ACCESS_DENIED);
    const checked = checkWrite(dp, msg.propertyData);
    if ('error' in checked) return fail(src, checked.error);
    const where = msg.propertyId === 0x05 ? 'flash' : 'ram';
    for (const device of target.devices) site.writeParameter(device.address, dp.id, checked.value, where);
    return ok(src);
  }
  const state = master.parameters.get(dp.id);
  if (state === undefined) return fail(src, E.OBJECT_ID_NOT_FOUND);
  // {5002} is the real-time clock, whichever value property is read (spec §4.5.10).
  if (dp.id === RCC_DATE && master.family === 'rcc' && (msg.propertyId === 0x05 || msg.propertyId === 0x0d)) {
    return ok(src, encodeNumber(dp.format, site.localSeconds()));
  }
  switch (msg.propertyId) {
    case 0x05:
      return ok(src, encodeNumber(dp.format, state.flash));
    case 0x06:
      return ok(src, encodeNumber(dp.format, minimumOf(dp)));
    case 0x07:
      return ok(src, encodeNumber(dp.format, maximumOf(dp)));
    case 0x08:
      return ok(src, encodeNumber('SHORT_ENUM', levelCode(dp)));
    default:
      return ok(src, encodeNumber(dp.format, state.ram));
  }
}
