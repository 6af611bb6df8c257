/**
 * The states of an enum's state set (`xcom_operating_state{state="Inverter"}`).
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';

/** One state: the enum's value and the label the `state` label shows. */
export interface EnumState {
  /** The enum's number. */
  readonly value: number;
  /** The appendix's label, made unique (`"M (3)"` where two values share the label `M`). */
  readonly state: string;
}

const cache = new WeakMap<Datapoint, readonly EnumState[]>();

/**
 * The states of an enum datapoint, in the appendix's order. A value the appendix documents as
 * no reading ("Invalid value") is not a state: such a reading is not exposed at all. Nor is a
 * value the appendix labels `---` (unused): should a unit answer one, its number is the label.
 */
export function enumStates(datapoint: Datapoint): readonly EnumState[] {
  const known = cache.get(datapoint);
  if (known !== undefined) return known;
  const noReading = new Set((datapoint.sentinels ?? []).flatMap((s) => (s.match === 'exact' ? [s.value] : [])));
  const labels = (datapoint.labels ?? []).filter((l) => !noReading.has(l.value) && !/^-+$/.test(l.label.trim()));
  const count = new Map<string, number>();
  for (const l of labels) count.set(l.label, (count.get(l.label) ?? 0) + 1);
  const states = labels.map((l) => ({ value: l.value, state: (count.get(l.label) ?? 0) > 1 ? `${l.label} (${l.value})` : l.label }));
  cache.set(datapoint, states);
  return states;
}
