/**
 * What {@link XcomClient.discover} takes and returns: the installation, its gateway and each
 * unit with its identity.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Family } from '../catalogue/types.js';
import type { XcomWarning } from './client-events.js';
import type { Pacing } from './pacing.js';
import type { PollClock } from './poll-clock.js';

/** The Xcom-232i (or Xcom-LAN) at 501. */
export interface DiscoveredGateway {
  /** Its address, 501. */
  readonly address: number;
  /** Its GUID as 32 hex digits, when it has one (it answers object type 4 in Modem/Ethernet mode). */
  readonly guid: string | undefined;
  /** Whether it answers multi-info reads (object type 10; refused with SERVICE_NOT_SUPPORTED before 1.6.74). */
  readonly multiInfo: boolean;
  /**
   * Its firmware version, as far as Scom tells: the protocol has no datapoint for the
   * Xcom-232i's own version, so this is the bound its multi-info answer gives (the spec's
   * multi-info needs 1.6.74): `'>=1.6.74'` or `'<1.6.74'`.
   */
  readonly softwareVersion: '>=1.6.74' | '<1.6.74';
}

/** One unit found on the bus. */
export interface DiscoveredDevice {
  /** Its family. */
  readonly family: Family;
  /** Its Scom address (101…109, 301…315, 501, 601, 701…715). */
  readonly address: number;
  /** Its short code: `XT1`…`XT9`, `VT1`…`VT15`, `VS1`…`VS15`, `BSP`, `BMS`, `RCC`. */
  readonly code: string;
  /**
   * The model its "ID type" names in the catalogue (`'XTH'`, `'VT-65/VT-80'`, `'VS-120'`,
   * `'BSP-500/BSP-1200'`, …), or `undefined` when the type is one the appendix does not list
   * (see {@link idType}) or the family has no "ID type" (Xcom-CAN BMS, RCC).
   */
  readonly model: string | undefined;
  /** The raw "ID type" value, as read (`undefined` when the family has none or the unit refused it). */
  readonly idType: number | undefined;
  /** "ID HW" as `major.minor` (`'4.2'`). */
  readonly hardwareVersion: string | undefined;
  /** An Xtender's "ID HW PWR", the power board's hardware version, as `major.minor`. */
  readonly powerHardwareVersion: string | undefined;
  /**
   * The firmware version `'X.Y.Z'` from "ID SOFT msb/lsb" (spec §4.4.3); for the Xcom-CAN BMS,
   * from {7054} "BMS Version", read as X·65536 + Y·256 + Z (the appendix gives it no
   * encoding: unverified on hardware).
   */
  readonly softwareVersion: string | undefined;
  /** The FID from "ID FID msb/lsb" (spec §4.4.4), 8 upper-case hex digits. */
  readonly fid: string | undefined;
  /** An Xtender's phase from {3089} "Defined phase" (1 = L1, 2 = L2, 4 = L3 on the wire). */
  readonly phase: 1 | 2 | 3 | undefined;
}

/** What {@link XcomClient.discover} found. */
export interface DiscoveredInstallation {
  /** The gateway. */
  readonly gateway: DiscoveredGateway;
  /** Every unit, family by family (Xtenders, 501, 601, VarioTracks, VarioStrings), in address order. */
  readonly devices: readonly DiscoveredDevice[];
  /**
   * The battery's nominal voltage from "ID batt voltage" (an Xtender's {3127}, else a
   * VarioTrack's {11048} or the BSP's {7035}), `undefined` when none answers a value near 12,
   * 24 or 48 V. The client then checks values against its ranges, unless its `batteryVoltage`
   * option was set.
   */
  readonly batteryVoltage: BatteryVoltage | undefined;
  /** The requests discovery sent (each may have taken several attempts). */
  readonly requests: number;
  /** What discovery noticed and went on with (also emitted as `warning` events). */
  readonly warnings: readonly XcomWarning[];
}

/** A step of discovery, for a progress display. */
export type DiscoveryProgress =
  | {
      /** The gateway answered (or refused) its GUID. */
      readonly step: 'gateway';
      /** Requests sent so far. */
      readonly requests: number;
    }
  | {
      /** An address was probed. */
      readonly step: 'probe';
      /** The family probed for. */
      readonly family: Family;
      /** The address probed. */
      readonly address: number;
      /** Whether a unit of that family answered there. */
      readonly found: boolean;
      /** Requests sent so far. */
      readonly requests: number;
    }
  | {
      /** The identities were read. */
      readonly step: 'identity';
      /** How many units. */
      readonly devices: number;
      /** Requests sent so far. */
      readonly requests: number;
    };

/** Options of {@link XcomClient.discover}. */
export interface DiscoverOptions {
  /** Aborts discovery; it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each step (a probe, the identities). */
  readonly onProgress?: (progress: DiscoveryProgress) => void;
  /**
   * Leaves the gateway idle between bursts of discovery's requests (see {@link Pacing}), as a
   * long-running bridge that discovers again now and then does on a gateway it shares with
   * Studer's portal.
   */
  readonly pacing?: Pacing;
  /** The time source of `pacing` (default `performance.now()` and `setTimeout`). */
  readonly clock?: PollClock;
}

/** The keys of {@link DiscoverOptions}, which the client checks at run time. */
export const DISCOVER_OPTION_KEYS = ['signal', 'onProgress', 'pacing', 'clock'] as const satisfies readonly (keyof DiscoverOptions)[];
// Fails to compile when the list misses a key of the interface.
type True<T extends true> = T;
type _DiscoverOptionKeys = True<[Exclude<keyof DiscoverOptions, (typeof DISCOVER_OPTION_KEYS)[number]>] extends [never] ? true : false>;
