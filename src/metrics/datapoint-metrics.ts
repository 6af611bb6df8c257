/**
 * The metric families of the datapoints a monitor reads, filled at each scrape from its last
 * snapshot: a scrape never talks to the device.
 * @module
 */
import type { MonitoredValue } from '../bridge/installation-monitor.js';
import type { SelectedDatapoint } from '../bridge/selection.js';
import { enumStates } from './enum-states.js';
import { metricOf } from './metric-table.js';
import type { MetricFamilySpec } from './metric-spec.js';
import type { PromClientModule, PromLabels, PromRegistry } from './prom-client-module.js';

/** Where the values come from. */
export interface SnapshotSource {
  /** The last reading of a selected datapoint, by its key. */
  value(key: string): MonitoredValue | undefined;
  /** Wall-clock milliseconds since 1970, to tell a value's age. */
  now(): number;
}

/** How old a value may be and still be exposed. */
export interface Freshness {
  /**
   * Milliseconds; `undefined`: three times the datapoint's interval; 0: no limit. An older
   * value (the link is down) is left out of the scrape rather than shown as current.
   */
  readonly staleAfterMs: number | undefined;
}

/** The labels of every datapoint series. */
export const DATAPOINT_LABELS = ['family', 'device', 'address'] as const;

/** The labels of a selected datapoint's series. */
export function labelsOf(item: SelectedDatapoint): PromLabels {
  return { family: item.device.family, device: item.device.code, address: String(item.device.address) };
}

/** Whether a reading is too old to expose. */
export function isStale(value: MonitoredValue, now: number, freshness: Freshness): boolean {
  const limit = freshness.staleAfterMs ?? 3 * value.item.intervalMs;
  return limit > 0 && now - value.readAt > limit;
}

/** A reading as a number in the metric's unit, or `undefined` when there is none to expose. */
function numberOf(value: MonitoredValue | undefined, now: number, freshness: Freshness, scale: number): number | undefined {
  if (value === undefined || !value.entry.ok || value.entry.absent !== undefined) return undefined;
  if (isStale(value, now, freshness)) return undefined;
  const raw = value.entry.value;
  const n = typeof raw === 'boolean' ? Number(raw) : typeof raw === 'number' ? raw : Number.NaN;
  return Number.isFinite(n) ? n * scale : undefined;
}

/** The metric families of the datapoints read, which follow the selection. */
export interface DatapointMetrics {
  /**
   * Exposes `items` from now on, in place of the former selection: series of datapoints no
   * longer selected (units gone) leave the scrape, new ones join it. A metric family is
   * registered the first time a datapoint needs it and stays (with no series while nothing
   * selected has it), so that prom-client never sees a name twice. Returns the items with no
   * metric (a string, a signal), for a warning.
   */
  select(items: readonly SelectedDatapoint[]): readonly SelectedDatapoint[];
}

/** A member of a metric family: a selected datapoint and the factor to the metric's unit. */
interface Member {
  readonly item: SelectedDatapoint;
  readonly scale: number;
}

/**
 * Creates the datapoint metrics of an exporter in `registry`; {@link DatapointMetrics.select}
 * registers the families of each selection.
 */
export function datapointMetrics(prom: PromClientModule, registry: PromRegistry, source: SnapshotSource, freshness: Freshness): DatapointMetrics {
  /** Each registered family's members in the current selection, by metric name. */
  const members = new Map<string, Member[]>();
  const readingsOf = (name: string) => (): { item: SelectedDatapoint; n: number }[] => {
    const now = source.now();
    return (members.get(name) ?? []).flatMap(({ item, scale }) => {
      const n = numberOf(source.value(item.key), now, freshness, scale);
      return n === undefined ? [] : [{ item, n }];
    });
  };
  return {
    select(items) {
      const unexposed: SelectedDatapoint[] = [];
      const chosen = new Map<string, { family: MetricFamilySpec; members: Member[] }>();
      for (const item of items) {
        if (item.button) continue;
        const metric = metricOf(item.datapoint);
        if (metric === undefined) {
          unexposed.push(item);
          continue;
        }
        const entry = chosen.get(metric.family.name) ?? { family: metric.family, members: [] };
        entry.members.push({ item, scale: metric.scale });
        chosen.set(metric.family.name, entry);
      }
      for (const name of members.keys()) members.set(name, []);
      for (const [name, { family, members: now }] of chosen) {
        const known = members.has(name);
        members.set(name, now);
        if (!known) registerFamily(prom, registry, family, readingsOf(name));
      }
      return unexposed;
    },
  };
}

function registerFamily(prom: PromClientModule, registry: PromRegistry, family: MetricFamilySpec, readings: () => { item: SelectedDatapoint; n: number }[]): void {
  const base = { help: family.help, registers: [registry] };
  if (family.type === 'counter') {
    const counter: InstanceType<PromClientModule['Counter']> = new prom.Counter({
      ...base,
      name: family.name,
      labelNames: DATAPOINT_LABELS,
      collect: () => {
        counter.reset();
        // A counter never goes below zero: a negative reading is not one.
        for (const { item, n } of readings()) if (n >= 0) counter.inc(labelsOf(item), n);
      },
    });
  } else if (family.type === 'gauge') {
    const gauge: InstanceType<PromClientModule['Gauge']> = new prom.Gauge({
      ...base,
      name: family.name,
      labelNames: DATAPOINT_LABELS,
      collect: () => {
        gauge.reset();
        for (const { item, n } of readings()) gauge.set(labelsOf(item), n);
      },
    });
  } else {
    registerEnum(prom, registry, family, readings);
  }
}

function registerEnum(prom: PromClientModule, registry: PromRegistry, family: MetricFamilySpec, readings: () => { item: SelectedDatapoint; n: number }[]): void {
  const code: InstanceType<PromClientModule['Gauge']> = new prom.Gauge({
    name: `${family.name}_code`,
    help: family.help.replace(/; 1 for the current state$/, ': the number of the current state'),
    labelNames: DATAPOINT_LABELS,
    registers: [registry],
    collect: () => {
      code.reset();
      for (const { item, n } of readings()) code.set(labelsOf(item), n);
    },
  });
  const states: InstanceType<PromClientModule['Gauge']> = new prom.Gauge({
    name: family.name,
    help: family.help,
    labelNames: [...DATAPOINT_LABELS, 'state'],
    registers: [registry],
    collect: () => {
      states.reset();
      for (const { item, n } of readings()) {
        const labels = labelsOf(item);
        const known = enumStates(item.datapoint);
        for (const s of known) states.set({ ...labels, state: s.state }, s.value === n ? 1 : 0);
        if (!known.some((s) => s.value === n)) states.set({ ...labels, state: String(n) }, 1);
      }
    },
  });
}
