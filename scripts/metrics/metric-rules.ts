/**
 * How the catalogue's datapoints become Prometheus metric families: the name from the
 * appendix's description and the unit, the type from what the value is. The output is the
 * committed table `src/metrics/metric-names.generated.ts`; metric names are a promise to
 * every dashboard built on them, so a change shows in its diff.
 * @module
 */
import type { Datapoint } from '../../src/catalogue/types.js';
import type { MetricFamilySpec, MetricMember, MetricType } from '../../src/metrics/metric-spec.js';
import { METRIC_UNITS, type MetricUnit } from './metric-units.js';

/** Every metric name starts with it. */
export const PREFIX = 'xcom_';

/** The unit a datapoint's value is in: the appendix's "Unit" column, else the RCC's. */
export function valueUnitOf(datapoint: Datapoint): string {
  return datapoint.valueUnit !== undefined && datapoint.valueUnit !== '' ? datapoint.valueUnit : datapoint.unit;
}

function metricUnitOf(datapoint: Datapoint): MetricUnit {
  const unit = valueUnitOf(datapoint);
  const known = Object.hasOwn(METRIC_UNITS, unit) ? METRIC_UNITS[unit] : undefined;
  if (known === undefined) throw new Error(`${datapoint.family}/${datapoint.id} ${datapoint.name}: no metric unit for "${unit}" (add it to scripts/metrics/metric-units.ts)`);
  return known;
}

/** Whether a datapoint is exposed at all: a readable number (not a signal, not "Not supported"). */
export function isExposed(datapoint: Datapoint): boolean {
  if (datapoint.signal === true || datapoint.notSupported === true) return false;
  return ['FLOAT', 'INT32', 'BOOL', 'SHORT_ENUM', 'LONG_ENUM'].includes(datapoint.format);
}

/** A label set of one state per value: a single-choice enum with labels (not a bit field). */
function isEnum(datapoint: Datapoint): boolean {
  if (datapoint.labels === undefined || datapoint.labels.length === 0) return false;
  return datapoint.format === 'SHORT_ENUM' || (datapoint.format === 'LONG_ENUM' && datapoint.longEnumMode !== 'bit-field');
}

/** Units whose value accumulates over a day (energy, charge, time). */
const CUMULATIVE = new Set(['kWh', 'Ah', 'h']);

/**
 * Whether a user info only grows, but for resets: a lifetime total ("Total produced energy",
 * "Nbr. of overloads"), a counter the user resets ("Produced energy resettable counter"), or a
 * value of the current day, which starts again at midnight ("Energy AC-In from the current
 * day", "Ah charged today"). `increase()` and `rate()` handle the resets; the day's maxima
 * and minima are not counters.
 */
export function isCounter(datapoint: Datapoint): boolean {
  if (datapoint.kind !== 'info' || datapoint.format !== 'FLOAT') return false;
  const text = datapoint.description;
  if (/^(max|min)\b/i.test(text)) return false;
  if (/^total\b/i.test(text) || /^nbr\b/i.test(text) || /\bcounter\b/i.test(text)) return true;
  return /\b(current day|today)\b/i.test(text) && CUMULATIVE.has(valueUnitOf(datapoint));
}

/** Whether a counter starts again at midnight. */
export function isDaily(datapoint: Datapoint): boolean {
  return isCounter(datapoint) && /\b(current day|today|daily)\b/i.test(datapoint.description);
}

/** Words promtool reads as units that are not base units; the name says seconds instead. */
const TIME_WORDS: Readonly<Record<string, string>> = { minutes: 'minute', hours: 'hour', days: 'day', weeks: 'week' };
/** Tokens promtool reads as abbreviated units (`_s_`, `_h_`, `_ms`). */
const ABBREVIATIONS = new Set(['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd']);
/** Words promtool reads as a metric type in a name (the type is the metric's, not the name's). */
const TYPE_WORDS = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * The description as a name: lower case, words joined by `_`. A unit in parentheses is
 * dropped ("Production in (kWh) for the current day" → `production_for_the_current_day`): the
 * name's suffix says the unit, and it is not the appendix's. Words promtool would take for a
 * unit or a type are changed: time words become singular (`days` → `day`), initials are
 * joined (`B.L.O` → `blo`, `R&D` → `rd`, `Peukert's` → `peukerts`), `counter` is dropped.
 */
export function stemOf(description: string): string {
  const text = description
    .replace(/\s+in\s+\((?:k|M)?(?:Wh|Ah)\)/g, '')
    .replace(/\((?:k|M)?(?:Wh|Ah)\)/g, '')
    .replace(/['’]s\b/g, 's')
    .replace(/\(s\)/g, 's')
    .toLowerCase();
  const tokens: string[] = [];
  let initials = '';
  const flush = (): void => {
    if (initials === '') return;
    // A lone letter that reads as a unit is joined to the word before it.
    if (initials.length === 1 && ABBREVIATIONS.has(initials) && tokens.length > 0) tokens[tokens.length - 1] += initials;
    else tokens.push(initials);
    initials = '';
  };
  for (const token of text.split(/[^a-z0-9]+/)) {
    if (token === '') continue;
    if (/^[a-z]$/.test(token)) {
      initials += token;
      continue;
    }
    flush();
    if (TYPE_WORDS.has(token)) continue;
    tokens.push(TIME_WORDS[token] ?? (ABBREVIATIONS.has(token) && tokens.length > 0 ? `${tokens.pop() ?? ''}${token}` : token));
  }
  flush();
  return tokens.join('_');
}

interface Draft {
  readonly datapoint: Datapoint;
  readonly type: MetricType;
  readonly unit: MetricUnit;
  /** `info` or `parameter`, the stem, the unit suffix, the type: equal keys may share a family. */
  readonly key: string;
}

function draftOf(datapoint: Datapoint): Draft {
  const type: MetricType = isEnum(datapoint) ? 'enum' : isCounter(datapoint) ? 'counter' : 'gauge';
  const unit = type === 'enum' ? { suffix: '', scale: 1 } : metricUnitOf(datapoint);
  return { datapoint, type, unit, key: [datapoint.kind, stemOf(datapoint.description), unit.suffix, type].join('|') };
}

function nameOf(draft: Draft, base: string): string {
  const kind = draft.datapoint.kind === 'parameter' ? 'parameter_' : '';
  const unit = draft.unit.suffix === '' ? '' : `_${draft.unit.suffix}`;
  return `${PREFIX}${kind}${base}${unit}${draft.type === 'counter' ? '_total' : ''}`;
}

function helpOf(drafts: readonly Draft[]): string {
  const first = drafts[0]!;
  const kind = first.datapoint.kind === 'parameter' ? 'Parameter: ' : '';
  const shown = (d: Datapoint): string => (d.unit !== '' ? d.unit : valueUnitOf(d));
  const units = [...new Set(drafts.map((d) => shown(d.datapoint)))].filter((u) => u !== '');
  const inUnit = first.unit.suffix === '' ? '' : `, ${first.unit.suffix.replace(/_/g, ' ')}`;
  const appendix = first.type === 'enum' || units.length === 0 ? '' : ` (appendix: ${units.join(', ')})`;
  const daily = drafts.some((d) => isDaily(d.datapoint)) ? '; starts again at midnight' : '';
  const state = first.type === 'enum' ? '; 1 for the current state' : '';
  return `${kind}${first.datapoint.description}${inUnit}${appendix}${daily}${state}`;
}

/**
 * The metric families of `datapoints`. Datapoints of different device families with the same
 * description (any case) and unit share one metric family, told apart by a `family` label;
 * where two datapoints of one device family would share a name ({3084} and {3154} are both
 * "Input frequency"), each datapoint of that description gets a family of its own, named from
 * its `XcomP` name instead. Families come in the catalogue's order.
 */
export function buildMetricTable(datapoints: readonly Datapoint[]): MetricFamilySpec[] {
  const groups = new Map<string, Draft[]>();
  for (const datapoint of datapoints) {
    if (!isExposed(datapoint)) continue;
    const draft = draftOf(datapoint);
    const group = groups.get(draft.key) ?? [];
    group.push(draft);
    groups.set(draft.key, group);
  }
  const families: MetricFamilySpec[] = [];
  for (const group of groups.values()) {
    const deviceFamilies = group.map((d) => d.datapoint.family);
    const shared = new Set(deviceFamilies).size === deviceFamilies.length;
    const parts = shared ? [group] : group.map((d) => [d]);
    for (const part of parts) {
      const first = part[0]!;
      const base = shared ? stemOf(first.datapoint.description) : stemOf(first.datapoint.name.replace(/_/g, ' '));
      const members = part.map((d): MetricMember => [d.datapoint.family, d.datapoint.id, d.unit.scale]);
      families.push({ name: nameOf(first, base), type: first.type, help: helpOf(part), members });
    }
  }
  checkNames(families);
  return families;
}

/** Every name the table makes a scrape show: an enum's state set and its `_code` gauge. */
export function exposedNames(family: MetricFamilySpec): string[] {
  return family.type === 'enum' ? [family.name, `${family.name}_code`] : [family.name];
}

function checkNames(families: readonly MetricFamilySpec[]): void {
  const seen = new Set<string>();
  for (const family of families) {
    for (const name of exposedNames(family)) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a metric name: ${name}`);
      if (seen.has(name)) throw new Error(`two metric families named ${name}`);
      seen.add(name);
    }
  }
}
