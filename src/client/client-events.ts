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
  /** A link failure outside any request (emitted only when someone listens). */
  error: [error: XcomTransportError];
}
