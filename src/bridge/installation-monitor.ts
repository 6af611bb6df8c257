/**
 * The live picture of an installation that the bridges publish: discovery (retried until the
 * installation answers), then the selected datapoints polled on their intervals, with the last
 * value of each kept for consumers that ask rather than listen (a Prometheus scrape never talks
 * to the device).
 * @module
 */
import { EventEmitter } from 'node:events';
import type { XcomWarning } from '../client/client-events.js';
import type { DiscoveredInstallation } from '../client/discovery-result.js';
import type { Pacing } from '../client/pacing.js';
import { type PollClock, systemPollClock } from '../client/poll-clock.js';
import type { ReadValueEntry } from '../client/read-values.js';
import type { XcomMessage } from '../client/results.js';
import type { XcomClient } from '../client/xcom-client.js';
import { XcomError, XcomValidationError } from '../errors.js';
import { Backoff, type BackoffOptions } from '../transport/backoff.js';
import { type BridgeConfig, parseBridgeConfig } from './bridge-config.js';
import { type SelectedDatapoint, selectDatapoints } from './selection.js';

/** Options of an {@link InstallationMonitor}. */
export interface InstallationMonitorOptions {
  /** What to read: a {@link BridgeConfig} from {@link parseBridgeConfig}. Default: the default set every 10 s. */
  readonly config?: BridgeConfig;
  /** Leaves the gateway idle between bursts (a gateway that also serves Studer's portal). */
  readonly pacing?: Pacing;
  /** Pauses between failed discoveries. Default 1 s growing to 60 s. */
  readonly retry?: BackoffOptions;
  /** Also follows the message log (every `messagesIntervalMs`) and emits `message`. Default `false`. */
  readonly messages?: boolean;
  /** How often the message log is read, in milliseconds. Default 30000. */
  readonly messagesIntervalMs?: number;
  /** The time source of the polls (tests pass a manual one). */
  readonly clock?: PollClock;
}

/** The keys of {@link InstallationMonitorOptions}, checked at run time. */
const OPTION_KEYS = ['config', 'pacing', 'retry', 'messages', 'messagesIntervalMs', 'clock'] as const satisfies readonly (keyof InstallationMonitorOptions)[];
type True<T extends true> = T;
type _OptionKeys = True<[Exclude<keyof InstallationMonitorOptions, (typeof OPTION_KEYS)[number]>] extends [never] ? true : false>;

/** The last reading of one selected datapoint. */
export interface MonitoredValue {
  /** What is read. */
  readonly item: SelectedDatapoint;
  /** The last outcome: a value, no reading (a sentinel) or an error. */
  readonly entry: ReadValueEntry;
  /** When it was read: wall-clock milliseconds since 1970 of its cycle's start. */
  readonly readAt: number;
  /** When the value last changed (or first arrived), wall-clock milliseconds. */
  readonly changedAt: number;
}

/** What the monitor is doing, for a status line (`xcom mqtt` prints it on stderr). */
export type MonitorState =
  /** Discovery failed (the link is down, or nothing answers); it is tried again after a pause. */
  | 'waiting'
  /** Discovery is running. */
  | 'discovering'
  /** Polling, and the last cycle reached the installation. */
  | 'up'
  /** Polling, but the last cycle failed on the link (timeouts, no connection). */
  | 'down'
  /** Stopped. */
  | 'stopped';

/** A change of {@link MonitorState}, with what caused it. */
export interface MonitorStatus {
  /** The new state. */
  readonly state: MonitorState;
  /** Why, in words ("no answer from the gateway (TIMEOUT); next attempt in 4 s"). */
  readonly message: string;
}

/** The events of an {@link InstallationMonitor}. */
export interface InstallationMonitorEvents {
  /** Discovery succeeded: the installation and what will be read from it. */
  installation: [installation: DiscoveredInstallation, items: readonly SelectedDatapoint[]];
  /** A poll cycle read these values, which changed (all of them on the first cycle). */
  values: [changed: readonly MonitoredValue[]];
  /** The state changed. */
  status: [status: MonitorStatus];
  /** A new message of the installation's log (with `messages: true`). */
  message: [message: XcomMessage];
  /** Something noticed and gone on with (units named but not found, a failed message read). */
  warning: [warning: XcomWarning];
}

/**
 * Discovers an installation, then polls the datapoints a {@link BridgeConfig} selects, each
 * group of equal interval in its own batched poll, and keeps the last reading of each. It
 * never gives up on the link: discovery is retried with backoff, and polls go on through
 * outages (`status` says `down`, then `up` again). The client stays the caller's: the monitor
 * neither opens nor closes it.
 *
 * @example
 * ```ts
 * const monitor = new InstallationMonitor(xcom, { config: parseBridgeConfig({ interval: 5 }) });
 * monitor.on('values', (changed) => {
 *   for (const v of changed) if (v.entry.ok) console.log(v.item.key, v.entry.value);
 * });
 * await monitor.start();   // resolves once discovery succeeded and the polls run
 * // … later
 * await monitor.stop();
 * ```
 */
export class InstallationMonitor extends EventEmitter<InstallationMonitorEvents> {
  private readonly client: XcomClient;
  private readonly options: InstallationMonitorOptions;
  private readonly config: BridgeConfig;
  private readonly abort = new AbortController();
  private readonly values = new Map<string, MonitoredValue>();
  /** When each datapoint was last read by {@link refresh}, on the poll clock. */
  private readonly refreshedAt = new Map<string, number>();
  private readonly loops: Promise<void>[] = [];
  private current: MonitorStatus = { state: 'stopped', message: 'not started' };
  private found: DiscoveredInstallation | undefined;
  private selected: readonly SelectedDatapoint[] = [];
  private started = false;
  private lastCycleAt: number | undefined;

  /**
   * @param client the client to read through; opened by the caller (or by its first request)
   * @param options what to read and how
   */
  constructor(client: XcomClient, options: InstallationMonitorOptions = {}) {
    super();
    if (typeof options !== 'object' || options === null) throw new XcomValidationError('options must be an object', 'options');
    for (const key of Object.keys(options)) {
      if (!(OPTION_KEYS as readonly string[]).includes(key)) throw new XcomValidationError(`InstallationMonitor: unknown option "${key}"; known: ${OPTION_KEYS.join(', ')}`, key);
    }
    if (options.messages !== undefined && typeof options.messages !== 'boolean') throw new XcomValidationError('messages must be true or false', 'messages');
    this.client = client;
    this.options = options;
    this.config = options.config ?? parseBridgeConfig({});
    // Checked now, so that a bad option fails the constructor rather than the first retry.
    new Backoff(options.retry ?? {});
  }

  /** The current state. */
  get status(): MonitorStatus {
    return this.current;
  }

  /** Whether the last poll cycle reached the installation. */
  get up(): boolean {
    return this.current.state === 'up';
  }

  /** What discovery found, once it has. */
  get installation(): DiscoveredInstallation | undefined {
    return this.found;
  }

  /** What is read (empty before discovery). */
  get items(): readonly SelectedDatapoint[] {
    return this.selected;
  }

  /** Wall-clock time of the last poll cycle's start, milliseconds since 1970. */
  get lastCycle(): number | undefined {
    return this.lastCycleAt;
  }

  /** The last reading of every datapoint read at least once, in the selection's order. */
  snapshot(): readonly MonitoredValue[] {
    return this.selected.flatMap((item) => {
      const value = this.values.get(item.key);
      return value === undefined ? [] : [value];
    });
  }

  /** The last reading of one datapoint, by its key (`'XT1/XT_BATTERY_VOLTAGE'`). */
  value(key: string): MonitoredValue | undefined {
    return this.values.get(key);
  }

  /**
   * Discovers the installation (again and again, with backoff, until it answers or
   * {@link stop} is called), then starts the polls. Resolves once they run; rejects only when
   * the configuration does not fit what was found, or when stopped before discovery succeeded.
   */
  async start(): Promise<void> {
    if (this.started) throw new XcomValidationError('the monitor was already started', 'start');
    this.started = true;
    const signal = this.abort.signal;
    const backoff = new Backoff({ initialMs: 1000, maxMs: 60_000, ...this.options.retry });
    for (;;) {
      if (signal.aborted) throw new XcomError('ABORTED', 'the monitor was stopped before discovery succeeded');
      this.setStatus('discovering', 'discovering the installation');
      try {
        this.found = await this.client.discover({ signal });
        break;
      } catch (error) {
        if (signal.aborted) throw new XcomError('ABORTED', 'the monitor was stopped before discovery succeeded', { cause: error });
        if (error instanceof XcomValidationError) throw error;
        const pause = backoff.next();
        this.setStatus('waiting', `no installation yet (${describe(error)}); next attempt in ${Math.ceil(pause / 1000)} s`);
        await systemPollClock.sleep(pause, signal);
      }
    }
    const selection = selectDatapoints(this.found, this.config);
    for (const warning of selection.warnings) this.emit('warning', warning);
    this.selected = selection.items;
    this.emit('installation', this.found, this.selected);
    this.setStatus('up', `${this.found.devices.length} units, ${this.selected.length} datapoints`);
    const groups = new Map<number, SelectedDatapoint[]>();
    for (const item of this.selected) {
      if (item.button) continue;
      const group = groups.get(item.intervalMs) ?? [];
      group.push(item);
      groups.set(item.intervalMs, group);
    }
    for (const [every, items] of groups) this.loops.push(this.pollGroup(every, items));
    if (this.options.messages === true) this.loops.push(this.followMessages());
  }

  /** Stops discovery and the polls; resolves once they have ended. The client stays open. */
  async stop(): Promise<void> {
    this.abort.abort(new XcomError('ABORTED', 'the monitor was stopped'));
    await Promise.allSettled(this.loops);
    this.setStatus('stopped', 'stopped');
  }

  /**
   * Reads some of the selected datapoints now, outside their polls (a bridge does after a
   * write, to publish the value in force at once), and keeps and emits what changed as a poll
   * does. Resolves with the new readings; a key not selected is an {@link XcomValidationError}.
   * A failed link does not reject: the readings keep their last value and `status` says `down`.
   */
  async refresh(keys: readonly string[]): Promise<readonly MonitoredValue[]> {
    const items = keys.map((key) => {
      const item = this.selected.find((i) => i.key === key && !i.button);
      if (item === undefined) throw new XcomValidationError(`refresh: ${JSON.stringify(key)} is not a datapoint the monitor reads`, 'keys');
      return item;
    });
    if (items.length === 0) return [];
    const result = await this.client.readValues(
      items.map((item) => ({ datapoint: item.datapoint, device: item.device.address })),
      { signal: this.abort.signal },
    );
    const now = (this.options.clock ?? systemPollClock).now();
    for (const item of items) this.refreshedAt.set(item.key, now);
    this.record(items, result.entries, Date.now(), result.linkError);
    return items.flatMap((item) => {
      const value = this.values.get(item.key);
      return value === undefined ? [] : [value];
    });
  }

  private async pollGroup(every: number, items: readonly SelectedDatapoint[]): Promise<void> {
    const reads = items.map((item) => ({ datapoint: item.datapoint, device: item.device.address }));
    const options = {
      every,
      signal: this.abort.signal,
      ...(this.options.pacing === undefined ? {} : { pacing: this.options.pacing }),
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
    };
    try {
      for await (const snapshot of this.client.poll(reads, options)) {
        this.lastCycleAt = snapshot.timestamp;
        this.record(items, snapshot.entries, snapshot.timestamp, snapshot.linkError, snapshot.startedAt);
      }
    } catch (error) {
      if (!this.abort.signal.aborted) this.setStatus('down', `polling ended: ${describe(error)}`);
    }
  }

  /**
   * Keeps the readings of a cycle (or a refresh, without `startedAt`), updates the state, emits
   * what changed. A cycle that started before a refresh of a datapoint ended may have read it
   * before the write that the refresh follows: its older value is dropped, not published.
   */
  private record(items: readonly SelectedDatapoint[], entries: readonly ReadValueEntry[], timestamp: number, linkError: unknown, startedAt?: number): void {
    const changed: MonitoredValue[] = [];
    entries.forEach((entry, i) => {
      const item = items[i];
      if (item === undefined) return;
      const refreshed = this.refreshedAt.get(item.key);
      if (startedAt !== undefined && refreshed !== undefined) {
        if (refreshed >= startedAt) return;
        this.refreshedAt.delete(item.key);
      }
      const before = this.values.get(item.key);
      const same = before !== undefined && sameOutcome(before.entry, entry);
      // A link failure keeps the last good value: consumers see its age grow, and `up` false.
      if (!entry.ok && linkError !== undefined && before !== undefined) return;
      const value: MonitoredValue = { item, entry, readAt: timestamp, changedAt: same ? before.changedAt : timestamp };
      this.values.set(item.key, value);
      if (!same) changed.push(value);
    });
    if (linkError === undefined) {
      if (this.current.state !== 'up') this.setStatus('up', 'the installation answers again');
    } else if (this.current.state !== 'down') {
      this.setStatus('down', `the link failed (${describe(linkError)}); polling goes on`);
    }
    if (changed.length > 0) this.emit('values', changed);
  }

  private async followMessages(): Promise<void> {
    const intervalMs = this.options.messagesIntervalMs ?? 30_000;
    try {
      const watch = this.client.watchMessages({
        signal: this.abort.signal,
        intervalMs,
        onError: (error) => this.emit('warning', { code: 'MESSAGES_UNREAD', message: `the message log could not be read: ${describe(error)}` }),
      });
      for await (const message of watch) this.emit('message', message);
    } catch (error) {
      if (!this.abort.signal.aborted) this.emit('warning', { code: 'MESSAGES_UNREAD', message: `following the message log ended: ${describe(error)}` });
    }
  }

  private setStatus(state: MonitorState, message: string): void {
    if (this.current.state === state && this.current.message === message) return;
    this.current = { state, message };
    this.emit('status', this.current);
  }
}

function sameOutcome(a: ReadValueEntry, b: ReadValueEntry): boolean {
  if (a.ok !== b.ok) return false;
  if (a.ok && b.ok) return a.absent === b.absent && Object.is(a.value, b.value);
  return a.error?.code === b.error?.code;
}

function describe(error: unknown): string {
  if (error instanceof XcomError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
