/**
 * `xcom-ts/mqtt`: the installation on an MQTT broker, with Home Assistant discovery.
 * {@link startBridge} reads the installation through an {@link InstallationMonitor} (the
 * configuration file of `xcom-ts` decides what) and publishes each value on its own retained
 * topic, each unit as a Home Assistant device, and takes commands from `/set` topics.
 * MQTT.js is an optional peer dependency: `npm install mqtt`.
 *
 * @example
 * ```ts
 * import { startBridge } from 'xcom-ts/mqtt';
 *
 * await using bridge = await startBridge({ url: 'udp://192.168.1.50', broker: 'mqtt://127.0.0.1:1883' });
 * await bridge.ready;
 * ```
 * @module xcom-ts/mqtt
 */
import type { InstallationMonitor } from '../bridge/installation-monitor.js';

export { type BridgeLogEntry, type BridgeStatus, type BrokerState, type CommandOutcome, type MqttBridge, type MqttBridgeEvents, startBridge } from './bridge.js';
export { type MqttBridgeOptions, PORTAL_PACING } from './bridge-options.js';
export { type MqttSection } from './mqtt-section.js';
export { TopicLayout } from './topics.js';
