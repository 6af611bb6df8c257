// The MQTT bridge against a real broker (Debian's mosquitto on loopback) and the simulator:
// what Home Assistant and any other consumer see on the broker, checked as a consumer would.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { findDatapoint } from '../../src/catalogue/lookup.js';
import type { XcomClientOptions } from '../../src/client/options.js';
import { XcomDeviceError } from '../../src/errors.js';
import { startBridge, type MqttBridge, type MqttBridgeOptions } from '../../src/mqtt/index.js';
import type { SimulatorOptions } from '../../src/simulator/simulator.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { type Broker, consumer, type Consumer, haveBroker, retained, startBroker } from './mosquitto.js';

// ---------------------------------------------------------------------------------------------
// The rules a consumer of the discovery applies. Home Assistant's MQTT documentation is the
// source: https://www.home-assistant.io/integrations/mqtt/ and each platform's page.
// ---------------------------------------------------------------------------------------------

/** The platforms, and the keys each needs beside `name` and `unique_id`. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  sensor: ['state_topic'],
  binary_sensor: ['state_topic', 'payload_on', 'payload_off'],
  number: ['state_topic', 'command_topic', 'min', 'max', 'step'],
  select: ['state_topic', 'command_topic', 'options'],
  switch: ['state_topic', 'command_topic', 'payload_on', 'payload_off'],
  button: ['command_topic', 'payload_press'],
};
/** Home Assistant's abbreviations: the payloads use full key names (users read them). */
const ABBREVIATIONS = new Set(['~', 'stat_t', 'cmd_t', 'uniq_id', 'dev_cla', 'stat_cla', 'unit_of_meas', 'avty', 'avty_t', 'avty_mode', 'dev', 'o', 'ids', 'mf', 'mdl', 'sw', 'hw', 'sn', 'sa', 'cu', 'pl_on', 'pl_off', 'pl_prs', 'val_tpl', 'json_attr_t', 'ent_cat', 'ops', 'p', 'cmps']);
/** Device class → the units it takes. */
const UNITS_OF_CLASS: Readonly<Record<string, readonly string[]>> = {
  energy: ['Wh', 'kWh', 'MWh'],
  power: ['W', 'kW'],
  voltage: ['V', 'mV'],
  current: ['A'],
  temperature: ['°C'],
  battery: ['%'],
  frequency: ['Hz'],
  duration: ['d', 'h', 'min', 's'],
  apparent_power: ['VA'],
};
/** Unit → the device class a sensor with it must have. */
const CLASS_OF_UNIT: Readonly<Record<string, string>> = { Wh: 'energy', kWh: 'energy', MWh: 'energy', W: 'power', kW: 'power', V: 'voltage', A: 'current', '°C': 'temperature', Hz: 'frequency' };
/** Classes whose sensors are measurements (long-term statistics need the state class). */
const MEASURED = new Set(['power', 'voltage', 'current', 'temperature', 'battery', 'frequency', 'apparent_power']);

type Config = Record<string, unknown> & { device?: { identifiers?: unknown; via_device?: unknown } };

/**
 * Checks the retained discovery under `prefix` (and the states and availability it points
 * to, from the same retained map). Returns the violations, each naming its topic.
 *
 * - topic `<prefix>/<platform>/<node>/<object>/config`, ids of `[A-Za-z0-9_-]`;
 * - full key names only; `name`, `unique_id` and the platform's required keys present;
 * - `unique_id` unique across everything checked (several sites at once);
 * - `device.identifiers` a non-empty list; `via_device` names a device that is discovered;
 *   a Studer unit (one reached via the gateway) has manufacturer, model and software version
 *   (hardware version and FID as serial number where the family has them: the Xcom-CAN BMS
 *   has neither, and the XT1 is checked for both below);
 * - every availability topic exists (retained `online` or `offline`);
 * - the device class fits the unit: energy in Wh/kWh/MWh with `total` or `total_increasing`
 *   (or, for a figure of the previous day, which is set once a day and is no meter, no state
 *   class at all: it must not reach the energy dashboard); power in W/kW, voltage in V,
 *   current in A, temperature in °C, battery in %, each `measurement`; a sensor in V, A, W,
 *   kW, Wh, kWh, MWh, °C or Hz has the matching class; an enum has options, no unit and no
 *   state class;
 * - each state is one the entity accepts: an enum's or select's option, a binary sensor's or
 *   switch's payload, a number within min–max, or `None` (unknown);
 * - a command topic is its state topic + `/set`.
 */
function discoveryViolations(all: ReadonlyMap<string, string>, prefix: string, uniqueIds = new Set<string>()): string[] {
  const bad: string[] = [];
  const configs = [...all].filter(([topic]) => topic.startsWith(`${prefix}/`) && topic.endsWith('/config'));
  if (configs.length === 0) return [`no discovery under ${prefix}/`];
  const parsed = configs.map(([topic, payload]) => [topic, JSON.parse(payload) as Config] as const);
  const identifiers = new Set(parsed.flatMap(([, c]) => (Array.isArray(c.device?.identifiers) ? (c.device.identifiers as string[]) : [])));
  for (const [topic, c] of parsed) {
    const fail = (what: string): void => void bad.push(`${topic}: ${what}`);
    const levels = topic.slice(prefix.length + 1).split('/');
    const platform = levels[0] ?? '';
    if (levels.length !== 4 || !levels.slice(1, 3).every((l) => /^[A-Za-z0-9_-]+$/.test(l))) fail('topic is not <prefix>/<platform>/<node>/<object>/config');
    const required = REQUIRED[platform];
    if (required === undefined) {
      fail(`unknown platform ${platform}`);
      continue;
    }
    for (const key of Object.keys(c)) if (ABBREVIATIONS.has(key)) fail(`abbreviated key ${key}`);
    for (const key of ['name', 'unique_id', ...required]) if (c[key] === undefined) fail(`missing ${key}`);
    const uid = String(c['unique_id']);
    if (uniqueIds.has(uid)) fail(`unique_id ${uid} is not unique`);
    uniqueIds.add(uid);
    const device = c.device;
    if (!Array.isArray(device?.identifiers) || device.identifiers.length === 0) fail('device.identifiers missing');
    if (device?.via_device !== undefined) {
      if (!identifiers.has(String(device.via_device))) fail(`via_device ${String(device.via_device)} is no discovered device`);
      for (const key of ['manufacturer', 'model', 'sw_version']) {
        if ((device as Record<string, unknown>)[key] === undefined) fail(`device.${key} missing`);
      }
    }
    const availability = c['availability'] as { topic: string }[] | undefined;
    if (!Array.isArray(availability) || availability.length === 0) fail('no availability');
    for (const a of availability ?? []) if (!['online', 'offline'].includes(all.get(a.topic) ?? '')) fail(`availability topic ${a.topic} does not exist`);
    for (const key of Object.keys(c)) if (key.endsWith('_topic') && typeof c[key] === 'string' && /[+#]/.test(c[key])) fail(`${key} holds a wildcard`);

    const unit = c['unit_of_measurement'] as string | undefined;
    const deviceClass = c['device_class'] as string | undefined;
    const stateClass = c['state_class'] as string | undefined;
    const name = String(c['name']);
    if (deviceClass !== undefined && UNITS_OF_CLASS[deviceClass] !== undefined && !UNITS_OF_CLASS[deviceClass].includes(unit ?? '')) fail(`${deviceClass} in ${unit}`);
    if (platform === 'sensor') {
      if (unit !== undefined && CLASS_OF_UNIT[unit] !== undefined && deviceClass !== CLASS_OF_UNIT[unit]) fail(`unit ${unit} without device_class ${CLASS_OF_UNIT[unit]}`);
      if (deviceClass === 'energy') {
        const previousDay = /previous day/i.test(name);
        if (previousDay ? stateClass !== undefined : stateClass !== 'total' && stateClass !== 'total_increasing') fail(`energy with state_class ${stateClass}`);
      }
      if (deviceClass !== undefined && MEASURED.has(deviceClass) && c['entity_category'] === undefined && stateClass !== 'measurement') fail(`${deviceClass} with state_class ${stateClass}`);
      if (deviceClass === 'enum' && (!Array.isArray(c['options']) || (c['options'] as unknown[]).length === 0 || unit !== undefined || stateClass !== undefined)) fail('enum without options, or with a unit or state class');
    }

    const command = c['command_topic'];
    const stateTopic = c['state_topic'];
    if (typeof command === 'string' && typeof stateTopic === 'string' && command !== `${stateTopic}/set`) fail('command topic is not state topic + /set');
    if (typeof stateTopic !== 'string' || name === 'Latest message') continue;
    const state = all.get(stateTopic);
    if (state === undefined) {
      fail(`no state on ${stateTopic}`);
      continue;
    }
    if (state === 'None') continue;
    const options = c['options'] as string[] | undefined;
    if (options !== undefined && !options.includes(state)) fail(`state ${state} is not an option`);
    if ((platform === 'binary_sensor' || platform === 'switch') && state !== c['payload_on'] && state !== c['payload_off']) fail(`state ${state} is neither payload`);
    if (platform === 'number' && !(Number(state) >= Number(c['min']) && Number(state) <= Number(c['max']))) fail(`state ${state} outside ${String(c['min'])}–${String(c['max'])}`);
    if (platform === 'sensor' && options === undefined && unit !== undefined && !Number.isFinite(Number(state))) fail(`state ${state} is not a number`);
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------

/** The default set, plus parameters of each kind as writable, one in flash, and a button. */
const CONFIG = parseBridgeConfig({
  interval: 0.2,
  datapoints: [
    { datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', devices: ['XT1'], writable: true },
    { datapoint: 'XT_BATTERY_UNDERVOLTAGE_LEVEL_WITHOUT_LOAD', devices: ['XT1'], writable: true },
    { datapoint: 'XT_OPERATING_MODE_AUX_1', devices: ['XT1'], writable: true },
    { datapoint: 'XT_CHARGER_ALLOWED', devices: ['XT1'], writable: true },
    { datapoint: 'XT_SMART_BOOST_ALLOWED', devices: ['XT1'], writable: true, flash: true },
    { datapoint: 'XT_FORCE_A_NEW_CYCLE', devices: ['XT1'], button: true },
  ],
});

const describeBroker = haveBroker ? describe : describe.skip;

describeBroker('the MQTT bridge on mosquitto', () => {
  let broker: Broker;
  let n = 0;
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

  async function rigOf(sim: SimulatorOptions = {}, client: XcomClientOptions = {}): Promise<SimRig> {
    const rig = await simRig({ seed: 3, ...sim }, client);
    cleanup.push(() => rig.close());
    return rig;
  }

  /** A bridge on its own topic base (and discovery prefix): tests share the broker. */
  async function bridgeOf(rig: SimRig, options: Partial<MqttBridgeOptions> = {}, on: Broker = broker): Promise<MqttBridge> {
    n++;
    const bridge = await startBridge({
      client: rig.client,
      broker: on.url,
      base: `t${n}`,
      discoveryPrefix: `ha${n}`,
      config: CONFIG,
      reconnect: { initialMs: 50, maxMs: 200, jitter: 0 },
      retry: { initialMs: 20, maxMs: 100, jitter: 0 },
      ...options,
    });
    cleanup.push(() => bridge.stop());
    await bridge.ready;
    return bridge;
  }

  /** A consumer of everything the bridge publishes. */
  async function watch(bridge: MqttBridge, on: Broker = broker): Promise<Consumer> {
    const topics = bridge.topics;
    if (topics === undefined) throw new Error('no topics');
    const c = await consumer(on.url, [`${topics.root}/#`, `${topics.discoveryPrefix}/#`]);
    cleanup.push(() => c.close());
    return c;
  }

  /** Waits until the retained state of `topic` is `payload`. */
  const stateIs = (c: Consumer, topic: string, payload: string, what = `${topic} = ${payload}`): Promise<unknown> =>
    c.waitFor((m) => m.topic === topic && m.payload === payload, what, 5000, c.last.get(topic)?.payload === payload);

  it('publishes retained discovery of the default installation that a consumer accepts, and states that follow the simulator', async () => {
    const rig = await rigOf();
    const bridge = await bridgeOf(rig);
    const topics = bridge.topics!;
    // The first cycle read everything.
    await new Promise((r) => setTimeout(r, 300));
    const all = await retained(broker.url, [`${topics.root}/#`, `${topics.discoveryPrefix}/#`]);
    expect(discoveryViolations(all, topics.discoveryPrefix)).toEqual([]);
    const guid = Buffer.from(rig.sim.installation.guid).toString('hex');
    expect(topics.root).toBe(`t${n}/${guid}`);

    // One Home Assistant device per unit, linked to the gateway.
    const configs = [...all].filter(([t]) => t.endsWith('/config')).map(([, p]) => JSON.parse(p) as Config);
    const devices = new Map(configs.map((c) => [JSON.stringify(c.device?.identifiers), c.device as Record<string, unknown>]));
    const codes = (bridge.monitor.installation?.devices ?? []).filter((d) => d.family !== 'rcc').map((d) => `xcom_${guid}_${d.code.toLowerCase()}`);
    expect(codes).toHaveLength(7);
    for (const id of codes) expect(devices.get(JSON.stringify([id]))?.['via_device']).toBe(`xcom_${guid}`);
    const xt1 = devices.get(JSON.stringify([`xcom_${guid}_xt1`]));
    expect(xt1).toMatchObject({ model: 'XTH', serial_number: expect.stringMatching(/^[0-9A-F]{8}$/), sw_version: '1.6.74' });

    // Each platform once, with what it needs.
    const byUnique = new Map(configs.map((c) => [String(c['unique_id']), c]));
    const uid = (name: string): string => `xcom_${guid}_xt1_${name.toLowerCase()}`;
    expect(byUnique.get(uid('XT_BATTERY_VOLTAGE'))).toMatchObject({ device_class: 'voltage', unit_of_measurement: 'V', state_class: 'measurement' });
    expect(byUnique.get(uid('XT_CONSUMERS_ENERGY_OF_THE_CURRENT_DAY'))).toMatchObject({ device_class: 'energy', unit_of_measurement: 'kWh', state_class: 'total_increasing' });
    expect(byUnique.get(uid('XT_OPERATING_STATE'))).toMatchObject({ device_class: 'enum', options: ['Invalid value', 'Inverter', 'Charger', 'Boost', 'Injection'] });
    expect(byUnique.get(uid('XT_STATE_OF_THE_INVERTER'))).toMatchObject({ payload_on: 'On', payload_off: 'Off' });
    expect(byUnique.get(uid('XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS'))).toMatchObject({ min: 0, max: 200, step: 1, entity_category: 'config', unit_of_measurement: 'A' });
    expect(byUnique.get(uid('XT_BATTERY_UNDERVOLTAGE_LEVEL_WITHOUT_LOAD'))).toMatchObject({ min: 36, max: 72, step: 0.1 });
    expect(byUnique.get(uid('XT_OPERATING_MODE_AUX_1'))).toMatchObject({ options: ['Automatic', 'Reversed automatic', 'Manual ON', 'Manual OFF'] });
    expect(byUnique.get(uid('XT_CHARGER_ALLOWED'))).toMatchObject({ payload_on: 'true', state_off: 'false' });
    expect(byUnique.get(uid('XT_FORCE_A_NEW_CYCLE'))).toMatchObject({ payload_press: 'PRESS' });
    expect(byUnique.get(`xcom_${guid}_link`)).toMatchObject({ device_class: 'connectivity', state_topic: topics.link });
    expect(all.get(topics.link)).toBe('up');

    // States follow the simulator: a number, an enum's label, a sentinel as None.
    const c = await watch(bridge);
    rig.sim.installation.setValue(101, 3000, 51.25);
    rig.sim.installation.setValue(101, 3028, 2);
    rig.sim.installation.setValue(101, 3001, 32767);
    await stateIs(c, topics.state('XT1', 'XT_BATTERY_VOLTAGE'), '51.25');
    await stateIs(c, topics.state('XT1', 'XT_OPERATING_STATE'), 'Charger');
    await stateIs(c, topics.state('XT1', 'XT_BATTERY_TEMPERATURE'), 'None');
  });

  it('writes a command to RAM and publishes the value read back; flash only where the configuration says so', async () => {
    const rig = await rigOf();
    const bridge = await bridgeOf(rig);
    const topics = bridge.topics!;
    const c = await watch(bridge);
    const outcomes: string[] = [];
    bridge.on('command', (o) => outcomes.push(`${o.result} ${o.payload}`));

    await c.publish(topics.command('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS'), '33');
    await stateIs(c, topics.state('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS'), '33');
    expect(rig.sim.installation.currentValue(101, 1138, 'ram')).toBe(33);
    expect(rig.sim.installation.flashWrites(101, 1138)).toBe(0);

    await c.publish(topics.command('XT1', 'XT_OPERATING_MODE_AUX_1'), 'manual on');
    await stateIs(c, topics.state('XT1', 'XT_OPERATING_MODE_AUX_1'), 'Manual ON');
    await c.publish(topics.command('XT1', 'XT_CHARGER_ALLOWED'), 'OFF');
    await stateIs(c, topics.state('XT1', 'XT_CHARGER_ALLOWED'), 'false');
    expect(rig.sim.installation.flashWrites(101, 1125)).toBe(0);

    const flashed = rig.sim.installation.flashWrites(101, 1126);
    await c.publish(topics.command('XT1', 'XT_SMART_BOOST_ALLOWED'), 'false');
    await stateIs(c, topics.state('XT1', 'XT_SMART_BOOST_ALLOWED'), 'false');
    expect(rig.sim.installation.flashWrites(101, 1126)).toBe(flashed + 1);

    const signals: number[] = [];
    rig.sim.installation.on('signal', (event) => signals.push(event.id));
    await c.publish(topics.command('XT1', 'XT_FORCE_A_NEW_CYCLE'), 'PRESS');
    await vi.waitFor(() => expect(signals).toEqual([1142]), { timeout: 5000 });
    expect(outcomes).toEqual(['executed 33', 'executed manual on', 'executed OFF', 'executed false', 'executed PRESS']);
  });

  it('refuses a bad command with an error event and sends nothing', async () => {
    const rig = await rigOf();
    const bridge = await bridgeOf(rig);
    const topics = bridge.topics!;
    const c = await watch(bridge);
    const before = rig.sim.installation.currentValue(101, 1138);
    const writes = (): number => rig.sim.requests.list().filter((r) => r.serviceId === 0x02 && r.objectId === 1138).length;

    await c.publish(topics.command('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS'), '999');
    const error = await c.waitFor((m) => m.topic === topics.error, 'an error event');
    expect(error.retain).toBe(false);
    expect(JSON.parse(error.payload)).toMatchObject({
      topic: topics.command('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS'),
      payload: '999',
      code: 'VALIDATION',
      reason: expect.stringMatching(/above the maximum 200/),
    });
    await c.publish(topics.command('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS'), 'lots');
    await c.waitFor((m) => m.topic === topics.error && JSON.parse(m.payload).payload === 'lots', 'the second error');
    await c.publish(topics.command('XT1', 'XT_BATTERY_VOLTAGE'), '50');
    const notWritable = await c.waitFor((m) => m.topic === topics.error && JSON.parse(m.payload).payload === '50', 'the third error');
    expect(JSON.parse(notWritable.payload)).toMatchObject({ code: 'NOT_WRITABLE', reason: expect.stringMatching(/"writable": true/) });
    await c.publish(topics.command('XT1', 'XT_FORCE_A_NEW_CYCLE'), 'yes');
    await c.waitFor((m) => m.topic === topics.error && JSON.parse(m.payload).payload === 'yes', 'the button error');
    expect(writes()).toBe(0);
    expect(rig.sim.installation.currentValue(101, 1138)).toBe(before);
  });

  it('reports a write whose reply is lost as TIMEOUT, and never sends it again', async () => {
    // No poll and no message-log read after the first cycle: the lost reply is the write's.
    const quiet = parseBridgeConfig({ interval: 3600, defaults: false, datapoints: [{ datapoint: 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS', devices: ['XT1'], writable: true }] });
    const rig = await rigOf({}, { timeoutMs: 100 });
    const bridge = await bridgeOf(rig, { config: quiet, messages: false });
    const topics = bridge.topics!;
    const c = await watch(bridge);
    const writes = (): number => rig.sim.requests.list().filter((r) => r.serviceId === 0x02 && r.objectId === 1138).length;
    rig.sim.endpoints[0]!.faults.next('drop');

    await c.publish(topics.command('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS'), '33');
    const error = await c.waitFor((m) => m.topic === topics.error, 'the timeout', 5000);
    expect(JSON.parse(error.payload)).toMatchObject({ payload: '33', code: 'TIMEOUT', reason: expect.stringMatching(/may or may not have taken it: writes are never retried/) });
    // The unit took it (only its reply was lost); a retry would have written it a second time.
    expect(rig.sim.installation.currentValue(101, 1138, 'ram')).toBe(33);
    await new Promise((r) => setTimeout(r, 300));
    expect(writes()).toBe(1);
  });

  it('sets an "allUnits" parameter on every Xtender with one multicast write, as one Home Assistant entity of the family', async () => {
    const name = 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS';
    const config = parseBridgeConfig({ interval: 0.2, datapoints: [{ datapoint: name, writable: true, allUnits: true }] });
    const rig = await rigOf();
    const bridge = await bridgeOf(rig, { config });
    const topics = bridge.topics!;
    const guid = Buffer.from(rig.sim.installation.guid).toString('hex');
    expect(bridge.monitor.installation?.devices.filter((d) => d.family === 'xtender').map((d) => d.code)).toEqual(['XT1', 'XT2', 'XT3']);
    await new Promise((r) => setTimeout(r, 300));
    const all = await retained(broker.url, [`${topics.root}/#`, `${topics.discoveryPrefix}/#`]);
    expect(discoveryViolations(all, topics.discoveryPrefix)).toEqual([]);

    // One entity for the family, on its own device via the gateway; none per unit.
    const configs = [...all].filter(([t]) => t.endsWith('/config')).map(([, p]) => JSON.parse(p) as Config);
    const family = configs.find((c) => c['unique_id'] === `xcom_${guid}_xt_${name.toLowerCase()}`);
    expect(family).toMatchObject({
      state_topic: topics.state('XT', name),
      command_topic: topics.command('XT', name),
      min: 0,
      max: 200,
      entity_category: 'config',
      availability: [{ topic: topics.bridgeStatus }, { topic: topics.deviceStatus('XT') }],
      device: { identifiers: [`xcom_${guid}_xt`], name: 'Xtenders (all units)', model: 'Xtender', via_device: `xcom_${guid}` },
    });
    expect(configs.filter((c) => String(c['unique_id']).endsWith(`_${name.toLowerCase()}`))).toHaveLength(1);
    for (const unit of ['XT1', 'XT2', 'XT3']) expect(all.has(topics.state(unit, name)), unit).toBe(false);
    expect(all.get(topics.deviceStatus('XT'))).toBe('online');
    expect(all.get(topics.state('XT', name))).toBe(String(rig.sim.installation.currentValue(101, 1138)));

    // One write, at 100, in RAM: every unit has the value; the state follows.
    const c = await watch(bridge);
    const writes = () => rig.sim.requests.list().filter((r) => r.serviceId === 0x02 && r.objectId === 1138);
    const value = rig.sim.installation.currentValue(101, 1138) === 33 ? 34 : 33;
    await c.publish(topics.command('XT', name), String(value));
    await stateIs(c, topics.state('XT', name), String(value));
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatchObject({ dstAddr: 100, propertyId: 13, outcome: 'ok' });
    for (const address of [101, 102, 103]) {
      expect(rig.sim.installation.currentValue(address, 1138, 'ram'), String(address)).toBe(value);
      expect(rig.sim.installation.flashWrites(address, 1138), String(address)).toBe(0);
    }

    // A unit's own topic takes no command: it points to the family's.
    await c.publish(topics.command('XT2', name), '20');
    const refused = await c.waitFor((m) => m.topic === topics.error, 'the refusal');
    expect(JSON.parse(refused.payload)).toMatchObject({ code: 'NOT_WRITABLE', reason: expect.stringContaining(topics.command('XT', name)) });
    expect(writes()).toHaveLength(1);
  });

  it('never receives a 1 MB command: mosquitto drops it for the bridge (MQTT 5 maximum packet size), which goes on', async () => {
    const rig = await rigOf();
    const bridge = await bridgeOf(rig);
    const topics = bridge.topics!;
    const outcomes: string[] = [];
    bridge.on('command', (o) => outcomes.push(`${o.result} ${o.code ?? ''} ${o.payload.slice(0, 8)}`));
    const log: string[] = [];
    bridge.on('log', (entry) => log.push(entry.message));
    const c = await consumer(broker.url, []);
    cleanup.push(() => c.close());
    const setTopic = topics.command('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS');
    // Acknowledged by the broker before the next is sent: had it been forwarded, it would come first.
    await c.publish(setTopic, `3${'0'.repeat(1 << 20)}`);
    await c.publish(setTopic, '21');
    await vi.waitFor(() => expect(outcomes).toContain('executed  21'), { timeout: 5000 });
    expect(outcomes).toEqual(['executed  21']);
    expect(rig.sim.installation.currentValue(101, 1138)).toBe(21);
    expect(bridge.status.broker).toBe('connected');
    expect(log.filter((line) => /lost the broker|waiting for the broker/.test(line))).toEqual([]);
  });

  it('never executes a retained command: ignores it, reports it and clears it', async () => {
    const rig = await rigOf();
    n++;
    const site = `retained-${n}`;
    const setTopic = `t${n}r/${site}/XT1/XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS/set`;
    const c = await consumer(broker.url, [`t${n}r/${site}/error`, setTopic]);
    cleanup.push(() => c.close());
    // Published before the bridge runs: the broker hands it to the bridge when it subscribes.
    await c.publish(setTopic, '44', { retain: true });
    const before = rig.sim.installation.currentValue(101, 1138);
    const bridge = await bridgeOf(rig, { base: `t${n}r`, site });
    const outcomes: string[] = [];
    bridge.on('command', (o) => outcomes.push(`${o.result} ${o.payload}`));
    const error = await c.waitFor((m) => m.topic === bridge.topics!.error, 'the refusal of the retained command', 5000, true);
    expect(JSON.parse(error.payload)).toMatchObject({ topic: setTopic, payload: '44', code: 'RETAINED' });
    await vi.waitFor(async () => expect((await retained(broker.url, [setTopic])).has(setTopic)).toBe(false), { timeout: 5000, interval: 100 });
    // Published retained while the bridge runs (MQTT 5 keeps the flag): refused too.
    await c.publish(setTopic, '45', { retain: true });
    await c.waitFor((m) => m.topic === bridge.topics!.error && JSON.parse(m.payload).payload === '45', 'the refusal of the live retained command');
    expect(outcomes).toEqual(['retained 44', 'retained 45']);
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.sim.installation.currentValue(101, 1138)).toBe(before);
    expect(rig.sim.requests.list().filter((r) => r.serviceId === 0x02 && r.objectId === 1138)).toEqual([]);
  });

  it('re-publishes discovery, availability and states when Home Assistant comes online', async () => {
    const rig = await rigOf();
    const bridge = await bridgeOf(rig);
    const topics = bridge.topics!;
    const c = await watch(bridge);
    const discovery = topics.discovery('sensor', 'xt1_xt_battery_voltage');
    await c.waitFor((m) => m.topic === discovery, 'the retained discovery', 5000, true);
    await c.waitFor((m) => m.topic === topics.bridgeStatus, 'the availability', 5000, true);
    const count = (topic: string): number => c.seen.filter((m) => m.topic === topic).length;
    const stateTopic = topics.state('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS');
    await c.waitFor((m) => m.topic === stateTopic, 'a parameter state', 5000, true);
    const [d0, s0, a0] = [count(discovery), count(stateTopic), count(topics.bridgeStatus)];
    await c.publish(topics.haStatus, 'online');
    // Each comes again live, although nothing changed.
    await vi.waitFor(() => expect([count(discovery) - d0, count(stateTopic) - s0, count(topics.bridgeStatus) - a0]).toEqual([1, 1, 1]), { timeout: 5000 });
    // `offline` is Home Assistant leaving: nothing to do.
    await c.publish(topics.haStatus, 'offline');
    await new Promise((r) => setTimeout(r, 200));
    expect(count(discovery) - d0).toBe(1);
  });

  it('keeps going through an Xcom outage: units unavailable, commands refused, then back', async () => {
    const rig = await rigOf({}, { timeoutMs: 60, retries: 0 });
    const bridge = await bridgeOf(rig);
    const topics = bridge.topics!;
    const c = await watch(bridge);
    await stateIs(c, topics.deviceStatus('XT1'), 'online');
    rig.sim.endpoints[0]!.faults.setRates({ drop: 1 });
    await stateIs(c, topics.link, 'down');
    await stateIs(c, topics.deviceStatus('XT1'), 'offline');
    await stateIs(c, topics.deviceStatus('VT1'), 'offline');
    expect(c.last.get(topics.bridgeStatus)?.payload).toBe('online');
    await c.publish(topics.command('XT1', 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS'), '20');
    const error = await c.waitFor((m) => m.topic === topics.error, 'the refusal');
    expect(JSON.parse(error.payload)).toMatchObject({ code: 'LINK_DOWN' });
    rig.sim.endpoints[0]!.faults.setRates({ drop: 0 });
    await stateIs(c, topics.link, 'up');
    await stateIs(c, topics.deviceStatus('XT1'), 'online');
    // The refused command was not queued: it never ran.
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.sim.installation.currentValue(101, 1138)).not.toBe(20);
  });

  it('marks a unit that stops answering unavailable, and the others not', async () => {
    const rig = await rigOf();
    const bridge = await bridgeOf(rig);
    const topics = bridge.topics!;
    const c = await watch(bridge);
    await stateIs(c, topics.deviceStatus('VT2'), 'online');
    rig.sim.installation.unplug(302);
    await stateIs(c, topics.deviceStatus('VT2'), 'offline');
    expect(c.last.get(topics.deviceStatus('VT1'))?.payload).toBe('online');
    rig.sim.installation.plug(302);
    await stateIs(c, topics.deviceStatus('VT2'), 'online');
  });

  it('recovers from a broker restart: everything retained is published again', async () => {
    const own = await startBroker();
    cleanup.push(() => own.close());
    const rig = await rigOf();
    const bridge = await bridgeOf(rig, {}, own);
    const topics = bridge.topics!;
    const states: string[] = [];
    bridge.on('status', (s) => states.push(s.broker));
    await own.stop();
    await vi.waitFor(() => expect(bridge.status.broker).toBe('disconnected'), { timeout: 5000 });
    await own.start();
    await vi.waitFor(() => expect(bridge.status.broker).toBe('connected'), { timeout: 5000 });
    // mosquitto without persistence forgot every retained message: they are back.
    await vi.waitFor(async () => {
      const all = await retained(own.url, [`${topics.root}/#`, `${topics.discoveryPrefix}/#`]);
      expect(all.get(topics.bridgeStatus)).toBe('online');
      expect(discoveryViolations(all, topics.discoveryPrefix)).toEqual([]);
    }, { timeout: 5000, interval: 100 });
    expect(states).toEqual(expect.arrayContaining(['disconnected', 'connected']));
  });

  it('stops at once after a broker died with messages in flight', async () => {
    const own = await startBroker();
    cleanup.push(() => own.close());
    const rig = await rigOf();
    const bridge = await bridgeOf(rig, {}, own);
    // Frozen, the broker acknowledges nothing: what the bridge publishes stays in flight.
    own.freeze();
    rig.sim.installation.setValue(101, 3000, 49.5);
    await new Promise((r) => setTimeout(r, 400));
    await own.stop(true);
    await vi.waitFor(() => expect(bridge.status.broker).toBe('disconnected'), { timeout: 5000 });
    await own.start();
    await vi.waitFor(() => expect(bridge.status.broker).toBe('connected'), { timeout: 5000 });
    const stopped = await Promise.race([bridge.stop().then(() => 'stopped'), new Promise((r) => setTimeout(() => r('still stopping after 1.5 s'), 1500))]);
    expect(stopped).toBe('stopped');
    expect((await retained(own.url, [bridge.topics!.bridgeStatus])).get(bridge.topics!.bridgeStatus)).toBe('offline');
  });

  it('serves three sites on one broker without a topic or a unique_id in common', async () => {
    const rigs = [await rigOf({ seed: 11 }), await rigOf({ seed: 12, batteryVoltage: 24, xtenders: 1, variotracks: 0 }), await rigOf({ seed: 13, battery: 'bms' })];
    n++;
    const base = `t${n}s`;
    const prefix = `ha${n}s`;
    const bridges = await Promise.all(rigs.map((rig) => bridgeOf(rig, { base, discoveryPrefix: prefix })));
    await new Promise((r) => setTimeout(r, 300));
    const all = await retained(broker.url, [`${base}/#`, `${prefix}/#`]);
    expect(discoveryViolations(all, prefix)).toEqual([]);
    const sites = bridges.map((b) => b.topics!.site);
    expect(new Set(sites).size).toBe(3);
    // Every topic belongs to exactly one site.
    for (const topic of all.keys()) {
      const owners = sites.filter((site) => topic.includes(`/${site}/`) || topic.includes(`/xcom_${site}/`));
      expect(owners, topic).toHaveLength(1);
    }
    // The 24 V site's battery voltage parameter has the 24 V range.
    const second = [...all].find(([t]) => t.includes(`xcom_${sites[1]}/xt1_xt_battery_undervoltage_level_without_load`));
    expect(JSON.parse(second?.[1] ?? '{}')).toMatchObject({ min: 18, max: 36 });
    expect(rigs[1]!.client.rangesOf(findDatapoint(1108)!).max).toBe(36);
  });

  it('needs a site when the gateway has no GUID, and says so', async () => {
    const rig = await rigOf();
    vi.spyOn(rig.client, 'readGuid').mockRejectedValue(new XcomDeviceError(0x02, 'OBJECT_TYPE_NOT_SUPPORTED', 'no GUID'));
    const bridge = await startBridge({ client: rig.client, broker: broker.url, config: CONFIG });
    cleanup.push(() => bridge.stop());
    await expect(bridge.finished).rejects.toThrow(/--site NAME/);
    await expect(bridge.ready).rejects.toThrow(/--site/);
  });

  it('publishes the message log as events, and one JSON object per unit with json', async () => {
    const rig = await rigOf();
    const bridge = await bridgeOf(rig, { json: true, messagesIntervalMs: 200 });
    const topics = bridge.topics!;
    const c = await watch(bridge);
    const json = await c.waitFor((m) => m.topic === topics.device('XT1'), 'the JSON of XT1', 5000, true);
    expect(JSON.parse(json.payload)).toMatchObject({ XT_BATTERY_VOLTAGE: expect.any(Number), XT_OPERATING_STATE: expect.any(String), XT_CHARGER_ALLOWED: expect.any(Boolean) });
    rig.sim.installation.raiseEvent({ type: 16, srcAddr: 101 });
    const message = await c.waitFor((m) => m.topic === topics.messages && JSON.parse(m.payload).type === 16, 'a message');
    expect(message.retain).toBe(false);
    expect(JSON.parse(message.payload)).toMatchObject({ type: 16, source: 'XT1', address: 101, text: expect.stringMatching(/Fan error/) });
  });

  it('publishes an "allUnits" parameter in its family’s JSON object with json, not in a unit’s', async () => {
    const name = 'XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS';
    const config = parseBridgeConfig({ interval: 0.2, datapoints: [{ datapoint: name, writable: true, allUnits: true }] });
    const rig = await rigOf();
    const bridge = await bridgeOf(rig, { config, json: true });
    const topics = bridge.topics!;
    const c = await watch(bridge);
    const family = await c.waitFor((m) => m.topic === topics.device('XT'), 'the JSON of the Xtenders', 5000, true);
    expect(JSON.parse(family.payload)).toEqual({ [name]: rig.sim.installation.currentValue(101, 1138) });
    const unit = await c.waitFor((m) => m.topic === topics.device('XT1'), 'the JSON of XT1', 5000, true);
    expect(JSON.parse(unit.payload)).toMatchObject({ XT_BATTERY_VOLTAGE: expect.any(Number) });
    expect(JSON.parse(unit.payload)).not.toHaveProperty(name);
  });

  it('publishes offline when stopped', async () => {
    const rig = await rigOf();
    const bridge = await bridgeOf(rig);
    const topics = bridge.topics!;
    await bridge.stop();
    await bridge.finished;
    const all = await retained(broker.url, [topics.bridgeStatus]);
    expect(all.get(topics.bridgeStatus)).toBe('offline');
    expect(bridge.status.broker).toBe('stopped');
  });
});
