/**
 * An endpoint: the simulator served over one transport, with its link model and its faults.
 * @module
 */
import { EventEmitter } from 'node:events';
import { SCOM_ERRORS } from '../constants.js';
import { XcomTransportError, XcomValidationError } from '../errors.js';
import type { Frame } from '../protocol/frame.js';
import { SERVICE_HEADER_SIZE } from '../protocol/service.js';
import type { DisconnectInfo, Transport } from '../transport/transport.js';
import { FaultController } from './faults.js';
import { checkLinkOptions, exchangeDelayMs, frameWireBytes, type LinkOptions } from './link-model.js';
import { Reconnector } from './reconnector.js';
import { LinkGone, ReplyLine } from './reply-line.js';
import type { ScomResponder } from './responder.js';
import { isMultiLink, type LinkHandler, type SimLink, TransportLink } from './sim-link.js';
import { globalTimers, type SimTimers } from './timers.js';
import { planTransmission, type Transmission } from './transmission.js';

/** Options of a {@link SimEndpoint}. */
export interface EndpointOptions {
  /** A name for logs and the request log (default the transport's description). */
  readonly name?: string;
  /** The link model (default: no delay). */
  readonly link?: LinkOptions;
  /** The timers used for delays (default the global ones, looked up at each call). */
  readonly timers?: SimTimers;
  /** Seeds the fault rates, garbage and split points (default 1). */
  readonly seed?: number;
  /**
   * Keep the link up, as a Moxa in "TCP client" mode does: connect without failing, and after
   * a drop or a failed attempt try again this many ms later. Default: off (`start()` fails
   * when the transport cannot open).
   */
  readonly reconnectMs?: number;
  /**
   * With `reconnectMs`: `start()` still fails when the first attempt fails (a serial device
   * that does not exist), and reconnecting only covers later drops (the device unplugged).
   * Default false.
   */
  readonly requireFirstLink?: boolean;
  /**
   * The most replies waiting (or being written) for one link (default 8). A request that
   * would exceed it is dropped unanswered and counted in {@link EndpointStats.requestsDropped}:
   * a peer that asks faster than the simulator answers, or never reads, cannot make it hold more.
   */
  readonly replyQueueLimit?: number;
}

/** What an endpoint did, for tests. Counters only grow. */
export interface EndpointStats {
  /** Frames received and handed to the responder. */
  framesReceived: number;
  /** Replies written in full (a duplicate counts twice). */
  repliesSent: number;
  /** Replies dropped by a fault. */
  repliesDropped: number;
  /** Requests the responder chose not to answer (responses from someone else). */
  silent: number;
  /** Bytes written, injected extras included. */
  bytesSent: number;
  /** Writes that failed (the link was down). */
  sendErrors: number;
  /** Connection attempts that failed (an endpoint that reconnects, before its peer listens). */
  connectFailures: number;
  /**
   * Frames dropped unread because their link's reply queue was full (the peer asks faster
   * than the simulator answers, or does not read its replies).
   */
  requestsDropped: number;
  /**
   * Bytes thrown away undecoded because their link's reply queue was full (the simulator's
   * TCP listener, under a flood: decoding requests only to drop them would cost more).
   */
  bytesDropped: number;
  /** Replies thrown away unsent (or half sent) because their link went away or the endpoint closed. */
  repliesDiscarded: number;
  /** The most replies ever queued for one link at once (never above the queue limit). */
  peakQueued: number;
  /** Links that came up: connections accepted or made, transports opened. */
  connections: number;
  /** Connections refused because the most allowed at once were already served. */
  connectionsRefused: number;
  /** Requests lost on their way by a `'drop-request'` fault (the installation never saw them). */
  requestsLost: number;
}

/** Events of a {@link SimEndpoint}. */
export interface SimEndpointEvents {
  /** A write or a reconnection failed (for example no client connected yet). Not Node's special `error`: nobody has to listen. */
  linkError: [error: unknown];
  /** A reply went out (or was dropped by a fault). */
  reply: [transmission: Transmission];
}

/**
 * Serves a {@link ScomResponder} over one {@link Transport}: frames in, replies out after the
 * link model's delay, through the endpoint's faults.
 *
 * Each reply belongs to the link its request came on — a TCP connection of the simulator's
 * listener, or a UDP, serial or outgoing TCP transport until it drops or reopens — and is
 * thrown away when that link goes. The replies of one link go out one after the other, as on
 * a half-duplex line, at most `replyQueueLimit` of them waiting; nothing is written after
 * {@link SimEndpoint.close}.
 *
 * @example
 * ```ts
 * const [client, device] = MemoryTransport.pair();
 * const endpoint = new SimEndpoint(device, new ScomResponder(new SimInstallation()));
 * await endpoint.start();
 * endpoint.faults.next('drop');
 * ```
 */
export class SimEndpoint extends EventEmitter<SimEndpointEvents> {
  /** The endpoint's name. */
  readonly name: string;
  /** The transport served. */
  readonly transport: Transport;
  /** The responder that answers. */
  readonly responder: ScomResponder;
  /** This endpoint's faults. */
  readonly faults: FaultController;
  /** What the endpoint did. */
  readonly stats: EndpointStats = {
    framesReceived: 0,
    repliesSent: 0,
    repliesDropped: 0,
    silent: 0,
    bytesSent: 0,
    sendErrors: 0,
    connectFailures: 0,
    requestsDropped: 0,
    bytesDropped: 0,
    repliesDiscarded: 0,
    peakQueued: 0,
    connections: 0,
    connectionsRefused: 0,
    requestsLost: 0,
  };
  /** The most replies waiting for one link. */
  readonly replyQueueLimit: number;
  /** The link model in force; change it at any time. */
  link: LinkOptions;

  private readonly timers: SimTimers;
  private readonly reconnector: Reconnector | undefined;
  private readonly requireFirstLink: boolean;
  private readonly lines = new Map<SimLink, ReplyLine>();
  /** Lines whose link went, until their task in progress has stopped. */
  private readonly endingLines = new Set<ReplyLine>();
  /** The link of a transport that carries one conversation at a time. */
  private current: TransportLink | undefined;
  private closed = false;
  private lastConnectError: unknown;
  private readonly onTransportError = (error: unknown): void => {
    this.emit('linkError', error);
  };
  private readonly onConnect = (): void => {
    this.stats.connections++;
  };
  private readonly onDisconnect = (_info: DisconnectInfo): void => {
    this.endCurrentLink();
  };
  private readonly linkHandler: LinkHandler = {
    frame: (frame, link) => this.onFrame(frame, link),
    ended: (link) => this.endLink(link),
    refused: () => {
      this.stats.connectionsRefused++;
    },
    hasRoom: (link) => !this.closed && !(this.lines.get(link)?.isFull ?? false),
    discarded: (_link, bytes) => {
      this.stats.bytesDropped += bytes;
    },
  };

  /**
   * @param transport the link to serve (opened by {@link start})
   * @param responder what answers
   * @param options name, link model, timers, fault seed, reconnection, reply queue limit
   */
  constructor(transport: Transport, responder: ScomResponder, options: EndpointOptions = {}) {
    super();
    this.transport = transport;
    this.responder = responder;
    this.name = options.name ?? transport.description;
    this.link = options.link ?? {};
    checkLinkOptions(this.link);
    const limit = options.replyQueueLimit ?? 8;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new XcomValidationError(`replyQueueLimit must be a positive integer, got ${String(limit)}`, 'replyQueueLimit');
    }
    this.replyQueueLimit = limit;
    this.timers = options.timers ?? globalTimers;
    this.faults = new FaultController(options.seed ?? 1);
    this.requireFirstLink = options.requireFirstLink ?? false;
    this.reconnector =
      options.reconnectMs === undefined
        ? undefined
        : new Reconnector(transport, options.reconnectMs, this.timers, (error) => {
            this.stats.connectFailures++;
            this.lastConnectError = error;
            this.emit('linkError', error);
          });
  }

  /** Opens the transport and starts answering. */
  async start(): Promise<void> {
    const t = this.transport;
    if (isMultiLink(t)) t.setLinkHandler(this.linkHandler);
    else {
      t.setFrameListener((frame) => this.onFrame(frame, this.currentLink()));
      t.on('disconnect', this.onDisconnect);
    }
    t.on('connect', this.onConnect);
    t.on('error', this.onTransportError);
    if (this.reconnector === undefined) {
      await t.open();
      return;
    }
    await this.reconnector.start();
    if (this.requireFirstLink && !t.isOpen) {
      this.reconnector.stop();
      throw this.lastConnectError ?? new XcomTransportError('CONNECT_FAILED', `cannot open ${t.description}`);
    }
  }

  /** Stops answering, throws away the replies not sent yet, and closes the transport. */
  async close(): Promise<void> {
    this.closed = true;
    this.reconnector?.stop();
    for (const link of [...this.lines.keys()]) this.endLink(link);
    this.current?.end();
    this.current = undefined;
    const t = this.transport;
    if (isMultiLink(t)) t.setLinkHandler(undefined);
    else t.setFrameListener(undefined);
    t.off('disconnect', this.onDisconnect);
    t.off('connect', this.onConnect);
    await t.close();
    t.off('error', this.onTransportError);
  }

  /** Closes the endpoint (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Resolves when every reply planned so far has been written (or dropped, or discarded). */
  async flush(): Promise<void> {
    await Promise.all([...this.lines.values(), ...this.endingLines].map((line) => line.idle()));
  }

  /** Writes raw bytes now, after the replies already queued, to every link: a foreign frame, garbage, half a frame. */
  async inject(bytes: Uint8Array): Promise<void> {
    await Promise.all(this.liveLines().map((line) => line.push(async (l) => this.write(l, bytes))));
  }

  /**
   * Drops the connection now: a TCP server endpoint disconnects its clients, a TCP client
   * endpoint its connection (and reconnects if its transport does); UDP and serial
   * endpoints are closed and reopened. Replies already queued go out first.
   */
  async closeConnection(): Promise<void> {
    await Promise.all(this.liveLines().map((line) => line.push(() => this.dropLink(line.link))));
  }

  /** The lines of the links up now (creating the line of a single-link transport). */
  private liveLines(): ReplyLine[] {
    if (this.closed) return [];
    const t = this.transport;
    const links = isMultiLink(t) ? t.links : [this.currentLink()];
    return links.filter((link) => link.isUp).map((link) => this.lineOf(link));
  }

  private currentLink(): TransportLink {
    this.current ??= new TransportLink(this.transport, this.transport.description);
    return this.current;
  }

  private endCurrentLink(): void {
    const link = this.current;
    this.current = undefined;
    if (link === undefined) return;
    link.end();
    this.endLink(link);
  }

  private endLink(link: SimLink): void {
    const line = this.lines.get(link);
    if (line === undefined) return;
    this.lines.delete(link);
    line.end();
    this.endingLines.add(line);
    void line.idle().then(() => this.endingLines.delete(line));
  }

  private lineOf(link: SimLink): ReplyLine {
    let line = this.lines.get(link);
    if (line === undefined) {
      line = new ReplyLine(link, this.replyQueueLimit, this.timers, {
        error: (error) => this.emit('linkError', error),
        discarded: (count) => {
          this.stats.repliesDiscarded += count;
        },
      });
      this.lines.set(link, line);
    }
    return line;
  }

  private onFrame(frame: Frame, link: SimLink): void {
    if (this.closed || !link.isUp) return;
    const line = this.lineOf(link);
    if (line.isFull) {
      // Dropped before the responder sees it: no reply to hold, no write applied.
      this.stats.requestsDropped++;
      return;
    }
    this.stats.framesReceived++;
    // Faults on the request: only a request would be answered (someone else's replies are not).
    const early = isRequest(frame) ? this.faults.takeForRequest() : undefined;
    if (early?.some((f) => f.kind === 'drop-request') === true) {
      this.stats.requestsLost++;
      return;
    }
    const refusal = early?.some((f) => f.kind === 'busy') === true ? SCOM_ERRORS.SCOM_ERROR_GATEWAY_BUSY : undefined;
    let reply: Uint8Array | undefined;
    try {
      reply = this.responder.respond(frame, this.name, refusal);
    } catch (error) {
      // A bug in the model must not take the transport down with it: report and stay silent.
      this.emit('linkError', error);
      return;
    }
    if (reply === undefined) {
      this.stats.silent++;
      return;
    }
    // The exchange is timed whole (request in, latency, reply out) on the queued half-duplex line.
    const faults = early === undefined ? this.faults.take() : early.filter((f) => f.kind !== 'busy');
    const plan = planTransmission(reply, faults, exchangeDelayMs(frameWireBytes(frame), reply.length, this.link), this.faults.random);
    line.offer((l) => this.transmit(l, plan));
    if (line.depth > this.stats.peakQueued) this.stats.peakQueued = line.depth;
  }

  private async transmit(line: ReplyLine, plan: Transmission): Promise<void> {
    if (plan.close) {
      this.stats.repliesDropped++;
      await this.dropLink(line.link);
      return;
    }
    for (const chunk of plan.chunks) {
      await line.pause(chunk.delayMs);
      await this.write(line, chunk.bytes);
    }
    if (plan.dropped) this.stats.repliesDropped++;
    else this.stats.repliesSent += plan.copies;
    this.emit('reply', plan);
  }

  private async write(line: ReplyLine, bytes: Uint8Array): Promise<void> {
    try {
      await line.write(bytes);
      this.stats.bytesSent += bytes.length;
    } catch (error) {
      if (!(error instanceof LinkGone)) this.stats.sendErrors++;
      throw error;
    }
  }

  private async dropLink(link: SimLink): Promise<void> {
    const t = this.transport;
    if (isMultiLink(t)) {
      await t.closeLink(link);
      return;
    }
    if (link === this.current) this.endCurrentLink();
    if (this.reconnector !== undefined) {
      await this.reconnector.drop();
      return;
    }
    await t.close();
    await t.open();
  }
}

/** Whether a frame is a request (the responder answers only those): its service flags lack the response bit. */
function isRequest(frame: Frame): boolean {
  return frame.data.length >= SERVICE_HEADER_SIZE && ((frame.data[0] as number) & 0x02) === 0;
}
