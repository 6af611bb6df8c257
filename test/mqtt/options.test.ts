// startBridge's options, the configuration file's mqtt section, the topics, the lazy MQTT.js,
// and the broker reconnection's backoff — all before anything connects.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { XcomClient } from '../../src/client/xcom-client.js';
import { XcomError, XcomValidationError } from '../../src/errors.js';
import { BrokerReconnector } from '../../src/mqtt/broker-reconnect.js';
import { defaultPacing, PORTAL_PACING, resolveBridgeOptions } from '../../src/mqtt/bridge-options.js';
import { startBridge } from '../../src/mqtt/index.js';
import { loadMqtt, type MqttClientLike } from '../../src/mqtt/mqtt-module.js';
import { parseMqttSection } from '../../src/mqtt/mqtt-section.js';
import { checkTopicPrefix, haId, TopicLayout, topicLevel } from '../../src/mqtt/topics.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { ManualTimers } from '../transport/manual-timers.js';

const client = (): XcomClient => new XcomClient(MemoryTransport.pair()[0]);
const notFound = (): Promise<never> => Promise.reject(Object.assign(new Error("Cannot find package 'mqtt'"), { code: 'ERR_MODULE_NOT_FOUND' }));

describe('startBridge without MQTT.js', () => {
  it('rejects with MODULE_MISSING giving the install command', async () => {
    const error = await startBridge({ client: client(), broker: 'mqtt://127.0.0.1:1883', importModule: notFound }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XcomError);
    expect(error).toMatchObject({ code: 'MODULE_MISSING', message: expect.stringContaining('npm install mqtt') });
  });

  it('rejects a package that is not MQTT.js 5', async () => {
    await expect(loadMqtt(async () => ({ default: {} }))).rejects.toMatchObject({ code: 'MODULE_MISSING' });
    const connect = (): void => undefined;
    await expect(loadMqtt(async () => ({ default: { connect } }))).resolves.toBe(connect);
    await expect(loadMqtt(async () => ({ connect }))).resolves.toBe(connect);
  });

  it('checks the options before loading anything', async () => {
    await expect(startBridge({ client: client(), broker: 'http://x', importModule: notFound })).rejects.toThrow(XcomValidationError);
  });
});

describe('bridge options', () => {
  const base = { url: 'udp://127.0.0.1', broker: 'mqtt://127.0.0.1:1883' };

  it('applies the defaults', () => {
    expect(resolveBridgeOptions(base)).toMatchObject({ base: 'xcom', site: undefined, discoveryPrefix: 'homeassistant', discovery: true, json: false, qos: 1, protocolVersion: 5, messages: true, pacing: undefined });
  });

  it('paces a tcp-listen gateway by default (the portal shares it), and nothing else unless asked', () => {
    expect(defaultPacing('tcp-listen://:4001')).toEqual(PORTAL_PACING);
    expect(defaultPacing('udp://127.0.0.1')).toBeUndefined();
    expect(defaultPacing(undefined)).toBeUndefined();
    expect(resolveBridgeOptions({ ...base, url: 'tcp-listen://:4001' }).pacing).toEqual(PORTAL_PACING);
    expect(resolveBridgeOptions({ ...base, url: 'tcp-listen://:4001', pacing: false }).pacing).toBeUndefined();
    expect(resolveBridgeOptions({ ...base, pacing: { burstMs: 3000, pauseMs: 500 } }).pacing).toEqual({ burstMs: 3000, pauseMs: 500 });
  });

  it('takes the configuration file\'s mqtt section, the options winning over it', () => {
    const config = parseBridgeConfig({ mqtt: { broker: 'mqtt://broker:1883', base: 'home/solar', site: 'chalet', json: true, qos: 0 } });
    const resolved = resolveBridgeOptions({ url: 'udp://127.0.0.1', config, site: 'Chalet Nord/2' });
    expect(resolved).toMatchObject({ broker: 'mqtt://broker:1883', base: 'home/solar', site: 'Chalet_Nord_2', json: true, qos: 0 });
  });

  it('names the option or the file\'s key at fault', () => {
    const bad = (options: object): unknown => {
      try {
        resolveBridgeOptions({ ...base, ...options });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(bad({ bse: 'x' })).toMatchObject({ field: 'bse', message: expect.stringMatching(/did you mean "base"/) });
    expect(bad({ broker: 'http://127.0.0.1' })).toMatchObject({ field: 'broker' });
    expect(bad({ broker: undefined })).toMatchObject({ field: 'broker', message: expect.stringMatching(/no broker/) });
    expect(bad({ qos: 2 })).toMatchObject({ field: 'qos' });
    expect(bad({ base: 'a/+/b' })).toMatchObject({ field: 'base' });
    expect(bad({ discoveryPrefix: '' })).toMatchObject({ field: 'discoveryPrefix' });
    expect(bad({ site: '///' })).toMatchObject({ field: 'site' });
    expect(bad({ url: 42 })).toMatchObject({ field: 'url' });
    expect(bad({ url: undefined })).toMatchObject({ field: 'url', message: expect.stringMatching(/either client .* or url/) });
    expect(bad({ client: client() })).toMatchObject({ field: 'client' });
    expect(bad({ url: undefined, client: {} })).toMatchObject({ field: 'client', message: 'client must be an XcomClient' });
    expect(bad({ url: undefined, client: client(), clientOptions: { timeoutMs: 100 } })).toMatchObject({ field: 'clientOptions' });
    expect(bad({ messagesIntervalMs: 5 })).toMatchObject({ field: 'messagesIntervalMs' });
    expect(bad({ reconnect: { initialMs: -1 } })).toBeInstanceOf(XcomValidationError);
    expect(bad({ config: parseBridgeConfig({ mqtt: { discoveryPrefx: 'ha' } }) })).toMatchObject({ field: 'mqtt.discoveryPrefx', message: expect.stringMatching(/^mqtt: unknown key "discoveryPrefx" \(did you mean "discoveryPrefix"\?\)/) });
    expect(bad({ config: parseBridgeConfig({ mqtt: { json: 'yes' } }) })).toMatchObject({ field: 'mqtt.json' });
    expect(bad({ config: parseBridgeConfig({ mqtt: { protocolVersion: 3 } }) })).toMatchObject({ field: 'mqtt.protocolVersion' });
    expect(() => parseMqttSection({ username: '' })).toThrow(/mqtt.username must be a non-empty string/);
  });
});

describe('topics', () => {
  it('keeps user text to one safe level', () => {
    expect(topicLevel('Chalet Nord/2')).toBe('Chalet_Nord_2');
    expect(topicLevel('a+b#c$')).toBe('a_b_c_');
    expect(topicLevel('$SYS')).toBe('_SYS');
    expect(haId('xcom_site.1')).toBe('xcom_site_1');
    expect(checkTopicPrefix('/home/xcom/', 'base')).toBe('home/xcom');
    expect(() => checkTopicPrefix('home//xcom', 'base')).toThrow(XcomValidationError);
    expect(() => checkTopicPrefix('$SYS', 'base')).toThrow(XcomValidationError);
  });

  it('lays out every topic of a site, and reads a command topic back', () => {
    const t = new TopicLayout('xcom', 'site1', 'homeassistant');
    expect([t.bridgeStatus, t.link, t.messages, t.error, t.commands, t.haStatus]).toEqual([
      'xcom/site1/status',
      'xcom/site1/link',
      'xcom/site1/messages',
      'xcom/site1/error',
      'xcom/site1/+/+/set',
      'homeassistant/status',
    ]);
    expect(t.state('XT1', 'XT_BATTERY_VOLTAGE')).toBe('xcom/site1/XT1/XT_BATTERY_VOLTAGE');
    expect(t.command('XT1', 'XT_BATTERY_VOLTAGE')).toBe('xcom/site1/XT1/XT_BATTERY_VOLTAGE/set');
    expect(t.deviceStatus('VT1')).toBe('xcom/site1/VT1/status');
    expect(t.device('VT1')).toBe('xcom/site1/VT1');
    expect(t.discovery('sensor', 'xt1_xt_battery_voltage')).toBe('homeassistant/sensor/xcom_site1/xt1_xt_battery_voltage/config');
    expect(t.parseCommand('xcom/site1/XT1/XT_BATTERY_VOLTAGE/set')).toEqual({ code: 'XT1', name: 'XT_BATTERY_VOLTAGE' });
    expect(t.parseCommand('xcom/site1/XT1/set')).toBeUndefined();
    expect(t.parseCommand('xcom/site2/XT1/X/set')).toBeUndefined();
  });
});

/** An MQTT.js client that only records and emits. */
class FakeMqtt extends EventEmitter implements MqttClientLike {
  connected = false;
  connects = 0;
  publish(): unknown {
    return this;
  }
  subscribe(): unknown {
    return this;
  }
  end(): unknown {
    return this;
  }
  connect(): unknown {
    this.connects++;
    return this;
  }
}

describe('BrokerReconnector', () => {
  it('connects again after each close, with growing pauses, reset by a connection', () => {
    const mqtt = new FakeMqtt();
    const timers = new ManualTimers();
    const waits: string[] = [];
    const reconnector = new BrokerReconnector(mqtt, { initialMs: 100, maxMs: 400, jitter: 0 }, (ms, reason) => waits.push(`${ms} ${reason ?? ''}`), timers);
    mqtt.emit('error', new Error('connect ECONNREFUSED'));
    mqtt.emit('close');
    // A second close before the pause is over schedules nothing more.
    mqtt.emit('close');
    expect(timers.delays).toEqual([100]);
    timers.fire();
    expect(mqtt.connects).toBe(1);
    mqtt.emit('close');
    timers.fire();
    mqtt.emit('close');
    timers.fire();
    mqtt.emit('close');
    expect(timers.requested).toEqual([100, 200, 400, 400]);
    expect(waits[0]).toBe('100 connect ECONNREFUSED');
    mqtt.emit('connect');
    expect(timers.delays).toEqual([]);
    mqtt.emit('close');
    expect(timers.delays).toEqual([100]);
    reconnector.stop();
    expect(timers.delays).toEqual([]);
    mqtt.emit('close');
    expect(timers.delays).toEqual([]);
    expect(mqtt.connects).toBe(3);
  });
});
