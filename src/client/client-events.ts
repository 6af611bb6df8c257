/**
 * Events of an {@link XcomClient}.
 * @module
 */
import type { XcomTransportError } from '../errors.js';
import type { FrameFlags } from '../protocol/frame-flags.js';
import type { ConnectInfo, DisconnectInfo } from '../transport/transport.js';

/** Something the client noticed and went on with, in words and with a stable `code`. */
export interface XcomWarning {
  /**
   * What it is: `'BATTERY_VOLTAGE_UNKNOWN'` ("ID batt voltage" unreadable or not about 12, 24
   * or 48 V: the 48 V ranges stay), `'BATTERY_VOLTAGE_MISMATCH'` (discovery found another
   * voltage than the `batteryVoltage` option, which stays), `'PROBE_TIMEOUT'` (discovery got no
   * answer from an address and stopped probing its family).
   */
  readonly code: string;
  /** What happened and what to do about it. */
  readonly message: string;
}

/**
 * How a request that ran ended: `'ok'` a reply, `'device_error'` a Scom error reply,
 * `'timeout'` no reply after every attempt, `'protocol_error'` a malformed reply, `'link_error'`
 * the link failed, `'closed'` cut off by `close()`, `'aborted'` its signal aborted it.
 */
export type RequestResult = 'ok' | 'device_error' | 'timeout' | 'protocol_error' | 'link_error' | 'closed' | 'aborted';

/** A request that was taken from the queue and ran (see the client's `request` event). */
export interface RequestSettled {
  /** The Scom service: 1 read, 2 write. */
  readonly serviceId: number;
  /** The destination address. */
  readonly dstAddr: number;
  /** The object type (1 user info, 2 parameter, 10 multi-info, …). */
  readonly objectType: number;
  /** The object id (the datapoint's number). */
  readonly objectId: number;
  /** The property id. */
  readonly propertyId: number;
  /**
   * Milliseconds from its first attempt to its outcome, retries and their pauses included;
   * the time it waited in the queue behind other requests is not.
   */
  readonly durationMs: number;
  /** How it ended. */
  readonly result: RequestResult;
  /** What it was rejected with; `undefined` when `result` is `'ok'`. */
  readonly error: unknown;
}

/** The events an `XcomClient` emits. */
export interface XcomClientEventMap {
  /** The frame flags changed (message pending, Xcom restarted, SD card…): new, then previous. */
  flags: [flags: FrameFlags, previous: FrameFlags | undefined];
  /**
   * Frame flag bit 4 rose: a new datalog file is on the SD card (a day ended). Reading a file
   * ({@link XcomClient.downloadDatalog}) clears the bit, for every client of the gateway.
   */
  newDatalogFile: [flags: FrameFlags];
  /** The transport connected (or a Moxa reconnected). */
  connect: [info: ConnectInfo];
  /** The transport lost its link. */
  disconnect: [info: DisconnectInfo];
  /** Something the client noticed and went on with (see {@link XcomWarning}). */
  warning: [warning: XcomWarning];
  /** A request ran and settled: its duration and outcome, for metrics (`xcom metrics`). */
  request: [info: RequestSettled];
  /** A link failure outside any request (emitted only when someone listens). */
  error: [error: XcomTransportError];
}
