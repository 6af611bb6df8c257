/**
 * The exporter's options, and the `metrics` section of the bridges' configuration file.
 * @module
 */
import type { BridgeConfig } from '../bridge/bridge-config.js';
import type { MonitorStatus } from '../bridge/installation-monitor.js';
import type { XcomWarning } from '../client/client-events.js';
import { checkOptions, closestKey } from '../client/check-options.js';
import type { XcomClientOptions } from '../client/options.js';
import { defaultPacing } from '../bridge/portal-pacing.js';
import { checkPacing, type Pacing } from '../client/pacing.js';
import type { PollClock } from '../client/poll-clock.js';
import type { XcomClient } from '../client/xcom-client.js';
import { XcomValidationError } from '../errors.js';
import type { BackoffOptions } from '../transport/backoff.js';
import type { PromClientImporter } from './prom-client-module.js';

/** Options of {@link startExporter}. */
export interface ExporterOptions {
  /** The client to read through; it stays the caller's (opened by its first request, closed by the caller). Or `url`. */
  readonly client?: XcomClient;
  /** Where the installation is (`udp://192.168.1.50`, `tcp://…`, `serial:///dev/ttyUSB0`): the exporter opens a client and closes it on `stop()`. Or `client`. */
  readonly url?: string;
  /** Options of the client the exporter opens from `url`. */
  readonly clientOptions?: XcomClientOptions;
  /**
   * What to read: a configuration from `parseBridgeConfig` or `readBridgeConfig`, the file
   * `xcom mqtt` reads too. Default: the default set every 10 s. Its `metrics` section gives
   * defaults of `listen`, `staleAfter` and `maxConnections`.
   */
  readonly config?: BridgeConfig;
  /**
   * Where to serve `/metrics`: `'127.0.0.1:9464'` (the default: this host only),
   * `'[::1]:9464'`, `'0.0.0.0:9464'` (every interface: only when named), or a port alone (on
   * 127.0.0.1; 0 picks a free one).
   */
  readonly listen?: string | number;
  /**
   * Seconds after which a value that could not be read again (the link is down) is left out
   * of the scrape rather than shown as current; 0 never. Default: three times the datapoint's
   * interval. `xcom_value_age_seconds` tells every value's age either way.
   */
  readonly staleAfter?: number;
  /** HTTP connections open at once (default 16). */
  readonly maxConnections?: number;
  /**
   * Leaves the gateway idle between bursts (a gateway that also serves Studer's portal).
   * Default: 1 s idle after each 5 s of requests (`PORTAL_PACING`) for a `tcp-listen://` `url` (an Xcom-LAN's Moxa, which the
   * portal shares), none otherwise (and for a `client`, whose link the exporter cannot see);
   * `false`: none.
   */
  readonly pacing?: Pacing | false;
  /** Pauses between failed discoveries (default 1 s growing to 60 s). */
  readonly retry?: BackoffOptions;
  /**
   * Milliseconds between re-discoveries of the installation, which find units added, gone or
   * replaced: the metrics follow (0, or 60000 to 604800000; 0 never). Default: the
   * configuration's `rediscover`, an hour unless it says otherwise.
   */
  readonly rediscoverMs?: number;
  /** Told of each change of the monitor's state (discovering, up, down, …). */
  readonly onStatus?: (status: MonitorStatus) => void;
  /** Told of what the exporter noticed and went on with (a unit the configuration names is missing, a datapoint with no metric). */
  readonly onWarning?: (warning: XcomWarning) => void;
  /** @internal The poll clock (tests). */
  readonly clock?: PollClock;
  /** @internal Wall-clock milliseconds (tests). */
  readonly now?: () => number;
  /** @internal How prom-client is imported (tests). */
  readonly importer?: PromClientImporter;
}

/** The keys of {@link ExporterOptions}, checked at run time. */
export const EXPORTER_OPTION_KEYS = [
  'client',
  'url',
  'clientOptions',
  'config',
  'listen',
  'staleAfter',
  'maxConnections',
  'pacing',
  'retry',
  'rediscoverMs',
  'onStatus',
  'onWarning',
  'clock',
  'now',
  'importer',
] as const satisfies readonly (keyof ExporterOptions)[];
type True<T extends true> = T;
type _OptionKeys = True<[Exclude<keyof ExporterOptions, (typeof EXPORTER_OPTION_KEYS)[number]>] extends [never] ? true : false>;

/** The `metrics` section of the configuration file, checked. */
export interface MetricsSection {
  /** See {@link ExporterOptions.listen}. */
  readonly listen: string | number | undefined;
  /** See {@link ExporterOptions.staleAfter}. */
  readonly staleAfter: number | undefined;
  /** See {@link ExporterOptions.maxConnections}. */
  readonly maxConnections: number | undefined;
}

const SECTION_KEYS = ['listen', 'staleAfter', 'maxConnections'] as const;

/** Checks the `metrics` section of a configuration file: its keys and their types. */
export function checkMetricsSection(section: Readonly<Record<string, unknown>>): MetricsSection {
  for (const key of Object.keys(section)) {
    if (!(SECTION_KEYS as readonly string[]).includes(key)) {
      const near = closestKey(key, SECTION_KEYS);
      throw new XcomValidationError(`metrics: unknown key "${key}"${near === undefined ? '' : ` (did you mean "${near}"?)`}; known: ${SECTION_KEYS.join(', ')}`, `metrics.${key}`);
    }
  }
  const { listen, staleAfter, maxConnections } = section;
  if (listen !== undefined && typeof listen !== 'string' && typeof listen !== 'number') {
    throw new XcomValidationError(`metrics.listen must be "HOST:PORT" or a port, got ${JSON.stringify(listen)}`, 'metrics.listen');
  }
  return {
    listen,
    staleAfter: staleAfter === undefined ? undefined : checkStaleAfter(staleAfter, 'metrics.staleAfter'),
    maxConnections: maxConnections === undefined ? undefined : checkMaxConnections(maxConnections, 'metrics.maxConnections'),
  };
}

/** Checks `staleAfter`: seconds, 0 to a day. */
export function checkStaleAfter(value: unknown, field = 'staleAfter'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 86_400) {
    throw new XcomValidationError(`${field} must be a number of seconds from 0 (never) to 86400, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/** Checks `maxConnections`: 1 to 1000. */
export function checkMaxConnections(value: unknown, field = 'maxConnections'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) {
    throw new XcomValidationError(`${field} must be a whole number from 1 to 1000, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/** Checks the options object's keys and the choice of `client` or `url`. */
export function checkExporterOptions(options: ExporterOptions): ExporterOptions {
  const checked = checkOptions(options, { what: 'exporter options', keys: EXPORTER_OPTION_KEYS });
  if ((checked.client === undefined) === (checked.url === undefined)) {
    throw new XcomValidationError('give the exporter either a client or a url', checked.client === undefined ? 'url' : 'client');
  }
  if (checked.url !== undefined && typeof checked.url !== 'string') throw new XcomValidationError(`url must be a string, got ${JSON.stringify(checked.url)}`, 'url');
  if (checked.clientOptions !== undefined && checked.client !== undefined) throw new XcomValidationError('clientOptions apply to the client opened from url, not to a given client', 'clientOptions');
  return checked;
}

/** The pacing the exporter's polls keep: {@link ExporterOptions.pacing}, or its default. */
export function exporterPacing(options: Pick<ExporterOptions, 'pacing' | 'url' | 'client'>): Pacing | undefined {
  if (options.pacing === false) return undefined;
  if (options.pacing !== undefined) return checkPacing(options.pacing);
  return options.client === undefined ? defaultPacing(options.url) : undefined;
}
