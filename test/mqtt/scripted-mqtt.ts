// An MQTT.js client driven by a test, for what no broker does on demand (a redelivery with
// dup, a burst of commands in one go): it connects when told, and records what is published.
import { EventEmitter } from 'node:events';
import { expect, vi } from 'vitest';
import { type MqttBridge, type MqttBridgeOptions, startBridge } from '../../src/mqtt/index.js';
import type { MqttClientLike, MqttConnectOptions, MqttPublishPacket } from '../../src/mqtt/mqtt-module.js';

/** An MQTT.js client driven by the test: it connects when told, and records what is published. */
export class ScriptedMqtt extends EventEmitter implements MqttClientLike {
  connected = false;
  readonly published: { topic: string; payload: string; retain: boolean }[] = [];
  constructor(readonly options: MqttConnectOptions) {
    super();
  }
  up(): void {
    this.connected = true;
    this.emit('connect');
  }
  deliver(topic: string, payload: string, packet: Partial<MqttPublishPacket>): void {
    this.emit('message', topic, new TextEncoder().encode(payload), { topic, qos: 1, dup: false, retain: false, ...packet });
  }
  publish(topic: string, payload: string, options: { readonly retain: boolean }, callback?: (error?: Error) => void): unknown {
    this.published.push({ topic, payload, retain: options.retain });
    callback?.();
    return this;
  }
  subscribe(): unknown {
    return this;
  }
  end(_force: boolean, _options: object, callback: () => void): unknown {
    this.connected = false;
    callback();
    return this;
  }
  connect(): unknown {
    return this;
  }
}

/**
 * Starts a bridge whose MQTT client is a {@link ScriptedMqtt}, and connects it. `onBridge` runs
 * as soon as the bridge exists, before the connection (to listen to its first log lines).
 */
export async function startScripted(
  options: Omit<MqttBridgeOptions, 'importModule'>,
  onBridge?: (bridge: MqttBridge) => void,
): Promise<{ bridge: MqttBridge; mqtt: ScriptedMqtt }> {
  let mqtt: ScriptedMqtt | undefined;
  const bridge = await startBridge({ ...options, importModule: async () => ({ connect: (_url: string, connect: MqttConnectOptions) => (mqtt = new ScriptedMqtt(connect)) }) });
  onBridge?.(bridge);
  await vi.waitFor(() => expect(mqtt).toBeDefined(), { timeout: 5000 });
  const scripted = mqtt as ScriptedMqtt;
  scripted.up();
  return { bridge, mqtt: scripted };
}
