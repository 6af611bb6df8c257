/**
 * The `mqtt` section of the bridges' configuration file: the MQTT bridge's own settings,
 * checked with the same kind of errors as the rest of the file (the field named, the key
 * meant suggested). What the command line or the options give wins over it.
 * @module
 */
import { closestKey } from '../client/check-options.js';
import { XcomValidationError } from '../errors.js';

/** The `mqtt` section of the configuration file, as written. */
export interface MqttSection {
  /** The broker's URL (`mqtt://host:1883`, `mqtts://host:8883`, `ws://`, `wss://`). */
  readonly broker?: string;
  /** The broker's user name. */
  readonly username?: string;
  /** The broker's password (the environment variable `XCOM_MQTT_PASSWORD` keeps it out of the file). */
  readonly password?: string;
  /** The MQTT client id (default `xcom-ts-<site>-<random>`). */
  readonly clientId?: string;
  /** The first topic level(s) (default `xcom`). */
  readonly base?: string;
  /** The site's topic level (default: the gateway's GUID). */
  readonly site?: string;
  /** Home Assistant's discovery prefix (default `homeassistant`). */
  readonly discoveryPrefix?: string;
  /** Publish Home Assistant discovery (default `true`). */
  readonly discovery?: boolean;
  /** Also publish one JSON object per unit (default `false`). */
  readonly json?: boolean;
  /** The QoS of what the bridge publishes, 0 or 1 (default 1). */
  readonly qos?: 0 | 1;
  /** MQTT 3.1.1 (4) or 5 (default 5). */
  readonly protocolVersion?: 4 | 5;
  /** Follow the message log and publish each message (default `true`). */
  readonly messages?: boolean;
}

/** The keys of {@link MqttSection}. */
export const MQTT_SECTION_KEYS = [
  'broker',
  'username',
  'password',
  'clientId',
  'base',
  'site',
  'discoveryPrefix',
  'discovery',
  'json',
  'qos',
  'protocolVersion',
  'messages',
] as const satisfies readonly (keyof MqttSection)[];
// Fails to compile when the list misses a key of the interface.
type True<T extends true> = T;
type _SectionKeys = True<[Exclude<keyof MqttSection, (typeof MQTT_SECTION_KEYS)[number]>] extends [never] ? true : false>;

const STRINGS = ['broker', 'username', 'password', 'clientId', 'base', 'site', 'discoveryPrefix'] as const;
const BOOLEANS = ['discovery', 'json', 'messages'] as const;

/**
 * Checks the `mqtt` section of a configuration file (`BridgeConfig.mqtt`), or the same
 * settings given as options (`prefix` `''`: the fields are then named without `mqtt.`).
 */
export function parseMqttSection(section: Readonly<Record<string, unknown>>, prefix = 'mqtt.'): MqttSection {
  for (const key of Object.keys(section)) {
    if (!(MQTT_SECTION_KEYS as readonly string[]).includes(key)) {
      const near = closestKey(key, MQTT_SECTION_KEYS);
      throw new XcomValidationError(`${prefix === '' ? 'options' : prefix.slice(0, -1)}: unknown key "${key}"${near === undefined ? '' : ` (did you mean "${near}"?)`}; known: ${MQTT_SECTION_KEYS.join(', ')}`, `${prefix}${key}`);
    }
  }
  for (const key of STRINGS) {
    const value = section[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new XcomValidationError(`${prefix}${key} must be a non-empty string, got ${JSON.stringify(value)}`, `${prefix}${key}`);
    }
  }
  for (const key of BOOLEANS) {
    const value = section[key];
    if (value !== undefined && typeof value !== 'boolean') throw new XcomValidationError(`${prefix}${key} must be true or false, got ${JSON.stringify(value)}`, `${prefix}${key}`);
  }
  if (section['qos'] !== undefined && section['qos'] !== 0 && section['qos'] !== 1) {
    throw new XcomValidationError(`${prefix}qos must be 0 or 1, got ${JSON.stringify(section['qos'])}`, `${prefix}qos`);
  }
  if (section['protocolVersion'] !== undefined && section['protocolVersion'] !== 4 && section['protocolVersion'] !== 5) {
    throw new XcomValidationError(`${prefix}protocolVersion must be 4 (MQTT 3.1.1) or 5, got ${JSON.stringify(section['protocolVersion'])}`, `${prefix}protocolVersion`);
  }
  return section as MqttSection;
}
