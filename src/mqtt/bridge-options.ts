/**
 * The options of {@link startBridge}, their defaults, and their check: every fault is an
 * `XcomValidationError` naming the option, before anything connects.
 * @module
 */
import { type BridgeConfig, checkRediscoverMs, parseBridgeConfig } from '../bridge/bridge-config.js';
import { defaultPacing } from '../bridge/portal-pacing.js';
import { closestKey } from '../client/check-options.js';
import { checkPacing, type Pacing } from '../client/pacing.js';
import type { PollClock } from '../client/poll-clock.js';
import type { XcomClientOptions } from '../client/options.js';
import { XcomClient } from '../client/xcom-client.js';
import { XcomValidationError } from '../errors.js';
import { Backoff, type BackoffOptions } from '../transport/backoff.js';
import type { LinkTimers } from '../transport/link-timers.js';
import type { ModuleImporter } from '../transport/serial-modules.js';
import { MQTT_SECTION_KEYS, type MqttSection, parseMqttSection } from './mqtt-section.js';
import { checkTopicPrefix, topicLevel } from './topics.js';

/** Options of {@link startBridge}. The settings of {@link MqttSection} may also come from the configuration file's `mqtt` section; these win. */
export interface MqttBridgeOptions extends MqttSection {
  /** The client to read through; it stays the caller's (opened by its first request, closed by the caller). Or `url`. */
  readonly client?: XcomClient;
  /**
   * Where the installation is (`udp://192.168.1.50`, `tcp-listen://:4001`, `serial:///dev/ttyUSB0`):
   * the bridge opens a client and closes it on `stop()`. Or `client`.
   */
  readonly url?: string;
  /** Options of the client the bridge opens from `url`. */
  readonly clientOptions?: XcomClientOptions;
  /** CA certificates (PEM) that the broker's certificate must chain to, for `mqtts://`/`wss://`. */
  readonly ca?: string | Uint8Array;
  /** The client certificate (PEM), for brokers that authenticate clients by certificate. */
  readonly cert?: string | Uint8Array;
  /** The client certificate's key (PEM). */
  readonly key?: string | Uint8Array;
  /** What is read and what may be written: a checked configuration file (default: the default set every 10 s). */
  readonly config?: BridgeConfig;
  /**
   * Leaves the gateway idle between bursts, for a gateway that also uploads to Studer's portal.
   * Default: `{ burstMs: 5000, pauseMs: 1000 }` when `url` is a `tcp-listen://` one (the Moxa
   * of an Xcom-LAN, which the portal shares), none otherwise; `false` for none.
   */
  readonly pacing?: Pacing | false;
  /** How often the message log is checked, in ms (default 30000). */
  readonly messagesIntervalMs?: number;
  /** Pauses between failed discoveries of the installation (default 1 s growing to 60 s). */
  readonly retry?: BackoffOptions;
  /**
   * Milliseconds between re-discoveries of the installation, which find units added, gone or
   * replaced (0, or 60000 to 604800000; 0 never). Default: the configuration's `rediscover`,
   * an hour unless it says otherwise. See `InstallationMonitorOptions.rediscoverMs`.
   */
  readonly rediscoverMs?: number;
  /** Pauses between attempts to reach the broker (default 1 s growing to 30 s). */
  readonly reconnect?: BackoffOptions;
  /**
   * The polls' time source.
   * @internal
   */
  readonly clock?: PollClock;
  /**
   * The timers of the broker reconnection and of the pace of Home Assistant's re-publications.
   * @internal
   */
  readonly timers?: LinkTimers;
  /**
   * Imports a package by name (tests make the import of MQTT.js fail).
   * @internal
   */
  readonly importModule?: ModuleImporter;
}

/** The keys of {@link MqttBridgeOptions}, checked at run time. */
export const MQTT_BRIDGE_OPTION_KEYS = [
  ...MQTT_SECTION_KEYS,
  'client',
  'url',
  'clientOptions',
  'ca',
  'cert',
  'key',
  'config',
  'pacing',
  'messagesIntervalMs',
  'retry',
  'rediscoverMs',
  'reconnect',
  'clock',
  'timers',
  'importModule',
] as const satisfies readonly (keyof MqttBridgeOptions)[];
type True<T extends true> = T;
type _OptionKeys = True<[Exclude<keyof MqttBridgeOptions, (typeof MQTT_BRIDGE_OPTION_KEYS)[number]>] extends [never] ? true : false>;

export { defaultPacing, PORTAL_PACING } from '../bridge/portal-pacing.js';

/** The options with the file's section and the defaults applied. */
export interface ResolvedBridgeOptions {
  /** The caller's client, or the URL of the one the bridge opens. */
  readonly xcom: XcomClient | string;
  readonly clientOptions: XcomClientOptions;
  readonly broker: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly clientId: string | undefined;
  readonly ca: string | Uint8Array | undefined;
  readonly cert: string | Uint8Array | undefined;
  readonly key: string | Uint8Array | undefined;
  readonly base: string;
  /** The site's topic level, when given; else the gateway's GUID, learnt by discovery. */
  readonly site: string | undefined;
  readonly discoveryPrefix: string;
  readonly discovery: boolean;
  readonly json: boolean;
  readonly qos: 0 | 1;
  readonly protocolVersion: 4 | 5;
  readonly messages: boolean;
  readonly messagesIntervalMs: number;
  readonly config: BridgeConfig;
  readonly pacing: Pacing | undefined;
  readonly retry: BackoffOptions | undefined;
  readonly rediscoverMs: number | undefined;
  readonly reconnect: BackoffOptions;
  readonly clock: PollClock | undefined;
  readonly timers: LinkTimers | undefined;
  readonly importModule: ModuleImporter | undefined;
}

const BROKER_SCHEMES = ['mqtt', 'mqtts', 'tcp', 'tls', 'ws', 'wss'];

/** Checks the broker URL: one of MQTT.js's schemes and a host. */
export function checkBrokerUrl(value: unknown, field = 'broker'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = /^([a-z]+):\/\/([^/?#]+)/i.exec(text);
  if (match === null || !BROKER_SCHEMES.includes((match[1] ?? '').toLowerCase())) {
    throw new XcomValidationError(`${field} must be a broker URL such as mqtt://127.0.0.1:1883 (${BROKER_SCHEMES.join(', ')}), got ${JSON.stringify(value)}`, field);
  }
  return text;
}

/**
 * The broker URL as the log shows it: a password in it (`mqtt://user:secret@host`, which
 * MQTT.js takes) becomes `***`, so that stderr and the journal do not keep it.
 */
export function shownBrokerUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1:***@');
}

function pem(value: unknown, field: string): string | Uint8Array | undefined {
  if (value === undefined || typeof value === 'string' || value instanceof Uint8Array) return value;
  throw new XcomValidationError(`${field} must be PEM text or bytes, got ${typeof value}`, field);
}


/** Checks the options and applies the configuration file's `mqtt` section and the defaults. */
export function resolveBridgeOptions(options: MqttBridgeOptions): ResolvedBridgeOptions {
  if (typeof options !== 'object' || options === null) throw new XcomValidationError('startBridge: options must be an object', 'options');
  for (const key of Object.keys(options)) {
    if (!(MQTT_BRIDGE_OPTION_KEYS as readonly string[]).includes(key)) {
      const near = closestKey(key, MQTT_BRIDGE_OPTION_KEYS);
      throw new XcomValidationError(`startBridge: unknown option "${key}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`, key);
    }
  }
  const config = options.config ?? parseBridgeConfig({});
  const file = parseMqttSection(config.mqtt);
  // Checked as the file's section is, then the file fills what the options leave out.
  const given = parseMqttSection(Object.fromEntries(MQTT_SECTION_KEYS.flatMap((k) => (options[k] === undefined ? [] : [[k, options[k]]]))), '');
  const section: MqttSection = { ...file, ...given };
  const { client, url } = options;
  if ((client === undefined) === (url === undefined)) {
    throw new XcomValidationError('give either client (an XcomClient) or url (udp://HOST, tcp-listen://:4001, …), one of them', client === undefined ? 'url' : 'client');
  }
  if (client !== undefined && !(client instanceof XcomClient)) throw new XcomValidationError('client must be an XcomClient', 'client');
  if (url !== undefined && (typeof url !== 'string' || url.trim() === '')) throw new XcomValidationError(`url must be a transport URL (udp://HOST, tcp-listen://:4001, …), got ${JSON.stringify(url)}`, 'url');
  if (client !== undefined && options.clientOptions !== undefined) throw new XcomValidationError('clientOptions apply to the client opened from url, not to a client of yours', 'clientOptions');
  const xcom: XcomClient | string = client ?? (url as string);
  if (section.broker === undefined) throw new XcomValidationError('no broker: give broker (--broker mqtt://HOST:1883) or "broker" in the configuration file\'s "mqtt" section', 'broker');
  const interval = options.messagesIntervalMs ?? 30_000;
  if (!Number.isInteger(interval) || interval < 100 || interval > 86_400_000) {
    throw new XcomValidationError(`messagesIntervalMs must be an integer from 100 to 86400000, got ${JSON.stringify(interval)}`, 'messagesIntervalMs');
  }
  if (options.retry !== undefined) new Backoff(options.retry, 'retry');
  if (options.reconnect !== undefined) new Backoff(options.reconnect, 'reconnect');
  const pacing = options.pacing === false ? undefined : options.pacing === undefined ? defaultPacing(url) : checkPacing(options.pacing);
  const site = section.site === undefined ? undefined : topicLevel(section.site);
  if (site !== undefined && /^_*$/.test(site)) throw new XcomValidationError(`site must hold a letter or a digit, got ${JSON.stringify(section.site)}`, 'site');
  return {
    xcom,
    clientOptions: options.clientOptions ?? {},
    broker: checkBrokerUrl(section.broker),
    username: section.username,
    password: section.password,
    clientId: section.clientId,
    ca: pem(options.ca, 'ca'),
    cert: pem(options.cert, 'cert'),
    key: pem(options.key, 'key'),
    base: checkTopicPrefix(section.base ?? 'xcom', 'base'),
    site,
    discoveryPrefix: checkTopicPrefix(section.discoveryPrefix ?? 'homeassistant', 'discoveryPrefix'),
    discovery: section.discovery ?? true,
    json: section.json ?? false,
    qos: section.qos ?? 1,
    protocolVersion: section.protocolVersion ?? 5,
    messages: section.messages ?? true,
    messagesIntervalMs: interval,
    config,
    pacing,
    retry: options.retry,
    rediscoverMs: options.rediscoverMs === undefined ? undefined : checkRediscoverMs(options.rediscoverMs, 'rediscoverMs'),
    reconnect: options.reconnect ?? {},
    clock: options.clock,
    timers: options.timers,
    importModule: options.importModule,
  };
}
