// Home Assistant ids take only [A-Za-z0-9_-], site topic levels also `.`: sites whose topics
// differ ("a.b", "a_b", "a-b") must not share a unique_id, a device or a discovery topic, and
// a GUID site keeps the ids it always had.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { gatewayIdentifier } from '../../src/mqtt/ha-discovery.js';
import type { MqttBridge } from '../../src/mqtt/index.js';
import { siteId, TopicLayout } from '../../src/mqtt/topics.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { startScripted } from './scripted-mqtt.js';

const CONFIG = parseBridgeConfig({ interval: 60, datapoints: [{ datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', devices: ['XT1'], writable: true }] });

describe("a site's Home Assistant ids", () => {
  it('escape every character but letters, digits and _ reversibly, and leave a GUID as it is', () => {
    expect(siteId('a.b')).toBe('a-2eb');
    expect(siteId('a-b')).toBe('a-2db');
    expect(siteId('a_b')).toBe('a_b');
    expect(siteId('Chalet_Nord-2.0')).toBe('Chalet_Nord-2d2-2e0');
    expect(siteId('é')).toBe('-c3-a9');
    const guid = '0123456789abcdef0123456789abcdef';
    expect(siteId(guid)).toBe(guid);
    const layout = new TopicLayout('xcom', guid, 'homeassistant');
    expect(gatewayIdentifier(layout)).toBe(`xcom_${guid}`);
    expect(layout.discovery('sensor', 'xt1_xt_battery_voltage')).toBe(`homeassistant/sensor/xcom_${guid}/xt1_xt_battery_voltage/config`);
  });

  describe('on two bridges whose sites differ only by . and _', () => {
    const rigs: SimRig[] = [];
    const bridges: MqttBridge[] = [];
    afterEach(async () => {
      for (const bridge of bridges.splice(0)) await bridge.stop();
      for (const rig of rigs.splice(0)) await rig.close();
    });

    async function discoveryOf(site: string): Promise<Map<string, Record<string, unknown>>> {
      const rig = await simRig({ seed: 3 });
      rigs.push(rig);
      const { bridge, mqtt } = await startScripted({
        client: rig.client,
        broker: 'mqtt://127.0.0.1:1883',
        site,
        config: CONFIG,
        messages: false,
      });
      bridges.push(bridge);
      await bridge.ready;
      const configs = mqtt.published.filter((m) => m.topic.startsWith('homeassistant/') && m.topic.endsWith('/config'));
      return new Map(configs.map((m) => [m.topic, JSON.parse(m.payload) as Record<string, unknown>]));
    }

    it('get disjoint unique_ids, device identifiers and discovery topics', async () => {
      const [dotted, underscored] = [await discoveryOf('a.b'), await discoveryOf('a_b')];
      expect(dotted.size).toBeGreaterThan(10);
      expect(underscored.size).toBe(dotted.size);
      const uniqueIds = (d: Map<string, Record<string, unknown>>): string[] => [...d.values()].map((c) => String(c['unique_id']));
      const identifiers = (d: Map<string, Record<string, unknown>>): string[] => [...d.values()].flatMap((c) => (c['device'] as { identifiers: string[] }).identifiers);
      const common = <T>(a: readonly T[], b: readonly T[]): T[] => a.filter((x) => b.includes(x));
      expect(common([...dotted.keys()], [...underscored.keys()])).toEqual([]);
      expect(common(uniqueIds(dotted), uniqueIds(underscored))).toEqual([]);
      expect(common(identifiers(dotted), identifiers(underscored))).toEqual([]);
      // Each still a valid Home Assistant id, and the topics their own.
      for (const id of [...uniqueIds(dotted), ...identifiers(dotted)]) expect(id).toMatch(/^xcom_a-2eb(_[a-z0-9_]+)?$/);
      expect([...dotted.values()].map((c) => c['state_topic']).filter((t) => t !== undefined)).toContain('xcom/a.b/XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS');
    });
  });
});
