// What no broker does on demand: deliver a command again with the dup flag (our PUBACK lost),
// or twice in one packet id. The bridge, on a scripted MQTT client, writes once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import type { MqttBridge } from '../../src/mqtt/index.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { ScriptedMqtt, startScripted } from './scripted-mqtt.js';

const CONFIG = parseBridgeConfig({ interval: 0.2, defaults: false, datapoints: [{ datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', devices: ['XT1'], writable: true }] });
const TOPIC = 'xcom/s/XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS/set';

describe('a command delivered again', () => {
  let rig: SimRig | undefined;
  let bridge: MqttBridge | undefined;
  afterEach(async () => {
    await bridge?.stop();
    await rig?.close();
  });

  async function scripted(): Promise<{ mqtt: ScriptedMqtt; writes: () => number }> {
    rig = await simRig({ seed: 3 });
    const sim = rig.sim;
    const started = await startScripted({
      client: rig.client,
      broker: 'mqtt://127.0.0.1:1883',
      site: 's',
      config: CONFIG,
    });
    bridge = started.bridge;
    const mqtt = started.mqtt;
    await bridge.ready;
    return { mqtt, writes: () => sim.requests.list().filter((r) => r.serviceId === 0x02 && r.objectId === 1138).length };
  }

  it('writes once when the broker redelivers it with dup and the same packet id', async () => {
    const { mqtt, writes } = await scripted();
    const outcomes: string[] = [];
    bridge!.on('command', (o) => outcomes.push(o.result));
    mqtt.deliver(TOPIC, '21', { messageId: 9 });
    mqtt.deliver(TOPIC, '21', { messageId: 9, dup: true });
    await vi.waitFor(() => expect(outcomes).toEqual(['duplicate', 'executed']), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(writes()).toBe(1);
    expect(rig!.sim.installation.currentValue(101, 1138)).toBe(21);
    // A later command is a new one, even with the same value.
    mqtt.deliver(TOPIC, '21', { messageId: 10 });
    await vi.waitFor(() => expect(writes()).toBe(2), { timeout: 5000 });
  });

  it('subscribes with a clean session and a last will, and forgets the packet ids of a former connection', async () => {
    const { mqtt, writes } = await scripted();
    expect(mqtt.options).toMatchObject({ clean: true, reconnectPeriod: 0, will: { topic: 'xcom/s/status', payload: 'offline', retain: true } });
    mqtt.deliver(TOPIC, '22', { messageId: 1 });
    await vi.waitFor(() => expect(writes()).toBe(1), { timeout: 5000 });
    mqtt.connected = false;
    mqtt.emit('close');
    mqtt.up();
    // Packet ids start again with a new session: a dup with id 1 here is not the old message.
    mqtt.deliver(TOPIC, '23', { messageId: 1, dup: true });
    await vi.waitFor(() => expect(writes()).toBe(2), { timeout: 5000 });
    expect(mqtt.published.filter((m) => m.topic === 'xcom/s/status').map((m) => m.payload)).toEqual(['online', 'online']);
  });
});
