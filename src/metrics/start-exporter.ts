/**
 * `startExporter`: a Prometheus exporter of a Studer installation. A monitor polls the
 * datapoints the configuration selects; each scrape renders its last snapshot, so that a
 * scrape never talks to the device and still answers during an outage (`xcom_up 0`).
 * @module
 */
import { parseBridgeConfig } from '../bridge/bridge-config.js';
import { InstallationMonitor } from '../bridge/installation-monitor.js';
import type { RequestSettled } from '../client/client-events.js';
import { XcomClient } from '../client/xcom-client.js';
import { XcomError } from '../errors.js';
import { openTransport } from '../transport/open-transport.js';
import { datapointMetrics } from './datapoint-metrics.js';
import { checkExporterOptions, checkMaxConnections, checkMetricsSection, checkStaleAfter, type ExporterOptions, exporterPacing } from './exporter-options.js';
import { registerExporterMetrics } from './exporter-metrics.js';
import { DEFAULT_LIMITS, type MetricsServer, startMetricsServer } from './http-server.js';
import { indexPage } from './index-page.js';
import { DEFAULT_LISTEN, hostPort, type ListenAddress, parseListenAddress } from './listen-address.js';
import { loadPromClient } from './prom-client-module.js';

/** A running exporter, from {@link startExporter}. */
export interface MetricsExporter extends AsyncDisposable {
  /** The address it listens on (the port chosen when 0 was asked). */
  readonly address: ListenAddress;
  /** The URL of its metrics, `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  /** The monitor that keeps the values: its status, the installation found, the snapshot, its events. */
  readonly monitor: InstallationMonitor;
  /**
   * Resolves once discovery succeeded and the polls run (discovery is retried until the
   * installation answers); rejects when the configuration does not fit what was found, or when
   * the exporter is stopped before.
   */
  readonly started: Promise<void>;
  /** The text a scrape of `/metrics` gets now: the last snapshot, nothing is sent to the device. */
  scrape(): Promise<string>;
  /** Stops serving and polling; closes the client when the exporter opened it. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a Prometheus exporter: loads `prom-client` (an optional peer dependency:
 * `MODULE_MISSING` without it), listens on loopback port 9464 unless told otherwise, and
 * polls the installation in the background (the same default set and configuration file as
 * `xcom mqtt`). Resolves once it listens, before discovery: until the installation answers,
 * a scrape shows `xcom_up 0`.
 *
 * @example
 * ```ts
 * import { readBridgeConfig } from 'xcom-ts';
 * import { startExporter } from 'xcom-ts/metrics';
 *
 * const exporter = await startExporter({
 *   url: 'udp://192.168.1.50',
 *   config: await readBridgeConfig('xcom-bridge.json'),
 *   listen: '127.0.0.1:9464',
 *   onStatus: (status) => console.error(status.message),
 * });
 * console.log(`scrape ${exporter.url}`);
 * // … on shutdown
 * await exporter.stop();
 * ```
 */
export async function startExporter(options: ExporterOptions): Promise<MetricsExporter> {
  const o = checkExporterOptions(options);
  const config = o.config ?? parseBridgeConfig({});
  const section = checkMetricsSection(config.metrics);
  const listen = parseListenAddress(o.listen ?? section.listen ?? DEFAULT_LISTEN, o.listen === undefined && section.listen !== undefined ? 'metrics.listen' : 'listen');
  const staleAfter = o.staleAfter === undefined ? section.staleAfter : checkStaleAfter(o.staleAfter);
  const maxConnections = o.maxConnections === undefined ? (section.maxConnections ?? DEFAULT_LIMITS.maxConnections) : checkMaxConnections(o.maxConnections);
  const pacing = exporterPacing(o);
  const prom = await loadPromClient(o.importer);
  const now = o.now ?? Date.now;
  const client = o.client ?? new XcomClient(openTransport(o.url ?? ''), o.clientOptions);
  const monitor = new InstallationMonitor(client, {
    config,
    ...(pacing === undefined ? {} : { pacing }),
    ...(o.retry === undefined ? {} : { retry: o.retry }),
    ...(o.rediscoverMs === undefined ? {} : { rediscoverMs: o.rediscoverMs }),
    ...(o.clock === undefined ? {} : { clock: o.clock }),
  });
  const registry = new prom.Registry();
  const onRequest: (info: RequestSettled) => void = registerExporterMetrics(prom, registry, {
    up: () => monitor.up,
    installation: () => monitor.installation,
    stats: () => client.stats,
    values: () => monitor.snapshot(),
    now,
  });
  client.on('request', onRequest);
  const datapoints = datapointMetrics(prom, registry, { value: (key) => monitor.value(key), now }, { staleAfterMs: staleAfter === undefined ? undefined : staleAfter * 1000 });
  // Said once per datapoint, not again at each change of the installation.
  const told = new Set<string>();
  // Emitted again when a re-discovery finds the installation changed: the series follow.
  monitor.on('installation', (_installation, items) => {
    for (const item of datapoints.select(items)) {
      if (told.has(item.key)) continue;
      told.add(item.key);
      o.onWarning?.({ code: 'NO_METRIC', message: `${item.key} (${item.datapoint.format}) has no metric: it is read but not exposed` });
    }
  });
  if (o.onStatus !== undefined) monitor.on('status', o.onStatus);
  if (o.onWarning !== undefined) monitor.on('warning', o.onWarning);
  const scrape = (): Promise<string> => registry.metrics();

  const release = async (): Promise<void> => {
    client.off('request', onRequest);
    if (o.client === undefined) await client.close();
  };
  let server: MetricsServer;
  try {
    server = await startMetricsServer({
      listen,
      limits: { ...DEFAULT_LIMITS, maxConnections },
      metrics: async () => ({ body: await scrape(), contentType: registry.contentType }),
      index: () => indexPage(monitor),
    });
  } catch (cause) {
    await release();
    const reason = (cause as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is taken' : (cause as Error).message;
    throw new XcomError('LISTEN_FAILED', `cannot listen on ${hostPort(listen)}: ${reason}`, { cause });
  }
  const started = monitor.start();
  // Whoever wants to know awaits it; unawaited, a refused configuration must not crash the process.
  started.catch(() => undefined);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await server.close();
      await monitor.stop();
      await release();
    })());
  return {
    address: server.address,
    url: `http://${hostPort(server.address)}/metrics`,
    monitor,
    started,
    scrape,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
