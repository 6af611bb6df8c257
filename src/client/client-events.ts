/**
 * Events of an {@link XcomClient}.
 * @module
 */
import type { XcomTransportError } from '../errors.js';
import type { FrameFlags } from '../protocol/frame-flags.js';
import type { ConnectInfo, DisconnectInfo } from '../transport/transport.js';

/** The events an `XcomClient` emits. */
export interface XcomClientEventMap {
  /** The frame flags changed (message pending, Xcom restarted, SD card…): new, then previous. */
  flags: [flags: FrameFlags, previous: FrameFlags | undefined];
  /** The transport connected (or a Moxa reconnected). */
  connect: [info: ConnectInfo];
  /** The transport lost its link. */
  disconnect: [info: DisconnectInfo];
  /** A link failure outside any request (emitted only when someone listens). */
  error: [error: XcomTransportError];
}
