/**
 * The bridge's topics: where each state, command, availability and discovery message goes,
 * and the checks that keep user text (a site name) from adding levels or wildcards to them.
 * @module
 */
import { XcomValidationError } from '../errors.js';

/**
 * One topic level made of user text (`--site "Chalet Nord/2"`): what MQTT would read as a
 * separator or a wildcard (`/`, `+`, `#`), a broker's own prefix (`$`) and anything outside
 * letters, digits, `_`, `-` and `.` become `_`, so that the level stays one level; in Home
 * Assistant ids it is written by {@link siteId}.
 */
export function topicLevel(text: string): string {
  return text.trim().replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * The site's part of Home Assistant ids (node ids, `unique_id`, device identifiers), which
 * take only `[A-Za-z0-9_-]`: letters, digits and `_` as they are, any other character as `-`
 * followed by the two lowercase hex digits of each of its UTF-8 bytes (`.` is `-2e`, `-` is
 * `-2d`). Reversible, so that two sites with different topics ("a.b", "a_b", "a-b") never
 * share an id, as they would if `.` and `-` were merely replaced; a GUID (hex) is unchanged.
 */
export function siteId(site: string): string {
  return site.replace(/[^A-Za-z0-9_]/gu, (character) =>
    Array.from(Buffer.from(character, 'utf8'), (byte) => `-${byte.toString(16).padStart(2, '0')}`).join(''),
  );
}

/** A Home Assistant `node_id` or `object_id` (also used for `unique_id`): only `[A-Za-z0-9_-]`. */
export function haId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Checks a topic prefix given by the user (`--base`, `--discovery-prefix`): one or more levels,
 * none empty, no wildcard. Returns it without surrounding slashes.
 */
export function checkTopicPrefix(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new XcomValidationError(`${field} must be a topic prefix such as "xcom", got ${JSON.stringify(value)}`, field);
  const prefix = value.trim().replace(/^\/+|\/+$/g, '');
  if (prefix === '' || prefix.split('/').some((level) => level === '')) {
    throw new XcomValidationError(`${field} must be one or more non-empty topic levels ("xcom", "home/xcom"), got ${JSON.stringify(value)}`, field);
  }
  if (/[+#\u0000]/.test(prefix) || prefix.startsWith('$')) {
    throw new XcomValidationError(`${field} must not hold a wildcard (+, #), a NUL or start with $, got ${JSON.stringify(value)}`, field);
  }
  return prefix;
}

/** The topics of one bridge, for one site. */
export class TopicLayout {
  /** `<base>/<site>`: everything of this site is under it. */
  readonly root: string;
  /** `<base>/<site>/status`: the bridge's availability, retained `online`/`offline`, the last will. */
  readonly bridgeStatus: string;
  /** `<base>/<site>/link`: whether the installation answers, retained `up`/`down`. */
  readonly link: string;
  /** `<base>/<site>/messages`: the message log, one JSON event per message, not retained. */
  readonly messages: string;
  /** `<base>/<site>/error`: refused commands, one JSON event each, not retained. */
  readonly error: string;
  /** `<base>/<site>/+/+/set`: the subscription that receives every command. */
  readonly commands: string;
  /** `<prefix>/status`: Home Assistant's birth and last will. */
  readonly haStatus: string;
  /** `<base>/<site>/+/status`: the subscription that finds units left `online` by a former run. */
  readonly deviceStatuses: string;

  /**
   * @param base the checked base (`xcom`)
   * @param site the site's topic level: one level, without `/`, `+` or `#`
   * @param discoveryPrefix the checked discovery prefix (`homeassistant`)
   */
  constructor(
    readonly base: string,
    readonly site: string,
    readonly discoveryPrefix: string,
  ) {
    this.root = `${base}/${site}`;
    this.bridgeStatus = `${this.root}/status`;
    this.link = `${this.root}/link`;
    this.messages = `${this.root}/messages`;
    this.error = `${this.root}/error`;
    this.commands = `${this.root}/+/+/set`;
    this.haStatus = `${discoveryPrefix}/status`;
    this.deviceStatuses = `${this.root}/+/status`;
  }

  /** `<base>/<site>/<code>`: the unit's JSON object (with `json`). */
  device(code: string): string {
    return `${this.root}/${code}`;
  }

  /** `<base>/<site>/<code>/status`: the unit's availability, retained `online`/`offline`. */
  deviceStatus(code: string): string {
    return `${this.root}/${code}/status`;
  }

  /** The unit code of a unit's availability topic, or `undefined` for another topic. */
  parseDeviceStatus(topic: string): string | undefined {
    if (!topic.startsWith(`${this.root}/`) || !topic.endsWith('/status')) return undefined;
    const code = topic.slice(this.root.length + 1, -'/status'.length);
    return code === '' || code.includes('/') ? undefined : code;
  }

  /** `<base>/<site>/<code>/<name>`: a datapoint's state, retained. */
  state(code: string, name: string): string {
    return `${this.root}/${code}/${name}`;
  }

  /** `<base>/<site>/<code>/<name>/set`: a datapoint's command topic. */
  command(code: string, name: string): string {
    return `${this.state(code, name)}/set`;
  }

  /** The unit and datapoint of a command topic, or `undefined` for another topic. */
  parseCommand(topic: string):
    | {
        /** The unit's code (`XT1`). */
        readonly code: string;
        /** The datapoint's name (`XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS`). */
        readonly name: string;
      }
    | undefined {
    if (!topic.startsWith(`${this.root}/`) || !topic.endsWith('/set')) return undefined;
    const levels = topic.slice(this.root.length + 1, -'/set'.length).split('/');
    const [code, name] = levels;
    return levels.length === 2 && code !== undefined && name !== undefined ? { code, name } : undefined;
  }

  /** `<prefix>/<component>/<node id>/<object id>/config`: a Home Assistant discovery topic. */
  discovery(component: string, objectId: string): string {
    return `${this.discoveryPrefix}/${component}/xcom_${siteId(this.site)}/${haId(objectId)}/config`;
  }
}
