/**
 * `xcom-ts/metrics`: a Prometheus exporter of a Studer installation, on `prom-client` (an
 * optional peer dependency: `npm install prom-client`). {@link startExporter} polls the
 * datapoints the bridges' configuration selects (the same default set and file as
 * `xcom mqtt`) and serves them at `/metrics`, in base units (watts, joules, volts, amperes,
 * ratios, seconds), from the last snapshot: a scrape never talks to the device.
 * {@link METRIC_FAMILIES} is the generated table of every datapoint's metric.
 *
 * @example
 * ```ts
 * import { startExporter } from 'xcom-ts/metrics';
 *
 * await using exporter = await startExporter({ url: 'udp://192.168.1.50' });
 * console.log(`scrape ${exporter.url}`);      // http://127.0.0.1:9464/metrics
 * await exporter.started;                      // discovery succeeded, polls run
 * ```
 * @module xcom-ts/metrics
 */
export type { ExporterOptions } from './exporter-options.js';
export type { ListenAddress } from './listen-address.js';
export { METRIC_FAMILIES } from './metric-names.generated.js';
export type { MetricFamilySpec, MetricMember, MetricType } from './metric-spec.js';
export { type MetricsExporter, startExporter } from './start-exporter.js';
