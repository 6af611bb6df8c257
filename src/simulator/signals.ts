/**
 * Signal parameters (INT32 commands, sent by writing 1: spec §4.5.11) and what each does in
 * the simulator. Every signal is reported by the installation's `signal` event; those listed
 * here also act on the installation.
 * @module
 */
import type { Family } from '../catalogue/types.js';

/**
 * What a signal does:
 * - `'restart-family'`: every unit of the family restarts ({1468} "Reset of all the
 *   inverters", {10051}, {14059}): RAM values fall back to flash, and the units answer as
 *   absent (DEVICE_NOT_FOUND from the gateway) for the installation's `restartMs`;
 * - `'restart-system'`: {5121} "Reset all devices of the system": every device and the
 *   Xcom-232i restart; the gateway stays silent for `restartMs`, then raises frame-flag bit 1
 *   until {5104} is written (spec §3.3);
 * - `'restore-defaults'`: the "Restore default settings" and "Restore factory settings"
 *   signals of each family: every parameter of the unit written goes back to its default, in
 *   flash and RAM ({1550} included, so flash saving is on again);
 * - `'erase-messages'`: {5035} "Erase messages" empties the message log;
 * - `'clear-restart-flag'`: {5104} clears frame-flag bit 1;
 * - `'format-sd'`: {5047} "Format the SD card" erases every datalog file (today's starts again
 *   from the next minute);
 * - `'erase-oldest-logs'`: {5120} "Erase the 30 oldest log files from the SD card" (today's,
 *   being written, stays);
 * - `'save-datalog'`: {5059} "Save today's datas": the gateway saves, and answers GATEWAY_BUSY
 *   for the SD card's `saveBusyMs`.
 */
export type SignalEffect =
  | 'restart-family'
  | 'restart-system'
  | 'restore-defaults'
  | 'erase-messages'
  | 'clear-restart-flag'
  | 'format-sd'
  | 'erase-oldest-logs'
  | 'save-datalog';

const EFFECTS: ReadonlyMap<string, SignalEffect> = new Map<string, SignalEffect>([
  ['xtender 1468', 'restart-family'],
  ['variotrack 10051', 'restart-family'],
  ['variostring 14059', 'restart-family'],
  ['rcc 5121', 'restart-system'],
  ['xtender 1395', 'restore-defaults'],
  ['xtender 1287', 'restore-defaults'],
  ['bsp 6004', 'restore-defaults'],
  ['bsp 6005', 'restore-defaults'],
  ['bms 6004', 'restore-defaults'],
  ['bms 6005', 'restore-defaults'],
  ['variotrack 10056', 'restore-defaults'],
  ['variotrack 10057', 'restore-defaults'],
  ['variostring 14067', 'restore-defaults'],
  ['variostring 14068', 'restore-defaults'],
  ['rcc 5035', 'erase-messages'],
  ['rcc 5104', 'clear-restart-flag'],
  ['rcc 5047', 'format-sd'],
  ['rcc 5120', 'erase-oldest-logs'],
  ['rcc 5059', 'save-datalog'],
]);

/** What signal `id` of `family` does beyond being reported, if anything. */
export function signalEffect(family: Family, id: number): SignalEffect | undefined {
  return EFFECTS.get(`${family} ${id}`);
}

/** The value that fires a signal (spec §4.5.11: "you must write the value 1"). */
export const SIGNAL_VALUE = 1;

/** A signal a device received, as the installation's `signal` event reports it. */
export interface SignalEvent {
  /** The device that received it (each unit a multicast write reaches is reported). */
  readonly address: number;
  /** The signal parameter's number. */
  readonly id: number;
  /** When, in ms since 1970 on the simulator's clock. */
  readonly atMs: number;
}
