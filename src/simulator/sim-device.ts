/**
 * One simulated device: its address, family and place in the installation, its parameters,
 * the user infos it answers and its identity.
 * @module
 */
import type { Datapoint, Family } from '../catalogue/types.js';
import { DEFAULT_SOFTWARE_VERSION, identityInfos, resolveIdentity, supportsRamProperty, type DeviceIdentity } from './device-identity.js';
import type { DeviceSpec, Phase } from './installation-options.js';
import { ParameterStore } from './parameter-store.js';

/** The "Parameters saved in flash memory" switch of each family that has one (spec §4.5.4–4.5.5). */
const FLASH_SWITCH: Partial<Record<Family, number>> = { xtender: 1550, variotrack: 10058, variostring: 14069 };

/** A device of the simulated installation. */
export class SimDevice {
  /** Its Scom address. */
  readonly address: number;
  /** Its family. */
  readonly family: Family;
  /** Its 1-based index within the family (the multi-info device uid). */
  readonly index: number;
  /** An Xtender's phase. */
  readonly phase: Phase | undefined;
  /** Its parameters, flash and RAM values apart. */
  readonly parameters: ParameterStore;
  /** The user infos it answers, by number. */
  readonly infos: ReadonlyMap<number, Datapoint>;
  /** Info values pinned by a test or a user; they win over the model until unpinned. */
  readonly pinned = new Map<number, number>();
  /** Its model, hardware, FID and firmware version. */
  readonly identity: DeviceIdentity;
  /** The values of its identity infos ("ID type", "ID SOFT msb", …), by number. */
  readonly identityInfos: ReadonlyMap<number, number>;
  /** Whether its firmware answers property 13 of parameters (spec §4.5.4–4.5.6). */
  readonly ramProperty: boolean;
  /** Until when (ms on the simulator's clock) it is away, restarting; 0 when present. */
  absentUntilMs = 0;

  /**
   * @param spec where the device sits
   * @param datapoints the catalogue entries of its family
   * @param identity who it says it is (default: the family's default model, 1.6.74, FID from seed 1)
   */
  constructor(spec: DeviceSpec, datapoints: readonly Datapoint[], identity?: DeviceIdentity) {
    this.address = spec.address;
    this.family = spec.family;
    this.index = spec.index;
    this.phase = spec.phase;
    this.parameters = new ParameterStore(
      datapoints.filter((dp) => dp.kind === 'parameter'),
      FLASH_SWITCH[spec.family],
    );
    this.infos = new Map(datapoints.filter((dp) => dp.kind === 'info').map((dp) => [dp.id, dp]));
    this.identity = identity ?? resolveIdentity(spec, {}, DEFAULT_SOFTWARE_VERSION, 1, new Set());
    const known = identityInfos(spec, this.identity);
    for (const id of known.keys()) if (!this.infos.has(id)) known.delete(id);
    this.identityInfos = known;
    this.ramProperty = supportsRamProperty(spec.family, this.identity.software);
  }

  /** Where the device sits, as a {@link DeviceSpec}. */
  get spec(): DeviceSpec {
    return this.phase === undefined
      ? { address: this.address, family: this.family, index: this.index }
      : { address: this.address, family: this.family, index: this.index, phase: this.phase };
  }

  /** The catalogue entry of info or parameter `id` on this device, if it has one. */
  datapoint(id: number): Datapoint | undefined {
    return this.infos.get(id) ?? this.parameters.get(id)?.datapoint;
  }
}
