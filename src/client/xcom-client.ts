/**
 * `XcomClient`: typed reads and writes of a Studer installation over any transport.
 * @module
 */
import { EventEmitter } from 'node:events';
import {
  defaultReadAddress,
  defaultWriteAddress,
  findDatapoint,
  messageText,
  objectTypeOf,
  XcomP,
} from '../catalogue/index.js';
import { type BatteryVoltage, checkBatteryVoltage } from '../catalogue/battery-voltage.js';
import { resolveAddress } from '../catalogue/device-codes.js';
import type { Datapoint, DatapointKind } from '../catalogue/types.js';
import { XcomC } from '../constants.js';
import { XcomDeviceError, XcomValidationError } from '../errors.js';
import { type FrameFlags, decodeFrameFlags } from '../protocol/frame-flags.js';
import { checkScomFormat, type ScomFormat, type ScomValue, type ValueOf } from '../protocol/format.js';
import { decodeMessageRecord } from '../protocol/message-record.js';
import type { RccScreen } from '../protocol/rcc-screen.js';
import { decodeScreen } from '../protocol/screen-codec.js';
import { decodeMultiInfoFlags, decodeMultiInfoResponse, encodeMultiInfoRequest, MULTI_INFO_MAX_ITEMS } from '../protocol/multi-info.js';
import { SERVICE_READ, SERVICE_WRITE, type ScomMessage } from '../protocol/service.js';
import { decodeValue, encodeValue } from '../protocol/value-codec.js';
import { openTransport } from '../transport/open-transport.js';
import type { Transport } from '../transport/transport.js';
import { aggregationCode, aggregationOf } from './aggregation.js';
import { checkDatapoint } from './check-datapoint.js';
import { checkUtcOffset, type ClockOptions, clockSecondsToDate, dateToClockSeconds } from './clock.js';
import { checkOptions, type OptionsKind } from './check-options.js';
import type { XcomClientEventMap } from './client-events.js';
import {
  checkMaxRestarts,
  DOWNLOAD_DATALOG_OPTION_KEYS,
  downloadDatalogFile,
  type DownloadDatalogOptions,
  LIST_DATALOGS_OPTION_KEYS,
  listDatalogFiles,
  type ListDatalogsOptions,
  type TransferStep,
} from './datalog.js';
import { BatteryVoltageSetting, readNominalVoltage } from './battery-voltage-detection.js';
import { discoverInstallation } from './discovery.js';
import { DISCOVER_OPTION_KEYS, type DiscoveredInstallation, type DiscoverOptions } from './discovery-result.js';
import { checkLimit, messageReader, READ_MESSAGES_OPTION_KEYS, type ReadMessagesOptions, walkMessageLog } from './message-log.js';
import { WATCH_MESSAGES_OPTION_KEYS, watchMessageLog, type WatchMessagesOptions } from './message-watch.js';
import { installationRanges } from './installation-ranges.js';
import { castFloat } from './multi-info-cast.js';
import { MultiInfoSupport } from './multi-info-support.js';
import {
  MULTI_INFO_ITEM_KEYS,
  type MultiInfoItem,
  PROPERTY_TARGET_KEYS,
  type PropertyTarget,
  REQUEST_OPTION_KEYS,
  type RequestOptions,
  TRIGGER_OPTION_KEYS,
  type TriggerOptions,
  type Variant,
  XCOM_CLIENT_OPTION_KEYS,
  type XcomClientOptions,
} from './options.js';
import { checkPacing } from './pacing.js';
import type { PollClock } from './poll-clock.js';
import { poll, type PollOptions, type PollSnapshot } from './poll.js';
import type { ReadValuesItem } from './read-plan.js';
import { readValues, type ReadValuesOptions, type ReadValuesResult } from './read-values.js';
import { RequestHandler } from './request-handler.js';
import type { MultiInfoResult, MultiInfoValue, XcomMessage } from './results.js';
import type { ClientStats } from './stats.js';
import { checkNotSignal, checkSignal, SIGNAL_PROPERTY, SIGNAL_VALUE } from './signals.js';
import { type ReadScreenOptions, screenRequest } from './screen.js';

/**
 * A value accepted by `setValue`: the format's type or, for an enum, its number or one of its
 * labels `L` (exactly as the appendix spells them; `never` for an enum without labels).
 */
export type SettableValue<F extends ScomFormat, L extends string = string> = F extends 'SHORT_ENUM' | 'LONG_ENUM' ? number | L : ValueOf<F>;

/**
 * A datapoint that can be written: the type of a user info (kind `'info'`) cannot be
 * assigned to it, so that `setValue(XcomP.XT_BATTERY_VOLTAGE, 3)` fails to compile ("property
 * 'a user info is read-only' is missing"). A datapoint of unknown kind (`findDatapoint(id)`) is
 * accepted and checked at run time.
 */
export type WritableDatapoint<F extends ScomFormat, K extends DatapointKind, L extends string> = Datapoint<F, K, L> &
  ([K] extends ['info']
    ? {
        /** Never present: it makes the compiler name the reason a user info is refused. */
        readonly 'a user info is read-only': never;
      }
    : unknown);

const CLIENT_OPTIONS: OptionsKind = { what: 'client options', keys: XCOM_CLIENT_OPTION_KEYS };
const REQUEST_OPTIONS: OptionsKind = {
  what: 'request options',
  keys: REQUEST_OPTION_KEYS,
  forNumber: (n) => `{ dstAddr: ${n} } (xcom-proto's positional dstAddr and propertyID are options here: { dstAddr: ${n}, propertyId: XcomC.QSP_VALUE })`,
};
const TRIGGER_OPTIONS: OptionsKind = { what: 'trigger options', keys: TRIGGER_OPTION_KEYS, forNumber: (n) => `{ dstAddr: ${n} }` };
const PROPERTY_TARGET: OptionsKind = {
  what: 'property target',
  keys: PROPERTY_TARGET_KEYS,
  forNumber: (n) => `{ dstAddr: ${n}, objectType, objectId, propertyId, format }`,
};
const MULTI_INFO_ITEM: OptionsKind = { what: 'multi-info item', keys: MULTI_INFO_ITEM_KEYS, forNumber: (n) => `{ id: ${n} }` };
const DISCOVER_OPTIONS: OptionsKind = { what: 'discover options', keys: DISCOVER_OPTION_KEYS };
const READ_MESSAGES_OPTIONS: OptionsKind = { what: 'readMessages options', keys: READ_MESSAGES_OPTION_KEYS, forNumber: (n) => `{ limit: ${n} }` };
const WATCH_MESSAGES_OPTIONS: OptionsKind = { what: 'watchMessages options', keys: WATCH_MESSAGES_OPTION_KEYS };
const LIST_DATALOGS_OPTIONS: OptionsKind = { what: 'listDatalogs options', keys: LIST_DATALOGS_OPTION_KEYS };
const DOWNLOAD_DATALOG_OPTIONS: OptionsKind = { what: 'downloadDatalog options', keys: DOWNLOAD_DATALOG_OPTION_KEYS };
/** Refusals of one transfer step (GATEWAY_BUSY while the datalog is saved) retried with backoff: 6 to 12 s in all. */
const DATALOG_BUSY_RETRIES = 6;

const PROPERTY_NOT_SUPPORTED = XcomC.ERRORS.PROPERTY_NOT_SUPPORTED;
const VALUE_PROPERTIES: ReadonlySet<number> = new Set([XcomC.QSP_VALUE, XcomC.QSP_UNSAVED_VALUE]);
/** The properties whose data has the datapoint's own format (the level, 8, is a SHORT_ENUM). */
const READ_PARAMETER_PROPERTIES: ReadonlySet<number> = new Set([XcomC.QSP_VALUE, XcomC.QSP_MIN, XcomC.QSP_MAX, XcomC.QSP_UNSAVED_VALUE]);
const READ_INFO_PROPERTIES: ReadonlySet<number> = new Set([XcomC.QSP_INFO_VALUE, XcomC.QSP_UNSAVED_VALUE]);
const WRITE_PARAMETER_PROPERTIES = READ_PARAMETER_PROPERTIES;

/**
 * A client of one Studer installation, over one transport. Requests are queued and sent one at
 * a time; each reply is matched to its request by every field it echoes, so a late or foreign
 * reply is never returned as a value.
 *
 * @example
 * ```ts
 * import { XcomClient, XcomP, XcomC, UdpTransport } from 'xcom-ts';
 *
 * await using xcom = new XcomClient(new UdpTransport({ host: process.env.XCOM_HOST ?? '127.0.0.1' }));
 * const soc = await xcom.getValue(XcomP.BATT_SOC);                    // number, %
 * await xcom.setValue(XcomP.SMART_BOOST_LIMIT, 100);                  // RAM
 * await xcom.setValue(XcomP.BATTERY_CHARGE_CURR, 2, { propertyId: XcomC.QSP_VALUE }); // flash
 * ```
 *
 * Events ({@link XcomClientEventMap}): `connect` and `disconnect` of the link, `flags` when
 * the frame flags of a reply change, `request` when a request settles (duration, outcome),
 * `error` for a link failure (emitted only when heard).
 */
export class XcomClient extends EventEmitter<XcomClientEventMap> implements AsyncDisposable {
  /** The transport this client owns (closed with the client). */
  readonly transport: Transport;
  private readonly handler: RequestHandler;
  private readonly srcAddr: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly variant: Variant;
  private readonly voltage: BatteryVoltageSetting;
  private readonly skipRangeCheck: boolean;
  private readonly connectTimeoutMs: number;
  /** `address:object id` of the parameters that refused property 13 (firmware before 1.6.12). */
  private readonly noUnsavedRead = new Set<string>();
  /** Starts at random, so that a reply meant for another client or an earlier run is unlikely to carry it. */
  private multiInfoSequence = Math.floor(Math.random() * 0xffff);
  private lastFlags: FrameFlags | undefined;
  private readonly multiInfo = new MultiInfoSupport();
  /** The end of the last file transfer queued: the gateway has one transfer cursor, so they run one at a time. */
  private transfers: Promise<unknown> = Promise.resolve();

  /**
   * @param transport the link to the installation (UDP, TCP, serial, or in-memory)
   * @param options defaults for every request
   */
  constructor(transport: Transport, options: XcomClientOptions = {}) {
    super();
    options = checkOptions(options, CLIENT_OPTIONS);
    this.srcAddr = checkInteger(options.srcAddr ?? XcomC.ADDR_DTE, 0, 0xffffffff, 'srcAddr');
    this.timeoutMs = checkInteger(options.timeoutMs ?? 2000, 1, 600_000, 'timeoutMs');
    this.retries = checkInteger(options.retries ?? 2, 0, 10, 'retries');
    if (options.variant !== undefined && options.variant !== '230V' && options.variant !== '120V') {
      throw new XcomValidationError(`variant must be '230V' or '120V', got ${JSON.stringify(options.variant)}`, 'variant');
    }
    this.variant = options.variant ?? '230V';
    const batteryVoltage = options.batteryVoltage === undefined ? undefined : checkBatteryVoltage(options.batteryVoltage);
    this.voltage = new BatteryVoltageSetting(batteryVoltage, (warning) => this.emit('warning', warning));
    this.skipRangeCheck = options.skipRangeCheck ?? false;
    this.transport = transport;
    this.connectTimeoutMs = checkInteger(options.connectTimeoutMs ?? 15_000, 1, 3_600_000, 'connectTimeoutMs');
    this.handler = new RequestHandler(transport, {
      quarantineMs: checkInteger(options.quarantineMs ?? 3000, 0, 600_000, 'quarantineMs'),
      maxConsecutiveTimeouts: checkInteger(options.maxConsecutiveTimeouts ?? 3, 0, 1000, 'maxConsecutiveTimeouts'),
    });
    this.handler.onFlags((byte) => this.updateFlags(byte));
    this.handler.onSettled((info) => this.emit('request', info));
    transport.on('connect', (info) => {
      // Another connection may lead to another gateway, or to units back on the bus.
      this.multiInfo.reset();
      this.emit('connect', info);
    });
    transport.on('disconnect', (info) => this.emit('disconnect', info));
    // A transport error with no listener would crash the process: re-emit only when heard.
    transport.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
  }

  /**
   * Opens a transport from a URL and a client on it: `udp://host[:port]?localPort=4001`,
   * `tcp://host:port`, `tcp-listen://[host]:port`, `serial:///dev/ttyUSB0?baudRate=38400`.
   *
   * @example
   * ```ts
   * await using xcom = await XcomClient.connect('udp://192.168.1.50:4002?localPort=4001', { timeoutMs: 3000 });
   * ```
   */
  static async connect(url: string, options: XcomClientOptions = {}): Promise<XcomClient> {
    checkOptions(options, CLIENT_OPTIONS);
    const client = new XcomClient(openTransport(url), options);
    try {
      await client.open();
    } catch (error) {
      await client.close();
      throw error;
    }
    return client;
  }

  /**
   * Opens the transport. Optional: the first request opens it.
   *
   * @example
   * ```ts
   * const xcom = new XcomClient(new TcpClientTransport({ host: '192.168.1.50', port: 4001 }));
   * await xcom.open(); // fails here, not at the first read, when nothing listens
   * ```
   */
  open(): Promise<void> {
    return this.handler.open();
  }

  /**
   * Rejects pending requests with a `CLOSED` error and closes the transport. Idempotent.
   *
   * @example
   * ```ts
   * const xcom = await XcomClient.connect('udp://192.168.1.50');
   * try {
   *   console.log(await xcom.getValue(XcomP.BATT_VOLTAGE));
   * } finally {
   *   await xcom.close();
   * }
   * ```
   */
  close(): Promise<void> {
    return this.handler.close();
  }

  /**
   * Closes the client (`await using`).
   *
   * @example
   * ```ts
   * {
   *   await using xcom = await XcomClient.connect('udp://192.168.1.50');
   *   console.log(await xcom.getValue(XcomP.BATT_SOC));
   * } // closed here, even when the read throws
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Counters of requests, retries, timeouts and dropped frames. */
  get stats(): Readonly<ClientStats> {
    return this.handler.stats;
  }

  /**
   * The battery voltage (12, 24 or 48) values are checked against: the `batteryVoltage`
   * option; else the one {@link discover} found, or the one read from "ID batt voltage" the
   * first time a value only the 48 V ranges refuse was written; else 48.
   */
  get batteryVoltage(): BatteryVoltage {
    return this.voltage.value;
  }

  /**
   * The datapoint with the default, min and max that writes are checked against on this
   * installation: the 120 Vac models' ranges with `variant: '120V'`, the battery-side voltages
   * scaled to {@link batteryVoltage}. A bridge shows these bounds to its users.
   *
   * @example
   * ```ts
   * await xcom.discover();                                   // learns the battery voltage
   * const { min, max } = xcom.rangesOf(XcomP.XT_FLOATING_VOLTAGE);
   * console.log(`floating voltage: ${min} to ${max} V on a ${xcom.batteryVoltage} V battery`);
   * ```
   */
  rangesOf<D extends Datapoint>(datapoint: D): D {
    return installationRanges(checkDatapoint(datapoint), { variant: this.variant, batteryVoltage: this.voltage.value }) as D;
  }

  /** The frame flags of the latest reply (message pending, Xcom restarted, SD card), if any. */
  get flags(): FrameFlags | undefined {
    return this.lastFlags;
  }

  /**
   * Whether the gateway answers multi-info requests, as learnt on this connection by
   * {@link readValues} or {@link poll}: `undefined` until one was sent, then `true`, or `false`
   * after a SERVICE_NOT_SUPPORTED (Xcom-232i/LAN firmware before 1.6.74). Forgotten on reconnect.
   */
  get multiInfoSupported(): boolean | undefined {
    return this.multiInfo.supported;
  }

  /**
   * Reads many datapoints of many units in few requests. User infos go in multi-info requests
   * of at most 76 items to 501; parameters, and reads at a phase (L1–L3) or multicast address,
   * go alone. The result has one entry per item, in order, each with its value or its own
   * error, and a value that stands for no reading (a documented sentinel, see
   * {@link classifyReading}) is marked `absent` with its reason. A multi-info request refused
   * with a device error is asked again item by item (and
   * an item that fails alone keeps being asked alone on this connection), so one absent unit
   * or unknown number never hides the others. A timeout or transport failure is the link's:
   * the items not yet read are not sent and carry that error (`linkError`). Bad items or
   * options are an {@link XcomValidationError} before anything is sent; an abort rejects with
   * the signal's reason.
   *
   * Whether the gateway answers multi-info is learnt once per connection: SERVICE_NOT_SUPPORTED
   * (firmware before 1.6.74) switches to single reads until the next reconnect; a timeout does
   * not. Without multi-info, a device index or `'master'` is read alone at the unit's address
   * (`'master'` at the family's first unit), and `'average'` and `'sum'` are computed from
   * single reads of the units named in `options.units`, or fail with SERVICE_NOT_SUPPORTED
   * when none is named.
   *
   * @example
   * ```ts
   * const { entries } = await xcom.readValues([
   *   XcomP.XT_BATTERY_VOLTAGE,                                   // XT1
   *   { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, device: 'XT2' },
   *   { datapoint: XcomP.PV_POWER, aggregation: 'sum' },
   *   { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, device: 'L1' }, // phase: read alone
   *   XcomP.BATTERY_CHARGE_CURR,                                   // parameter: read alone
   * ]);
   * for (const e of entries) console.log(e.key, e.ok ? (e.absent ?? e.value) : e.error.code);
   * ```
   */
  readValues(items: readonly ReadValuesItem[], options: ReadValuesOptions = {}): Promise<ReadValuesResult> {
    return readValues(this, this.multiInfo, items, options);
  }

  /**
   * Reads `items` (as {@link readValues} does) every `options.every` milliseconds and yields a
   * snapshot per cycle. The schedule is a fixed grid from the first cycle, so it never drifts;
   * a cycle that overruns its period (or a consumer slower than it) is followed by the next at
   * once, with no backlog: the snapshot tells how late it started (`lateMs`) and how many
   * cycles were skipped (`missed`). Item errors and a failed link are in the snapshot and the
   * polling goes on, reading again on the next cycle. `onlyChanged` yields only what changed;
   * `pacing` leaves the gateway idle between bursts. Aborting `signal` ends the iteration (the
   * `for await` loop just ends); a `close()` of the client ends it with the CLOSED error.
   *
   * @example
   * ```ts
   * const ac = new AbortController();
   * process.once('SIGINT', () => ac.abort());
   * const items: ReadValuesItem[] = [XcomP.BATT_SOC, { datapoint: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, aggregation: 'sum' }];
   * for await (const snap of xcom.poll(items, { every: 2000, signal: ac.signal })) {
   *   for (const e of snap.entries) console.log(e.key, e.ok ? e.value : e.error.message);
   * }
   * ```
   */
  poll(items: readonly ReadValuesItem[], options: PollOptions): AsyncGenerator<PollSnapshot, void, undefined> {
    return poll(this, this.multiInfo, items, options);
  }

  /**
   * Reads a datapoint's value, typed by its format. Infos read property 1; parameters read
   * property 13 (the value in force), falling back to 5 on firmware that lacks 13.
   *
   * @example
   * ```ts
   * const volts = await xcom.getValue(XcomP.XT_BATTERY_VOLTAGE);              // number, Xtender 1 (101)
   * const volts2 = await xcom.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: 'XT2' }); // Xtender 2 (102)
   * const charger = await xcom.getValue(XcomP.XT_CHARGER_ALLOWED);            // boolean
   * const mode = await xcom.getValue(XcomP.VT_OPERATING_MODE);                // number: labelOf() names it
   * console.log(volts, volts2, charger, labelOf(XcomP.VT_OPERATING_MODE, mode));
   * ```
   */
  async getValue<F extends ScomFormat>(datapoint: Datapoint<F>, options: RequestOptions = {}): Promise<ValueOf<F>> {
    const dp = checkDatapoint(datapoint);
    return this.readDatapoint(dp, dp.format, checkOptions(options, REQUEST_OPTIONS));
  }

  /**
   * Writes a parameter, to RAM (property 13) unless `propertyId: XcomC.QSP_VALUE` (flash). The
   * value is checked against the catalogue first; nothing is sent when it is refused. An enum
   * takes its number or its label; a user info does not compile, and a signal parameter (a
   * command such as "Restore factory settings") is refused: send it with {@link trigger}.
   *
   * @example
   * ```ts
   * await xcom.setValue(XcomP.SMART_BOOST_LIMIT, 100);                            // RAM of every Xtender (100)
   * await xcom.setValue(XcomP.BATTERY_CHARGE_CURR, 20, { dstAddr: 101, propertyId: XcomC.QSP_VALUE }); // flash of Xtender 1
   * await xcom.setValue(XcomP.XT_OPERATING_MODE_AUX_2, 'Manual ON');             // an enum by its label
   * ```
   */
  async setValue<F extends ScomFormat, K extends DatapointKind, L extends string>(
    datapoint: WritableDatapoint<F, K, L>,
    value: SettableValue<F, NoInfer<L>>,
    options: RequestOptions = {},
  ): Promise<void> {
    const dp: Datapoint = checkDatapoint(datapoint);
    await this.writeDatapoint(dp, dp.format, value, checkOptions(options, REQUEST_OPTIONS), 'setValue');
  }

  /**
   * Reads datapoint `id` as `format`; the object type comes from the catalogue (or `objectType`).
   *
   * @example
   * ```ts
   * const mode = await xcom.getValueByID(11016, XcomC.TYPE_SHORT_ENUM, { dstAddr: 301 }); // number
   * const soc = await xcom.getValueByID(7002, 'FLOAT');                                    // the BSP's
   * ```
   */
  async getValueByID<F extends ScomFormat>(id: number, format: F, options: RequestOptions = {}): Promise<ValueOf<F>> {
    const opts = checkOptions(options, REQUEST_OPTIONS);
    checkScomFormat(format);
    return this.readDatapoint(this.resolve(id, format, opts), format, opts);
  }

  /**
   * Writes datapoint `id` as `format`, with the same defaults and checks as {@link setValue}.
   *
   * @example
   * ```ts
   * await xcom.setValueByID(1107, XcomC.TYPE_FLOAT, 30, { dstAddr: 101 }); // RAM of Xtender 1
   * ```
   */
  async setValueByID<F extends ScomFormat>(id: number, format: F, value: SettableValue<F>, options: RequestOptions = {}): Promise<void> {
    const opts = checkOptions(options, REQUEST_OPTIONS);
    checkScomFormat(format);
    await this.writeDatapoint(this.resolve(id, format, opts), format, value, opts, 'setValueByID');
  }

  /**
   * Sends a signal: writes INT32 1 to the parameter value (property 5, spec §4.5.11) of a signal
   * parameter (`datapoint.signal`, a command such as "Reset of all the inverters" or "Format
   * the SD card"), at the family's multicast address (100, 300, 600, 700) or 501 unless
   * `dstAddr` says otherwise. Never retried: a lost acknowledgement is a timeout, and the
   * signal may or may not have been received.
   *
   * @example
   * ```ts
   * await xcom.trigger(XcomP.XT_FORCE_A_NEW_CYCLE);                              // every Xtender (100)
   * await xcom.trigger(XcomP.XT_RESET_OF_ALL_THE_INVERTERS, { dstAddr: 101 });
   * ```
   */
  async trigger<F extends ScomFormat, K extends DatapointKind, L extends string>(
    datapoint: WritableDatapoint<F, K, L>,
    options: TriggerOptions = {},
  ): Promise<void> {
    const dp: Datapoint = checkDatapoint(datapoint);
    const opts = checkOptions(options, TRIGGER_OPTIONS);
    checkSignal(dp);
    const dstAddr = opts.dstAddr === undefined ? defaultWriteAddress(dp) : resolveAddress(opts.dstAddr);
    const target = { dstAddr, objectType: XcomC.TYPE_PARAMETER, objectId: dp.id, propertyId: SIGNAL_PROPERTY, format: 'INT32' as const };
    await this.send(target, SERVICE_WRITE, encodeValue('INT32', SIGNAL_VALUE), opts);
  }

  /**
   * Reads any property of any object (min, max, level, flash or RAM value, …) as `format`,
   * which must be a Scom format (nothing is sent otherwise).
   *
   * @example
   * ```ts
   * // The maximum of {1138} Battery charge current that Xtender 1 accepts.
   * const max = await xcom.readProperty({ dstAddr: 101, objectType: XcomC.TYPE_PARAMETER, objectId: 1138, propertyId: XcomC.QSP_MAX, format: 'FLOAT' });
   * ```
   */
  async readProperty<F extends ScomFormat>(target: PropertyTarget<F>, options: RequestOptions = {}): Promise<ValueOf<F>> {
    checkTarget(target);
    const reply = await this.send(target, SERVICE_READ, new Uint8Array(0), checkOptions(options, REQUEST_OPTIONS));
    return decodeValue(target.format, reply.propertyData);
  }

  /**
   * Writes any property of any object, the raw path: only the format is checked (it must be a
   * Scom format and hold the value), not the catalogue, and a signal is sent as given.
   *
   * @example
   * ```ts
   * // {1138} to 30 A in the flash of Xtender 1, without the catalogue's range check.
   * await xcom.writeProperty({ dstAddr: 101, objectType: XcomC.TYPE_PARAMETER, objectId: 1138, propertyId: XcomC.QSP_VALUE, format: 'FLOAT' }, 30);
   * ```
   */
  async writeProperty<F extends ScomFormat>(target: PropertyTarget<F>, value: ValueOf<F>, options: RequestOptions = {}): Promise<void> {
    checkTarget(target);
    const opts = checkOptions(options, REQUEST_OPTIONS);
    await this.send(target, SERVICE_WRITE, encodeValue(target.format, value), opts);
  }

  /**
   * Reads up to 76 user infos in one request (object type 10 at 501; Xcom-232i/LAN ≥ 1.6.74),
   * each aggregated as asked; values are cast to each info's catalogue format.
   *
   * @example
   * ```ts
   * const { items } = await xcom.readMultiInfo([
   *   { id: XcomP.XT_BATTERY_VOLTAGE },                                   // the master Xtender
   *   { id: XcomP.XT_OUTPUT_ACTIVE_POWER_3136, aggregation: 'sum' },      // all Xtenders
   *   { id: 15010, aggregation: 2 },                                      // VarioString 2, by number
   * ]);
   * for (const item of items) console.log(item.id, item.aggregation, item.value);
   * ```
   */
  async readMultiInfo(items: readonly MultiInfoItem[], options: RequestOptions = {}): Promise<MultiInfoResult> {
    options = checkOptions(options, REQUEST_OPTIONS);
    if (!Array.isArray(items) || items.length < 1 || items.length > MULTI_INFO_MAX_ITEMS) {
      const count = Array.isArray(items) ? `${items.length}` : typeof items;
      throw new XcomValidationError(`readMultiInfo takes an array of 1 to ${MULTI_INFO_MAX_ITEMS} items, got ${count}`, 'items');
    }
    const request = items.map((given) => {
      const item = checkOptions(given, MULTI_INFO_ITEM);
      const id = typeof item.id === 'number' ? item.id : checkDatapoint(item.id, 'items[].id').id;
      const datapoint = typeof item.id === 'number' ? findDatapoint(id, options.family) : item.id;
      if (datapoint !== undefined && datapoint.kind !== 'info') {
        throw new XcomValidationError(`{${id}} ${datapoint.description} is a parameter: multi-info reads user infos only`, 'items');
      }
      return { infoId: id, aggregation: aggregationCode(item.aggregation ?? 'master'), datapoint };
    });
    this.multiInfoSequence = (this.multiInfoSequence % 0xffff) + 1;
    const target = { dstAddr: XcomC.ADDR_XCOM, objectType: XcomC.TYPE_MULTI_INFO, objectId: 1, propertyId: this.multiInfoSequence, format: 'BYTE_STREAM' as const };
    // The sequence number alone could be echoed by a reply to another request: a reply is this
    // request's only if it lists the very items asked, in order.
    const check = (reply: ScomMessage): string | undefined => multiInfoDifference(request, reply.propertyData);
    let reply: ScomMessage;
    try {
      reply = await this.send(target, SERVICE_READ, encodeMultiInfoRequest(request), options, check);
    } catch (error) {
      // One error code answers the whole request (spec §4.9.2): name every item, so that the
      // caller can find the one at fault (an absent device index, an unknown info).
      if (!(error instanceof XcomDeviceError)) throw error;
      const asked = request.map((r) => `{${r.infoId}} ${String(aggregationOf(r.aggregation))}`).join(', ');
      throw new XcomDeviceError(error.scomCode, error.code, `${error.message}; the request's items: ${asked}`, { cause: error });
    }
    const response = decodeMultiInfoResponse(reply.propertyData);
    const values: MultiInfoValue[] = response.items.map((item, i) => {
      const asked = request[i] as (typeof request)[number];
      return { id: item.infoId, datapoint: asked.datapoint, aggregation: aggregationOf(item.aggregation), value: castFloat(asked.datapoint, item.value) };
    });
    return { flags: decodeMultiInfoFlags(response.flags), timestamp: response.timestamp, items: values };
  }

  /**
   * Reads message `index` of the Xcom-232i's log (0 = newest; reading 0 clears the
   * message-pending flag and sets the pointer later indexes count from).
   *
   * @example
   * ```ts
   * if (xcom.flags?.messagePending) {
   *   const message = await xcom.readMessage(0);
   *   console.log(message.type, message.text, message.srcAddr);
   * }
   * ```
   */
  async readMessage(index = 0, options: RequestOptions = {}): Promise<XcomMessage> {
    checkInteger(index, 0, 0xffffffff, 'index');
    options = checkOptions(options, REQUEST_OPTIONS);
    const target = { dstAddr: XcomC.ADDR_XCOM, objectType: XcomC.TYPE_MESSAGE, objectId: index, propertyId: XcomC.QSP_NONE, format: 'BYTE_STREAM' as const };
    const reply = await this.send(target, SERVICE_READ, new Uint8Array(0), options);
    const record = decodeMessageRecord(reply.propertyData);
    return { ...record, text: messageText(record.type) };
  }

  /**
   * Reads the message log newest first, with each message's text: at most `limit` messages
   * (default 20, one request each). An empty log is an empty list. Reading message 0 clears
   * the "message pending" flag, for Studer's portal too.
   *
   * @example
   * ```ts
   * for (const message of await xcom.readMessages({ limit: 5 })) console.log(message.text);
   * ```
   */
  async readMessages(options: ReadMessagesOptions = {}): Promise<XcomMessage[]> {
    const { limit, signal } = checkOptions(options, READ_MESSAGES_OPTIONS);
    const request: RequestOptions = signal === undefined ? {} : { signal };
    return walkMessageLog(
      messageReader((index) => this.readMessage(index, request)),
      checkLimit(limit),
    );
  }

  /**
   * Yields each message logged from now on, once (deduplicated by source, time and number as
   * spec §4.6.3 tells them apart), oldest first. A reply to any request whose "message
   * pending" flag is set starts a check at once; a check also runs every `intervalMs` (default
   * 30 s), since only replies carry the flag and another reader may clear it. Each check reads
   * message 0, which clears the pending flag that Studer's portal sees too. The iteration ends
   * when the client is closed, and rejects with the signal's reason on abort.
   *
   * @example
   * ```ts
   * const stop = new AbortController();                 // stop.abort() ends the watch
   * for await (const message of xcom.watchMessages({ signal: stop.signal })) {
   *   console.log(message.timestamp, message.srcAddr, message.text);
   * }
   * ```
   */
  watchMessages(options: WatchMessagesOptions = {}): AsyncGenerator<XcomMessage, void, undefined> {
    const opts = checkOptions(options, WATCH_MESSAGES_OPTIONS);
    const intervalMs = checkInteger(opts.intervalMs ?? 30_000, 10, 86_400_000, 'intervalMs');
    if (opts.onError !== undefined && typeof opts.onError !== 'function') throw new XcomValidationError('onError must be a function', 'onError');
    return watchMessageLog(this, intervalMs, opts);
  }

  /**
   * Finds every unit of the installation and who it is: the gateway (GUID, multi-info), and
   * for each unit its family, address, code (`XT1`, `VT2`, `BSP`, …), model, hardware and
   * software versions, FID and an Xtender's phase, with the battery's nominal voltage, which
   * the client uses from then on unless its `batteryVoltage` option was set. Each family is
   * probed upwards until its first absent unit (DEVICE_NOT_FOUND is final), and the
   * identities come in multi-info reads: the simulator's default installation takes 13
   * requests, 55 on a gateway without multi-info (`requests` in the result counts them).
   * `pacing` leaves the gateway idle between bursts of them, as a poll's does.
   *
   * @example
   * ```ts
   * const installation = await xcom.discover({ onProgress: (p) => console.error(p) });
   * for (const unit of installation.devices) console.log(unit.code, unit.model, unit.softwareVersion);
   * console.log(`${installation.batteryVoltage} V battery`);
   * ```
   */
  async discover(options: DiscoverOptions = {}): Promise<DiscoveredInstallation> {
    const opts = checkOptions(options, DISCOVER_OPTIONS);
    if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') throw new XcomValidationError('onProgress must be a function', 'onProgress');
    if (opts.pacing !== undefined) checkPacing(opts.pacing);
    const clock: unknown = opts.clock;
    if (clock !== undefined && (typeof clock !== 'object' || clock === null || typeof (clock as PollClock).now !== 'function' || typeof (clock as PollClock).sleep !== 'function')) {
      throw new XcomValidationError('clock must be { now(), sleep(ms, signal) }', 'clock');
    }
    const installation = await discoverInstallation(this, opts);
    for (const warning of installation.warnings) this.emit('warning', warning);
    this.voltage.adopt(installation.batteryVoltage);
    // readValues need not learn again what discovery saw answered.
    if (installation.gateway.multiInfo) this.multiInfo.supported ??= true;
    return installation;
  }

  /**
   * Reads the installation's real-time clock {5002} (property 5 unless `propertyId` says
   * otherwise). The clock counts local wall-clock time: the `Date` assumes the installation
   * is in this machine's time zone, unless `utcOffsetMinutes` gives its offset.
   *
   * @example
   * ```ts
   * const now = await xcom.readClock({ utcOffsetMinutes: 60 }); // an installation on UTC+1
   * console.log(now.toISOString());
   * ```
   */
  async readClock(options: ClockOptions = {}): Promise<Date> {
    const { utcOffsetMinutes, ...request } = options;
    checkUtcOffset(utcOffsetMinutes);
    const seconds = await this.getValue(XcomP.RCC_DATE, { propertyId: XcomC.QSP_VALUE, ...request });
    return clockSecondsToDate(seconds, utcOffsetMinutes);
  }

  /**
   * Sets the installation's real-time clock {5002} to `date`, in local wall-clock time (this
   * machine's time zone, or `utcOffsetMinutes`), writing property 5 unless `propertyId` says
   * otherwise. An invalid date or one outside 1970–2038 is refused before anything is sent.
   *
   * @example
   * ```ts
   * await xcom.setClock(new Date()); // this machine's time, in its time zone
   * ```
   */
  async setClock(date: Date, options: ClockOptions = {}): Promise<void> {
    const { utcOffsetMinutes, ...request } = options;
    await this.setValue(XcomP.RCC_DATE, dateToClockSeconds(date, utcOffsetMinutes), { propertyId: XcomC.QSP_VALUE, ...request });
  }

  /**
   * Reads the Xcom-232i's GUID (Modem/Ethernet mode), as 32 hex digits.
   *
   * @example
   * ```ts
   * const guid = await xcom.readGuid(); // '0123456789abcdef0123456789abcdef'
   * ```
   */
  async readGuid(options: RequestOptions = {}): Promise<string> {
    const target = { dstAddr: XcomC.ADDR_XCOM, objectType: XcomC.TYPE_GUID, objectId: 0, propertyId: XcomC.QSP_NONE, format: 'BYTE_STREAM' as const };
    const bytes = await this.readProperty(target, options);
    return Buffer.from(bytes).toString('hex');
  }

  /**
   * Presses an RCC key through the Xcom-232i (or none, `'none'`, the default) and reads the
   * 128 × 64 display that results (object type 0x0100, spec §6.2). The reply's form is told
   * by its size: 1024 bytes is the raw bitmap real gateways send, anything else the spec's
   * run-length form, which must cover exactly the 8192 pixels (else {@link XcomProtocolError}).
   * An unknown key is refused before anything is sent. A key press is sent once unless
   * `retries` says otherwise (a repeated request would press it again); a refresh is retried
   * like any read.
   *
   * @example
   * ```ts
   * import { writeFile } from 'node:fs/promises';
   *
   * const screen = await xcom.readScreen();                 // what the RCC shows now
   * const next = await xcom.readScreen({ key: 'down' });    // press "down", then read
   * console.log(next.pixel(0, 0), next.encoding);           // true when the top-left pixel is on
   * await writeFile('rcc.png', next.toPNG({ scale: 4 }));   // 512 × 256, black on white
   * ```
   */
  async readScreen(options: ReadScreenOptions = {}): Promise<RccScreen> {
    const { target, options: request } = screenRequest(options);
    const reply = await this.send(target, SERVICE_READ, new Uint8Array(0), request);
    return decodeScreen(reply.propertyData);
  }

  /**
   * Lists the datalog files on the Xcom-232i's SD card (`CSVFILES\LOG`, object type 0x0101,
   * spec §4.8): their names, `LGYYMMDD.CSV`, in the gateway's order. The listing is read
   * block by block like a file (it may span several), with the same recovery as
   * {@link downloadDatalog}. Transfers of one client run one at a time.
   *
   * @example
   * ```ts
   * const names = await xcom.listDatalogs();          // ['LG250615.CSV', …, 'LG250621.CSV']
   * const june = names.filter((n) => (datalogFileDate(n) ?? '') >= '2025-06-01');
   * ```
   */
  async listDatalogs(options: ListDatalogsOptions = {}): Promise<string[]> {
    const opts = checkOptions(options, LIST_DATALOGS_OPTIONS);
    const plan = { signal: opts.signal, maxRestarts: checkMaxRestarts(opts.maxRestarts), onProgress: undefined };
    const step = this.transferStep(opts.timeoutMs);
    return this.oneTransfer(opts.signal, () => listDatalogFiles(step, plan));
  }

  /**
   * Downloads datalog file `name` from the SD card and resolves with its exact bytes: the
   * day's CSV as the Xcom-232i wrote it (its columns are not in the spec, so it is not parsed
   * here). `name` must be an 8.3 ASCII name such as `LGYYMMDD.CSV` (nothing is sent otherwise).
   *
   * The replies carry no block number, so a lost reply or acknowledgement cannot be repaired
   * in place: after a timeout or a malformed reply, the transfer is aborted and started
   * again from its first block, at
   * most `maxRestarts` times (default 3), then the last failure is thrown (an
   * {@link XcomTimeoutError} says how many runs were made). A block that repeats the one
   * before (a duplicated reply) is dropped, and the step waits for its own. GATEWAY_BUSY, answered while the
   * gateway saves the datalog at 00:00:30, is retried with a growing pause (6 to 12 s in
   * all). A Finish reply may carry the last block or nothing (the spec says both); either
   * ends the file. An abort of `signal` sends SD_Abort, then rejects with the signal's reason.
   * Reading a file clears the "new datalog file" frame flag. Transfers of one client run one
   * at a time; another client of the same gateway must not transfer meanwhile.
   *
   * @example
   * ```ts
   * import { writeFile } from 'node:fs/promises';
   *
   * const bytes = await xcom.downloadDatalog('LG250620.CSV', {
   *   onProgress: (p) => console.error(`${p.name}: ${p.bytes} bytes`),
   * });
   * await writeFile('LG250620.CSV', bytes);
   * ```
   */
  async downloadDatalog(name: string, options: DownloadDatalogOptions = {}): Promise<Uint8Array> {
    const opts = checkOptions(options, DOWNLOAD_DATALOG_OPTIONS);
    if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') throw new XcomValidationError('onProgress must be a function', 'onProgress');
    const plan = { signal: opts.signal, maxRestarts: checkMaxRestarts(opts.maxRestarts), onProgress: opts.onProgress };
    const step = this.transferStep(opts.timeoutMs);
    if (typeof name !== 'string') throw new XcomValidationError(`the file name must be a string, got ${typeof name}`, 'name');
    return this.oneTransfer(opts.signal, () => downloadDatalogFile(step, name, plan));
  }

  /** One step of a file transfer: never repeated after a timeout (its effect is unknown), repeated after GATEWAY_BUSY. */
  private transferStep(timeoutMs: number | undefined): TransferStep {
    const timeout = checkInteger(timeoutMs ?? this.timeoutMs, 1, 600_000, 'timeoutMs');
    return (objectId, propertyId, propertyData, signal, check) =>
      this.handler.request(
        { srcAddr: this.srcAddr, dstAddr: XcomC.ADDR_XCOM, serviceId: SERVICE_READ, objectType: XcomC.TYPE_DATALOG_TRANSFER, objectId, propertyId, propertyData, check },
        { timeoutMs: timeout, retries: 0, busyRetries: DATALOG_BUSY_RETRIES, signal, connectTimeoutMs: this.connectTimeoutMs },
      );
  }

  /** Runs `work` after the transfers queued before it; waiting is bounded by `signal`. */
  private async oneTransfer<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    const before = this.transfers;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // The next transfer waits for this one and, if this one gives up waiting, for the one before.
    this.transfers = Promise.all([before, mine]);
    try {
      await untilAborted(before, signal);
      return await work();
    } finally {
      release();
    }
  }

  private resolve(id: number, format: ScomFormat, options: RequestOptions): Datapoint {
    checkInteger(id, 0, 0xffffffff, 'id');
    const known = findDatapoint(id, options.family);
    if (known !== undefined) return known;
    if (options.objectType === undefined || options.dstAddr === undefined) {
      throw new XcomValidationError(
        `datapoint ${id} is not in the catalogue: pass objectType (1 info, 2 parameter) and dstAddr to reach it`,
        'id',
      );
    }
    // An ad-hoc entry for a number the catalogue lacks: the caller's format, no range, no labels.
    return { id, family: 'xtender', kind: options.objectType === XcomC.TYPE_INFO ? 'info' : 'parameter', format, name: `ID_${id}`, description: `datapoint ${id}`, unit: '' };
  }

  private variantOf(datapoint: Datapoint): Datapoint {
    return installationRanges(datapoint, { variant: this.variant, batteryVoltage: this.voltage.value });
  }

  private async readDatapoint<F extends ScomFormat>(datapoint: Datapoint, format: F, options: RequestOptions): Promise<ValueOf<F>> {
    const objectType = options.objectType ?? objectTypeOf(datapoint);
    const isParameter = objectType === XcomC.TYPE_PARAMETER;
    checkFormat(datapoint, format);
    checkProperty(datapoint, options.propertyId, isParameter ? READ_PARAMETER_PROPERTIES : READ_INFO_PROPERTIES);
    const dstAddr = options.dstAddr === undefined ? defaultReadAddress(datapoint) : resolveAddress(options.dstAddr);
    const explicit = options.propertyId;
    const fallbackKey = `${dstAddr}:${datapoint.id}`;
    const propertyId = explicit ?? (isParameter ? (this.noUnsavedRead.has(fallbackKey) ? XcomC.QSP_VALUE : XcomC.QSP_UNSAVED_VALUE) : XcomC.QSP_INFO_VALUE);
    const target = { dstAddr, objectType, objectId: datapoint.id, propertyId, format };
    try {
      return await this.readProperty(target, options);
    } catch (error) {
      // Firmware before 1.6.12 lacks property 13: read the flash value, and remember it.
      const fallback =
        explicit === undefined &&
        propertyId === XcomC.QSP_UNSAVED_VALUE &&
        error instanceof XcomDeviceError &&
        error.scomCode === PROPERTY_NOT_SUPPORTED;
      if (!fallback) throw error;
      this.noUnsavedRead.add(fallbackKey);
      return this.readProperty({ ...target, propertyId: XcomC.QSP_VALUE }, options);
    }
  }

  private async writeDatapoint(datapoint: Datapoint, format: ScomFormat, value: ScomValue, options: RequestOptions, caller: string): Promise<void> {
    const objectType = options.objectType ?? objectTypeOf(datapoint);
    const propertyId = options.propertyId ?? XcomC.QSP_UNSAVED_VALUE;
    const dp = this.variantOf(datapoint);
    let checked = value;
    if (objectType === XcomC.TYPE_INFO) {
      throw new XcomValidationError(`{${dp.id}} ${dp.description} is a user info: it is read-only`, 'datapoint');
    }
    checkNotSignal(dp, caller, `trigger(XcomP.${dp.name})`);
    checkFormat(dp, format);
    checkProperty(dp, options.propertyId, WRITE_PARAMETER_PROPERTIES);
    if (VALUE_PROPERTIES.has(propertyId) && dp.format !== 'BYTE_STREAM') {
      const request: RequestOptions = options.signal === undefined ? {} : { signal: options.signal };
      checked = await this.voltage.validate(datapoint, value, {
        skipRangeCheck: options.skipRangeCheck ?? this.skipRangeCheck,
        rangesAt: (batteryVoltage) => installationRanges(datapoint, { variant: this.variant, batteryVoltage }),
        readNominal: () => readNominalVoltage((info) => this.getValue(info, request)),
      });
    }
    const dstAddr = options.dstAddr === undefined ? defaultWriteAddress(datapoint) : resolveAddress(options.dstAddr);
    const target = { dstAddr, objectType, objectId: dp.id, propertyId, format };
    await this.send(target, SERVICE_WRITE, encodeValue(format, checked), options);
  }

  private send(
    target: PropertyTarget,
    serviceId: number,
    propertyData: Uint8Array,
    options: RequestOptions,
    check?: (reply: ScomMessage) => string | undefined,
  ): Promise<ScomMessage> {
    const timeoutMs = checkInteger(options.timeoutMs ?? this.timeoutMs, 1, 600_000, 'timeoutMs');
    const retries = serviceId === SERVICE_WRITE ? 0 : checkInteger(options.retries ?? this.retries, 0, 10, 'retries');
    const request = {
      srcAddr: this.srcAddr,
      dstAddr: resolveAddress(target.dstAddr),
      serviceId,
      objectType: checkInteger(target.objectType, 0, 0xffff, 'objectType'),
      objectId: checkInteger(target.objectId, 0, 0xffffffff, 'objectId'),
      propertyId: checkInteger(target.propertyId, 0, 0xffff, 'propertyId'),
      propertyData,
      check,
    };
    const connectTimeoutMs = checkInteger(options.connectTimeoutMs ?? this.connectTimeoutMs, 1, 3_600_000, 'connectTimeoutMs');
    return this.handler.request(request, { timeoutMs, retries, signal: options.signal, connectTimeoutMs });
  }

  private updateFlags(byte: number): void {
    const next = decodeFrameFlags(byte);
    const previous = this.lastFlags;
    this.lastFlags = next;
    if (previous === undefined || (Object.keys(next) as (keyof FrameFlags)[]).some((k) => next[k] !== previous[k])) {
      this.emit('flags', next, previous);
    }
    if (next.newDatalogFile && previous?.newDatalogFile !== true) this.emit('newDatalogFile', next);
  }
}

/** readProperty/writeProperty take a target object with a Scom format; checked before anything is sent. */
function checkTarget(target: PropertyTarget): void {
  if (typeof target !== 'object' || target === null) {
    throw new XcomValidationError(`the property target must be an object { dstAddr, objectType, objectId, propertyId, format }, got ${String(target)}`, 'target');
  }
  checkOptions(target, PROPERTY_TARGET);
  checkScomFormat(target.format);
}

/** A catalogue datapoint is read and written in its own format: another one would garble the bytes. */
function checkFormat(datapoint: Datapoint, format: ScomFormat): void {
  if (format !== datapoint.format && datapoint.format !== 'DYNAMIC') {
    throw new XcomValidationError(
      `{${datapoint.id}} ${datapoint.description} is ${datapoint.format} in the catalogue, not ${format}; ` +
        `use readProperty/writeProperty to send other bytes`,
      'format',
    );
  }
}

/** getValue/setValue carry the datapoint's value; other properties go through readProperty/writeProperty. */
function checkProperty(datapoint: Datapoint, propertyId: number | undefined, allowed: ReadonlySet<number>): void {
  if (propertyId === undefined || allowed.has(propertyId)) return;
  throw new XcomValidationError(
    `property ${propertyId} of {${datapoint.id}} does not hold its ${datapoint.format} value ` +
      `(allowed here: ${[...allowed].join(', ')}); use readProperty/writeProperty with the property's format`,
    'propertyId',
  );
}

/** `promise` (which never rejects), or the signal's reason as soon as it aborts. */
function untilAborted(promise: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return promise.then(() => undefined);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

function checkInteger(value: number, min: number, max: number, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new XcomValidationError(`${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/** How a multi-info reply's data differs from the items asked, or `undefined` when it lists them. */
function multiInfoDifference(asked: readonly { infoId: number; aggregation: number }[], data: Uint8Array): string | undefined {
  let items: readonly { infoId: number; aggregation: number }[];
  try {
    items = decodeMultiInfoResponse(data).items;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (items.length !== asked.length) return `it carries ${items.length} items for ${asked.length} asked`;
  for (let i = 0; i < items.length; i++) {
    const got = items[i] as (typeof items)[number];
    const want = asked[i] as (typeof asked)[number];
    if (got.infoId !== want.infoId || got.aggregation !== want.aggregation) {
      return `item ${i} is {${got.infoId}}/${got.aggregation}, asked {${want.infoId}}/${want.aggregation}`;
    }
  }
  return undefined;
}
