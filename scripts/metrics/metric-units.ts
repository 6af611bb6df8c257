/**
 * The appendix's units and the Prometheus unit each becomes: base units where Prometheus has
 * one (watts are kept for power, as every solar exporter does: `rate()` of a joules counter is
 * the other way), a unit of its own where it has none. The README's metric table shows the
 * same rows (a test compares them).
 * @module
 */

/** The unit suffix of a metric name and the factor from the appendix's unit to it. */
export interface MetricUnit {
  /** The name's unit suffix (`volts`), `''` for none. */
  readonly suffix: string;
  /** What a value in the appendix's unit is multiplied by. */
  readonly scale: number;
}

const unit = (suffix: string, scale = 1): MetricUnit => ({ suffix, scale });

/**
 * Every unit of the catalogue (the unit of the value, `valueUnit`, where the appendix gives
 * one beside the RCC's). A unit missing here fails the generator: a new appendix's units are
 * chosen, not guessed.
 */
export const METRIC_UNITS: Readonly<Record<string, MetricUnit>> = {
  '': unit(''),
  // The appendix names these two compensations without a unit.
  Ctmp: unit(''),
  Cdyn: unit(''),
  W: unit('watts'),
  kW: unit('watts', 1000),
  VA: unit('voltamperes'),
  kVA: unit('voltamperes', 1000),
  kWh: unit('joules', 3_600_000),
  MWh: unit('joules', 3_600_000_000),
  V: unit('volts'),
  Vdc: unit('volts'),
  Vac: unit('volts'),
  mV: unit('volts', 0.001),
  A: unit('amperes'),
  Adc: unit('amperes'),
  Aac: unit('amperes'),
  Ah: unit('amperehours'),
  kAh: unit('amperehours', 1000),
  '%': unit('ratio', 0.01),
  '% SOC': unit('ratio', 0.01),
  '% Pnom': unit('ratio', 0.01),
  '%cap': unit('ratio', 0.01),
  '°C': unit('celsius'),
  Hz: unit('hertz'),
  sec: unit('seconds'),
  Seconds: unit('seconds'),
  min: unit('seconds', 60),
  minutes: unit('seconds', 60),
  Minutes: unit('seconds', 60),
  h: unit('seconds', 3600),
  hours: unit('seconds', 3600),
  days: unit('seconds', 86_400),
  weeks: unit('seconds', 604_800),
  '%/month': unit('ratio_per_month', 0.01),
  '%cap/°C': unit('ratio_per_celsius', 0.01),
  'mV/°C/cell': unit('volts_per_celsius_per_cell', 0.001),
};
