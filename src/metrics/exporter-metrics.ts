/**
 * The exporter's own metrics: whether the installation answers, what it is made of, how the
 * requests fare, how old each value is.
 * @module
 */
import type { MonitoredValue } from '../bridge/installation-monitor.js';
import type { RequestResult, RequestSettled } from '../client/client-events.js';
import type { DiscoveredInstallation } from '../client/discovery-result.js';
import type { ClientStats } from '../client/stats.js';
import { DATAPOINT_LABELS, labelsOf } from './datapoint-metrics.js';
import type { PromClientModule, PromRegistry } from './prom-client-module.js';

/** What the exporter's metrics are read from, at each scrape. */
export interface ExporterState {
  /** Whether the last poll cycle reached the installation. */
  up(): boolean;
  /** What discovery found, once it has. */
  installation(): DiscoveredInstallation | undefined;
  /** The client's counters. */
  stats(): Readonly<ClientStats>;
  /** The last reading of each datapoint. */
  values(): readonly MonitoredValue[];
  /** Wall-clock milliseconds since 1970. */
  now(): number;
}

/** Every result a request can have, so that each series exists from the first scrape. */
const RESULTS: readonly RequestResult[] = ['ok', 'device_error', 'timeout', 'protocol_error', 'link_error', 'closed', 'aborted'];

/**
 * Seconds: a reply over the LAN takes tens of milliseconds; a timeout 2 s per attempt (3
 * attempts by default).
 */
export const REQUEST_BUCKETS: readonly number[] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Registers the exporter's own metrics; returns what records each settled request. */
export function registerExporterMetrics(prom: PromClientModule, registry: PromRegistry, state: ExporterState): (info: RequestSettled) => void {
  const registers = [registry];
  const up: InstanceType<PromClientModule['Gauge']> = new prom.Gauge({
    name: 'xcom_up',
    help: 'Whether the last poll cycle reached the installation (1) or not (0: the link is down, or discovery has not succeeded yet)',
    labelNames: [],
    registers,
    collect: () => up.set({}, state.up() ? 1 : 0),
  });
  const info: InstanceType<PromClientModule['Gauge']> = new prom.Gauge({
    name: 'xcom_device_info',
    help: 'Each unit discovery found, with its model, firmware and hardware versions and FID (always 1)',
    labelNames: ['family', 'device', 'address', 'model', 'sw_version', 'hw_version', 'fid'],
    registers,
    collect: () => {
      info.reset();
      for (const d of state.installation()?.devices ?? []) {
        info.set(
          { family: d.family, device: d.code, address: String(d.address), model: d.model ?? '', sw_version: d.softwareVersion ?? '', hw_version: d.hardwareVersion ?? '', fid: d.fid ?? '' },
          1,
        );
      }
    },
  });
  const duration = new prom.Histogram({
    name: 'xcom_request_duration_seconds',
    help: 'Scom requests from their first attempt to their outcome, retries included (requests cut off by a stop are left out)',
    labelNames: [],
    registers,
    buckets: REQUEST_BUCKETS,
  });
  const requests = new prom.Counter({
    name: 'xcom_requests_total',
    help: 'Scom requests by how they ended: ok, device_error, timeout, protocol_error, link_error, closed, aborted',
    labelNames: ['result'],
    registers,
  });
  for (const result of RESULTS) requests.inc({ result }, 0);
  const frames = (name: string, help: string, key: 'droppedFrames' | 'lateFrames'): void => {
    const counter: InstanceType<PromClientModule['Counter']> = new prom.Counter({
      name,
      help,
      labelNames: [],
      registers,
      collect: () => {
        counter.reset();
        counter.inc({}, state.stats()[key]);
      },
    });
  };
  frames('xcom_dropped_frames_total', 'Frames received that answered no request in flight (late, foreign or unexpected)', 'droppedFrames');
  frames('xcom_late_frames_total', 'Of the dropped frames, those that answered a request already given up (timed out or aborted)', 'lateFrames');
  const age: InstanceType<PromClientModule['Gauge']> = new prom.Gauge({
    name: 'xcom_value_age_seconds',
    help: 'Seconds since each datapoint was last read (it grows while the link is down)',
    labelNames: [...DATAPOINT_LABELS, 'datapoint'],
    registers,
    collect: () => {
      age.reset();
      const now = state.now();
      for (const v of state.values()) age.set({ ...labelsOf(v.item), datapoint: v.item.datapoint.name }, Math.max(0, (now - v.readAt) / 1000));
    },
  });
  return (settled) => {
    requests.inc({ result: settled.result }, 1);
    if (settled.result !== 'closed' && settled.result !== 'aborted') duration.observe({}, settled.durationMs / 1000);
  };
}
