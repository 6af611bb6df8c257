/**
 * How a Studer datapoint appears in Home Assistant: its platform (sensor, binary_sensor,
 * number, select, switch, button), its unit in Home Assistant's spelling, its device class and
 * state class, and how its value is written on its state topic. Home Assistant's energy
 * dashboard takes only energy sensors whose state class is `total` or `total_increasing`, and
 * keeps long-term statistics only of sensors that have a state class: both follow from here.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';

/** The Home Assistant MQTT platforms the bridge uses. */
export type HaPlatform = 'sensor' | 'binary_sensor' | 'number' | 'select' | 'switch' | 'button';

/**
 * How a value is written on its state topic: a number (`52.3`), an enum's label (`Inverter`),
 * `true`/`false`, or text.
 */
export type Representation = 'number' | 'label' | 'bool' | 'text';

/** Home Assistant's state classes the bridge uses. */
export type StateClass = 'measurement' | 'total_increasing';

/** One datapoint as a Home Assistant entity. */
export interface EntityKind {
  /** The platform. */
  readonly platform: HaPlatform;
  /** How its state is written. */
  readonly representation: Representation;
  /** The unit, in Home Assistant's spelling (`V`, not `Vdc`). */
  readonly unit: string | undefined;
  /** The device class (`voltage`, `energy`, `enum`, …). */
  readonly deviceClass: string | undefined;
  /** The state class; none for enums, parameters and the previous day's figures. */
  readonly stateClass: StateClass | undefined;
  /** The states of an enum sensor or the choices of a select: the labels, each once. */
  readonly options: readonly string[] | undefined;
  /** A binary sensor's or switch's `on` payload. */
  readonly payloadOn: string | undefined;
  /** A binary sensor's or switch's `off` payload. */
  readonly payloadOff: string | undefined;
  /** A number's minimum. */
  readonly min: number | undefined;
  /** A number's maximum. */
  readonly max: number | undefined;
  /** A number's step. */
  readonly step: number | undefined;
  /** `config` for what can be set, `diagnostic` for parameters shown read-only. */
  readonly entityCategory: 'config' | 'diagnostic' | undefined;
}

/** A unit as Home Assistant spells it, and the device class it implies. */
interface HaUnit {
  readonly unit: string;
  readonly deviceClass?: string;
}

const VOLT: HaUnit = { unit: 'V', deviceClass: 'voltage' };
const AMPERE: HaUnit = { unit: 'A', deviceClass: 'current' };
const PERCENT: HaUnit = { unit: '%' };

/**
 * The appendix's units (and the infos' value units) in Home Assistant's spelling. `kVA` has
 * no device class: Home Assistant's `apparent_power` long took `VA` only. The INT32 `Minutes`
 * and `Seconds` parameters are times of day and dates, not durations.
 */
const UNITS: Readonly<Record<string, HaUnit>> = {
  V: VOLT,
  Vdc: VOLT,
  Vac: VOLT,
  LVD: VOLT,
  Vrip: VOLT,
  mV: { unit: 'mV', deviceClass: 'voltage' },
  A: AMPERE,
  Adc: AMPERE,
  Aac: AMPERE,
  Ausr: AMPERE,
  ILim: AMPERE,
  W: { unit: 'W', deviceClass: 'power' },
  kW: { unit: 'kW', deviceClass: 'power' },
  VA: { unit: 'VA', deviceClass: 'apparent_power' },
  kVA: { unit: 'kVA' },
  Wh: { unit: 'Wh', deviceClass: 'energy' },
  kWh: { unit: 'kWh', deviceClass: 'energy' },
  MWh: { unit: 'MWh', deviceClass: 'energy' },
  Ah: { unit: 'Ah' },
  kAh: { unit: 'kAh' },
  '°C': { unit: '°C', deviceClass: 'temperature' },
  '%': PERCENT,
  '% SOC': PERCENT,
  '% Pnom': PERCENT,
  '%cap': PERCENT,
  Hz: { unit: 'Hz', deviceClass: 'frequency' },
  h: { unit: 'h', deviceClass: 'duration' },
  hours: { unit: 'h', deviceClass: 'duration' },
  min: { unit: 'min', deviceClass: 'duration' },
  minutes: { unit: 'min', deviceClass: 'duration' },
  sec: { unit: 's', deviceClass: 'duration' },
  days: { unit: 'd', deviceClass: 'duration' },
  Minutes: { unit: 'min' },
  Seconds: { unit: 's' },
};

/** The units of counters: energy, charge, hours, days. */
const COUNTER_UNITS = new Set(['Wh', 'kWh', 'MWh', 'Ah', 'kAh', 'h', 'd']);
/** Home Assistant refuses `measurement` for energy. */
const ENERGY_UNITS = new Set(['Wh', 'kWh', 'MWh']);
/** A figure of the previous day: set once a day, it is no meter (a rise is not energy used). */
const PREVIOUS_DAY = /previous day|yesterday/i;
/** A counter that only grows until its reset: at midnight, by the user, or never. */
const GROWING = /current day|today|resettable|counter|total/i;
const STATE_OF_CHARGE = /state of charge/i;

/** The unit of a datapoint's value in Home Assistant's spelling, with its device class. */
export function haUnit(datapoint: Datapoint): { readonly unit: string | undefined; readonly deviceClass: string | undefined } {
  const raw = datapoint.valueUnit !== undefined && datapoint.valueUnit !== '' ? datapoint.valueUnit : datapoint.unit;
  if (raw === '') return { unit: undefined, deviceClass: undefined };
  const known = UNITS[raw];
  if (known === undefined) return { unit: raw, deviceClass: undefined };
  const battery = known === PERCENT && STATE_OF_CHARGE.test(datapoint.description);
  return { unit: known.unit, deviceClass: battery ? 'battery' : known.deviceClass };
}

/**
 * The state class of a user info's number. Counters that grow until they are reset (the
 * current day's energy, reset at midnight; lifetime totals; resettable counters) are
 * `total_increasing`: Home Assistant reads a drop as a new cycle of the meter, which is what
 * the midnight reset is, so the energy dashboard adds each day's energy once. `total` would
 * need a `last_reset` the Xcom does not give. The previous day's figures get none: a value
 * that jumps once a day to another day's total is no meter, and the dashboard must not offer it.
 */
export function stateClassOf(datapoint: Datapoint, unit: string | undefined): StateClass | undefined {
  if (unit !== undefined && COUNTER_UNITS.has(unit)) {
    if (PREVIOUS_DAY.test(datapoint.description)) return undefined;
    if (GROWING.test(datapoint.description)) return 'total_increasing';
    if (ENERGY_UNITS.has(unit)) return undefined;
  }
  return 'measurement';
}

/** How a value of the datapoint is written: see {@link Representation}. */
export function representationOf(datapoint: Datapoint): Representation {
  switch (datapoint.format) {
    case 'BOOL':
      return 'bool';
    case 'FLOAT':
    case 'INT32':
      return 'number';
    case 'SHORT_ENUM':
    case 'LONG_ENUM': {
      // A bit field's labels are its bits, not its states: its value is the mask.
      const labelled = (datapoint.labels?.length ?? 0) > 0 && datapoint.longEnumMode !== 'bit-field';
      return labelled ? 'label' : 'number';
    }
    default:
      return 'text';
  }
}

/** The labels, each once (the appendix repeats `---` for unused values). */
function optionsOf(datapoint: Datapoint): readonly string[] {
  return [...new Set((datapoint.labels ?? []).map((l) => l.label))];
}

/** Two labels for 0 and 1 (`Off`/`On`, `Opened`/`Closed`): a binary sensor. */
function onOffLabels(datapoint: Datapoint): { readonly on: string; readonly off: string } | undefined {
  const labels = datapoint.labels ?? [];
  const off = labels.find((l) => l.value === 0);
  const on = labels.find((l) => l.value === 1);
  return labels.length === 2 && off !== undefined && on !== undefined ? { on: on.label, off: off.label } : undefined;
}

const NONE = {
  unit: undefined,
  deviceClass: undefined,
  stateClass: undefined,
  options: undefined,
  payloadOn: undefined,
  payloadOff: undefined,
  min: undefined,
  max: undefined,
  step: undefined,
  entityCategory: undefined,
} as const;

/** What the configuration lets consumers do with a datapoint. */
export interface EntityUse {
  /** Consumers may write it (a parameter). */
  readonly writable: boolean;
  /** Consumers may trigger it (a signal). */
  readonly button: boolean;
}

/**
 * The entity of a datapoint. `datapoint` carries the ranges of this installation (the 120 Vac
 * overlay, the battery voltage's scaling), which become a number's min and max.
 */
export function entityKind(datapoint: Datapoint, use: EntityUse): EntityKind {
  const representation = representationOf(datapoint);
  if (use.button) return { ...NONE, platform: 'button', representation: 'text', entityCategory: 'config' };
  const { unit, deviceClass } = haUnit(datapoint);
  const info = datapoint.kind === 'info';
  const entityCategory = info ? undefined : use.writable ? 'config' : 'diagnostic';
  if (representation === 'bool') {
    const payloads = { payloadOn: 'true', payloadOff: 'false' };
    return { ...NONE, ...payloads, platform: use.writable ? 'switch' : 'binary_sensor', representation, entityCategory };
  }
  if (representation === 'label') {
    const options = optionsOf(datapoint);
    if (use.writable) return { ...NONE, platform: 'select', representation, options, entityCategory };
    const onOff = onOffLabels(datapoint);
    if (onOff !== undefined) return { ...NONE, platform: 'binary_sensor', representation, payloadOn: onOff.on, payloadOff: onOff.off, entityCategory };
    return { ...NONE, platform: 'sensor', representation, deviceClass: 'enum', options, entityCategory };
  }
  if (representation === 'number' && use.writable) {
    const step = datapoint.increment !== undefined && datapoint.increment > 0 ? Math.max(datapoint.increment, 0.001) : datapoint.format === 'FLOAT' ? 0.001 : 1;
    return { ...NONE, platform: 'number', representation, unit, deviceClass, min: datapoint.min, max: datapoint.max, step, entityCategory };
  }
  // Parameters shown read-only are settings, not measurements: no statistics.
  const stateClass = info && representation === 'number' ? stateClassOf(datapoint, unit) : undefined;
  return { ...NONE, platform: 'sensor', representation, unit, deviceClass, stateClass, entityCategory };
}
