/**
 * The screen object of the Xcom-232i (object type 0x0100, spec §6.2): a read presses the key
 * its object id names on the simulated RCC, then returns the display, raw (as real gateways
 * send it) or run-length encoded.
 * @module
 */
import { SCOM_ERRORS as E } from '../constants.js';
import { SCREEN_BYTES } from '../protocol/rcc-screen.js';
import { encodeScreenRaw, encodeScreenRle, rccKeyOf, SCREEN_PROPERTY_FULL } from '../protocol/screen-codec.js';
import type { ScomMessage } from '../protocol/service.js';
import type { SimInstallation } from './installation.js';
import { fail, ok, type Reply } from './reply.js';

const XCOM = 501;
const WRITE = 0x02;

/**
 * How the simulated gateway answers screen reads: `'raw'`, the 1024-byte bitmap real gateways
 * send; `'rle'`, the run-length form of spec §6.2.4 (the raw form still when the run-length
 * one would not be shorter, as a frame holds at most 1024 bytes of screen); or `false`, no
 * screen object (SCOM_ERROR_OBJECT_NOT_SUPPORTED).
 */
export type ScreenAnswer = 'raw' | 'rle' | false;

/** Answers a screen request: property 0 only (the delta, 1, is "not implemented" in the spec), read only. */
export function handleScreen(site: SimInstallation, msg: ScomMessage, answer: ScreenAnswer): Reply {
  if (answer === false) return fail(XCOM, E.SCOM_ERROR_OBJECT_NOT_SUPPORTED);
  if (msg.serviceId === WRITE) return fail(XCOM, E.PROPERTY_IS_READ_ONLY);
  const key = rccKeyOf(msg.objectId);
  if (key === undefined) return fail(XCOM, E.OBJECT_ID_NOT_FOUND, `object id 0x${msg.objectId.toString(16)} is no RCC key`);
  if (msg.propertyId !== SCREEN_PROPERTY_FULL) return fail(XCOM, E.PROPERTY_NOT_SUPPORTED, 'only the full screen (property 0) is served');
  site.display.press(key);
  const rows = site.display.bitmap();
  if (answer === 'rle') {
    const rle = encodeScreenRle(rows);
    if (rle.length < SCREEN_BYTES) return ok(XCOM, rle);
  }
  return ok(XCOM, encodeScreenRaw(rows));
}
