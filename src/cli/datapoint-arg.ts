/**
 * A datapoint as the user types it: its number (`3000`), its `XcomP` name
 * (`XT_BATTERY_VOLTAGE`, any case), an xcom-proto alias (`BATT_SOC`), or `bms:7000` where the
 * BSP and the Xcom-CAN BMS share a number.
 * @module
 */
import { familyOfAddress, MULTICAST_ADDRESSES } from '../catalogue/families.js';
import { findDatapoint } from '../catalogue/lookup.js';
import type { Datapoint, Family } from '../catalogue/types.js';
import { UsageError } from './command.js';
import { search } from './search.js';

const FAMILIES: readonly Family[] = ['xtender', 'rcc', 'bsp', 'bms', 'variotrack', 'variostring'];

function suggestions(text: string): string {
  const found = search(text.replace(/[_-]+/g, ' '));
  if (found.length === 0) return `try: xcom find ${text.toLowerCase().replace(/_/g, ' ')}`;
  const names = found.slice(0, 3).map((d) => `${d.name} {${d.id}}`);
  return `did you mean ${names.join(', ')}${found.length > 3 ? `, … (xcom find lists ${found.length})` : ''}?`;
}

/** The catalogue entry the argument names; an unknown one is a usage error with suggestions. */
export function resolveDatapoint(text: string): Datapoint {
  const arg = text.trim();
  const qualified = /^([a-z]+):(\d+)$/i.exec(arg);
  if (qualified !== null) {
    const family = FAMILIES.find((f) => f === qualified[1]?.toLowerCase());
    if (family === undefined) throw new UsageError(`unknown family "${qualified[1] ?? ''}" in "${arg}" (families: ${FAMILIES.join(', ')})`);
    const dp = findDatapoint(Number(qualified[2]), family);
    if (dp === undefined) throw new UsageError(`no datapoint ${qualified[2] ?? ''} in family ${family}`);
    return dp;
  }
  const dp = findDatapoint(arg);
  if (dp !== undefined) return dp;
  if (/^\d+$/.test(arg)) throw new UsageError(`unknown datapoint ${arg}: no such number in Studer's appendix`);
  throw new UsageError(`unknown datapoint "${arg}": ${suggestions(arg)}`);
}

/**
 * The catalogue entry `text` names exactly (as {@link resolveDatapoint} takes it), or
 * `undefined`, also for an unknown family: `xcom find` shows it before the loose matches.
 */
export function exactDatapoint(text: string): Datapoint | undefined {
  const arg = text.trim();
  const qualified = /^([a-z]+):(\d+)$/i.exec(arg);
  if (qualified === null) return findDatapoint(arg);
  const family = FAMILIES.find((f) => f === qualified[1]?.toLowerCase());
  return family === undefined ? undefined : findDatapoint(Number(qualified[2]), family);
}

/**
 * The catalogue entry of object `id` of type `objectType` (1 info, 2 parameter) at `address`,
 * looked up in the family that lives there, so that a raw read is shown with its name, unit
 * and labels and a raw write is checked. At an address outside every family (0, a typo), the
 * entry is found by its number alone: a write there is still checked. `undefined` for other
 * object types and numbers the family does not have.
 */
export function datapointAt(objectType: number, id: number, address: number): Datapoint | undefined {
  if (objectType !== 1 && objectType !== 2) return undefined;
  const home = familyOfAddress(address);
  const families: readonly Family[] = MULTICAST_ADDRESSES.get(address) ?? (address === 601 ? ['bsp', 'bms'] : home !== undefined ? [home] : FAMILIES);
  for (const family of families) {
    const dp = findDatapoint(id, family);
    if (dp !== undefined && (dp.kind === 'info') === (objectType === 1)) return dp;
  }
  return undefined;
}
