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
import { Backoff } from '../transport/backoff.js';
import type { SendOptions, Transport } from '../transport/transport.js';
import type { RequestResult, RequestSettled } from './client-events.js';
import { mismatch, type RequestKey } from './matching.js';
import { type Hold, Quarantine } from './quarantine.js';
import { SourcePins } from './source-pins.js';
import { type ClientStats, emptyStats } from './stats.js';

const log = debuglog('xcom');

/** One request as the handler sends it. */
export interface HandlerRequest extends RequestKey {
  /** The property data to send (a value to write, a multi-info list). */
  readonly propertyData: Uint8Array;
  /**
   * Checks a reply's content beyond the fields it echoes (a multi-info reply must list the
   * items asked): a reason makes the frame a mismatch, dropped like any other. When an attempt
   * saw only such replies, the call fails with {@link XcomProtocolError} giving the reason.
   */
  readonly check?: ((reply: ScomMessage) => string | undefined) | undefined;
}

/** Options of a {@link RequestHandler}. */
export interface RequestHandlerOptions {
  /**
   * Grace window of an abandoned request, in milliseconds from its write (default 3000: the
   * spec's 2 s gateway limit plus margin; never shorter than 1.5 × the attempt's timeout). See
   * the quarantine (README: "How a reply is matched to its request").
   */
  readonly quarantineMs?: number;
  /**
   * Consecutive attempt timeouts after which the link is judged dead and dropped, for the
   * transport to re-establish it (default 3; 0 never). Device errors and aborts do not count;
   * a reply resets the count.
   */
  readonly maxConsecutiveTimeouts?: number;
  /** Random numbers in [0, 1) for the jitter of retry delays (tests inject their own). */
  readonly random?: () => number;
}

/** How one request is carried out. */
export interface AttemptPolicy {
  /** Per-attempt timeout in milliseconds, counted from the moment the frame is written. */
  readonly timeoutMs: number;
  /** Further attempts after a timeout (0 for writes: a write is never repeated). */
  readonly retries: number;
  /**
   * Further attempts after a transient refusal (GATEWAY_BUSY, RESPONSE_TIMEOUT), counted apart
   * from the timeouts' `retries`: for a request that must not be repeated after a timeout (its
   * effect unknown) but may be after a refusal (nothing was done). Default: the refusals and
   * the timeouts share the `retries`.
   */
  readonly busyRetries?: number | undefined;
  /** Aborts the whole call, queued or in flight. */
  readonly signal?: AbortSignal | undefined;
  /** How long a write may wait for the link (a peer to connect, a reconnect), in milliseconds. */
  readonly connectTimeoutMs?: number | undefined;
}

interface Pending {
  readonly request: HandlerRequest;
  readonly policy: AttemptPolicy;
  readonly resolve: (reply: ScomMessage) => void;
  readonly reject: (error: unknown) => void;
  readonly onAbort: () => void;
}

type Outcome = { reply: ScomMessage } | { error: unknown };

interface InFlight {
  readonly pending: Pending;
  /** Aborted when the attempt settles, so that a transport still waiting for its link never writes it. */
  readonly abandon: AbortController;
  timer: ReturnType<typeof setTimeout> | undefined;
  settle: ((outcome: Outcome) => void) | undefined;
  /** Settles once the transport wrote the frame or gave up on it: the frame is then never written late. */
  sent: Promise<void> | undefined;
  /** The frame's window in the quarantine, from its write. */
  hold: Hold | undefined;
  /** Why frames that echoed every field were refused by the request's content check. */
  refused: string | undefined;
  /** The answer taken may have been the late reply of an earlier attempt with the same key. */
  ambiguous: boolean;
}


/** Scom errors worth another attempt of a read: the gateway was momentarily unable to answer. */
const TRANSIENT_DEVICE_ERRORS: ReadonlySet<number> = new Set([0x0003, 0x0013]);
const SERVICE_READ = 1;

/** Called with each matched reply's frame flags byte. */
export type FlagsListener = (flags: number) => void;

/**
 * Serialises requests over one transport and matches each reply to its request.
 * Used by {@link xcom-ts!XcomClient}; usable alone for raw Scom requests.
 *
 * @example
 * ```ts
 * import { RequestHandler, SERVICE_READ, decodeValue } from 'xcom-ts/protocol';
 *
 * const handler = new RequestHandler(new UdpTransport({ host: '192.168.1.50' }));
 * try {
 *   // User info 3000 (battery voltage) of Xtender 1, property 1: a FLOAT.
 *   const reply = await handler.request(
 *     { srcAddr: 1, dstAddr: 101, serviceId: SERVICE_READ, objectType: 1, objectId: 3000, propertyId: 1, propertyData: new Uint8Array(0) },
 *     { timeoutMs: 2000, retries: 2 },
 *   );
 *   console.log(decodeValue('FLOAT', reply.propertyData));
 * } finally {
 *   await handler.close();
 * }
 * ```
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
  private settledListener: ((info: RequestSettled) => void) | undefined;
  private readonly quarantine = new Quarantine();
  private readonly pins = new SourcePins();
  private readonly quarantineMs: number;
  private readonly maxConsecutiveTimeouts: number;
  private readonly random: () => number;
  private consecutiveTimeouts = 0;
  private readonly onConnect = (): void => this.pins.clear();
  /** Aborted by close(), ending the waits between attempts. */
  private readonly stopped = new AbortController();

  /**
   * @param transport the link; the handler becomes its frame listener
   * @param options the quarantine window, the dead-link rule, the retry jitter
   */
  constructor(
    readonly transport: Transport,
    options: RequestHandlerOptions = {},
  ) {
    this.quarantineMs = options.quarantineMs ?? 3000;
    this.maxConsecutiveTimeouts = options.maxConsecutiveTimeouts ?? 3;
    this.random = options.random ?? Math.random;
    transport.setFrameListener((frame) => this.onFrame(frame));
    // A phase master can change while the link was down.
    transport.on('connect', this.onConnect);
  }

  /** Sets the listener told of each matched reply's frame flags. */
  onFlags(listener: FlagsListener | undefined): void {
    this.flagsListener = listener;
  }

  /**
   * Sets the listener told of each request that ran (taken from the queue), once it settled:
   * its duration and how it ended. Requests aborted or closed while still queued never ran.
   */
  onSettled(listener: ((info: RequestSettled) => void) | undefined): void {
    this.settledListener = listener;
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
    this.stopped.abort(error);
    for (const pending of this.queue.splice(0)) this.finish(pending, { error });
    this.inFlight?.settle?.({ error });
    this.quarantine.clear();
    this.transport.setFrameListener(undefined);
    this.transport.off('connect', this.onConnect);
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
        const started = performance.now();
        const outcome = await this.run(next);
        this.settled(next, outcome, performance.now() - started);
        this.finish(next, outcome);
      }
    } finally {
      this.pumping = false;
    }
  }

  private settled(pending: Pending, outcome: Outcome, durationMs: number): void {
    const listener = this.settledListener;
    if (listener === undefined) return;
    const { serviceId, dstAddr, objectType, objectId, propertyId } = pending.request;
    const error = 'error' in outcome ? outcome.error : undefined;
    try {
      listener({ serviceId, dstAddr, objectType, objectId, propertyId, durationMs, result: resultOf(outcome, pending.policy.signal), error });
    } catch (listenerError) {
      // A listener's bug must not stall the queue.
      log('request listener threw: %O', listenerError);
    }
  }

  private async run(pending: Pending): Promise<Outcome> {
    const { request, policy } = pending;
    const signal = policy.signal;
    const attempts = 1 + policy.retries;
    const busyRetries = policy.busyRetries;
    let busy: Backoff | undefined;
    let timeouts = 0;
    let refusals = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        // An abort that lands between two attempts ends the call there.
        if (signal?.aborted) return { error: signal.reason };
        if (attempt > 1) this.stats.retries++;
        // A transient refusal is retried after a growing, jittered pause: at once, every attempt
        // would land in the same busy window.
        if (busy !== undefined || this.quarantine.conflicts(request).length > 0) {
          // Made only when there is something to wait for: a combined signal per request
          // would hang on a long-lived caller signal (a poll loop's) until collected.
          const stop = signal === undefined ? this.stopped.signal : AbortSignal.any([signal, this.stopped.signal]);
          if (busy !== undefined) await abortable(delay(busy.next()), stop);
          await this.quarantined(request, stop);
        }
      } catch (error) {
        return { error };
      }
      const outcome = await this.attempt(pending);
      if ('reply' in outcome) {
        const reply = outcome.reply;
        if (!reply.isError) return outcome;
        const error = this.deviceError(request, reply);
        const another = busyRetries === undefined ? attempt < attempts : refusals < busyRetries;
        if (error instanceof XcomDeviceError && TRANSIENT_DEVICE_ERRORS.has(error.scomCode) && another) {
          refusals++;
          // The same reconnection policy as the links': 250 ms, doubling up to 4 s, half jittered.
          busy ??= new Backoff({ initialMs: 250, maxMs: 4000, random: this.random });
          continue;
        }
        return { error };
      }
      if (!(outcome.error instanceof XcomTimeoutError)) return outcome;
      if (busyRetries === undefined ? attempt < attempts : timeouts < policy.retries) {
        timeouts++;
        continue;
      }
      return {
        error: new XcomTimeoutError(
          `no answer from address ${request.dstAddr} to ${describe(request)} within ${policy.timeoutMs} ms` +
            (attempt > 1 ? ` (${attempt} attempts)` : '') +
            ` over ${this.transport.description}`,
          policy.timeoutMs,
          attempt,
        ),
      };
    }
  }

  /** Waits until no quarantined key could answer `request` in its place. */
  private async quarantined(request: HandlerRequest, signal: AbortSignal): Promise<void> {
    for (let waits = this.quarantine.conflicts(request); waits.length > 0; waits = this.quarantine.conflicts(request)) {
      this.stats.quarantineWaits++;
      log('wait: a late answer to an abandoned request could pass for %s', describe(request));
      await abortable(Promise.all(waits), signal);
    }
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

  private async attempt(pending: Pending): Promise<Outcome> {
    const flight: InFlight = { pending, abandon: new AbortController(), timer: undefined, settle: undefined, sent: undefined, hold: undefined, refused: undefined, ambiguous: false };
    const outcome = await new Promise<Outcome>((resolve) => {
      flight.settle = (result) => {
        if (this.inFlight !== flight) return;
        this.inFlight = undefined;
        if (flight.timer !== undefined) clearTimeout(flight.timer);
        flight.abandon.abort();
        resolve(result);
      };
      this.inFlight = flight;
      flight.sent = this.send(flight);
    });
    // A frame still being written when its attempt ended is either written now or never: wait
    // for that, so that its key is in the quarantine before the next request is sent.
    await flight.sent;
    if ('reply' in outcome) flight.hold?.answered(flight.ambiguous);
    else flight.hold?.abandon();
    return outcome;
  }

  /** Writes the attempt's frame and starts its timer; never rejects (failures settle the attempt). */
  private async send(flight: InFlight): Promise<void> {
    const { request, policy } = flight.pending;
    try {
      await this.open();
      const bytes = encodeRequest(request);
      if (this.inFlight !== flight) return;
      if (log.enabled) log('send %s', toHex(bytes));
      await this.transport.send(bytes, sendOptions(flight.abandon.signal, policy.connectTimeoutMs));
      this.stats.framesSent++;
    } catch (error) {
      flight.settle?.({ error: asTransportError(error, this.transport.description) });
      return;
    }
    // From the write on, a reply may come however the attempt ends.
    flight.hold = this.quarantine.open(request, Math.max(this.quarantineMs, Math.ceil(policy.timeoutMs * 1.5)));
    if (this.inFlight !== flight) return;
    flight.timer = setTimeout(() => this.timedOut(flight), policy.timeoutMs);
  }

  private timedOut(flight: InFlight): void {
    const { request, policy } = flight.pending;
    this.stats.timeouts++;
    if (request.serviceId === SERVICE_READ) this.pins.forget(request.dstAddr);
    if (flight.refused !== undefined) {
      flight.settle?.({ error: new XcomProtocolError(`the reply to ${describe(request)} does not answer it: ${flight.refused}`) });
      return;
    }
    flight.settle?.({ error: new XcomTimeoutError('attempt timed out', policy.timeoutMs, 1) });
    this.countTimeout();
  }

  /** The dead-link rule: after N consecutive timeouts, the transport re-establishes the link. */
  private countTimeout(): void {
    this.consecutiveTimeouts++;
    if (this.maxConsecutiveTimeouts === 0 || this.consecutiveTimeouts < this.maxConsecutiveTimeouts) return;
    const reason = `${this.consecutiveTimeouts} consecutive requests timed out`;
    this.consecutiveTimeouts = 0;
    this.pins.clear();
    if (this.transport.dropLink === undefined) return;
    this.stats.linksDropped++;
    log('drop link: %s', reason);
    this.transport.dropLink(reason);
  }

  private onFrame(frame: Frame): void {
    let reply: ScomMessage;
    try {
      reply = decodeMessage(frame);
    } catch {
      this.stats.malformedFrames++;
      if (log.enabled) log('drop %s (malformed service data)', hexOf(frame));
      return;
    }
    const flight = this.inFlight;
    const request = flight?.pending.request;
    if (reply.isResponse && this.quarantine.holds(reply, request)) {
      this.stats.droppedFrames++;
      this.stats.lateFrames++;
      if (log.enabled) log('drop %s (late: answers an abandoned request)', hexOf(frame));
      return;
    }
    let why = request === undefined ? 'nothing in flight' : mismatch(request, reply, this.pinFor(request));
    if (flight !== undefined && request !== undefined && why === undefined && !reply.isError && request.check !== undefined) {
      why = request.check(reply);
      if (why !== undefined) flight.refused = why;
    }
    if (flight === undefined || request === undefined || why !== undefined) {
      this.stats.droppedFrames++;
      if (log.enabled) log('drop %s (%s)', hexOf(frame), why);
      return;
    }
    if (log.enabled) log('recv %s', hexOf(frame));
    this.stats.responses++;
    this.consecutiveTimeouts = 0;
    flight.ambiguous = this.quarantine.mayBeLate(reply, request);
    if (request.serviceId === SERVICE_READ) this.pins.learn(request.dstAddr, reply.srcAddr);
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

  /** The one source a read of a phase or multicast address accepts once it was answered. */
  private pinFor(request: HandlerRequest): number | undefined {
    return request.serviceId === SERVICE_READ ? this.pins.sourceFor(request.dstAddr) : undefined;
  }
}

function hexOf(frame: Frame): string {
  return toHex(encodeFrame(frame));
}

function describe(request: HandlerRequest): string {
  const what = request.serviceId === 2 ? 'write' : 'read';
  return `${what} of object ${request.objectId} (type ${request.objectType}, property ${request.propertyId})`;
}

function sendOptions(signal: AbortSignal, connectTimeoutMs: number | undefined): SendOptions {
  return connectTimeoutMs === undefined ? { signal } : { signal, connectTimeoutMs };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    // A pause abandoned by an abort must not keep the process alive.
    (setTimeout(resolve, ms) as { unref?: () => void }).unref?.();
  });
}

/** `promise`, or the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function closedError(): XcomTransportError {
  return new XcomTransportError('CLOSED', 'the client was closed');
}

function resultOf(outcome: Outcome, signal: AbortSignal | undefined): RequestResult {
  if (!('error' in outcome)) return 'ok';
  const error = outcome.error;
  if (error instanceof XcomDeviceError) return 'device_error';
  if (error instanceof XcomTimeoutError) return 'timeout';
  if (error instanceof XcomProtocolError) return 'protocol_error';
  if (error instanceof XcomTransportError) return error.code === 'CLOSED' ? 'closed' : 'link_error';
  return signal?.aborted === true && error === signal.reason ? 'aborted' : 'link_error';
}

function asTransportError(error: unknown, description: string): unknown {
  if (error instanceof XcomError) return error;
  return new XcomTransportError('TRANSPORT', `${description}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
