// A peer that publishes `online` on Home Assistant's status topic again and again: each one
// would cost the whole discovery, availability and states. The first re-publishes at once,
// the others within 5 s lead to one more at the end of the interval, and stop() cancels it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import type { MqttBridge } from '../../src/mqtt/index.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { ManualTimers } from '../transport/manual-timers.js';
import { ScriptedMqtt, startScripted } from './scripted-mqtt.js';

const CONFIG = parseBridgeConfig({ interval: 60, defaults: false, datapoints: [{ datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', devices: ['XT1'] }] });
const DISCOVERY = 'homeassistant/sensor/xcom_s/xt1_xt_battery_charge_current_basic_settings/config';

describe("Home Assistant's online, again and again", () => {
  let rig: SimRig | undefined;
  let bridge: MqttBridge | undefined;
  afterEach(async () => {
    await bridge?.stop();
    await rig?.close();
  });

  async function scripted(): Promise<{ mqtt: ScriptedMqtt; timers: ManualTimers; republished: () => number; log: string[] }> {
    rig = await simRig({ seed: 3 });
    const timers = new ManualTimers();
    const log: string[] = [];
    const started = await startScripted({
      client: rig.client,
      broker: 'mqtt://127.0.0.1:1883',
      site: 's',
      config: CONFIG,
      messages: false,
      timers,
    }, (b) => {
      b.on('log', (entry) => log.push(entry.message));
    });
    bridge = started.bridge;
    const m = started.mqtt;
    await bridge.ready;
    const mark = m.published.length;
    expect(m.published.filter((p) => p.topic === DISCOVERY)).toHaveLength(1);
    // Each re-publication sends the discovery once (and everything else with it).
    return { mqtt: m, timers, log, republished: () => m.published.slice(mark).filter((p) => p.topic === DISCOVERY).length };
  }

  it('re-publishes at once for the first, then at most once per 5 s however many come', async () => {
    const { mqtt, timers, republished, log } = await scripted();
    mqtt.deliver('homeassistant/status', 'online', {});
    expect(republished()).toBe(1);
    expect(timers.delays).toEqual([5000]);
    for (let i = 0; i < 100; i++) mqtt.deliver('homeassistant/status', 'online', {});
    expect(republished()).toBe(1);
    // One trailing re-publication for the hundred, at the end of the interval, which starts a new one.
    timers.fire();
    expect(republished()).toBe(2);
    expect(timers.delays).toEqual([5000]);
    // An interval without `online`: nothing owed, nothing sent.
    timers.fire();
    expect(republished()).toBe(2);
    expect(timers.delays).toEqual([]);
    // Quiet again: the next one is served at once.
    mqtt.deliver('homeassistant/status', 'online', {});
    expect(republished()).toBe(3);
    expect(log.filter((line) => /Home Assistant is online/.test(line))).toHaveLength(3);
  });

  it('cancels the re-publication owed on stop()', async () => {
    const { mqtt, timers, republished } = await scripted();
    mqtt.deliver('homeassistant/status', 'online', {});
    mqtt.deliver('homeassistant/status', 'online', {});
    expect(republished()).toBe(1);
    expect(timers.delays).toEqual([5000]);
    const stopped = bridge!.stop();
    expect(timers.delays).toEqual([]);
    await stopped;
    mqtt.deliver('homeassistant/status', 'online', {});
    expect(republished()).toBe(1);
    expect(timers.delays).toEqual([]);
  });
});
