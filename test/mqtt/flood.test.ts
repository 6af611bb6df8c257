// A peer that floods the /set topics: huge payloads, bursts of commands. What reaches the
// device stays bounded, and each refusal is told on the error topic, in a few bytes. And the
// log, which ends up in journals, never shows the broker's password.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import type { CommandOutcome, MqttBridge } from '../../src/mqtt/index.js';
import { MAX_INCOMING_PACKET_BYTES } from '../../src/mqtt/bridge.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { ScriptedMqtt, startScripted } from './scripted-mqtt.js';

const CONFIG = parseBridgeConfig({ interval: 60, defaults: false, datapoints: [{ datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', devices: ['XT1'], writable: true }] });
const TOPIC = 'xcom/s/XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS/set';

describe('a flood of commands', () => {
  let rig: SimRig | undefined;
  let bridge: MqttBridge | undefined;
  afterEach(async () => {
    await bridge?.stop();
    await rig?.close();
  });

  async function scripted(broker = 'mqtt://127.0.0.1:1883', log: string[] = [], protocolVersion: 4 | 5 = 5): Promise<{ mqtt: ScriptedMqtt; writes: () => number; outcomes: CommandOutcome[] }> {
    rig = await simRig({ seed: 3 });
    const sim = rig.sim;
    const started = await startScripted({
      client: rig.client,
      broker,
      site: 's',
      config: CONFIG,
      messages: false,
      protocolVersion,
    }, (b) => {
      b.on('log', (entry) => log.push(entry.message));
    });
    bridge = started.bridge;
    const mqtt = started.mqtt;
    await bridge.ready;
    const outcomes: CommandOutcome[] = [];
    bridge.on('command', (o) => outcomes.push(o));
    return { mqtt, outcomes, writes: () => sim.requests.list().filter((r) => r.serviceId === 0x02 && r.objectId === 1138).length };
  }

  it('refuses a payload over 256 bytes, and shows only its start', async () => {
    const { mqtt, writes, outcomes } = await scripted();
    mqtt.deliver(TOPIC, `3${'0'.repeat(1 << 20)}`, { messageId: 1 });
    await vi.waitFor(() => expect(outcomes.map((o) => o.code)).toEqual(['TOO_LARGE']), { timeout: 5000 });
    const errors = mqtt.published.filter((m) => m.topic === 'xcom/s/error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.payload.length).toBeLessThan(1000);
    expect(JSON.parse(errors[0]!.payload)).toMatchObject({ code: 'TOO_LARGE', reason: expect.stringMatching(/at most 256 bytes, got 1048577/) });
    expect(outcomes[0]!.payload.length).toBeLessThanOrEqual(65);
    // A retained one is still cleared.
    mqtt.deliver(TOPIC, 'x'.repeat(1000), { messageId: 2, retain: true });
    await vi.waitFor(() => expect(mqtt.published).toContainEqual({ topic: TOPIC, payload: '', retain: true }), { timeout: 5000 });
    expect(writes()).toBe(0);
  });

  it('asks the broker (MQTT 5) for no packet over 16 KiB, far above anything it takes', async () => {
    const { mqtt } = await scripted();
    expect(mqtt.options.properties).toEqual({ maximumPacketSize: 16 * 1024 });
    expect(MAX_INCOMING_PACKET_BYTES).toBe(16 * 1024);
    await bridge!.stop();
    await rig!.close();
    // MQTT 3.1.1 has no such property: the bridge's own 256-byte limit is all there is.
    const v4 = await scripted(undefined, [], 4);
    expect(v4.mqtt.options.protocolVersion).toBe(4);
    expect(v4.mqtt.options).not.toHaveProperty('properties');
  });

  it('keeps at most 32 commands waiting, refuses the others as BUSY, and takes new ones once they ran', async () => {
    const { mqtt, writes, outcomes } = await scripted();
    for (let i = 0; i < 100; i++) mqtt.deliver(TOPIC, String(i + 1), { messageId: i + 1 });
    expect(outcomes.filter((o) => o.code === 'BUSY')).toHaveLength(68);
    await vi.waitFor(() => expect(outcomes.filter((o) => o.result === 'executed')).toHaveLength(32), { timeout: 5000 });
    expect(writes()).toBe(32);
    // The first 32 ran, in order; the last value written is the 32nd.
    expect(rig!.sim.installation.currentValue(101, 1138)).toBe(32);
    mqtt.deliver(TOPIC, '40', { messageId: 200 });
    await vi.waitFor(() => expect(rig!.sim.installation.currentValue(101, 1138)).toBe(40), { timeout: 5000 });
  });

  it('goes on executing commands after a listener threw', async () => {
    const { mqtt, writes } = await scripted();
    bridge!.once('command', () => {
      throw new Error('a bug in a listener');
    });
    mqtt.deliver(TOPIC, '21', { messageId: 1 });
    await vi.waitFor(() => expect(writes()).toBe(1), { timeout: 5000 });
    mqtt.deliver(TOPIC, '22', { messageId: 2 });
    await vi.waitFor(() => expect(rig!.sim.installation.currentValue(101, 1138)).toBe(22), { timeout: 5000 });
    await bridge!.stop();
    await expect(bridge!.finished).resolves.toBeUndefined();
  });

  it('never logs the password of a broker URL', async () => {
    const log: string[] = [];
    const { mqtt } = await scripted('mqtt://xcom:s3cret@127.0.0.1:1883', log);
    mqtt.connected = false;
    mqtt.emit('error', new Error('connection refused'));
    mqtt.emit('close');
    await vi.waitFor(() => expect(log.join('\n')).toMatch(/waiting for the broker at mqtt:\/\/xcom:\*\*\*@127\.0\.0\.1:1883 \(connection refused\)/), { timeout: 5000 });
    expect(log.join('\n')).toMatch(/connected to the broker at mqtt:\/\/xcom:\*\*\*@127\.0\.0\.1:1883/);
    expect(log.join('\n')).toMatch(/lost the broker at mqtt:\/\/xcom:\*\*\*@/);
    expect(log.join('\n')).not.toContain('s3cret');
    expect(mqtt.options).not.toHaveProperty('password');
  });
});
