/**
 * The request handler: the one owner of a transport's traffic. One request in flight at a
 * time (the Xcom answers one at a time and replies carry no request id), callers queued in
 * order, replies matched field by field, per-attempt timeouts, retries, abort, close.
 * @module
 */
import { debuglog } from 'node:util';
import { scomErrorMeaning, scomErrorName } from '../constants.js';
import { XcomDeviceError, XcomError, XcomProtocolError, XcomTimeoutError, XcomTransportError } from '../errors.js';
import { encodeFrame, type Frame, toHex } from '../protocol/frame.js';
import { decodeMessage, encodeRequest, errorCodeOf, type ScomMessage } from '../protocol/service.js';
import type { Transport } from '../transport/transport.js';
import { mismatch, type RequestKey } from './matching.js';
import { type ClientStats, emptyStats } from './stats.js';

const log = debuglog('xcom');

/** One request as the handler sends it. */
export interface HandlerRequest extends RequestKey {
  /** The property data to send (a value to write, a multi-info list). */
  readonly propertyData: Uint8Array;
}

/** How one request is carried out. */
export interface AttemptPolicy {
  /** Per-attempt timeout in milliseconds, counted from the moment the frame is written. */
  readonly timeoutMs: number;
  /** Further attempts after a timeout (0 for writes: a write is never repeated). */
  readonly retries: number;
  /** Aborts the whole call, queued or in flight. */
  readonly signal?: AbortSignal | undefined;
}

interface Pending {
  readonly request: HandlerRequest;
  readonly policy: AttemptPolicy;
  readonly resolve: (reply: ScomMessage) => void;
  readonly reject: (error: unknown) => void;
  readonly onAbort: () => void;
}

interface InFlight {
  readonly pending: Pending;
  /** Aborted when the attempt settles, so that a transport still waiting for its link never writes it. */
  readonly abandon: AbortController;
  timer: ReturnType<typeof setTimeout> | undefined;
  settle: ((outcome: { reply: ScomMessage } | { error: unknown }) => void) | undefined;
}

/** Scom errors worth another attempt of a read: the gateway was momentarily unable to answer. */
const TRANSIENT_DEVICE_ERRORS: ReadonlySet<number> = new Set([0x0003, 0x0013]);

/** Called with each matched reply's frame flags byte. */
export type FlagsListener = (flags: number) => void;

/**
 * Serialises requests over one transport and matches each reply to its request.
 * Used by {@link XcomClient}; usable alone for raw Scom requests.
 */
export class RequestHandler {
  /** Counters of the traffic. */
  readonly stats: ClientStats = emptyStats();
  private readonly queue: Pending[] = [];
  private inFlight: InFlight | undefined;
  private opening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;
  private pumping = false;
  private flagsListener: FlagsListener | undefined;

  /**
   * @param transport the link; the handler becomes its frame listener
   */
  constructor(readonly transport: Transport) {
    transport.setFrameListener((frame) => this.onFrame(frame));
  }

  /** Sets the listener told of each matched reply's frame flags. */
  onFlags(listener: FlagsListener | undefined): void {
    this.flagsListener = listener;
  }

  /** Whether {@link close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Opens the transport once; concurrent callers share the attempt, a failure can be retried. */
  open(): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    if (this.transport.isOpen) return Promise.resolve();
    this.opening ??= this.transport.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /**
   * Sends a request and resolves with its reply. An error reply rejects with
   * {@link XcomDeviceError}; no reply within the attempts rejects with
   * {@link XcomTimeoutError}; an aborted call rejects with the signal's reason.
   */
  request(request: HandlerRequest, policy: AttemptPolicy): Promise<ScomMessage> {
    if (this.closed) return Promise.reject(closedError());
    const signal = policy.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.stats.requests++;
    return new Promise<ScomMessage>((resolve, reject) => {
      const pending: Pending = {
        request,
        policy,
        resolve,
        reject,
        onAbort: () => this.abort(pending),
      };
      signal?.addEventListener('abort', pending.onAbort, { once: true });
      this.queue.push(pending);
      void this.pump();
    });
  }

  /** Rejects everything queued or in flight with a `CLOSED` error and closes the transport. */
  close(): Promise<void> {
    // A second caller waits for the same closing, not less.
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    const error = closedError();
    for (const pending of this.queue.splice(0)) this.finish(pending, { error });
    this.inFlight?.settle?.({ error });
    this.transport.setFrameListener(undefined);
    await this.transport.close();
  }

  private abort(pending: Pending): void {
    const reason: unknown = pending.policy.signal?.reason;
    const index = this.queue.indexOf(pending);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.finish(pending, { error: reason });
    } else if (this.inFlight?.pending === pending) {
      this.inFlight.settle?.({ error: reason });
    }
  }

  private finish(pending: Pending, outcome: { reply: ScomMessage } | { error: unknown }): void {
    pending.policy.signal?.removeEventListener('abort', pending.onAbort);
    if ('reply' in outcome) pending.resolve(outcome.reply);
    else pending.reject(outcome.error);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        const outcome = await this.run(next);
        this.finish(next, outcome);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async run(pending: Pending): Promise<{ reply: ScomMessage } | { error: unknown }> {
    const { request, policy } = pending;
    const attempts = 1 + policy.retries;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) this.stats.retries++;
      const outcome = await this.attempt(pending);
      if ('reply' in outcome) {
        const reply = outcome.reply;
        if (!reply.isError) return outcome;
        const error = this.deviceError(request, reply);
        if (error instanceof XcomDeviceError && TRANSIENT_DEVICE_ERRORS.has(error.scomCode) && attempt < attempts) continue;
        return { error };
      }
      if (!(outcome.error instanceof XcomTimeoutError) || attempt === attempts) {
        if (outcome.error instanceof XcomTimeoutError) {
          return {
            error: new XcomTimeoutError(
              `no answer from address ${request.dstAddr} to ${describe(request)} within ${policy.timeoutMs} ms` +
                (attempts > 1 ? ` (${attempts} attempts)` : '') +
                ` over ${this.transport.description}`,
              policy.timeoutMs,
              attempts,
            ),
          };
        }
        return outcome;
      }
    }
    /* c8 ignore next */
    return { error: new XcomError('INTERNAL', 'unreachable') };
  }

  private deviceError(request: HandlerRequest, reply: ScomMessage): XcomError {
    this.stats.deviceErrors++;
    let code: number;
    try {
      code = errorCodeOf(reply);
    } catch (error) {
      return error as XcomProtocolError;
    }
    const name = scomErrorName(code);
    return new XcomDeviceError(
      code,
      name,
      `${name} (0x${code.toString(16).padStart(4, '0')}) from address ${reply.srcAddr} for ${describe(request)}: ${scomErrorMeaning(code)}`,
    );
  }

  private attempt(pending: Pending): Promise<{ reply: ScomMessage } | { error: unknown }> {
    return new Promise((resolve) => {
      const flight: InFlight = { pending, abandon: new AbortController(), timer: undefined, settle: undefined };
      flight.settle = (outcome) => {
        if (this.inFlight !== flight) return;
        this.inFlight = undefined;
        if (flight.timer !== undefined) clearTimeout(flight.timer);
        flight.abandon.abort();
        resolve(outcome);
      };
      this.inFlight = flight;
      void this.send(flight);
    });
  }

  /** Writes the attempt's frame and starts its timer; never rejects (failures settle the attempt). */
  private async send(flight: InFlight): Promise<void> {
    const { request, policy } = flight.pending;
    try {
      await this.open();
      const bytes = encodeRequest(request);
      if (this.inFlight !== flight) return;
      log('send %s', toHex(bytes));
      await this.transport.send(bytes, { signal: flight.abandon.signal });
      this.stats.framesSent++;
    } catch (error) {
      flight.settle?.({ error: asTransportError(error, this.transport.description) });
      return;
    }
    if (this.inFlight !== flight) return;
    flight.timer = setTimeout(() => {
      this.stats.timeouts++;
      flight.settle?.({ error: new XcomTimeoutError('attempt timed out', policy.timeoutMs, 1) });
    }, policy.timeoutMs);
  }

  private onFrame(frame: Frame): void {
    let reply: ScomMessage;
    try {
      reply = decodeMessage(frame);
    } catch {
      this.stats.malformedFrames++;
      log('drop %s (malformed service data)', hexOf(frame));
      return;
    }
    const flight = this.inFlight;
    const why = flight === undefined ? 'nothing in flight' : mismatch(flight.pending.request, reply);
    if (flight === undefined || why !== undefined) {
      this.stats.droppedFrames++;
      log('drop %s (%s)', hexOf(frame), why);
      return;
    }
    log('recv %s', hexOf(frame));
    this.stats.responses++;
    flight.settle?.({ reply });
    try {
      this.flagsListener?.(reply.flags);
    } catch (error) {
      // A throwing 'flags' listener is the caller's bug: report it as Node reports a throwing
      // listener, without costing the reply it came with.
      process.nextTick(() => {
        throw error;
      });
    }
  }
}

function hexOf(frame: Frame): string {
  return toHex(encodeFrame(frame));
}

function describe(request: HandlerRequest): string {
  const what = request.serviceId === 2 ? 'write' : 'read';
  return `${what} of object ${request.objectId} (type ${request.objectType}, property ${request.propertyId})`;
}

function closedError(): XcomTransportError {
  return new XcomTransportError('CLOSED', 'the client was closed');
}

function asTransportError(error: unknown, description: string): unknown {
  if (error instanceof XcomError) return error;
  return new XcomTransportError('TRANSPORT', `${description}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
