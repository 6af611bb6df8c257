/**
 * Lazy loading of MQTT.js, an optional peer dependency: `npm install xcom-ts` does not pull it,
 * and only starting the bridge needs it. The shapes below are the few members the bridge uses,
 * declared here so that the published types do not depend on a package that may be absent.
 * @module
 */
import { XcomError } from '../errors.js';
import { importModule, type ModuleImporter } from '../transport/serial-modules.js';

/** The package. */
export const MQTT_PACKAGE = 'mqtt';
/** What to run when it is missing. */
export const MQTT_INSTALL = `npm install ${MQTT_PACKAGE}@5`;

/** A PUBLISH as MQTT.js hands it to a `message` listener. */
export interface MqttPublishPacket {
  /** The topic. */
  readonly topic: string;
  /** The QoS it was delivered with. */
  readonly qos: 0 | 1 | 2;
  /** Set by the sender of this hop on a redelivery of a packet it sent before. */
  readonly dup: boolean;
  /** A retained message (with MQTT 5's retain-as-published, also a live one published retained). */
  readonly retain: boolean;
  /** The packet identifier (QoS 1 and 2 only). */
  readonly messageId?: number | undefined;
}

/** What an MQTT.js subscription may ask for. */
export interface MqttSubscribeOptions {
  /** The highest QoS the broker may deliver with. */
  readonly qos: 0 | 1;
  /** MQTT 5: keep the retain flag of live messages as published. */
  readonly rap?: boolean;
  /** MQTT 5: do not deliver our own publications back to us. */
  readonly nl?: boolean;
}

/** The options of `mqtt.connect` the bridge sets. */
export interface MqttConnectOptions {
  /** MQTT 3.1.1 (4) or 5. */
  readonly protocolVersion: 4 | 5;
  /** The client identifier. */
  readonly clientId: string;
  /** A clean session: the broker keeps nothing for us while we are away (no stale commands). */
  readonly clean: boolean;
  /** 0: MQTT.js does not reconnect by itself; the bridge does, with backoff. */
  readonly reconnectPeriod: number;
  /** How long a connection attempt may take, in ms. */
  readonly connectTimeout: number;
  /** Seconds between keepalive pings. */
  readonly keepalive: number;
  /** The bridge subscribes again itself on each connection. */
  readonly resubscribe: boolean;
  /** MQTT 5's CONNECT properties: the largest packet the broker may send us. */
  readonly properties?: { readonly maximumPacketSize: number };
  /** The last will: `offline` on the bridge's availability topic. */
  readonly will: { readonly topic: string; readonly payload: string; readonly qos: 0 | 1; readonly retain: boolean };
  /** User name. */
  readonly username?: string;
  /** Password. */
  readonly password?: string;
  /** CA certificates (PEM) for mqtts:// and wss://. */
  readonly ca?: string | Uint8Array;
  /** Client certificate (PEM). */
  readonly cert?: string | Uint8Array;
  /** Client key (PEM). */
  readonly key?: string | Uint8Array;
}

/** The members of an MQTT.js client the bridge uses. */
export interface MqttClientLike {
  /** Whether a connection is up. */
  readonly connected: boolean;
  /** Listens to `connect`, `close`, `error` and `message`. */
  on(event: 'connect' | 'close', listener: () => void): unknown;
  /** Listens to errors (a refused CONNACK, a socket error). */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Listens to messages. */
  on(event: 'message', listener: (topic: string, payload: Uint8Array, packet: MqttPublishPacket) => void): unknown;
  /** Publishes; the callback tells when a QoS 1 message was acknowledged, or failed. */
  publish(topic: string, payload: string, options: { readonly qos: 0 | 1; readonly retain: boolean }, callback?: (error?: Error) => void): unknown;
  /** Subscribes. */
  subscribe(topics: Record<string, MqttSubscribeOptions>, callback?: (error: Error | null) => void): unknown;
  /** Closes the connection (`force`: at once, without a DISCONNECT). */
  end(force: boolean, options: object, callback: () => void): unknown;
  /** Connects again after a close, with the same stores: what was in flight is sent again. */
  connect(): unknown;
  /** The QoS 1 messages not acknowledged yet, by packet id. */
  readonly outgoing?: Readonly<Record<number, unknown>>;
  /** Gives up on a message in flight. */
  removeOutgoingMessage?(messageId: number): unknown;
}

/** `mqtt.connect`. */
export type MqttConnect = (url: string, options: MqttConnectOptions) => MqttClientLike;

function isModuleNotFound(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Loads MQTT.js's `connect`, or rejects with an {@link XcomError} `MODULE_MISSING` that gives
 * the install command.
 */
export async function loadMqtt(importer: ModuleImporter = importModule): Promise<MqttConnect> {
  let module: unknown;
  try {
    module = await importer(MQTT_PACKAGE);
  } catch (cause) {
    const why = isModuleNotFound(cause) ? 'is not installed' : 'failed to load';
    throw new XcomError('MODULE_MISSING', `the MQTT bridge needs the optional package "${MQTT_PACKAGE}", which ${why}: ${MQTT_INSTALL}`, { cause });
  }
  const namespace = typeof module === 'object' && module !== null ? (module as Record<string, unknown>) : {};
  const fallback = namespace['default'];
  const connect = namespace['connect'] ?? (typeof fallback === 'object' && fallback !== null ? (fallback as Record<string, unknown>)['connect'] : undefined);
  if (typeof connect !== 'function') throw new XcomError('MODULE_MISSING', `the package "${MQTT_PACKAGE}" has no connect export (MQTT.js 5 expected): ${MQTT_INSTALL}`);
  return connect as MqttConnect;
}
