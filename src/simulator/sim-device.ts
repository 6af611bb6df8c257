/**
 * One simulated device: its address, family and place in the installation, its parameters
 * and the user infos it answers.
 * @module
 */
import type { Datapoint, Family } from '../catalogue/types.js';
import type { DeviceSpec, Phase } from './installation-options.js';
import { ParameterStore } from './parameter-store.js';

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

  /**
   * @param spec where the device sits
   * @param datapoints the catalogue entries of its family
   */
  constructor(spec: DeviceSpec, datapoints: readonly Datapoint[]) {
    this.address = spec.address;
    this.family = spec.family;
    this.index = spec.index;
    this.phase = spec.phase;
    this.parameters = new ParameterStore(datapoints.filter((dp) => dp.kind === 'parameter'));
    this.infos = new Map(datapoints.filter((dp) => dp.kind === 'info').map((dp) => [dp.id, dp]));
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
