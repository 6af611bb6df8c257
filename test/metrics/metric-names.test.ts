// The generated metric table: the committed file is what the rules make of the catalogue (a
// snapshot: a change of a name shows in its diff), the names follow Prometheus's rules as
// promtool checks them, and the chosen mappings of the issue hold.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATAPOINTS } from '../../src/catalogue/datapoints.generated.js';
import { METRIC_FAMILIES } from '../../src/metrics/metric-names.generated.js';
import { metricOf } from '../../src/metrics/metric-table.js';
import { exposedNames, isExposed, stemOf, valueUnitOf } from '../../scripts/metrics/metric-rules.js';
import { METRIC_UNITS } from '../../scripts/metrics/metric-units.js';
import { renderMetricTable } from '../../scripts/metrics/render.js';
import { promtoolCheck, WITHOUT_PROMETHEUS } from './prometheus-tools.js';

const where = (family: string, id: number): { name: string; type: string; scale: number } => {
  const metric = metricOf({ family: family as never, id });
  if (metric === undefined) throw new Error(`${family}/${id} has no metric`);
  return { name: metric.family.name, type: metric.family.type, scale: metric.scale };
};

describe('the generated metric table', () => {
  it('is what the rules make of the catalogue (run `npm run metric-names` after changing them)', () => {
    expect(readFileSync('src/metrics/metric-names.generated.ts', 'utf8')).toBe(renderMetricTable());
  });

  it('holds every readable datapoint once, and nothing else', () => {
    const members = METRIC_FAMILIES.flatMap((f) => f.members.map(([family, id]) => `${family}/${id}`));
    expect(new Set(members).size).toBe(members.length);
    const readable = DATAPOINTS.filter(isExposed).map((d) => `${d.family}/${d.id}`);
    expect(members.sort()).toEqual(readable.sort());
    expect(DATAPOINTS.filter((d) => d.signal === true).every((d) => metricOf(d) === undefined)).toBe(true);
  });

  it('shares a family between device families with the same description and unit, with base units', () => {
    for (const [family, id] of [['xtender', 3000], ['bsp', 7000], ['bms', 7000], ['variotrack', 11000], ['variostring', 15000]] as const) {
      expect(where(family, id)).toEqual({ name: 'xcom_battery_voltage_volts', type: 'gauge', scale: 1 });
    }
    // "State of charge" and "State of Charge": the case does not matter; % becomes a ratio.
    expect(where('xtender', 3007)).toEqual({ name: 'xcom_state_of_charge_ratio', type: 'gauge', scale: 0.01 });
    expect(where('bsp', 7002)).toEqual(where('xtender', 3007));
    expect(where('variotrack', 11004)).toEqual({ name: 'xcom_power_of_the_pv_generator_watts', type: 'gauge', scale: 1000 });
    expect(where('xtender', 3001).name).toBe('xcom_battery_temperature_celsius');
    expect(where('xtender', 3005).name).toBe('xcom_battery_charge_current_amperes');
    expect(where('xtender', 3084)).toEqual({ name: 'xcom_xt_input_frequency_3084_hertz', type: 'gauge', scale: 1 });
    expect(where('xtender', 3023)).toEqual({ name: 'xcom_xt_output_power_3023_voltamperes', type: 'gauge', scale: 1000 });
  });

  it('gives a datapoint its own family where two of one device family would share a name', () => {
    // 3084 and 3154 are both "Input frequency" of the Xtender; 3087 (W) and 3136 (kW) both watts.
    expect(where('xtender', 3154).name).toBe('xcom_xt_input_frequency_3154_hertz');
    expect(where('xtender', 3087)).toEqual({ name: 'xcom_xt_output_active_power_3087_watts', type: 'gauge', scale: 1 });
    expect(where('xtender', 3136)).toEqual({ name: 'xcom_xt_output_active_power_3136_watts', type: 'gauge', scale: 1000 });
  });

  it('makes lifetime and daily totals counters in joules, ampere-hours or seconds', () => {
    expect(where('variotrack', 11009)).toEqual({ name: 'xcom_total_produced_energy_joules_total', type: 'counter', scale: 3_600_000_000 });
    expect(where('variostring', 15023)).toEqual({ name: 'xcom_total_pv_produced_energy_joules_total', type: 'counter', scale: 3_600_000_000 });
    expect(where('bsp', 7011)).toEqual({ name: 'xcom_total_ah_charged_amperehours_total', type: 'counter', scale: 1000 });
    expect(where('xtender', 3081)).toEqual({ name: 'xcom_energy_ac_in_from_the_current_day_joules_total', type: 'counter', scale: 3_600_000 });
    expect(where('variotrack', 11007)).toEqual({ name: 'xcom_production_for_the_current_day_joules_total', type: 'counter', scale: 3_600_000 });
    expect(where('bsp', 7007)).toEqual({ name: 'xcom_ah_charged_today_amperehours_total', type: 'counter', scale: 1 });
    expect(where('variotrack', 11025)).toEqual({ name: 'xcom_number_of_irradiation_hour_for_the_current_day_seconds_total', type: 'counter', scale: 3600 });
    expect(where('xtender', 3045).name).toBe('xcom_nbr_of_overloads_total');
    // The previous day's values and the day's maxima are gauges.
    expect(where('xtender', 3080)).toEqual({ name: 'xcom_energy_ac_in_from_the_previous_day_joules', type: 'gauge', scale: 3_600_000 });
    expect(where('variotrack', 11019)).toEqual({ name: 'xcom_max_power_production_for_the_current_day_watts', type: 'gauge', scale: 1000 });
    const daily = METRIC_FAMILIES.find((f) => f.name === 'xcom_energy_ac_in_from_the_current_day_joules_total');
    expect(daily?.help).toMatch(/starts again at midnight/);
  });

  it('converts time to seconds from the value unit, also where the RCC shows none', () => {
    // {7004} Remaining autonomy: no RCC unit, its value in minutes.
    expect(where('bsp', 7004)).toEqual({ name: 'xcom_remaining_autonomy_seconds', type: 'gauge', scale: 60 });
    expect(where('variotrack', 11037)).toEqual({ name: 'xcom_number_of_day_before_next_equalization_seconds', type: 'gauge', scale: 86_400 });
  });

  it('makes enums a state set with a _code gauge, and keeps parameters apart', () => {
    expect(where('xtender', 3028)).toEqual({ name: 'xcom_operating_state', type: 'enum', scale: 1 });
    expect(exposedNames(metricOf({ family: 'xtender', id: 3028 })!.family)).toEqual(['xcom_operating_state', 'xcom_operating_state_code']);
    expect(where('xtender', 1138)).toEqual({ name: 'xcom_parameter_battery_charge_current_amperes', type: 'gauge', scale: 1 });
    expect(where('xtender', 1138).name).not.toBe(where('xtender', 3005).name);
  });

  it('drops a unit in parentheses from the name, since the name says another', () => {
    expect(stemOf('Production in (kWh) for the current day')).toBe('production_for_the_current_day');
    expect(stemOf('Production PV in (Wh) for the previous day')).toBe('production_pv_for_the_previous_day');
    expect(stemOf('BAT- and Earth voltage')).toBe('bat_and_earth_voltage');
  });

  it('changes the words promtool would take for a unit or a type', () => {
    // promtool looks for unit words anywhere in a name (in no fixed order): "days" before
    // "seconds" is flagged, on some runs only.
    expect(stemOf('Number of days before next equalization')).toBe('number_of_day_before_next_equalization');
    expect(stemOf('Battery adaptive low voltage (B.L.O)')).toBe('battery_adaptive_low_voltage_blo');
    expect(stemOf("Peukert's exponent")).toBe('peukerts_exponent');
    expect(stemOf('Number of days without functionalitie(s) restrictions')).toBe('number_of_day_without_functionalities_restrictions');
    expect(stemOf('Produced energy resettable counter')).toBe('produced_energy_resettable');
    expect(stemOf('Actual freezed current in ARN4105 P(f)')).toBe('actual_freezed_current_in_arn4105_pf');
    expect(stemOf('Delay 1 (aux 1)')).toBe('delay_1_aux_1');
  });

  it('knows every unit of the catalogue', () => {
    const units = new Set(DATAPOINTS.filter(isExposed).map(valueUnitOf));
    expect([...units].filter((u) => !Object.hasOwn(METRIC_UNITS, u))).toEqual([]);
  });

  it.skipIf(WITHOUT_PROMETHEUS)('passes promtool check metrics, every name of it', async () => {
    const text = METRIC_FAMILIES.flatMap((family) =>
      exposedNames(family).flatMap((name) => {
        const type = family.type === 'counter' ? 'counter' : 'gauge';
        const labels = name === family.name && family.type === 'enum' ? '{family="xtender",state="On"}' : '{family="xtender"}';
        return [`# HELP ${name} ${family.help}`, `# TYPE ${name} ${type}`, `${name}${labels} 1`];
      }),
    ).join('\n');
    const result = await promtoolCheck(`${text}\n`);
    expect(result).toEqual({ code: 0, output: '' });
  });
});
