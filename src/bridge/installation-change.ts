/**
 * What changed between two discoveries of the same installation: units added, gone, or
 * replaced at the same address (another model, firmware or FID).
 * @module
 */
import type { Family } from '../catalogue/types.js';
import type { DiscoveredDevice, DiscoveredInstallation } from '../client/discovery-result.js';

/** The differences between the installation in use and one discovered again. */
export interface InstallationChange {
  /** Units found now at an address where there was none. */
  readonly added: readonly DiscoveredDevice[];
  /** Units in use that were not found now. */
  readonly gone: readonly DiscoveredDevice[];
  /** Units found at the same address under another identity (model, firmware, hardware, FID), as found now. */
  readonly changed: readonly DiscoveredDevice[];
}

/**
 * What identifies a unit beside its address. A field that was read before and not now (a
 * unit that refused one identity read) is no change: only a value read now that differs is.
 */
const IDENTITY: readonly (keyof DiscoveredDevice)[] = ['family', 'code', 'model', 'idType', 'softwareVersion', 'hardwareVersion', 'powerHardwareVersion', 'fid'];

/** Compares the units of `before` with those of `after`, by address and identity. */
export function compareInstallations(before: DiscoveredInstallation, after: DiscoveredInstallation): InstallationChange {
  const previous = new Map(before.devices.map((d) => [d.address, d]));
  const current = new Map(after.devices.map((d) => [d.address, d]));
  const added = after.devices.filter((d) => !previous.has(d.address));
  const gone = before.devices.filter((d) => !current.has(d.address));
  const changed = after.devices.filter((d) => {
    const old = previous.get(d.address);
    return old !== undefined && IDENTITY.some((key) => d[key] !== undefined && d[key] !== old[key]);
  });
  return { added, gone, changed };
}

/** Whether anything changed. */
export function isChange(change: InstallationChange): boolean {
  return change.added.length + change.gone.length + change.changed.length > 0;
}

/** Units in the order discovery lists them: family by family, then by address. */
const FAMILY_ORDER: readonly Family[] = ['xtender', 'rcc', 'bms', 'bsp', 'variotrack', 'variostring'];

/**
 * `after` with the units of `kept` (units of `before` not found now, kept for a while) put
 * back in their place.
 */
export function withUnits(after: DiscoveredInstallation, kept: readonly DiscoveredDevice[]): DiscoveredInstallation {
  if (kept.length === 0) return after;
  const rank = (d: DiscoveredDevice): number => FAMILY_ORDER.indexOf(d.family) * 10_000 + d.address;
  const devices = [...after.devices, ...kept].sort((a, b) => rank(a) - rank(b));
  return { ...after, devices };
}

/** Units as a list of codes for a log line (`VT3, XT2 (1.6.74 → 1.6.80)`). */
export function describeUnits(devices: readonly DiscoveredDevice[], before?: DiscoveredInstallation): string {
  return devices
    .map((d) => {
      const old = before?.devices.find((o) => o.address === d.address);
      if (old === undefined) return d.code;
      const diffs = IDENTITY.filter((key) => key !== 'code' && d[key] !== undefined && d[key] !== old[key]).map((key) => `${key} ${String(old[key] ?? '?')} → ${String(d[key])}`);
      return diffs.length === 0 ? d.code : `${d.code} (${diffs.join(', ')})`;
    })
    .join(', ');
}
