/**
 * What a bridge reads: the configuration applied to the units discovery found.
 * @module
 */
import { findDatapoint } from '../catalogue/lookup.js';
import type { Datapoint } from '../catalogue/types.js';
import type { DiscoveredDevice, DiscoveredInstallation } from '../client/discovery-result.js';
import type { XcomWarning } from '../client/client-events.js';
import { type BridgeConfig, type DatapointEntry } from './bridge-config.js';
import { DEFAULT_DATAPOINTS } from './default-datapoints.js';

/** One datapoint of one unit that a bridge reads (or, for a button, only triggers). */
export interface SelectedDatapoint {
  /**
   * `<code>/<XcomP name>`, `'XT1/XT_BATTERY_VOLTAGE'` (`'XT/…'` for {@link allUnits}): unique
   * in a selection.
   */
  readonly key: string;
  /** The unit's code (`XT1`), or the family's (`XT`, `VT`, `VS`) for {@link allUnits}: a bridge's topic level. */
  readonly code: string;
  /** The unit, or for {@link allUnits} the family's first unit, which it is read from. */
  readonly device: DiscoveredDevice;
  /** The datapoint. */
  readonly datapoint: Datapoint;
  /** Milliseconds between reads. */
  readonly intervalMs: number;
  /** A parameter its consumers may write. */
  readonly writable: boolean;
  /** Writes go to flash too. */
  readonly flash: boolean;
  /** A signal its consumers may trigger; it is never read. */
  readonly button: boolean;
  /**
   * A parameter of the whole family (the entry's `allUnits`): selected once, read from the
   * family's first unit, written through the family's multicast address.
   */
  readonly allUnits: boolean;
}

/** The family part of a unit code: `XT1` → `XT`. */
function familyCode(device: DiscoveredDevice): string {
  return device.code.replace(/\d+$/, '');
}

/** The result of {@link selectDatapoints}. */
export interface Selection {
  /** The datapoints, unit by unit in discovery's order, each unit's in the order they were added. */
  readonly items: readonly SelectedDatapoint[];
  /** Entries that name units discovery did not find (they are left out, not an error: a unit may be off). */
  readonly warnings: readonly XcomWarning[];
}

/**
 * Applies a checked configuration to an installation: the default set of each unit's family
 * (unless `defaults` is false), then every entry (a later entry for the same unit and datapoint
 * replaces the options of an earlier one), then the exclusions. An `allUnits` entry selects its
 * datapoint once per family that has a unit (key `XT/<name>`, read from the first unit), and
 * no unit's own item of it is kept, whatever other entries say; only an exclusion without
 * `devices` takes it out.
 *
 * @example
 * ```ts
 * const installation = await xcom.discover();
 * const { items } = selectDatapoints(installation, parseBridgeConfig({ interval: 5 }));
 * for (const item of items) console.log(item.key, item.intervalMs);
 * ```
 */
export function selectDatapoints(installation: DiscoveredInstallation, config: BridgeConfig): Selection {
  const chosen = new Map<string, SelectedDatapoint>();
  const warnings: XcomWarning[] = [];
  const add = (device: DiscoveredDevice, datapoint: Datapoint, entry: DatapointEntry | undefined): void => {
    const allUnits = entry?.allUnits ?? false;
    const code = allUnits ? familyCode(device) : device.code;
    const key = `${code}/${datapoint.name}`;
    chosen.delete(key);
    chosen.set(key, {
      key,
      code,
      device,
      datapoint,
      intervalMs: entry?.intervalMs ?? config.intervalMs,
      writable: entry?.writable ?? false,
      flash: entry?.flash ?? false,
      button: entry?.button ?? false,
      allUnits,
    });
  };
  if (config.defaults) {
    for (const device of installation.devices) {
      for (const id of DEFAULT_DATAPOINTS[device.family]) {
        const datapoint = findDatapoint(id, device.family);
        if (datapoint !== undefined) add(device, datapoint, undefined);
      }
    }
  }
  for (const entry of config.datapoints) {
    const families = new Set(entry.datapoints.map((d) => d.family));
    const units = installation.devices.filter((d) => families.has(d.family) && (entry.addresses === undefined || entry.addresses.includes(d.address)));
    for (const address of entry.addresses ?? []) {
      if (!units.some((u) => u.address === address)) {
        warnings.push({ code: 'UNIT_NOT_FOUND', message: `the configuration names unit ${address} for ${entry.datapoints[0]?.name ?? ''}, which discovery did not find: left out` });
      }
    }
    for (const device of units) {
      const datapoint = entry.datapoints.find((d) => d.family === device.family);
      // Of a family's units, the first (the master, at the lowest address) stands for them all.
      const notFirst = entry.allUnits && units.some((u) => u.family === device.family && u.address < device.address);
      if (datapoint !== undefined && !notFirst) add(device, datapoint, entry);
    }
  }
  // A datapoint of the whole family is never also a unit's own: one entity, one writer.
  const wholeFamily = [...chosen.values()].filter((item) => item.allUnits).map((item) => item.datapoint);
  for (const [key, item] of chosen) {
    if (!item.allUnits && wholeFamily.some((d) => d.family === item.datapoint.family && d.id === item.datapoint.id)) chosen.delete(key);
  }
  for (const rule of config.exclude) {
    for (const [key, item] of chosen) {
      const named = rule.datapoints.some((d) => d.family === item.datapoint.family && d.id === item.datapoint.id);
      const units = rule.addresses === undefined || (!item.allUnits && rule.addresses.includes(item.device.address));
      if (named && units) chosen.delete(key);
    }
  }
  // Discovery's unit order, then insertion order within a unit.
  const order = new Map(installation.devices.map((d, i) => [d, i]));
  const items = [...chosen.values()].map((item, i) => ({ item, i }));
  items.sort((a, b) => (order.get(a.item.device) ?? 0) - (order.get(b.item.device) ?? 0) || a.i - b.i);
  return { items: items.map((x) => x.item), warnings };
}
