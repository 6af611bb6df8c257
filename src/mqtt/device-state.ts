/**
 * What the bridge publishes per unit besides its values: whether it is available, and (with
 * `json`) one object with all its values.
 * @module
 */
import type { MonitoredValue } from '../bridge/installation-monitor.js';
import type { BridgeEntity } from './ha-discovery.js';
import { jsonValue } from './state-payload.js';

/**
 * Whether a unit is available: the installation answers, and the unit answered at least one
 * of its reads in its last cycle (a unit switched off answers none: DEVICE_NOT_FOUND). A unit
 * with nothing to read (only buttons) is available while the installation answers.
 */
export function unitAvailable(installationUp: boolean, values: readonly (MonitoredValue | undefined)[]): boolean {
  if (!installationUp) return false;
  const read = values.filter((v): v is MonitoredValue => v !== undefined);
  if (values.length > 0 && read.length === 0) return false;
  return read.length === 0 || read.some((v) => v.entry.ok);
}

/** A unit's JSON object: each datapoint's name and value (`null` for no reading), as its state topics show them. */
export function unitJson(entities: readonly BridgeEntity[], valueOf: (key: string) => MonitoredValue | undefined): Record<string, number | string | boolean | null> {
  const out: Record<string, number | string | boolean | null> = {};
  for (const entity of entities) {
    if (entity.stateTopic === undefined) continue;
    const value = valueOf(entity.key);
    if (value !== undefined) out[entity.item.datapoint.name] = jsonValue(entity.datapoint, entity.kind.representation, value.entry);
  }
  return out;
}
