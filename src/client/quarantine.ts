/**
 * The quarantine of abandoned requests. A request that timed out or was aborted after its frame
 * was written may still be answered, late (and an answered one, answered twice); since replies carry no request id, that late answer
 * could pass for the answer to a later request asking the same thing of an address the same
 * unit answers for. For a grace window its key is therefore kept here: matching frames are
 * dropped as late, and a later request that such a frame could be mistaken for waits until the
 * window has passed (above all a second write of the same parameter, since a write's
 * acknowledgement carries no value). A key stands for every property a reply to it may carry:
 * a file-transfer step is answered by another property than its own (Datablock or Finish), so
 * a late Finish of an abandoned Ack_Continue is held, and an Abort (answered by Finish) waits.
 * @module
 */
import type { ScomMessage } from '../protocol/service.js';
import { type RequestKey, mayAnswerFor, mayAnswerQuestion, sameQuestion, shareAnswer, shareSource } from './matching.js';

/** The key of one written request, from its write until its window has passed. */
export interface Hold {
  /** The request was abandoned: its key is held until its window (started at the write) has passed. */
  abandon(): void;
  /**
   * The request was answered. Its key is still held for a short echo window, since a gateway or
   * a network may deliver a reply twice; or for its whole window when the answer may have been
   * the late reply of an earlier attempt with the same key (`ambiguous`), its own reply then
   * being still on its way.
   */
  answered(ambiguous: boolean): void;
}

interface Entry {
  readonly key: RequestKey;
  /** `pending` until its request is abandoned or answered; only the other two are held. */
  state: 'pending' | 'abandoned' | 'echo';
  timer: ReturnType<typeof setTimeout>;
  /** Resolves when the window has passed. */
  readonly passed: Promise<void>;
  readonly end: () => void;
}

/** How long an answered request's key is held against a duplicate of its reply, at most, ms. */
export const ECHO_WINDOW_MS = 50;

/** Keys of abandoned requests, each for a grace window counted from its write. */
export class Quarantine {
  /** Entries by object id: a frame or a request only ever meets those of its own object. */
  private readonly byObject = new Map<number, Set<Entry>>();

  /** How many keys are held now. */
  get size(): number {
    let n = 0;
    for (const entries of this.byObject.values()) for (const entry of entries) if (entry.state !== 'pending') n++;
    return n;
  }

  /**
   * Starts the window of a request whose frame was just written. Its key is held once it is
   * abandoned or answered (see {@link Hold}), for what is left of `windowMs` then.
   */
  open(key: RequestKey, windowMs: number): Hold {
    let entries = this.byObject.get(key.objectId);
    if (entries === undefined) {
      entries = new Set();
      this.byObject.set(key.objectId, entries);
    }
    const set = entries;
    let release!: () => void;
    const passed = new Promise<void>((resolve) => {
      release = resolve;
    });
    const end = (): void => {
      clearTimeout(entry.timer);
      set.delete(entry);
      if (set.size === 0 && this.byObject.get(key.objectId) === set) this.byObject.delete(key.objectId);
      release();
    };
    const entry: Entry = { key, state: 'pending', passed, end, timer: unrefTimer(end, windowMs) };
    set.add(entry);
    return {
      abandon: () => {
        entry.state = 'abandoned';
      },
      answered: (ambiguous) => {
        if (ambiguous) {
          entry.state = 'abandoned';
          return;
        }
        // The newest echo window of a key covers the older ones: a request polled in a loop
        // keeps one entry, not one per reply.
        for (const other of set) if (other !== entry && other.state === 'echo' && sameKey(other.key, key)) other.end();
        entry.state = 'echo';
        clearTimeout(entry.timer);
        entry.timer = unrefTimer(end, Math.min(windowMs, ECHO_WINDOW_MS));
      },
    };
  }

  /**
   * Whether `reply` may answer a held request. `inFlight`, when it has the very same key (a
   * retry of the same read), keeps the frame: a late duplicate of the same read cannot be told
   * apart from its answer, and carries the same value.
   */
  holds(reply: ScomMessage, inFlight: RequestKey | undefined): boolean {
    const entries = this.byObject.get(reply.objectId);
    if (entries === undefined) return false;
    for (const { key, state } of entries) {
      if (state === 'pending') continue;
      if (reply.dstAddr !== key.srcAddr || !mayAnswerQuestion(key, reply) || !mayAnswerFor(key.dstAddr, reply.srcAddr)) continue;
      if (inFlight !== undefined && inFlight.serviceId === 1 && sameKey(inFlight, key)) continue;
      return true;
    }
    return false;
  }

  /**
   * Whether `reply`, taken as the answer to `request`, may instead be the late answer of an
   * abandoned attempt with the very same key (a retry of the same read): the request's own
   * reply is then still on its way, and its key must be held for its whole window.
   */
  mayBeLate(reply: ScomMessage, request: RequestKey): boolean {
    const entries = this.byObject.get(reply.objectId);
    if (entries === undefined) return false;
    for (const { key, state } of entries) if (state === 'abandoned' && sameKey(key, request)) return true;
    return false;
  }

  /**
   * The windows `request` must wait out before it is sent: those of every held key whose late
   * answer it could take for its own. A read with the very same key need not wait (its answer
   * would be a duplicate); a write always waits, so that two writes never share one
   * acknowledgement.
   */
  conflicts(request: RequestKey): Promise<void>[] {
    const waits: Promise<void>[] = [];
    const entries = this.byObject.get(request.objectId);
    if (entries === undefined) return waits;
    for (const { key, passed, state } of entries) {
      if (state === 'pending') continue;
      if (key.srcAddr !== request.srcAddr || !shareAnswer(key, request) || !shareSource(key.dstAddr, request.dstAddr)) continue;
      if (request.serviceId === 1 && sameKey(request, key)) continue;
      waits.push(passed);
    }
    return waits;
  }

  /** Ends every window now (the handler is closing). */
  clear(): void {
    for (const entries of [...this.byObject.values()]) for (const entry of [...entries]) entry.end();
  }
}

function unrefTimer(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(callback, ms);
  // A process with nothing else to do need not wait for a window to pass.
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

function sameKey(a: RequestKey, b: RequestKey): boolean {
  return a.srcAddr === b.srcAddr && a.dstAddr === b.dstAddr && sameQuestion(a, b);
}
