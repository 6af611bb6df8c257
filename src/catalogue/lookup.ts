/**
 * Finding datapoints: by number (and family, where BSP and the Xcom-CAN BMS share numbers), by
 * family, by text.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { DATAPOINTS } from './datapoints.generated.js';
import type { Datapoint, Family } from './types.js';

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

/**
 * The datapoint with number `id`. BSP and the Xcom-CAN BMS share numbers (7000 Battery voltage,
 * 6004 Restore default settings, …): without a `family`, the BSP's is returned; pass
 * `family: 'bms'` for the BMS's. With a `family`, only that family's datapoint is returned.
 */
export function findDatapoint(id: number, family?: Family): Datapoint | undefined {
  const candidates = index().get(id);
  if (candidates === undefined) return undefined;
  if (family !== undefined) return candidates.find((d) => d.family === family);
  return candidates.find((d) => d.family !== 'bms') ?? candidates[0];
}

/** Like {@link findDatapoint}, but throws {@link XcomValidationError} for an unknown number. */
export function getDatapoint(id: number, family?: Family): Datapoint {
  const datapoint = findDatapoint(id, family);
  if (datapoint === undefined) {
    const where = family === undefined ? '' : ` in family '${family}'`;
    throw new XcomValidationError(`no datapoint ${id}${where} in the catalogue`, 'id');
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
