/**
 * The MQTT bridge: an {@link InstallationMonitor} on one side, an MQTT.js client on the other.
 * It publishes discovery, availability and states on every connection to the broker (a broker
 * restarted without persistence has forgotten every retained message), again when Home
 * Assistant announces itself, and each value as it changes; it executes commands from the
 * `/set` topics once each, and never gives up on either link.
 * @module
 */
import { EventEmitter } from 'node:events';
import { compareInstallations } from '../bridge/installation-change.js';
import { InstallationMonitor, type MonitoredValue, type MonitorState, type MonitorStatus } from '../bridge/installation-monitor.js';
import type { SelectedDatapoint } from '../bridge/selection.js';
import type { DiscoveredInstallation } from '../client/discovery-result.js';
import { XcomClient } from '../client/xcom-client.js';
import { FAMILIES } from '../catalogue/families.js';
import { XcomC } from '../constants.js';
import { XcomError, XcomValidationError } from '../errors.js';
import { openTransport } from '../transport/open-transport.js';
import { BrokerReconnector } from './broker-reconnect.js';
import type { MqttBridgeOptions, ResolvedBridgeOptions } from './bridge-options.js';
import { resolveBridgeOptions, shownBrokerUrl } from './bridge-options.js';
import { CommandGate } from './command-gate.js';
import { parseCommandPayload } from './command-payload.js';
import { unitAvailable, unitJson } from './device-state.js';
import { type BridgeEntity, buildEntities, gatewayDiscovery, PRESS_PAYLOAD } from './ha-discovery.js';
import { loadMqtt, type MqttClientLike, type MqttConnect, type MqttPublishPacket } from './mqtt-module.js';
import { REPUBLISH_INTERVAL_MS, RepublishLimit } from './republish-limit.js';
import { statePayload } from './state-payload.js';
import { TopicLayout } from './topics.js';

/** The broker link's state. */
export type BrokerState = 'waiting' | 'connecting' | 'connected' | 'disconnected' | 'stopped';

/** Where both links stand. */
export interface BridgeStatus {
  /** The broker link: `waiting` while the site is not known yet (it is needed for the last will). */
  readonly broker: BrokerState;
  /** The installation, as the monitor sees it. */
  readonly installation: MonitorState;
  /** The site's topic level, once known. */
  readonly site: string | undefined;
}

/** A line of the bridge's log: what it did, what it waits for, what it refused. */
export interface BridgeLogEntry {
  /** `info` for progress, `warning` for refusals and outages, `error` for what stops the bridge. */
  readonly level: 'info' | 'warning' | 'error';
  /** What happened, in words. */
  readonly message: string;
}

/** What became of a message on a `/set` topic. */
export interface CommandOutcome {
  /** The topic. */
  readonly topic: string;
  /** The payload, as text. */
  readonly payload: string;
  /** `executed`, or why not: refused (invalid, link down, device error), retained, duplicate. */
  readonly result: 'executed' | 'refused' | 'retained' | 'duplicate';
  /** Why it was refused, when it was. */
  readonly reason?: string;
  /**
   * The error code of a refusal (`VALIDATION`, `NOT_WRITABLE`, `LINK_DOWN`, `TIMEOUT`, a Scom
   * error name…; `TOO_LARGE` for a payload over 256 bytes, `BUSY` when 32 commands already wait).
   */
  readonly code?: string;
}

/** The events of an {@link MqttBridge}. */
export interface MqttBridgeEvents {
  /** A link changed state. */
  status: [status: BridgeStatus];
  /** A line for a log (`xcom mqtt` prints them on stderr). */
  log: [entry: BridgeLogEntry];
  /** A message arrived on a `/set` topic, and this became of it. */
  command: [outcome: CommandOutcome];
}

/** A running bridge, from {@link startBridge}. */
export interface MqttBridge extends EventEmitter<MqttBridgeEvents> {
  /** Where both links stand. */
  readonly status: BridgeStatus;
  /** The monitor that reads the installation (its values, its discovery). */
  readonly monitor: InstallationMonitor;
  /** The topic layout, once the site is known. */
  readonly topics: TopicLayout | undefined;
  /**
   * Resolves once the installation was discovered and everything was published on the broker
   * a first time; rejects when the bridge stopped before, or failed (see {@link finished}).
   */
  readonly ready: Promise<void>;
  /**
   * Resolves when {@link stop} has stopped the bridge; rejects when the bridge could not go on:
   * the gateway has no GUID and no site was given, or the configuration does not fit what
   * discovery found. Outages of either link are not failures: the bridge waits them out.
   */
  readonly finished: Promise<void>;
  /** Publishes `offline`, disconnects from the broker, stops reading. Idempotent. */
  stop(): Promise<void>;
  /** Stops the bridge (`await using`). */
  [Symbol.asyncDispose](): Promise<void>;
}

/** How long a clean stop waits for the broker to take its `offline`. */
const STOP_PUBLISH_MS = 2000;

const ONLINE = 'online';
const OFFLINE = 'offline';

/** The longest command payload taken, in bytes: a number, a label or `true` never needs more. */
const MAX_COMMAND_BYTES = 256;
/**
 * The largest packet the broker may deliver to the bridge (MQTT 5), in bytes; it drops larger
 * ones for this client instead of sending them. The bridge receives only commands (at most
 * {@link MAX_COMMAND_BYTES} taken), Home Assistant's `online`/`offline` and retained unit
 * statuses: a few hundred bytes with their topic and properties. 16 KiB leaves room for long
 * topics and a publisher's user properties while a flood of megabytes never reaches it.
 */
export const MAX_INCOMING_PACKET_BYTES = 16 * 1024;
/** How much of a refused payload is shown (on stderr, on the error topic), in characters. */
const SHOWN_PAYLOAD_CHARS = 64;
/**
 * The most commands waiting for their turn: more are refused, rather than run at the pace of
 * the device long after they were sent (and held in memory meanwhile).
 */
const MAX_PENDING_COMMANDS = 32;

/** A promise with its settle functions, already marked as handled (nobody need await it). */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * The codes that have an availability topic (and a JSON object): each unit's, and each
 * family's (`XT`) that has parameters of all its units.
 */
function availabilityCodes(installation: DiscoveredInstallation, entities: readonly BridgeEntity[]): string[] {
  const families = entities.filter((e) => e.item.allUnits).map((e) => e.item.code);
  return [...new Set([...installation.devices.map((d) => d.code), ...families])];
}

function describe(error: unknown): string {
  if (error instanceof XcomError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

class Bridge extends EventEmitter<MqttBridgeEvents> implements MqttBridge {
  readonly monitor: InstallationMonitor;
  private readonly client: XcomClient;
  private readonly ownsClient: boolean;
  private mqtt: MqttClientLike | undefined;
  private reconnector: BrokerReconnector | undefined;
  private layout: TopicLayout | undefined;
  private installation: DiscoveredInstallation | undefined;
  private entities: BridgeEntity[] = [];
  private readonly byKey = new Map<string, BridgeEntity>();
  private readonly byCommand = new Map<string, BridgeEntity>();
  private readonly unitAvailability = new Map<string, boolean>();
  /** Units found `online` on the broker before discovery said which units there are. */
  private readonly retainedOnline = new Set<string>();
  private readonly gate = new CommandGate();
  /** Home Assistant's `online`, however often it comes, re-publishes at most once per interval. */
  private readonly haOnline: RepublishLimit;
  private commandQueue: Promise<void> = Promise.resolve();
  private pendingCommands = 0;
  private broker: BrokerState;
  private stopping: Promise<void> | undefined;
  private readonly readyState = deferred();
  private readonly finishedState = deferred();
  private published = false;
  /** States not published on a connection because the installation did not answer then. */
  private statesOwed = false;
  private lastState: MonitorState | undefined;
  /** The broker's URL without its password, for the log. */
  private readonly shownBroker: string;

  constructor(
    private readonly options: ResolvedBridgeOptions,
    private readonly connect: MqttConnect,
  ) {
    super();
    this.shownBroker = shownBrokerUrl(options.broker);
    if (typeof options.xcom === 'string') {
      this.client = new XcomClient(openTransport(options.xcom), options.clientOptions);
      this.ownsClient = true;
    } else {
      this.client = options.xcom;
      this.ownsClient = false;
    }
    this.monitor = new InstallationMonitor(this.client, {
      config: options.config,
      messages: options.messages,
      messagesIntervalMs: options.messagesIntervalMs,
      ...(options.pacing === undefined ? {} : { pacing: options.pacing }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.rediscoverMs === undefined ? {} : { rediscoverMs: options.rediscoverMs }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.haOnline = new RepublishLimit(
      () => {
        this.log('info', 'Home Assistant is online: publishing discovery, availability and states again');
        this.publishAll();
      },
      REPUBLISH_INTERVAL_MS,
      options.timers,
    );
    this.broker = options.site === undefined ? 'waiting' : 'connecting';
    if (options.site !== undefined) this.layout = new TopicLayout(options.base, options.site, options.discoveryPrefix);
  }

  get status(): BridgeStatus {
    return { broker: this.broker, installation: this.monitor.status.state, site: this.layout?.site };
  }

  get topics(): TopicLayout | undefined {
    return this.layout;
  }

  get ready(): Promise<void> {
    return this.readyState.promise;
  }

  get finished(): Promise<void> {
    return this.finishedState.promise;
  }

  /** Starts both links; returns at once, the links come up in the background. */
  start(): void {
    if (this.stopping !== undefined) return;
    this.monitor.on('status', (status) => this.onMonitorStatus(status));
    this.monitor.on('installation', (installation, items) => this.onInstallation(installation, items));
    this.monitor.on('values', (changed) => this.onValues(changed));
    this.monitor.on('message', (message) => {
      if (this.layout === undefined) return;
      const source = this.installation?.devices.find((d) => d.address === message.srcAddr)?.code;
      const event = {
        type: message.type,
        text: message.text ?? `message ${message.type}`,
        source: source ?? String(message.srcAddr),
        address: message.srcAddr,
        timestamp: message.timestamp,
        value: message.value,
      };
      this.publish(this.layout.messages, JSON.stringify(event), false);
    });
    this.monitor.on('warning', (warning) => this.log('warning', `installation: ${warning.message}`));
    if (this.layout === undefined) this.log('info', `waiting for the installation to learn the site (the gateway's GUID) before connecting to ${this.shownBroker}`);
    else this.connectBroker();
    this.monitor.start().catch((error: unknown) => {
      if (this.stopping === undefined) this.fail(error);
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async shutdown(): Promise<void> {
    this.haOnline.stop();
    await this.monitor.stop();
    await this.commandQueue;
    this.reconnector?.stop();
    const mqtt = this.mqtt;
    if (mqtt !== undefined) {
      const connected = mqtt.connected;
      if (connected && this.layout !== undefined) await this.publishAcknowledged(this.layout.bridgeStatus, OFFLINE);
      // MQTT.js's end() waits for every QoS 1 message in flight: none is awaited any more.
      for (const id of Object.keys(mqtt.outgoing ?? {})) mqtt.removeOutgoingMessage?.(Number(id));
      await new Promise<void>((resolve) => {
        // A stream already closed under it (the broker away) would leave end() waiting.
        const timer = setTimeout(resolve, STOP_PUBLISH_MS);
        mqtt.end(!connected, {}, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.ownsClient) await this.client.close();
    this.setBroker('stopped');
    this.readyState.reject(new XcomError('ABORTED', 'the bridge was stopped before it was ready'));
    this.finishedState.resolve();
  }

  private fail(error: unknown): void {
    this.log('error', describe(error));
    this.readyState.reject(error);
    this.finishedState.reject(error);
    void this.stop().catch(() => undefined);
  }

  private log(level: BridgeLogEntry['level'], message: string): void {
    this.emit('log', { level, message });
  }

  private setBroker(state: BrokerState): void {
    if (this.broker === state) return;
    this.broker = state;
    this.emit('status', this.status);
  }

  // --- the broker ---

  private connectBroker(): void {
    const topics = this.layout;
    if (topics === undefined || this.mqtt !== undefined) return;
    const o = this.options;
    const suffix = Math.random().toString(16).slice(2, 8);
    const mqtt = this.connect(o.broker, {
      protocolVersion: o.protocolVersion,
      clientId: o.clientId ?? `xcom-ts-${topics.site.slice(0, 32)}-${suffix}`,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      resubscribe: false,
      will: { topic: topics.bridgeStatus, payload: OFFLINE, qos: 1, retain: true },
      ...(o.protocolVersion === 5 ? { properties: { maximumPacketSize: MAX_INCOMING_PACKET_BYTES } } : {}),
      ...(o.username === undefined ? {} : { username: o.username }),
      ...(o.password === undefined ? {} : { password: o.password }),
      ...(o.ca === undefined ? {} : { ca: o.ca }),
      ...(o.cert === undefined ? {} : { cert: o.cert }),
      ...(o.key === undefined ? {} : { key: o.key }),
    });
    this.mqtt = mqtt;
    this.setBroker('connecting');
    mqtt.on('connect', () => this.onBrokerConnect());
    mqtt.on('close', () => {
      if (this.stopping !== undefined) return;
      if (this.broker === 'connected') this.log('warning', `lost the broker at ${this.shownBroker}`);
      this.setBroker('disconnected');
    });
    // After the listener above: the loss is told before the wait.
    this.reconnector = new BrokerReconnector(
      mqtt,
      o.reconnect,
      (ms, reason) => this.log('warning', `waiting for the broker at ${this.shownBroker}${reason === undefined ? '' : ` (${reason})`}; next attempt in ${(ms / 1000).toFixed(1)} s`),
      o.timers,
    );
    // Without a listener an 'error' event would end the process; the reconnector reports it.
    mqtt.on('error', () => undefined);
    mqtt.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet));
  }

  private onBrokerConnect(): void {
    const topics = this.layout;
    const mqtt = this.mqtt;
    if (topics === undefined || mqtt === undefined) return;
    this.gate.reset();
    this.log('info', `connected to the broker at ${this.shownBroker}, publishing under ${topics.root}`);
    this.setBroker('connected');
    const v5 = this.options.protocolVersion === 5;
    // Retain-as-published shows a command published retained even live; no-local keeps our
    // own clearing of a retained command from coming back.
    mqtt.subscribe(
      {
        [topics.commands]: { qos: 1, ...(v5 ? { rap: true, nl: true } : {}) },
        [topics.haStatus]: { qos: 1 },
        [topics.deviceStatuses]: { qos: 1 },
      },
      (error) => {
        if (error !== null) this.log('warning', `the broker refused the subscriptions: ${error.message}`);
      },
    );
    this.publishAll();
  }

  private publish(topic: string, payload: string, retain: boolean): void {
    const mqtt = this.mqtt;
    // Nothing is queued while the broker is away: every connection publishes everything anew.
    if (mqtt === undefined || !mqtt.connected) return;
    mqtt.publish(topic, payload, { qos: this.options.qos, retain }, (error) => {
      if (error !== undefined && error !== null && this.stopping === undefined) this.log('warning', `could not publish ${topic}: ${error.message}`);
    });
  }

  private publishAcknowledged(topic: string, payload: string): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, STOP_PUBLISH_MS);
      this.mqtt?.publish(topic, payload, { qos: 1, retain: true }, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Everything: availability, discovery, the link, each unit's availability, states, JSON. */
  private publishAll(): void {
    const topics = this.layout;
    if (topics === undefined) return;
    this.publish(topics.bridgeStatus, ONLINE, true);
    const installation = this.installation;
    if (installation === undefined) return;
    if (this.options.discovery) {
      for (const message of gatewayDiscovery(topics, installation, this.options.qos)) this.publish(message.topic, JSON.stringify(message.config), true);
      for (const entity of this.entities) this.publish(entity.discovery.topic, JSON.stringify(entity.discovery.config), true);
    }
    this.publish(topics.link, this.monitor.up ? 'up' : 'down', true);
    this.unitAvailability.clear();
    this.publishAvailability();
    this.publishStates();
    if (this.mqtt?.connected === true && !this.published) {
      this.published = true;
      this.readyState.resolve();
    }
  }

  /**
   * Every state, and each unit's JSON. Not while the installation does not answer: values read
   * before the outage, published again as news, would pass for current with consumers that
   * do not follow availability (a time series records them now). They are owed, and published
   * once the installation answers again.
   */
  private publishStates(): void {
    const installation = this.installation;
    if (installation === undefined) return;
    if (!this.monitor.up) {
      this.statesOwed = true;
      return;
    }
    this.statesOwed = false;
    for (const entity of this.entities) {
      const value = this.monitor.value(entity.key);
      if (value !== undefined && entity.stateTopic !== undefined) this.publish(entity.stateTopic, statePayload(entity.datapoint, entity.kind.representation, value.entry), true);
    }
    if (this.options.json) for (const code of availabilityCodes(installation, this.entities)) this.publishUnitJson(code);
  }

  /** Each unit's (and family's) availability, where it changed (all of them after {@link publishAll} cleared the memory). */
  private publishAvailability(): void {
    const topics = this.layout;
    if (topics === undefined || this.installation === undefined) return;
    // A family's (`XT`) follows its parameters, read from its first unit.
    for (const code of availabilityCodes(this.installation, this.entities)) {
      const readable = this.entities.filter((e) => e.item.code === code && e.stateTopic !== undefined);
      const available = unitAvailable(
        this.monitor.up,
        readable.map((e) => this.monitor.value(e.key)),
      );
      if (this.unitAvailability.get(code) === available) continue;
      this.unitAvailability.set(code, available);
      this.publish(topics.deviceStatus(code), available ? ONLINE : OFFLINE, true);
    }
  }

  private publishUnitJson(code: string): void {
    const topics = this.layout;
    if (topics === undefined) return;
    const entities = this.entities.filter((e) => e.item.code === code);
    if (entities.length === 0) return;
    this.publish(topics.device(code), JSON.stringify(unitJson(entities, (key) => this.monitor.value(key))), true);
  }

  // --- the installation ---

  private onMonitorStatus(status: MonitorStatus): void {
    const what: Partial<Record<MonitorState, string>> = { waiting: 'waiting for the installation', down: 'the installation does not answer', up: 'the installation answers' };
    const prefix = what[status.state];
    const text = prefix === undefined ? status.message : `${prefix}: ${status.message}`;
    // A retry of discovery is no news: the line before said when it comes.
    const quiet = status.state === 'stopped' || (status.state === 'discovering' && this.lastState === 'waiting');
    this.lastState = status.state;
    if (!quiet) this.log(status.state === 'waiting' || status.state === 'down' ? 'warning' : 'info', text);
    this.emit('status', this.status);
    if (this.layout === undefined || this.installation === undefined) return;
    this.publish(this.layout.link, status.state === 'up' ? 'up' : 'down', true);
    this.publishAvailability();
    if (status.state === 'up' && this.statesOwed && this.mqtt?.connected === true) this.publishStates();
  }

  private onInstallation(installation: DiscoveredInstallation, items: readonly SelectedDatapoint[]): void {
    if (this.layout === undefined) {
      const guid = installation.gateway.guid;
      if (guid === undefined) {
        this.fail(
          new XcomValidationError(
            'the gateway has no GUID to name the site by (a serial Xcom-232i may not answer it, spec §6.1): pass --site NAME (the site option) to name this installation in the topics',
            'site',
          ),
        );
        return;
      }
      this.layout = new TopicLayout(this.options.base, guid, this.options.discoveryPrefix);
    }
    const topics = this.layout;
    const before = this.installation;
    const formerEntities = this.entities;
    this.installation = installation;
    this.entities = buildEntities(items, topics, { qos: this.options.qos, ranges: (datapoint) => this.client.rangesOf(datapoint) });
    // Rebuilt whole: a command for a datapoint no longer selected is refused as an unknown one.
    this.byKey.clear();
    this.byCommand.clear();
    for (const entity of this.entities) {
      this.byKey.set(entity.key, entity);
      if (entity.commandTopic !== undefined) this.byCommand.set(entity.commandTopic, entity);
    }
    if (before !== undefined) {
      this.onInstallationChanged(before, installation, formerEntities);
      return;
    }
    this.log('info', `found ${installation.devices.map((d) => d.code).join(', ')}: ${this.entities.length} datapoints under ${topics.root}`);
    if (this.mqtt === undefined) this.connectBroker();
    else this.publishAll();
    const seen = [...this.retainedOnline];
    this.retainedOnline.clear();
    for (const code of seen) this.onRetainedOnline(code);
  }

  /**
   * A re-discovery found units added, gone or replaced. The new units' discovery is published
   * (and the replaced units', whose device information changed; their topics do not); their
   * states follow with the first poll of the new selection. A unit gone is marked `offline`:
   * its Home Assistant entities stay, unavailable, for the user to delete. A family's
   * parameters of all units stay while the family has a unit; they are announced again when
   * the unit they are read from changed (replaced, or gone and another is now the first).
   */
  private onInstallationChanged(before: DiscoveredInstallation, after: DiscoveredInstallation, formerEntities: readonly BridgeEntity[]): void {
    const topics = this.layout;
    if (topics === undefined) return;
    const change = compareInstallations(before, after);
    const replaced = new Set(change.changed.map((d) => d.code));
    const readFrom = new Map(formerEntities.map((e) => [e.key, e.item.device.code]));
    const now = new Set(availabilityCodes(after, this.entities));
    const gone = availabilityCodes(before, formerEntities).filter((code) => !now.has(code));
    const fresh = this.entities.filter((e) => readFrom.get(e.key) !== e.item.device.code || replaced.has(e.item.device.code));
    this.log('info', `the installation changed: ${fresh.length} datapoints to announce${gone.length === 0 ? '' : `, ${gone.join(', ')} offline`}; ${this.entities.length} datapoints under ${topics.root}`);
    for (const code of gone) this.unitAvailability.delete(code);
    // Nothing is queued while the broker is away: the next connection publishes everything.
    if (this.mqtt?.connected !== true) return;
    if (this.options.discovery) {
      for (const message of gatewayDiscovery(topics, after, this.options.qos)) this.publish(message.topic, JSON.stringify(message.config), true);
      for (const entity of fresh) this.publish(entity.discovery.topic, JSON.stringify(entity.discovery.config), true);
    }
    for (const code of gone) this.publish(topics.deviceStatus(code), OFFLINE, true);
    this.publishAvailability();
  }

  private onValues(changed: readonly MonitoredValue[]): void {
    const units = new Set<string>();
    for (const value of changed) {
      const entity = this.byKey.get(value.item.key);
      if (entity?.stateTopic === undefined) continue;
      this.publish(entity.stateTopic, statePayload(entity.datapoint, entity.kind.representation, value.entry), true);
      units.add(value.item.code);
    }
    this.publishAvailability();
    if (this.options.json) for (const code of units) this.publishUnitJson(code);
  }

  // --- commands ---

  private onMessage(topic: string, payload: Uint8Array, packet: MqttPublishPacket): void {
    const topics = this.layout;
    if (topics === undefined) return;
    if (topic === topics.haStatus) {
      // A retained `online` comes with each subscription: the connection publishes anyway.
      if (!packet.retain && Buffer.from(payload).toString('utf8').trim() === ONLINE) this.haOnline.request();
      return;
    }
    const unit = topics.parseDeviceStatus(topic);
    if (unit !== undefined) {
      // Only what the broker kept from before: our own publications are live.
      if (packet.retain && Buffer.from(payload).toString('utf8') === ONLINE) this.onRetainedOnline(unit);
      return;
    }
    if (topics.parseCommand(topic) === undefined) return;
    const large = payload.length > MAX_COMMAND_BYTES;
    // Only the start of a large payload is decoded: it is shown, never parsed.
    const text = Buffer.from(large ? payload.subarray(0, SHOWN_PAYLOAD_CHARS * 4) : payload).toString('utf8');
    if (large && !packet.retain) {
      // Before the gate, which remembers the payloads it lets through.
      this.refuse(topic, text, `a command is at most ${MAX_COMMAND_BYTES} bytes, got ${payload.length}`, 'TOO_LARGE');
      return;
    }
    const verdict = this.gate.admit({ topic, payload, retain: packet.retain, dup: packet.dup, messageId: packet.messageId });
    if (verdict === 'empty') return;
    if (verdict === 'retained') {
      const reason = 'a retained command is never executed (it would run again at each reconnection): publish commands without retain';
      this.refuse(topic, text, reason, 'RETAINED', 'retained');
      // Cleared, so that no later subscriber (this bridge after a restart) receives it again.
      this.publish(topic, '', true);
      return;
    }
    if (verdict === 'duplicate') {
      this.log('warning', `ignored a redelivery (dup, packet id ${packet.messageId ?? '?'}) of the command ${JSON.stringify(text)} on ${topic}: it was executed once`);
      this.emit('command', { topic, payload: text, result: 'duplicate' });
      return;
    }
    if (this.pendingCommands >= MAX_PENDING_COMMANDS) {
      this.refuse(topic, text, `${MAX_PENDING_COMMANDS} commands are already waiting for the installation: send fewer, or wait for their outcome`, 'BUSY');
      return;
    }
    // One command at a time, in the order they came.
    this.pendingCommands++;
    this.commandQueue = this.commandQueue
      .then(() => this.execute(topic, text))
      // A listener that throws must not end the queue (every later command would vanish).
      .catch(() => undefined)
      .finally(() => this.pendingCommands--);
  }

  /**
   * A unit's retained `online` left by a former run. A unit that discovery did not find this
   * time (switched off, removed) would otherwise stay available in Home Assistant for ever,
   * its last values frozen: it is marked `offline`.
   */
  private onRetainedOnline(code: string): void {
    if (this.installation === undefined) {
      // Judged once discovery tells which units there are (a bounded number: units are few).
      if (this.retainedOnline.size < 256) this.retainedOnline.add(code);
      return;
    }
    if (availabilityCodes(this.installation, this.entities).includes(code) || this.layout === undefined) return;
    this.log('info', `${code} was not found by discovery: marking it offline (its availability was left online by a former run)`);
    this.publish(this.layout.deviceStatus(code), OFFLINE, true);
  }

  private refuse(topic: string, full: string, reason: string, code: string, result: 'refused' | 'retained' = 'refused'): void {
    const payload = full.length > SHOWN_PAYLOAD_CHARS ? `${full.slice(0, SHOWN_PAYLOAD_CHARS)}…` : full;
    this.log('warning', `refused ${JSON.stringify(payload)} on ${topic}: ${reason}`);
    const topics = this.layout;
    if (topics !== undefined) this.publish(topics.error, JSON.stringify({ topic, payload, reason, code }), false);
    this.emit('command', { topic, payload, result, reason, code });
  }

  private async execute(topic: string, payload: string): Promise<void> {
    if (this.stopping !== undefined) return;
    const entity = this.byCommand.get(topic);
    if (entity === undefined) {
      const name = this.layout?.parseCommand(topic)?.name;
      const family = this.entities.find((e) => e.item.allUnits && e.item.datapoint.name === name);
      const reason =
        this.installation === undefined
          ? 'the installation is not discovered yet'
          : family?.commandTopic !== undefined
            ? `${family.item.datapoint.name} is set on every unit of the family at once ("allUnits"): publish on ${family.commandTopic}`
            : 'no writable parameter or button here: a datapoint takes commands when the configuration file marks it "writable": true (or "button": true for a signal)';
      this.refuse(topic, payload, reason, 'NOT_WRITABLE');
      return;
    }
    if (!this.monitor.up) {
      this.refuse(topic, payload, `the installation does not answer (${this.monitor.status.message}): commands are refused while the link is down, never queued`, 'LINK_DOWN');
      return;
    }
    const { item } = entity;
    // A parameter of all units goes to the family's multicast address: one write for them all.
    const dstAddr = item.allUnits ? FAMILIES[item.datapoint.family].writeAddress : item.device.address;
    try {
      if (item.button) {
        if (payload.trim() !== PRESS_PAYLOAD) throw new XcomValidationError(`a button takes ${PRESS_PAYLOAD}, got ${JSON.stringify(payload)}`, 'payload');
        await this.client.trigger(item.datapoint, { dstAddr });
        this.log('info', `${item.key}: triggered`);
      } else {
        const value = parseCommandPayload(item.datapoint, entity.kind.representation, payload);
        const propertyId = item.flash ? XcomC.QSP_VALUE : XcomC.QSP_UNSAVED_VALUE;
        await this.client.setValue(item.datapoint, value, { dstAddr, propertyId });
        this.log('info', `${item.key}: set to ${JSON.stringify(value)} (${item.flash ? 'flash' : 'RAM'}${item.allUnits ? `, every unit at address ${dstAddr}` : ''})`);
      }
    } catch (error) {
      const code = error instanceof XcomError ? error.code : 'FAILED';
      const unsure = code === 'TIMEOUT' ? ' (the unit may or may not have taken it: writes are never retried)' : '';
      this.refuse(topic, payload, `${error instanceof Error ? error.message : String(error)}${unsure}`, code);
      return;
    }
    this.emit('command', { topic, payload, result: 'executed' });
    if (item.button) return;
    // The value in force, published now rather than at the next poll.
    await this.monitor.refresh([item.key]).catch((error: unknown) => this.log('warning', `${item.key}: could not read it back: ${describe(error)}`));
  }
}

/**
 * Starts an MQTT bridge: the installation's values on an MQTT broker, with Home Assistant
 * discovery, and commands from `/set` topics. Rejects at once on a bad option, or with an
 * `XcomError` `MODULE_MISSING` when MQTT.js is not installed (`npm install mqtt`); otherwise
 * resolves at once, and both links come up in the background, each retried with backoff
 * until {@link MqttBridge.stop}: watch `status` and `log`, or await {@link MqttBridge.ready}.
 *
 * Topics (`<base>` default `xcom`, `<site>` the gateway's GUID unless `site` names it):
 * `<base>/<site>/<unit>/<datapoint>` the retained state of each datapoint (an enum as its
 * label, `None` for no reading), `…/set` its commands (RAM writes, flash where the
 * configuration says `flash`), `<base>/<site>/<family>/<datapoint>` (and `…/set`) a parameter
 * the configuration marks `allUnits`, once for its family (`XT`, `VT`, `VS`), written to
 * every unit at once through the family's multicast address, `<base>/<site>/status` the bridge's availability (`online`,
 * `offline` also as last will), `<base>/<site>/<unit>/status` each unit's (and each such family's),
 * `<base>/<site>/link` whether the installation answers, `<base>/<site>/messages` the message
 * log, `<base>/<site>/error` refused commands, `<base>/<site>/<unit>` (with `json`) one JSON
 * object per unit; Home Assistant discovery under `<discoveryPrefix>`.
 *
 * @example
 * ```ts
 * import { startBridge } from 'xcom-ts/mqtt';
 * import { readBridgeConfig } from 'xcom-ts';
 *
 * const bridge = await startBridge({
 *   url: 'udp://192.168.1.50:4002?localPort=4001',
 *   broker: 'mqtt://127.0.0.1:1883',
 *   config: await readBridgeConfig('xcom-bridge.json'),
 * });
 * bridge.on('log', ({ level, message }) => console.error(`${level}: ${message}`));
 * await bridge.ready;                                 // discovered, connected, published
 * process.once('SIGTERM', () => void bridge.stop()); // publishes offline, disconnects
 * await bridge.finished;
 * ```
 */
export async function startBridge(options: MqttBridgeOptions): Promise<MqttBridge> {
  const resolved = resolveBridgeOptions(options);
  const connect = await loadMqtt(resolved.importModule);
  const bridge = new Bridge(resolved, connect);
  // Once the caller's continuation has run: its listeners hear the first lines.
  setImmediate(() => bridge.start());
  return bridge;
}
