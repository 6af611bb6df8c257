/**
 * Lazy loading of `prom-client`, an optional peer dependency: the library and the other
 * commands never load it, and a missing one is `MODULE_MISSING` naming the install command.
 * The shapes below are the few members the exporter uses, declared here so that the published
 * types do not depend on a package that may be absent.
 * @module
 */
import { XcomError } from '../errors.js';

/** The package. */
export const PROM_CLIENT_PACKAGE = 'prom-client';

/** Label names to values, as prom-client takes them. */
export type PromLabels = Readonly<Record<string, string>>;

/** A registry: the metrics it holds, rendered in the text format. */
export interface PromRegistry {
  /** The exposition text of every metric registered. */
  metrics(): Promise<string>;
  /** The text format's content type (`text/plain; version=0.0.4; charset=utf-8`). */
  readonly contentType: string;
}

/** What every metric constructor takes. */
export interface PromMetricConfig {
  /** The metric name. */
  readonly name: string;
  /** The `# HELP` text. */
  readonly help: string;
  /** The label names. */
  readonly labelNames: readonly string[];
  /** The registries it is registered in. */
  readonly registers: readonly PromRegistry[];
  /** Called before each rendering, to set the values. */
  readonly collect?: () => void;
}

/** A gauge. */
export interface PromGauge {
  /** Sets the value of one label set. */
  set(labels: PromLabels, value: number): void;
  /** Forgets every label set. */
  reset(): void;
}

/** A counter. */
export interface PromCounter {
  /** Adds to the value of one label set (0 creates it). */
  inc(labels: PromLabels, value: number): void;
  /** Forgets every label set. */
  reset(): void;
}

/** A histogram. */
export interface PromHistogram {
  /** Records one observation. */
  observe(labels: PromLabels, value: number): void;
}

/** The members of the `prom-client` module the exporter uses. */
export interface PromClientModule {
  /** A registry in the Prometheus text format. */
  readonly Registry: new () => PromRegistry;
  /** The gauge class. */
  readonly Gauge: new (config: PromMetricConfig) => PromGauge;
  /** The counter class. */
  readonly Counter: new (config: PromMetricConfig) => PromCounter;
  /** The histogram class. */
  readonly Histogram: new (config: PromMetricConfig & { readonly buckets: readonly number[] }) => PromHistogram;
}

/** Imports a package by name; tests inject a failing one. */
export type PromClientImporter = (specifier: string) => Promise<unknown>;

/** The default importer. A variable specifier keeps bundlers from inlining the optional package. */
const importModule: PromClientImporter = (specifier) => import(specifier);

/** The command that installs it, in the error that says it is missing. */
export const PROM_CLIENT_INSTALL = `npm install ${PROM_CLIENT_PACKAGE}@15`;

const MEMBERS = ['Registry', 'Gauge', 'Counter', 'Histogram'] as const;

/** Loads `prom-client`, or rejects with an `XcomError` `MODULE_MISSING` saying how to install it. */
export async function loadPromClient(importer: PromClientImporter = importModule): Promise<PromClientModule> {
  let module: unknown;
  try {
    module = await importer(PROM_CLIENT_PACKAGE);
  } catch (cause) {
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw new XcomError(
      'MODULE_MISSING',
      `the Prometheus exporter needs the optional package "${PROM_CLIENT_PACKAGE}", which ${missing ? 'is not installed' : 'failed to load'}: ${PROM_CLIENT_INSTALL}`,
      { cause },
    );
  }
  // prom-client is CommonJS: its exports are named members, and `default` as well.
  const named = typeof module === 'object' && module !== null ? (module as Record<string, unknown>) : {};
  const fallback = named['default'];
  const members = typeof named['Registry'] === 'function' || typeof fallback !== 'object' || fallback === null ? named : (fallback as Record<string, unknown>);
  const absent = MEMBERS.filter((m) => typeof members[m] !== 'function');
  if (absent.length > 0) throw new XcomError('MODULE_MISSING', `the package "${PROM_CLIENT_PACKAGE}" has no ${absent.join(', ')} export: ${PROM_CLIENT_INSTALL}`);
  return members as unknown as PromClientModule;
}
