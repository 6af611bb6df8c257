/**
 * Finding datapoints: by number or name (and family, where BSP and the Xcom-CAN BMS share
 * numbers), by family, by text.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { DATAPOINTS } from './datapoints.generated.js';
import type { Datapoint, Family } from './types.js';
import { XcomP } from './xcomp.js';

let byId: Map<number, Datapoint[]> | undefined;

/** Datapoints by number, built on first use so that importing the catalogue stays cheap. */
function index(): Map<number, Datapoint[]> {
  if (byId === undefined) {
    byId = new Map();
    for (const datapoint of DATAPOINTS) {
      const list = byId.get(datapoint.id);
      if (list === undefined) byId.set(datapoint.id, [datapoint]);
      else list.push(datapoint);
    }
  }
  return byId;
}

/** `text` as an `XcomP` key: any case, spaces or dashes for underscores. */
const nameKey = (text: string): string => text.trim().toUpperCase().replace(/[\s-]+/g, '_');

/**
 * The datapoint `key` names: a number, a string of digits (`'7032'`, as read from a config
 * file), an `XcomP` name in any case (`'BSP_STATE_OF_CHARGE_MINUTE_AVG'`, `'bsp state of
 * charge minute avg'`) or one of the 45 xcom-proto aliases (`'BATT_SOC'`, `'batt_soc'`);
 * `undefined` when nothing matches.
 *
 * A name is never ambiguous: the generator gives every datapoint its own name, and each alias
 * stands for one datapoint. A number can be: BSP and the Xcom-CAN BMS share numbers (7000
 * Battery voltage, 6004 Restore default settings, …), and without a `family` the BSP's is
 * returned; pass `family: 'bms'` for the BMS's. With a `family`, only a datapoint of that family
 * is returned, also for a name (`findDatapoint('BATT_SOC', 'bms')` is `undefined`).
 *
 * @example
 * ```ts
 * findDatapoint(7032); // XcomP.BSP_STATE_OF_CHARGE_MINUTE_AVG
 * findDatapoint('BATT_SOC'); // the same object (the xcom-proto alias)
 * findDatapoint('batt_soc'); // the same object: names ignore case
 * findDatapoint('7000'); // XcomP.BSP_BATTERY_VOLTAGE: the BSP's where the BMS shares the number
 * findDatapoint(7000, 'bms'); // XcomP.BMS_BATTERY_VOLTAGE
 * findDatapoint('XT_BATTERY_VOLTAGE', 'bsp'); // undefined: an Xtender datapoint
 * ```
 */
export function findDatapoint(key: number | string, family?: Family): Datapoint | undefined {
  if (typeof key === 'string') {
    const text = key.trim();
    if (/^\d+$/.test(text)) return findDatapoint(Number(text), family);
    const name = nameKey(text);
    const points = XcomP as unknown as Readonly<Record<string, Datapoint>>;
    const named = Object.hasOwn(points, name) ? points[name] : undefined;
    return family === undefined || named?.family === family ? named : undefined;
  }
  const candidates = index().get(key);
  if (candidates === undefined) return undefined;
  if (family !== undefined) return candidates.find((d) => d.family === family);
  return candidates.find((d) => d.family !== 'bms') ?? candidates[0];
}

/**
 * Like {@link findDatapoint}, but throws {@link XcomValidationError} when nothing matches.
 *
 * @example
 * ```ts
 * const config = JSON.parse('{"soc": "batt_soc"}') as { soc: string }; // a name from a file
 * const soc = getDatapoint(config.soc); // XcomP.BSP_STATE_OF_CHARGE_MINUTE_AVG
 * getDatapoint('batt_sock'); // throws XcomValidationError: no datapoint "batt_sock" in the catalogue
 * ```
 */
export function getDatapoint(key: number | string, family?: Family): Datapoint {
  const datapoint = findDatapoint(key, family);
  if (datapoint === undefined) {
    const where = family === undefined ? '' : ` in family '${family}'`;
    const what = typeof key === 'number' ? String(key) : JSON.stringify(key);
    throw new XcomValidationError(`no datapoint ${what}${where} in the catalogue`, 'id');
  }
  return datapoint;
}

/** Every datapoint of one family, in the appendix's order (infos after parameters). */
export function datapointsOf(family: Family): readonly Datapoint[] {
  return DATAPOINTS.filter((d) => d.family === family);
}

/** The searchable text of each datapoint, folded, in DATAPOINTS order (built on first search). */
let haystacks: string[] | undefined;

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * The datapoints whose number is `text`, or whose name, description or RCC short name contain
 * every word of `text` (case and accents ignored, `_` and spaces alike), in catalogue order.
 *
 * @example
 * ```ts
 * searchDatapoints('battery voltage minute'); // XT_BATTERY_VOLTAGE_MINUTE_AVG, BSP_…, …
 * searchDatapoints('3000'); // [XcomP.XT_BATTERY_VOLTAGE]
 * ```
 */
export function searchDatapoints(text: string): Datapoint[] {
  const query = fold(text).replace(/_/g, ' ').trim();
  if (query === '') return [];
  if (/^\d+$/.test(query)) return DATAPOINTS.filter((d) => d.id === Number(query));
  const words = query.split(/\s+/);
  haystacks ??= DATAPOINTS.map((d) => fold(`${d.name.replace(/_/g, ' ')} ${d.description} ${d.shortName ?? ''}`));
  const texts = haystacks;
  return DATAPOINTS.filter((_, i) => words.every((word) => texts[i]!.includes(word)));
}
