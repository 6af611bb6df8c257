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
  /** `<unit code>/<XcomP name>`, `'XT1/XT_BATTERY_VOLTAGE'`: unique in a selection. */
  readonly key: string;
  /** The unit. */
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
 * replaces the options of an earlier one), then the exclusions.
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
    const key = `${device.code}/${datapoint.name}`;
    chosen.delete(key);
    chosen.set(key, {
      key,
      device,
      datapoint,
      intervalMs: entry?.intervalMs ?? config.intervalMs,
      writable: entry?.writable ?? false,
      flash: entry?.flash ?? false,
      button: entry?.button ?? false,
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
      if (datapoint !== undefined) add(device, datapoint, entry);
    }
  }
  for (const rule of config.exclude) {
    for (const [key, item] of chosen) {
      const named = rule.datapoints.some((d) => d.family === item.datapoint.family && d.id === item.datapoint.id);
      if (named && (rule.addresses === undefined || rule.addresses.includes(item.device.address))) chosen.delete(key);
    }
  }
  // Discovery's unit order, then insertion order within a unit.
  const order = new Map(installation.devices.map((d, i) => [d, i]));
  const items = [...chosen.values()].map((item, i) => ({ item, i }));
  items.sort((a, b) => (order.get(a.item.device) ?? 0) - (order.get(b.item.device) ?? 0) || a.i - b.i);
  return { items: items.map((x) => x.item), warnings };
}
