/**
 * Batched reads: many datapoints of many units in as few requests as the gateway allows, each
 * item with its own value or its own error.
 * @module
 */
import { type DeviceCode, resolveAddress } from '../catalogue/device-codes.js';
import { FAMILIES } from '../catalogue/families.js';
import type { Datapoint } from '../catalogue/types.js';
import { XcomC } from '../constants.js';
import { XcomDeviceError, XcomError, XcomTimeoutError, XcomTransportError, XcomValidationError } from '../errors.js';
import type { ScomFormat, ScomValue, ValueOf } from '../protocol/format.js';
import { MULTI_INFO_MAX_ITEMS } from '../protocol/multi-info.js';
import { type Aggregation, aggregationOf } from './aggregation.js';
import { castFloat } from './multi-info-cast.js';
import type { MultiInfoSupport } from './multi-info-support.js';
import type { MultiInfoItem, RequestOptions } from './options.js';
import { classifyReading } from './reading.js';
import { Pacer, type Pacing } from './pacing.js';
import { type PollClock, systemPollClock } from './poll-clock.js';
import { type PlannedItem, planReads, type ReadValuesItem } from './read-plan.js';
import type { MultiInfoResult } from './results.js';

/** Options of {@link XcomClient.readValues}. */
export interface ReadValuesOptions {
  /** Aborts the call: it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout of each request in milliseconds (default: the client's). */
  readonly timeoutMs?: number;
  /** Further attempts of each request after a timeout (default: the client's). */
  readonly retries?: number;
  /** How long each request may wait for the link, in milliseconds (default: the client's). */
  readonly connectTimeoutMs?: number;
  /**
   * The units installed (addresses or codes, as discovery finds them). Used only when the
   * gateway refuses multi-info: an `'average'` or `'sum'` item is then computed from single
   * reads of these units of its family. Without them such an item fails with
   * SERVICE_NOT_SUPPORTED.
   */
  readonly units?: readonly (number | DeviceCode)[];
  /** Leaves the gateway idle between bursts of requests (see {@link Pacing}). */
  readonly pacing?: Pacing;
  /** The time source of `pacing` (default `performance.now()` and `setTimeout`). */
  readonly clock?: PollClock;
}

/** How an item's value was obtained, or that nothing was sent for it (the link had failed, or only multi-info could read it). */
export type ReadPath = 'multi-info' | 'single' | 'computed' | 'not-sent';

/** What every entry of a {@link ReadValuesResult} tells. */
export interface ReadValueBase {
  /** What was read, `'3000@XT2'`, `'3136@sum'`, `'1107@100'`; items with equal keys are read once. */
  readonly key: string;
  /** The datapoint. */
  readonly datapoint: Datapoint;
  /** The address read, or the unit a device index or `'master'` names; `undefined` for `'average'` and `'sum'`. */
  readonly address: number | undefined;
  /** The multi-info aggregation asked (`2` for XT2's info); `undefined` for an item read at an address alone. */
  readonly aggregation: Aggregation | undefined;
  /** How it was read. */
  readonly via: ReadPath;
}

/** An item that was read: a reading. */
export interface ReadValueOk extends ReadValueBase {
  /** `true`: the read succeeded. */
  readonly ok: true;
  /** The value: a number, a boolean for a BOOL, an enum's number (multi-info values are float32, cast). */
  readonly value: ScomValue;
  /** Never set on a reading. */
  readonly absent?: undefined;
  /** Never set on a value. */
  readonly error?: undefined;
}

/**
 * An item that was read, but whose value stands for no reading: a sentinel the appendix
 * documents ({3001} battery temperature ~32767 °C: no sensor) or a NaN (see
 * {@link classifyReading}).
 */
export interface ReadValueAbsent extends ReadValueBase {
  /** `true`: the read succeeded. */
  readonly ok: true;
  /** No value: there is nothing to read. */
  readonly value: undefined;
  /** Why: the sentinel's meaning (`'no sensor'`, `'charging'`, `'invalid value'`), or `'not a number'`. */
  readonly absent: string;
  /** The value as the device answered it. */
  readonly raw: ScomValue;
  /** Never set on a value. */
  readonly error?: undefined;
}

/** An item that failed, with its own error. */
export interface ReadValueFailed extends ReadValueBase {
  /** `false`. */
  readonly ok: false;
  /**
   * Why: an {@link XcomDeviceError} (the unit is absent, the number unknown, …), or the
   * call's {@link ReadValuesResult.linkError} when the link failed.
   */
  readonly error: XcomError;
  /** Never set on an error. */
  readonly value?: undefined;
  /** Never set on an error. */
  readonly absent?: undefined;
}

/** One item's outcome: a reading, no reading (a sentinel), or an error. */
export type ReadValueEntry = ReadValueOk | ReadValueAbsent | ReadValueFailed;

/** The result of {@link XcomClient.readValues}. */
export interface ReadValuesResult {
  /** One entry per item, in the items' order. */
  readonly entries: readonly ReadValueEntry[];
  /**
   * A timeout or a transport failure, when one happened: the link, not an item, failed, so the
   * items not yet read were not sent and carry this error.
   */
  readonly linkError: XcomError | undefined;
  /** The requests this call made (a single read falling back from property 13 to 5 counts once). */
  readonly requests: number;
}

/** What a batched read needs of the client. */
export interface ValueSource {
  /** A multi-info request. */
  readMultiInfo(items: readonly MultiInfoItem[], options?: RequestOptions): Promise<MultiInfoResult>;
  /** A single read at an address. */
  getValue<F extends ScomFormat>(datapoint: Datapoint<F>, options?: RequestOptions): Promise<ValueOf<F>>;
}

const OPTION_KEYS: ReadonlySet<string> = new Set(['signal', 'timeoutMs', 'retries', 'connectTimeoutMs', 'units', 'pacing', 'clock']);
const SERVICE_NOT_SUPPORTED = XcomC.ERRORS.SERVICE_NOT_SUPPORTED;

type Outcome = { readonly ok: true; readonly value: ScomValue; readonly via: ReadPath } | { readonly ok: false; readonly error: XcomError; readonly via: ReadPath };

/** Checks the options of a batched read (unknown keys, units, pacing, clock), naming the one at fault. */
export function checkReadValuesOptions(options: ReadValuesOptions, extraKeys: ReadonlySet<string> = new Set()): readonly number[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new XcomValidationError(`options must be an object, got ${JSON.stringify(options)}`, 'options');
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key) && !extraKeys.has(key)) throw new XcomValidationError(`unknown option '${key}'`, key);
  }
  const clock = options.clock;
  if (clock !== undefined && (typeof clock.now !== 'function' || typeof clock.sleep !== 'function')) {
    throw new XcomValidationError('clock must have now() and sleep(ms, signal)', 'clock');
  }
  if (options.units !== undefined && !Array.isArray(options.units)) {
    throw new XcomValidationError(`units must be an array of addresses or codes, got ${JSON.stringify(options.units)}`, 'units');
  }
  return (options.units ?? []).map((unit, i) => resolveAddress(unit, `units[${i}]`));
}

/**
 * Reads `items` through `source`: user infos in multi-info requests of at most 76, parameters
 * and phase or multicast reads alone. See {@link XcomClient.readValues}.
 */
export async function readValues(
  source: ValueSource,
  support: MultiInfoSupport,
  items: readonly ReadValuesItem[],
  options: ReadValuesOptions = {},
): Promise<ReadValuesResult> {
  const units = checkReadValuesOptions(options);
  const planned = planReads(items);
  const pacer = options.pacing === undefined ? undefined : new Pacer(options.pacing, options.clock ?? systemPollClock);
  options.signal?.throwIfAborted();
  return runReads(source, support, planned, options, units, pacer);
}

/** Reads items already planned, pacing the requests with `pacer` (shared by a poll's cycles). */
export async function runReads(
  source: ValueSource,
  support: MultiInfoSupport,
  planned: readonly PlannedItem[],
  options: ReadValuesOptions,
  units: readonly number[],
  pacer: Pacer | undefined,
): Promise<ReadValuesResult> {
  const run = new ReadRun(source, support, options, units, pacer);
  await run.execute(planned);
  const entries = planned.map((item): ReadValueEntry => {
    const outcome = run.outcomes.get(item.key) as Outcome;
    const base = {
      key: item.key,
      datapoint: item.datapoint,
      address: item.route.address,
      aggregation: item.route.kind === 'multi' ? aggregationOf(item.route.code) : undefined,
      via: outcome.via,
    };
    if (!outcome.ok) return { ...base, ok: false, error: outcome.error };
    const reading = classifyReading(item.datapoint, outcome.value);
    return reading.present ? { ...base, ok: true, value: reading.value } : { ...base, ok: true, value: undefined, absent: reading.reason, raw: reading.raw };
  });
  return { entries, linkError: run.linkError, requests: run.requests };
}

/** One batched read: the requests it sends and the outcome of each key. */
class ReadRun {
  readonly outcomes = new Map<string, Outcome>();
  requests = 0;
  linkError: XcomError | undefined;
  /** Single reads by `address:family:id`: an average computed from units may share them with other items. */
  private readonly unitReads = new Map<string, Promise<Outcome>>();
  private readonly requestOptions: RequestOptions;

  constructor(
    private readonly source: ValueSource,
    private readonly support: MultiInfoSupport,
    private readonly options: ReadValuesOptions,
    private readonly units: readonly number[],
    private readonly pacer: Pacer | undefined,
  ) {
    const o = options;
    this.requestOptions = {
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      ...(o.retries === undefined ? {} : { retries: o.retries }),
      ...(o.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: o.connectTimeoutMs }),
    };
  }

  async execute(planned: readonly PlannedItem[]): Promise<void> {
    const unique = new Map<string, PlannedItem>();
    for (const item of planned) if (!unique.has(item.key)) unique.set(item.key, item);
    const items = [...unique.values()];
    const multi = items.filter((item) => item.route.kind === 'multi');
    const fallback: PlannedItem[] = [];
    // Items that failed alone before go alone, so that they cost no refused batch.
    const batched = multi.filter((item) => !this.support.isolated.has(item.key));
    const batches: PlannedItem[][] = [];
    for (let i = 0; i < batched.length; i += MULTI_INFO_MAX_ITEMS) batches.push(batched.slice(i, i + MULTI_INFO_MAX_ITEMS));
    for (const item of multi) if (this.support.isolated.has(item.key)) batches.push([item]);
    for (const batch of batches) await this.readBatch(batch, fallback);
    for (const item of items) if (item.route.kind === 'single') this.outcomes.set(item.key, await this.readUnit(item.datapoint, item.route.address));
    for (const item of fallback) this.outcomes.set(item.key, await this.readWithoutMultiInfo(item));
  }

  /** One multi-info request; a device error has its items read one by one, a refusal sends them to `fallback`. */
  private async readBatch(batch: readonly PlannedItem[], fallback: PlannedItem[]): Promise<void> {
    if (this.support.supported === false) {
      fallback.push(...batch);
      return;
    }
    if (this.linkError !== undefined) {
      for (const item of batch) this.outcomes.set(item.key, { ok: false, error: this.linkError, via: 'not-sent' });
      return;
    }
    try {
      const asked = batch.map((item) => ({ id: item.datapoint, aggregation: aggregationOf(item.route.kind === 'multi' ? item.route.code : 0) }));
      const result = await this.request(() => this.source.readMultiInfo(asked, this.requestOptions));
      this.support.supported = true;
      batch.forEach((item, i) => {
        this.outcomes.set(item.key, { ok: true, value: result.items[i]?.value as number | boolean, via: 'multi-info' });
        this.support.isolated.delete(item.key);
      });
    } catch (caught) {
      const error = this.triage(caught);
      if (error instanceof XcomDeviceError && error.scomCode === SERVICE_NOT_SUPPORTED && this.support.supported !== true) {
        this.support.supported = false;
        this.support.refusal = error;
        fallback.push(...batch);
        return;
      }
      if (batch.length > 1 && error instanceof XcomDeviceError) {
        // One bad item must not hide the others: each is asked alone.
        for (const item of batch) await this.readBatch([item], fallback);
        return;
      }
      for (const item of batch) this.outcomes.set(item.key, { ok: false, error, via: 'multi-info' });
      const only = batch[0];
      if (batch.length === 1 && only !== undefined && error instanceof XcomDeviceError) this.support.isolated.add(only.key);
    }
  }

  /** A multi-info item on a gateway that refuses multi-info: its unit read alone, or an aggregate computed. */
  private async readWithoutMultiInfo(item: PlannedItem): Promise<Outcome> {
    const route = item.route;
    if (route.kind === 'single') return this.readUnit(item.datapoint, route.address);
    if (route.address !== undefined) return this.readUnit(item.datapoint, route.address);
    const dp = item.datapoint;
    const family = FAMILIES[dp.family];
    const units = [...new Set(this.units.filter((a) => a >= family.firstAddress && a <= family.lastAddress))];
    const name = aggregationOf(route.code);
    if (units.length === 0) {
      const error = new XcomDeviceError(
        SERVICE_NOT_SUPPORTED,
        'SERVICE_NOT_SUPPORTED',
        `the gateway refuses multi-info (Xcom firmware before 1.6.74), which alone reads the ${String(name)} of {${dp.id}} ${dp.description}: ` +
          `pass the installed units (option 'units') to have it computed from single reads`,
        { cause: this.support.refusal },
      );
      return { ok: false, error, via: 'not-sent' };
    }
    let total = 0;
    for (const unit of units) {
      const outcome = await this.readUnit(dp, unit);
      if (!outcome.ok) return { ok: false, error: outcome.error, via: outcome.via === 'not-sent' ? 'not-sent' : 'computed' };
      total += Number(outcome.value);
    }
    return { ok: true, value: castFloat(dp, name === 'sum' ? total : total / units.length), via: 'computed' };
  }

  private readUnit(datapoint: Datapoint, address: number): Promise<Outcome> {
    const key = `${address}:${datapoint.family}:${datapoint.id}`;
    let read = this.unitReads.get(key);
    if (read === undefined) {
      read = this.readSingle(datapoint, address);
      this.unitReads.set(key, read);
    }
    return read;
  }

  private async readSingle(datapoint: Datapoint, address: number): Promise<Outcome> {
    if (this.linkError !== undefined) return { ok: false, error: this.linkError, via: 'not-sent' };
    try {
      const value = await this.request(() => this.source.getValue(datapoint, { ...this.requestOptions, dstAddr: address }));
      return { ok: true, value, via: 'single' };
    } catch (caught) {
      return { ok: false, error: this.triage(caught), via: 'single' };
    }
  }

  private async request<T>(send: () => Promise<T>): Promise<T> {
    await this.pacer?.before(this.options.signal);
    this.requests++;
    try {
      return await send();
    } finally {
      this.pacer?.after();
    }
  }

  /**
   * Sorts a failure: an abort, a closed client or a bug is thrown; a timeout or a transport
   * failure is the link's (no further request is sent); anything else is the item's.
   */
  private triage(error: unknown): XcomError {
    const signal = this.options.signal;
    if (signal?.aborted) throw signal.reason;
    if (!(error instanceof XcomError)) throw error;
    if (error instanceof XcomTransportError && error.code === 'CLOSED') throw error;
    if (error instanceof XcomTimeoutError || error instanceof XcomTransportError) this.linkError ??= error;
    return error;
  }
}
