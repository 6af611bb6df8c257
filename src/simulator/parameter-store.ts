/**
 * A device's parameters: the flash value and the RAM value kept apart, as the spec's
 * properties 5 and 13 address them, how often each was written to flash, and the family's
 * "Parameters saved in flash memory" switch ({1550}, {10058}, {14069}).
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import { initialValue } from './datapoint-values.js';

/** One parameter's state on one device. */
export interface ParameterState {
  /** The catalogue entry. */
  readonly datapoint: Datapoint;
  /** The value in flash (property 5): survives a restart. */
  flash: number;
  /** The value in force (property 13): what the device uses. */
  ram: number;
  /** Writes to flash (property 5) so far: flash endures about 1000 (spec §4.5.4). */
  flashWrites: number;
  /** Writes that changed RAM only so far: property 13, or property 5 while flash saving is off. */
  ramWrites: number;
}

/** Where a write lands: property 5 writes flash and RAM, property 13 RAM only. */
export type WriteTarget = 'flash' | 'ram';

/**
 * The parameters of one device, keyed by number.
 *
 * With a flash switch (an Xtender's {1550}, a VarioTrack's {10058}, a VarioString's {14069}
 * "Parameters saved in flash memory") set to No in RAM, a property-5 write changes only the
 * value in force: reads of property 5 and a restart give the value from before (spec §4.5.4).
 * Writing No to the switch itself reaches flash only when flash still holds Yes; Yes is
 * written every time.
 */
export class ParameterStore {
  private readonly states = new Map<number, ParameterState>();
  private readonly flashSwitch: ParameterState | undefined;

  /**
   * @param datapoints the device's parameters (catalogue entries of kind `'parameter'`)
   * @param flashSwitchId the number of the family's "Parameters saved in flash memory" switch, if it has one
   */
  constructor(datapoints: Iterable<Datapoint>, flashSwitchId?: number) {
    for (const dp of datapoints) {
      const value = initialValue(dp);
      this.states.set(dp.id, { datapoint: dp, flash: value, ram: value, flashWrites: 0, ramWrites: 0 });
    }
    this.flashSwitch = flashSwitchId === undefined ? undefined : this.states.get(flashSwitchId);
  }

  /** Whether property-5 writes reach flash: the flash switch, if any, is Yes in force. */
  get savesToFlash(): boolean {
    return this.flashSwitch === undefined || this.flashSwitch.ram !== 0;
  }

  /** The state of parameter `id`, if the device has it. */
  get(id: number): ParameterState | undefined {
    return this.states.get(id);
  }

  /** Whether the device has parameter `id`. */
  has(id: number): boolean {
    return this.states.has(id);
  }

  /** Every parameter of the device. */
  values(): IterableIterator<ParameterState> {
    return this.states.values();
  }

  /**
   * Stores a checked value: flash writes set both values and count, RAM writes set RAM only,
   * and so do flash writes while the flash switch is No. Returns where the value landed.
   */
  write(id: number, value: number, target: WriteTarget): WriteTarget {
    const state = this.states.get(id);
    if (state === undefined) return target;
    state.ram = value;
    const isSwitch = state === this.flashSwitch;
    // A repeated No to the switch is "written in the flash memory only the first time".
    const reachesFlash = target === 'flash' && (isSwitch ? !(value === 0 && state.flash === 0) : this.savesToFlash);
    if (reachesFlash) {
      state.flash = value;
      state.flashWrites++;
      return 'flash';
    }
    state.ramWrites++;
    return 'ram';
  }

  /** Drops every RAM value back to flash, as a restart of the device does. */
  restart(): void {
    for (const state of this.states.values()) state.ram = state.flash;
  }

  /** Sets every parameter back to its default, in flash and RAM (a "Restore default settings" signal); no write is counted. */
  restoreDefaults(): void {
    for (const state of this.states.values()) {
      const value = initialValue(state.datapoint);
      state.flash = value;
      state.ram = value;
    }
  }
}
