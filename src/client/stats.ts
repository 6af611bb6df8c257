/**
 * The client's counters.
 * @module
 */

/** Counters of an {@link XcomClient}'s traffic; they only grow. */
export interface ClientStats {
  /** Requests accepted (validated and queued). */
  requests: number;
  /** Frames written to the transport (first attempts and retries). */
  framesSent: number;
  /** Replies matched to their request. */
  responses: number;
  /** Attempts repeated after a timeout or a transient device error. */
  retries: number;
  /** Attempts that got no matching reply in time. */
  timeouts: number;
  /** Replies carrying a Scom error code. */
  deviceErrors: number;
  /** Frames received that answered nothing in flight (late, foreign or unexpected). */
  droppedFrames: number;
  /** Frames that failed to decode at the service layer. */
  malformedFrames: number;
  /** Of the dropped frames, those that answer an abandoned (timed-out or aborted) request. */
  lateFrames: number;
  /** Times a request waited for an abandoned request's grace window, lest its late answer pass for this one's. */
  quarantineWaits: number;
  /** Links dropped for the transport to re-establish, after repeated consecutive timeouts. */
  linksDropped: number;
}

/** A fresh set of zeroed counters. */
export function emptyStats(): ClientStats {
  return { requests: 0, framesSent: 0, responses: 0, retries: 0, timeouts: 0, deviceErrors: 0, droppedFrames: 0, malformedFrames: 0, lateFrames: 0, quarantineWaits: 0, linksDropped: 0 };
}
