/**
 * Signal parameters: INT32 commands ("Restore factory settings", "Reset of all the inverters",
 * "Format the SD card") that act when 1 is written to their value (spec §4.5.11). They are not
 * settings: `setValue` refuses them, so that none is sent by a loop, a copied configuration or
 * a typo, and {@link XcomClient.trigger} sends them on purpose.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import { XcomC } from '../constants.js';
import { XcomValidationError } from '../errors.js';

/** The value that sends a signal (spec §4.5.11: "write the value 1 to the parameter value"). */
export const SIGNAL_VALUE = 1;

/** The property a signal is written to: the parameter value, property 5 (`XcomC.QSP_VALUE`). */
export const SIGNAL_PROPERTY: number = XcomC.QSP_VALUE;

function describe(dp: Datapoint): string {
  return `{${dp.id}} ${dp.description}`;
}

/**
 * Refuses a signal parameter in a call that writes settings; `explicit` is the call that
 * sends it (`trigger(XcomP.…)`, `xcom trigger … --yes`).
 */
export function checkNotSignal(dp: Datapoint, caller: string, explicit: string): void {
  if (dp.signal !== true) return;
  throw new XcomValidationError(`${describe(dp)} is a signal (a command, not a setting): ${caller} does not send it; ${explicit} does`, 'datapoint');
}

/** Refuses a datapoint that is not a signal parameter in {@link XcomClient.trigger}. */
export function checkSignal(dp: Datapoint): void {
  if (dp.signal === true) return;
  const what = dp.kind === 'info' ? 'a user info' : 'a setting';
  throw new XcomValidationError(`${describe(dp)} is not a signal but ${what}: trigger sends signal parameters only (use setValue for a setting)`, 'datapoint');
}
