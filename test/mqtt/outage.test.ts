// The broker comes back (or Home Assistant announces itself) while the installation does not
// answer: the values read before the outage are not published again as if they were current;
// they are once the installation answers. A unit that discovery no longer finds is not left
// available by a former run.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import type { MqttBridge } from '../../src/mqtt/index.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { startScripted } from './scripted-mqtt.js';

const CONFIG = parseBridgeConfig({ interval: 0.1, defaults: false, datapoints: [{ datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', devices: ['XT1'] }] });
const STATE = 'xcom/s/XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS';

describe('states during an outage of the installation', () => {
  let rig: SimRig | undefined;
  let bridge: MqttBridge | undefined;
  afterEach(async () => {
    await bridge?.stop();
    await rig?.close();
  });

  it('are not re-published on a new connection or for Home Assistant, and are once the installation answers', async () => {
    rig = await simRig({ seed: 3 }, { timeoutMs: 40, retries: 0 });
    const started = await startScripted({
      client: rig.client,
      broker: 'mqtt://127.0.0.1:1883',
      site: 's',
      config: CONFIG,
      messages: false,
      json: true,
    });
    bridge = started.bridge;
    const m = started.mqtt;
    await bridge.ready;
    const after = (from: number, topic: string): string[] => m.published.slice(from).filter((p) => p.topic === topic).map((p) => p.payload);
    await vi.waitFor(() => expect(after(0, STATE)).toHaveLength(1), { timeout: 5000 });
    const value = after(0, STATE)[0];

    rig.sim.endpoints[0]!.faults.setRates({ drop: 1 });
    await vi.waitFor(() => expect(after(0, 'xcom/s/link')).toContain('down'), { timeout: 5000 });
    const mark = m.published.length;
    // The broker comes back; Home Assistant comes online.
    m.connected = false;
    m.emit('close');
    m.up();
    m.deliver('homeassistant/status', 'online', {});
    // What is owed comes (on a loaded machine, later than a fixed pause would wait); a few
    // polls of the installation later, the stale state still has not.
    await vi.waitFor(() => {
      expect(after(mark, 'xcom/s/status')).toEqual(['online', 'online']);
      expect(after(mark, 'xcom/s/XT1/status')).toEqual(['offline', 'offline']);
    }, { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(after(mark, 'xcom/s/status')).toEqual(['online', 'online']);
    expect(after(mark, 'xcom/s/XT1/status')).toEqual(['offline', 'offline']);
    expect(after(mark, STATE)).toEqual([]);
    expect(after(mark, 'xcom/s/XT1')).toEqual([]);

    rig.sim.endpoints[0]!.faults.setRates({ drop: 0 });
    await vi.waitFor(() => expect(after(mark, 'xcom/s/link')).toContain('up'), { timeout: 5000 });
    // Unchanged, but owed: published now that it is current again.
    await vi.waitFor(() => expect(after(mark, STATE)).toEqual([value]), { timeout: 5000 });
    expect(after(mark, 'xcom/s/XT1/status')).toEqual(['offline', 'offline', 'online']);
    expect(after(mark, 'xcom/s/XT1')).toHaveLength(1);
  });
});

describe('a unit a former run left online', () => {
  let rig: SimRig | undefined;
  let bridge: MqttBridge | undefined;
  afterEach(async () => {
    await bridge?.stop();
    await rig?.close();
  });

  it('is marked offline when discovery does not find it, before or after discovery ends', async () => {
    rig = await simRig({ seed: 3 });
    // Discovery waits until the test lets it go on.
    const discover = rig.client.discover.bind(rig.client);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(rig.client, 'discover').mockImplementation(async (options) => {
      await released;
      return discover(options);
    });
    const log: string[] = [];
    const started = await startScripted({
      client: rig.client,
      broker: 'mqtt://127.0.0.1:1883',
      site: 's',
      config: CONFIG,
      messages: false,
    }, (b) => {
      b.on('log', (entry) => log.push(entry.message));
    });
    bridge = started.bridge;
    const m = started.mqtt;
    // What the broker kept, handed over with the subscription, before discovery is done.
    m.deliver('xcom/s/XT9/status', 'online', { retain: true });
    m.deliver('xcom/s/XT1/status', 'online', { retain: true });
    expect(bridge.monitor.installation).toBeUndefined();
    release();
    await bridge.ready;
    const statuses = (code: string): string[] => m.published.filter((p) => p.topic === `xcom/s/${code}/status` && p.retain).map((p) => p.payload);
    expect(bridge.monitor.installation?.devices.map((d) => d.code)).not.toContain('XT9');
    expect(statuses('XT9')).toEqual(['offline']);
    expect(log.filter((line) => /not found by discovery/.test(line))).toEqual([expect.stringMatching(/^XT9 /)]);
    // After discovery; and our own live publication is no news.
    m.deliver('xcom/s/VT9/status', 'online', { retain: true });
    m.deliver('xcom/s/VT8/status', 'online', { retain: false });
    m.deliver('xcom/s/VT7/status', 'offline', { retain: true });
    expect(statuses('VT9')).toEqual(['offline']);
    expect(statuses('VT8')).toEqual([]);
    expect(statuses('VT7')).toEqual([]);
  });
});
