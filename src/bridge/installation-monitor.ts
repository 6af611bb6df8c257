/**
 * The live picture of an installation that the bridges publish: discovery (retried until the
 * installation answers), then the selected datapoints polled on their intervals, with the last
 * value of each kept for consumers that ask rather than listen (a Prometheus scrape never talks
 * to the device).
 * @module
 */
import { EventEmitter } from 'node:events';
import type { XcomWarning } from '../client/client-events.js';
import type { DiscoveredDevice, DiscoveredInstallation } from '../client/discovery-result.js';
import type { Pacing } from '../client/pacing.js';
import { type PollClock, systemPollClock } from '../client/poll-clock.js';
import type { ReadValueEntry } from '../client/read-values.js';
import type { XcomMessage } from '../client/results.js';
import type { XcomClient } from '../client/xcom-client.js';
import { XcomError, XcomValidationError } from '../errors.js';
import { Backoff, type BackoffOptions } from '../transport/backoff.js';
import { type BridgeConfig, checkRediscoverMs, DEFAULT_REDISCOVER_MS, parseBridgeConfig } from './bridge-config.js';
import { compareInstallations, describeUnits, type InstallationChange, isChange, withUnits } from './installation-change.js';
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
  /** The time source of the polls and of re-discovery (tests pass a manual one). */
  readonly clock?: PollClock;
  /**
   * Milliseconds between re-discoveries of the installation (0, or 60000 to 604800000; 0
   * never re-discovers). Default: the configuration's `rediscover` (an hour by default). Each
   * finds units added, gone or replaced (another model, firmware or FID) without a restart:
   * the selection follows and `installation` is emitted again. The installation is also
   * discovered again a minute after the link comes back from an outage (a restarted
   * installation is the likeliest to have changed), at most once in ten minutes (a flapping
   * link does not make it a minute's work). A failed re-discovery is a `warning`:
   * polling goes on with what it read before. A unit that a re-discovery misses is dropped
   * only when the next one, a minute later, misses it too and none of its datapoints answered
   * in between (when none was read in between, its last reading did not answer). A unit
   * restarting is not dropped, nor one behind a unit switched off (each family is probed
   * upwards until its first gap): still answering, it is judged again at each periodic
   * re-discovery, not every minute.
   */
  readonly rediscoverMs?: number;
}

/** The keys of {@link InstallationMonitorOptions}, checked at run time. */
const OPTION_KEYS = ['config', 'pacing', 'retry', 'messages', 'messagesIntervalMs', 'clock', 'rediscoverMs'] as const satisfies readonly (keyof InstallationMonitorOptions)[];
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
  /**
   * Discovery succeeded: the installation and what will be read from it. Emitted again, later,
   * each time a re-discovery finds the installation changed (units added, gone or replaced):
   * the new installation and selection then replace the former ones, whose datapoints no
   * longer selected are no longer read (their last values are dropped).
   */
  installation: [installation: DiscoveredInstallation, items: readonly SelectedDatapoint[]];
  /** A poll cycle read these values, which changed (all of them on the first cycle). */
  values: [changed: readonly MonitoredValue[]];
  /** The state changed. */
  status: [status: MonitorStatus];
  /** A new message of the installation's log (with `messages: true`). */
  message: [message: XcomMessage];
  /**
   * Something noticed and gone on with: units named but not found (`UNIT_NOT_FOUND`), a failed
   * message read (`MESSAGES_UNREAD`), a re-discovery that failed (`REDISCOVERY_FAILED`: polling
   * goes on unchanged) or found the installation changed (`INSTALLATION_CHANGED`, naming the
   * units added, gone and replaced).
   */
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
  /** The loops that live as long as the monitor: the message log, re-discovery. */
  private readonly loops: Promise<void>[] = [];
  /** The poll loops of the current selection, and what stops them when it is replaced. */
  private polls: { readonly stop: AbortController; readonly loops: readonly Promise<void>[] } | undefined;
  private readonly clock: PollClock;
  private readonly rediscoverMs: number;
  /** When the next re-discovery out of turn is due (after an outage, to confirm a missing unit), on the poll clock. */
  private soonAt: number | undefined;
  private soonReason = '';
  /** When the last re-discovery after an outage was asked for, on the poll clock. */
  private afterOutageAt: number | undefined;
  /** Cuts the re-discovery loop's sleep short when {@link soonAt} moves. */
  private wake: AbortController | undefined;
  /** Units a re-discovery missed, kept until the next one confirms it: wall-clock time of the miss. */
  private readonly missing = new Map<number, number>();
  private current: MonitorStatus = { state: 'stopped', message: 'not started' };
  private found: DiscoveredInstallation | undefined;
  private selected: readonly SelectedDatapoint[] = [];
  /** {@link selected} by key: what a reading is recorded against (a reading of an item no longer selected is dropped). */
  private selectedByKey = new Map<string, SelectedDatapoint>();
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
    this.clock = options.clock ?? systemPollClock;
    // A configuration built by hand (not by parseBridgeConfig) is checked too: 5 would re-discover without a pause.
    const configured: unknown = this.config.rediscoverMs;
    this.rediscoverMs =
      options.rediscoverMs !== undefined
        ? checkRediscoverMs(options.rediscoverMs, 'rediscoverMs')
        : configured === undefined
          ? DEFAULT_REDISCOVER_MS
          : checkRediscoverMs(configured, 'config.rediscoverMs');
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
        this.found = await this.client.discover(this.discoverOptions());
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
    this.select(selection.items);
    this.emit('installation', this.found, this.selected);
    this.setStatus('up', `${this.found.devices.length} units, ${this.selected.length} datapoints`);
    this.startPolls();
    if (this.options.messages === true) this.loops.push(this.followMessages());
    if (this.rediscoverMs > 0) this.loops.push(this.followInstallation());
  }

  /** Stops discovery and the polls; resolves once they have ended. The client stays open. */
  async stop(): Promise<void> {
    this.abort.abort(new XcomError('ABORTED', 'the monitor was stopped'));
    // Re-discovery first: it may be replacing the poll loops.
    await Promise.allSettled(this.loops);
    await Promise.allSettled(this.polls?.loops ?? []);
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
    for (const item of items) if (this.selectedByKey.has(item.key)) this.refreshedAt.set(item.key, now);
    this.record(items, result.entries, Date.now(), result.linkError);
    return items.flatMap((item) => {
      const value = this.values.get(item.key);
      return value === undefined ? [] : [value];
    });
  }

  private select(items: readonly SelectedDatapoint[]): void {
    this.selected = items;
    this.selectedByKey = new Map(items.map((item) => [item.key, item]));
  }

  private discoverOptions(): { signal: AbortSignal; pacing?: Pacing; clock?: PollClock } {
    return {
      signal: this.abort.signal,
      ...(this.options.pacing === undefined ? {} : { pacing: this.options.pacing }),
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
    };
  }

  /** One poll loop per interval for the current selection. */
  private startPolls(): void {
    const stop = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, stop.signal]);
    const groups = new Map<number, SelectedDatapoint[]>();
    for (const item of this.selected) {
      if (item.button) continue;
      const group = groups.get(item.intervalMs) ?? [];
      group.push(item);
      groups.set(item.intervalMs, group);
    }
    this.polls = { stop, loops: [...groups].map(([every, items]) => this.pollGroup(every, items, signal)) };
  }

  private async pollGroup(every: number, items: readonly SelectedDatapoint[], signal: AbortSignal): Promise<void> {
    const reads = items.map((item) => ({ datapoint: item.datapoint, device: item.device.address }));
    const options = {
      every,
      signal,
      ...(this.options.pacing === undefined ? {} : { pacing: this.options.pacing }),
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
    };
    try {
      for await (const snapshot of this.client.poll(reads, options)) {
        // A cycle that ended after its selection was replaced read items no longer selected.
        if (signal.aborted) break;
        this.lastCycleAt = snapshot.timestamp;
        this.record(items, snapshot.entries, snapshot.timestamp, snapshot.linkError, snapshot.startedAt);
      }
    } catch (error) {
      if (!signal.aborted) this.setStatus('down', `polling ended: ${describe(error)}`);
    }
  }

  /**
   * Re-discovers the installation every {@link rediscoverMs}, and out of turn when
   * {@link soon} asks (after an outage, to confirm a unit missed).
   */
  private async followInstallation(): Promise<void> {
    const signal = this.abort.signal;
    let dueAt = this.clock.now() + this.rediscoverMs;
    while (!signal.aborted) {
      const now = this.clock.now();
      const at = Math.min(dueAt, this.soonAt ?? Number.POSITIVE_INFINITY);
      if (now < at) {
        const wake = new AbortController();
        this.wake = wake;
        await this.clock.sleep(at - now, AbortSignal.any([signal, wake.signal]));
        this.wake = undefined;
        continue;
      }
      const early = this.soonAt !== undefined && this.soonAt <= now;
      const reason = early ? this.soonReason : 'periodic';
      this.soonAt = undefined;
      // A listener that throws must not end re-discovery (nor be an unhandled rejection).
      await this.rediscover(reason).catch((error: unknown) => {
        if (!signal.aborted) this.emit('warning', { code: 'REDISCOVERY_FAILED', message: `re-discovery (${reason}) failed: ${describe(error)}` });
      });
      dueAt = this.clock.now() + this.rediscoverMs;
    }
  }

  /**
   * Asks for a re-discovery {@link REDISCOVER_SOON_MS} from now, or at `notBefore` if later
   * (unless one is due sooner).
   */
  private soon(reason: string, notBefore = 0): void {
    if (this.rediscoverMs === 0 || !this.started || this.abort.signal.aborted) return;
    const at = Math.max(this.clock.now() + REDISCOVER_SOON_MS, notBefore);
    if (this.soonAt !== undefined && this.soonAt <= at) return;
    this.soonAt = at;
    this.soonReason = reason;
    this.wake?.abort();
  }

  /** Discovers again; applies what changed. Never throws: a failure is a warning. */
  private async rediscover(reason: string): Promise<void> {
    const signal = this.abort.signal;
    const current = this.found;
    if (current === undefined) return;
    let found: DiscoveredInstallation;
    try {
      found = await this.client.discover(this.discoverOptions());
    } catch (error) {
      if (!signal.aborted) this.emit('warning', { code: 'REDISCOVERY_FAILED', message: `re-discovery (${reason}) failed: ${describe(error)}; the units found before are still read` });
      return;
    }
    if (signal.aborted) return;
    // A family whose probe timed out was not probed further: its units are not known gone.
    const timeouts = found.warnings.filter((w) => w.code === 'PROBE_TIMEOUT');
    if (timeouts.length > 0) {
      this.emit('warning', { code: 'REDISCOVERY_FAILED', message: `re-discovery (${reason}) was incomplete (${timeouts.map((w) => w.message).join('; ')}); the units found before are still read` });
      return;
    }
    const change = compareInstallations(current, found);
    const now = Date.now();
    const kept: DiscoveredDevice[] = [];
    const missedNow: DiscoveredDevice[] = [];
    for (const unit of change.gone) {
      const since = this.missing.get(unit.address);
      if (since === undefined) missedNow.push(unit);
      else if (!this.answeredSince(unit.address, since)) continue;
      // Missed again but still answering (behind a gap discovery does not probe past): judged
      // again at the next periodic re-discovery, on what it answers from now on.
      this.missing.set(unit.address, now);
      kept.push(unit);
    }
    for (const address of [...this.missing.keys()]) if (!kept.some((d) => d.address === address)) this.missing.delete(address);
    if (missedNow.length > 0) this.soon(`to confirm that ${describeUnits(missedNow)} ${missedNow.length === 1 ? 'is' : 'are'} gone`);
    const next = withUnits(found, kept);
    const applied = compareInstallations(current, next);
    if (!isChange(applied)) return;
    await this.replace(current, next, applied, reason);
  }

  /**
   * Whether a unit still answers: one of its datapoints answered a read since `since`
   * (wall-clock milliseconds) or, when none was read since (its interval is longer than the
   * wait), its last reading answered.
   */
  private answeredSince(address: number, since: number): boolean {
    const readings = this.snapshot().filter((v) => v.item.device.address === address);
    const recent = readings.filter((v) => v.readAt >= since);
    return (recent.length > 0 ? recent : readings).some((v) => v.entry.ok);
  }

  /** Selects what to read from the changed installation, and polls that instead. */
  private async replace(before: DiscoveredInstallation, next: DiscoveredInstallation, change: InstallationChange, reason: string): Promise<void> {
    let selection;
    try {
      selection = selectDatapoints(next, this.config);
    } catch (error) {
      this.emit('warning', { code: 'REDISCOVERY_FAILED', message: `the installation changed, but the configuration does not fit it (${describe(error)}); the units found before are still read` });
      return;
    }
    const items = selection.items;
    const byKey = new Map(items.map((item) => [item.key, item]));
    // Stopped before anything changes, so that no cycle of the former selection is kept.
    const former = this.polls;
    former?.stop.abort();
    for (const [key, value] of [...this.values]) {
      const item = byKey.get(key);
      if (item === undefined) this.values.delete(key);
      else this.values.set(key, { ...value, item });
    }
    for (const key of [...this.refreshedAt.keys()]) if (!byKey.has(key)) this.refreshedAt.delete(key);
    this.found = next;
    this.select(items);
    await Promise.allSettled(former?.loops ?? []);
    if (this.abort.signal.aborted) return;
    const parts = [
      change.added.length > 0 ? `added ${describeUnits(change.added)}` : '',
      change.gone.length > 0 ? `gone ${describeUnits(change.gone)}` : '',
      change.changed.length > 0 ? `replaced ${describeUnits(change.changed, before)}` : '',
    ].filter((p) => p !== '');
    // Polling first (a listener that throws must not leave the new selection unread): the
    // first cycle's values come after its requests, once listeners heard the news.
    this.startPolls();
    this.emit('warning', { code: 'INSTALLATION_CHANGED', message: `re-discovery (${reason}) found the installation changed: ${parts.join('; ')}; now ${next.devices.length} units, ${items.length} datapoints` });
    for (const warning of selection.warnings) this.emit('warning', warning);
    this.emit('installation', next, items);
  }

  /**
   * Keeps the readings of a cycle (or a refresh, without `startedAt`), updates the state, emits
   * what changed. A cycle that started before a refresh of a datapoint ended may have read it
   * before the write that the refresh follows: its older value is dropped, not published.
   */
  private record(items: readonly SelectedDatapoint[], entries: readonly ReadValueEntry[], timestamp: number, linkError: unknown, startedAt?: number): void {
    const changed: MonitoredValue[] = [];
    entries.forEach((entry, i) => {
      // A refresh that began before a re-discovery replaced the selection: what is no longer
      // selected is not kept (nor emitted), what still is is kept against its current item.
      const item = this.selectedByKey.get(items[i]?.key ?? '');
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

  private afterOutage(): void {
    const last = this.afterOutageAt;
    this.soon('after an outage', last === undefined ? 0 : last + REDISCOVER_AFTER_OUTAGE_GAP_MS);
    if (this.soonReason === 'after an outage') this.afterOutageAt = this.soonAt;
  }

  private setStatus(state: MonitorState, message: string): void {
    if (this.current.state === state && this.current.message === message) return;
    if (this.current.state === 'down' && state === 'up') this.afterOutage();
    this.current = { state, message };
    this.emit('status', this.current);
  }
}

/** How long after an outage, or after a unit was missed, the installation is discovered again: a minute, for units restarting to answer. */
export const REDISCOVER_SOON_MS = 60_000;

/** The least time between two re-discoveries after an outage: a link that flaps gets one each ten minutes, not each minute. */
export const REDISCOVER_AFTER_OUTAGE_GAP_MS = 600_000;

function sameOutcome(a: ReadValueEntry, b: ReadValueEntry): boolean {
  if (a.ok !== b.ok) return false;
  if (a.ok && b.ok) return a.absent === b.absent && Object.is(a.value, b.value);
  return a.error?.code === b.error?.code;
}

function describe(error: unknown): string {
  if (error instanceof XcomError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
