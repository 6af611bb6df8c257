/**
 * Home Assistant MQTT discovery: one retained configuration message per entity, under
 * `<prefix>/<platform>/xcom_<site>/<object id>/config`, with full key names. Each Studer unit
 * is one Home Assistant device (model, versions, FID as serial number) reached `via_device`
 * through the gateway, itself a device with the link's state and the latest message.
 * @module
 */
import pkg from '../../package.json' with { type: 'json' };
import type { SelectedDatapoint } from '../bridge/selection.js';
import { FAMILIES } from '../catalogue/families.js';
import type { Datapoint } from '../catalogue/types.js';
import type { DiscoveredDevice, DiscoveredInstallation } from '../client/discovery-result.js';
import { entityKind, type EntityKind, type HaPlatform } from './ha-entity.js';
import { haId, siteId, type TopicLayout } from './topics.js';

/** The payload a button sends. */
export const PRESS_PAYLOAD = 'PRESS';

/** A retained discovery message. */
export interface DiscoveryMessage {
  /** Its topic. */
  readonly topic: string;
  /** Its configuration (published as JSON). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** One selected datapoint as it is published: its entity, topics and discovery message. */
export interface BridgeEntity {
  /** The selection's key, `XT1/XT_BATTERY_VOLTAGE`. */
  readonly key: string;
  /** What is read or written. */
  readonly item: SelectedDatapoint;
  /** The datapoint with this installation's ranges. */
  readonly datapoint: Datapoint;
  /** How it appears in Home Assistant. */
  readonly kind: EntityKind;
  /** Where its state goes; `undefined` for a button. */
  readonly stateTopic: string | undefined;
  /** Where commands come; `undefined` for what cannot be written. */
  readonly commandTopic: string | undefined;
  /** Its discovery message. */
  readonly discovery: DiscoveryMessage;
}

const MANUFACTURER = 'Studer Innotec';

const ORIGIN = { name: 'xcom-ts', sw_version: pkg.version, support_url: pkg.homepage };

/** Leaves out the keys whose value is `undefined`. */
function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** The gateway's device identifier, `xcom_<site>`. */
export function gatewayIdentifier(topics: TopicLayout): string {
  return `xcom_${siteId(topics.site)}`;
}

/** A unit's device identifier, `xcom_<site>_<code>`; with a family's code (`XT`), the family's device. */
export function deviceIdentifier(topics: TopicLayout, code: string): string {
  return haId(`xcom_${siteId(topics.site)}_${code.toLowerCase()}`);
}

function gatewayDevice(topics: TopicLayout, installation: DiscoveredInstallation): Record<string, unknown> {
  return defined({
    identifiers: [gatewayIdentifier(topics)],
    name: `Xcom ${topics.site.slice(0, 12)}`,
    manufacturer: MANUFACTURER,
    model: 'Xcom-232i',
    sw_version: installation.gateway.softwareVersion,
    serial_number: installation.gateway.guid,
  });
}

function unitDevice(topics: TopicLayout, device: DiscoveredDevice): Record<string, unknown> {
  const hardware = device.powerHardwareVersion === undefined ? device.hardwareVersion : `${device.hardwareVersion ?? '?'} / ${device.powerHardwareVersion}`;
  return defined({
    identifiers: [deviceIdentifier(topics, device.code)],
    name: `Studer ${device.code}`,
    manufacturer: MANUFACTURER,
    model: device.model ?? FAMILIES[device.family].label,
    sw_version: device.softwareVersion,
    hw_version: hardware,
    serial_number: device.fid,
    via_device: gatewayIdentifier(topics),
  });
}

/**
 * The device of a family's parameters set on all its units at once (`allUnits`): "Xtenders
 * (all units)", with the first unit's software (units of one system run the same).
 */
function familyDevice(topics: TopicLayout, code: string, first: DiscoveredDevice): Record<string, unknown> {
  return defined({
    identifiers: [deviceIdentifier(topics, code)],
    name: `${FAMILIES[first.family].label}s (all units)`,
    manufacturer: MANUFACTURER,
    model: FAMILIES[first.family].label,
    sw_version: first.softwareVersion,
    via_device: gatewayIdentifier(topics),
  });
}

/** The keys each platform needs beside the common ones. */
function platformKeys(kind: EntityKind, stateTopic: string | undefined, commandTopic: string | undefined): Record<string, unknown> {
  const common = {
    state_topic: stateTopic,
    unit_of_measurement: kind.unit,
    device_class: kind.deviceClass,
    entity_category: kind.entityCategory,
  };
  switch (kind.platform) {
    case 'sensor':
      return { ...common, state_class: kind.stateClass, options: kind.options };
    case 'binary_sensor':
      return { ...common, payload_on: kind.payloadOn, payload_off: kind.payloadOff };
    case 'number':
      return { ...common, command_topic: commandTopic, min: kind.min, max: kind.max, step: kind.step, mode: 'box' };
    case 'select':
      return { ...common, command_topic: commandTopic, options: kind.options };
    case 'switch':
      return { ...common, command_topic: commandTopic, payload_on: kind.payloadOn, payload_off: kind.payloadOff, state_on: kind.payloadOn, state_off: kind.payloadOff };
    case 'button':
      return { command_topic: commandTopic, payload_press: PRESS_PAYLOAD, entity_category: kind.entityCategory };
  }
}

/** Whether a platform takes commands. */
function commanded(platform: HaPlatform): boolean {
  return platform === 'number' || platform === 'select' || platform === 'switch' || platform === 'button';
}

/**
 * The entities of the selected datapoints. `ranges` gives a datapoint the min and max that
 * writes are checked against on this installation (`XcomClient.rangesOf`).
 */
export function buildEntities(
  items: readonly SelectedDatapoint[],
  topics: TopicLayout,
  options: { readonly qos: 0 | 1; readonly ranges: (datapoint: Datapoint) => Datapoint },
): BridgeEntity[] {
  return items.map((item) => {
    const datapoint = options.ranges(item.datapoint);
    const kind = entityKind(datapoint, item);
    // A unit's code (`XT1`), or its family's (`XT`) for a parameter of all its units.
    const code = item.code;
    const name = item.datapoint.name;
    const stateTopic = kind.platform === 'button' ? undefined : topics.state(code, name);
    const commandTopic = commanded(kind.platform) ? topics.command(code, name) : undefined;
    const uniqueId = haId(`xcom_${siteId(topics.site)}_${code.toLowerCase()}_${name.toLowerCase()}`);
    const config = defined({
      name: item.datapoint.description,
      unique_id: uniqueId,
      ...defined(platformKeys(kind, stateTopic, commandTopic)),
      availability: [{ topic: topics.bridgeStatus }, { topic: topics.deviceStatus(code) }],
      availability_mode: 'all',
      qos: options.qos,
      device: item.allUnits ? familyDevice(topics, code, item.device) : unitDevice(topics, item.device),
      origin: ORIGIN,
    });
    return {
      key: item.key,
      item,
      datapoint,
      kind,
      stateTopic,
      commandTopic,
      discovery: { topic: topics.discovery(kind.platform, `${code}_${name}`.toLowerCase()), config },
    };
  });
}

/** The gateway's own entities: whether the installation answers, and its latest message. */
export function gatewayDiscovery(topics: TopicLayout, installation: DiscoveredInstallation, qos: 0 | 1): DiscoveryMessage[] {
  const device = gatewayDevice(topics, installation);
  const availability = [{ topic: topics.bridgeStatus }];
  const base = gatewayIdentifier(topics);
  return [
    {
      topic: topics.discovery('binary_sensor', 'link'),
      config: {
        name: 'Installation link',
        unique_id: `${base}_link`,
        state_topic: topics.link,
        payload_on: 'up',
        payload_off: 'down',
        device_class: 'connectivity',
        entity_category: 'diagnostic',
        availability,
        qos,
        device,
        origin: ORIGIN,
      },
    },
    {
      topic: topics.discovery('sensor', 'latest_message'),
      config: {
        name: 'Latest message',
        unique_id: `${base}_latest_message`,
        state_topic: topics.messages,
        value_template: '{{ value_json.text }}',
        json_attributes_topic: topics.messages,
        availability,
        qos,
        device,
        origin: ORIGIN,
      },
    },
  ];
}
