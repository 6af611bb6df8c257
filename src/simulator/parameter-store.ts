/**
 * A device's parameters: the flash value and the RAM value kept apart, as the spec's
 * properties 5 and 13 address them, and how often each was written to flash.
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
  /** Writes to RAM only (property 13) so far. */
  ramWrites: number;
}

/** Where a write lands: property 5 writes flash and RAM, property 13 RAM only. */
export type WriteTarget = 'flash' | 'ram';

/** The parameters of one device, keyed by number. */
export class ParameterStore {
  private readonly states = new Map<number, ParameterState>();

  /** @param datapoints the device's parameters (catalogue entries of kind `'parameter'`) */
  constructor(datapoints: Iterable<Datapoint>) {
    for (const dp of datapoints) {
      const value = initialValue(dp);
      this.states.set(dp.id, { datapoint: dp, flash: value, ram: value, flashWrites: 0, ramWrites: 0 });
    }
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

  /** Stores a checked value: flash writes set both values and count, RAM writes set RAM only. */
  write(id: number, value: number, target: WriteTarget): void {
    const state = this.states.get(id);
    if (state === undefined) return;
    state.ram = value;
    if (target === 'flash') {
      state.flash = value;
      state.flashWrites++;
    } else {
      state.ramWrites++;
    }
  }

  /** Drops every RAM value back to flash, as a restart of the device does. */
  restart(): void {
    for (const state of this.states.values()) state.ram = state.flash;
  }
}
