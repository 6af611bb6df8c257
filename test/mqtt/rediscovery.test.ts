// The MQTT bridge on a real broker (mosquitto on loopback) when a re-discovery finds the
// installation changed: new units announced to Home Assistant and published, units gone
// marked offline with their entities kept, commands only for what is still selected.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BridgeConfig, parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { REDISCOVER_SOON_MS } from '../../src/bridge/installation-monitor.js';
import { deviceIdentifier, gatewayIdentifier } from '../../src/mqtt/ha-discovery.js';
import { type CommandOutcome, type MqttBridge, startBridge } from '../../src/mqtt/index.js';
import { manualPollClock } from '../bridge/manual-poll-clock.js';
import type { SimulatorOptions } from '../../src/simulator/simulator.js';
import { simRig } from '../client/sim-rig.js';
import { type Broker, consumer, haveBroker, retained, type Seen, startBroker } from './mosquitto.js';

const HOUR = 3_600_000;
/** The default set every 10 minutes, a writable parameter on each VarioTrack and VarioString; re-discovery hourly (the default). */
const CONFIG = parseBridgeConfig({ interval: 600, datapoints: [{ datapoint: 'VT_BATTERY_CHARGE_CURRENT', writable: true }, { datapoint: 'VS_FLOATING_VOLTAGE', writable: true }] });

const describeBroker = haveBroker ? describe : describe.skip;

describeBroker('the MQTT bridge after a re-discovery, on mosquitto', () => {
  let broker: Broker;
  const cleanup: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker?.close();
  });
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close().catch(() => undefined);
  });

  /**
   * A bridge on a simulator of three VarioTracks (`unplugged` away from the start), on the
   * manual clock, and a consumer of everything it publishes under `base` and `ha<base>`.
   */
  async function bridgeOn(sim: SimulatorOptions, base: string, config: BridgeConfig, unplugged: readonly number[] = []) {
    const rig = await simRig({ seed: 3, variotracks: 3, ...sim }, { timeoutMs: 30, retries: 0 });
    cleanup.push(() => rig.close());
    for (const address of unplugged) rig.sim.installation.unplug(address);
    const clock = manualPollClock();
    const bridge: MqttBridge = await startBridge({ client: rig.client, broker: broker.url, base, discoveryPrefix: `ha${base}`, config, clock, reconnect: { initialMs: 50, maxMs: 200, jitter: 0 } });
    cleanup.push(() => bridge.stop());
    await bridge.ready;
    const topics = bridge.topics!;
    const c = await consumer(broker.url, [`${topics.root}/#`, `${topics.discoveryPrefix}/#`]);
    cleanup.push(() => c.close());
    return { rig, clock, bridge, topics, c };
  }

  it('announces and publishes a unit added, marks a unit gone offline (its entities kept, its commands refused)', async () => {
    const { rig, clock, bridge, topics, c } = await bridgeOn({ variostrings: 2 }, 'rd', CONFIG, [303]);
    /** A discovery message whose entity has this state topic. */
    const announces = (m: Seen, stateTopic: string): boolean => m.topic.endsWith('/config') && m.payload.includes(`"state_topic":"${stateTopic}"`);
    const vt1State = topics.state('VT1', 'VT_POWER_OF_THE_PV_GENERATOR');
    const vt1Config = (await c.waitFor((m) => announces(m, vt1State), 'VT1 discovery, retained')).topic;
    const vt3State = topics.state('VT3', 'VT_POWER_OF_THE_PV_GENERATOR');
    expect(c.last.has(vt3State)).toBe(false);
    expect(c.seen.some((m) => announces(m, vt3State))).toBe(false);

    // VT3 is connected, VS2 taken away.
    rig.sim.installation.plug(303);
    rig.sim.installation.unplug(702);
    const outcomes: CommandOutcome[] = [];
    bridge.on('command', (o) => outcomes.push(o));
    await clock.advance(HOUR);

    // VT3: its Home Assistant device and entities, its states, its availability.
    const vt3Config = await c.waitFor((m) => announces(m, vt3State), 'VT3 discovery');
    const config = JSON.parse(vt3Config.payload) as Record<string, unknown> & { device: Record<string, unknown> };
    expect(config).toMatchObject({ device_class: 'power', unit_of_measurement: 'kW', availability: [{ topic: topics.bridgeStatus }, { topic: topics.deviceStatus('VT3') }] });
    expect(config.device).toMatchObject({ identifiers: [deviceIdentifier(topics, 'VT3')], model: 'VT-65/VT-80', serial_number: expect.stringMatching(/^[0-9A-F]{8}$/), via_device: gatewayIdentifier(topics) });
    const expected = rig.sim.installation.infoValue(303, 11004) as number;
    const state = await c.waitFor((m) => m.topic === vt3State, 'VT3 state');
    expect(Number(state.payload)).toBeCloseTo(expected, 2);
    await c.waitFor((m) => m.topic === topics.deviceStatus('VT3') && m.payload === 'online', 'VT3 online');
    await c.waitFor((m) => m.topic.startsWith(`${topics.discoveryPrefix}/number/`) && announces(m, topics.state('VT3', 'VT_BATTERY_CHARGE_CURRENT')), 'VT3 writable parameter');
    // A unit still present keeps its topics, and is not announced again.
    expect(c.seen.filter((m) => m.topic === vt1Config)).toHaveLength(1);

    // VS2 missed once is kept; a minute later it is gone: offline, its entities stay.
    await vi.waitFor(() => expect(clock.sleeping()).toContain(REDISCOVER_SOON_MS));
    const gone = new Promise<void>((resolve) => bridge.monitor.once('installation', () => resolve()));
    await clock.advance(REDISCOVER_SOON_MS);
    await gone;
    await c.waitFor((m) => m.topic === topics.deviceStatus('VS2') && m.payload === 'offline', 'VS2 offline');
    const all = await retained(broker.url, [`${topics.root}/#`, `${topics.discoveryPrefix}/#`]);
    expect(all.get(topics.deviceStatus('VS2'))).toBe('offline');
    const vs2State = topics.state('VS2', 'VS_FLOATING_VOLTAGE');
    expect([...all].some(([topic, payload]) => announces({ topic, payload, retain: true }, vs2State))).toBe(true);
    expect(bridge.monitor.items.some((i) => i.device.code === 'VS2')).toBe(false);
    expect(all.get(topics.deviceStatus('VT3'))).toBe('online');

    // A command for VS2's parameter is refused as one for no datapoint; VT3's is written.
    await c.publish(topics.command('VS2', 'VS_FLOATING_VOLTAGE'), '54');
    await c.publish(topics.command('VT3', 'VT_BATTERY_CHARGE_CURRENT'), '40');
    await vi.waitFor(() => expect(outcomes).toHaveLength(2), { timeout: 5000 });
    expect(outcomes[0]).toMatchObject({ result: 'refused', code: 'NOT_WRITABLE' });
    expect(outcomes[1]).toMatchObject({ result: 'executed' });
    expect(rig.sim.installation.currentValue(303, 10002)).toBe(40);
  });

  it('keeps an "allUnits" parameter while its family has a unit: written to all that are left; offline once none is', async () => {
    const config = parseBridgeConfig({ interval: 600, defaults: false, datapoints: [{ datapoint: 'VT_BATTERY_CHARGE_CURRENT', writable: true, allUnits: true }] });
    const { rig, clock, bridge, topics, c } = await bridgeOn({ variostrings: 0 }, 'rdf', config);
    const state = topics.state('VT', 'VT_BATTERY_CHARGE_CURRENT');
    const announced = (m: Seen): boolean => m.topic.endsWith('/config') && m.payload.includes(`"state_topic":"${state}"`);
    await c.waitFor(announced, 'the family entity, retained');
    await c.waitFor((m) => m.topic === topics.deviceStatus('VT') && m.payload === 'online', 'the family online, retained');
    const readFrom = (): string | undefined => bridge.monitor.items.find((i) => i.key === 'VT/VT_BATTERY_CHARGE_CURRENT')?.device.code;
    expect(readFrom()).toBe('VT1');

    /** Two re-discoveries: a unit missed once is kept, a minute later it is gone. */
    const rediscover = async (): Promise<void> => {
      await clock.advance(HOUR);
      await vi.waitFor(() => expect(clock.sleeping()).toContain(REDISCOVER_SOON_MS));
      const changed = new Promise<void>((resolve) => bridge.monitor.once('installation', () => resolve()));
      await clock.advance(REDISCOVER_SOON_MS);
      await changed;
    };

    // VT3 is gone (discovery finds VarioTracks from VT1 on, so VT1 stays the first while there is one).
    rig.sim.installation.unplug(303);
    await rediscover();
    expect(bridge.monitor.installation?.devices.filter((d) => d.family === 'variotrack').map((d) => d.code)).toEqual(['VT1', 'VT2']);
    await c.waitFor((m) => m.topic === topics.deviceStatus('VT3') && m.payload === 'offline', 'VT3 offline');
    expect(readFrom()).toBe('VT1');
    const all = await retained(broker.url, [`${topics.root}/#`]);
    expect(all.get(topics.deviceStatus('VT'))).toBe('online');
    // Its topics and device did not change: not announced again.
    expect(c.seen.filter(announced)).toHaveLength(1);
    const outcomes: CommandOutcome[] = [];
    bridge.on('command', (o) => outcomes.push(o));
    await c.publish(topics.command('VT', 'VT_BATTERY_CHARGE_CURRENT'), '41');
    await vi.waitFor(() => expect(outcomes).toHaveLength(1), { timeout: 5000 });
    expect(outcomes[0]).toMatchObject({ result: 'executed' });
    expect(rig.sim.requests.list().filter((r) => r.serviceId === 0x02 && r.objectId === 10002).map((r) => r.dstAddr)).toEqual([300]);
    expect([301, 302].map((address) => rig.sim.installation.currentValue(address, 10002, 'ram'))).toEqual([41, 41]);
    await c.waitFor((m) => m.topic === state && m.payload === '41', 'the value read back');

    // No VarioTrack left: the family is offline, its entity kept for the user to delete.
    rig.sim.installation.unplug(301);
    rig.sim.installation.unplug(302);
    await rediscover();
    await c.waitFor((m) => m.topic === topics.deviceStatus('VT') && m.payload === 'offline', 'the family offline');
    expect(readFrom()).toBeUndefined();
  });

  it('announces an "allUnits" parameter again when its family’s first unit changes: gone, then back', async () => {
    const config = parseBridgeConfig({ interval: 600, datapoints: [{ datapoint: 'VT_BATTERY_CHARGE_CURRENT', writable: true, allUnits: true }] });
    const { rig, clock, bridge, topics, c } = await bridgeOn({ variostrings: 0 }, 'rdg', config);
    const state = topics.state('VT', 'VT_BATTERY_CHARGE_CURRENT');
    const announced = (m: Seen): boolean => m.topic.endsWith('/config') && m.payload.includes(`"state_topic":"${state}"`);
    await c.waitFor(announced, 'the family entity, retained');
    const readFrom = (): string | undefined => bridge.monitor.items.find((i) => i.key === 'VT/VT_BATTERY_CHARGE_CURRENT')?.device.code;
    expect(readFrom()).toBe('VT1');
    const rediscover = async (): Promise<void> => {
      await clock.advance(HOUR);
      const changed = new Promise<void>((resolve) => bridge.monitor.once('installation', () => resolve()));
      await vi.waitFor(() => expect(clock.sleeping()).toContain(REDISCOVER_SOON_MS));
      await clock.advance(REDISCOVER_SOON_MS);
      await changed;
    };

    // VT1 gone: discovery stops at 301, VT2 and VT3 still answer and are kept; VT2 is now the first.
    rig.sim.installation.unplug(301);
    await rediscover();
    expect(bridge.monitor.installation?.devices.filter((d) => d.family === 'variotrack').map((d) => d.code)).toEqual(['VT2', 'VT3']);
    expect(readFrom()).toBe('VT2');
    await vi.waitFor(() => expect(c.seen.filter(announced)).toHaveLength(2), { timeout: 5000 });
    const all = await retained(broker.url, [`${topics.root}/#`]);
    expect(all.get(topics.deviceStatus('VT'))).toBe('online');
    expect(all.get(topics.deviceStatus('VT1'))).toBe('offline');

    // VT1 back: read from it again, announced again.
    rig.sim.installation.plug(301);
    const back = new Promise<void>((resolve) => bridge.monitor.once('installation', () => resolve()));
    await clock.advance(HOUR);
    await back;
    expect(readFrom()).toBe('VT1');
    await vi.waitFor(() => expect(c.seen.filter(announced)).toHaveLength(3), { timeout: 5000 });
    await c.waitFor((m) => m.topic === topics.deviceStatus('VT1') && m.payload === 'online', 'VT1 online again');
    expect((await retained(broker.url, [`${topics.root}/#`])).get(topics.deviceStatus('VT'))).toBe('online');
  });
});
