/**
 * An endpoint: the simulator served over one transport, with its link model and its faults.
 * @module
 */
import { EventEmitter } from 'node:events';
import type { Frame } from '../protocol/frame.js';
import type { Transport } from '../transport/transport.js';
import { FaultController } from './faults.js';
import { checkLinkOptions, exchangeDelayMs, frameWireBytes, type LinkOptions } from './link-model.js';
import type { ScomResponder } from './responder.js';
import { Reconnector } from './reconnector.js';
import { globalTimers, sleep, type SimTimers } from './timers.js';
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
 * link model's delay, through the endpoint's faults. Replies go out one after the other, as
 * on a half-duplex line.
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
  readonly stats: EndpointStats = { framesReceived: 0, repliesSent: 0, repliesDropped: 0, silent: 0, bytesSent: 0, sendErrors: 0, connectFailures: 0 };
  /** The link model in force; change it at any time. */
  link: LinkOptions;

  private readonly timers: SimTimers;
  private readonly reconnector: Reconnector | undefined;
  private line: Promise<void> = Promise.resolve();
  private readonly onTransportError = (error: unknown): void => {
    this.emit('linkError', error);
  };

  /**
   * @param transport the link to serve (opened by {@link start})
   * @param responder what answers
   * @param options name, link model, timers, fault seed
   */
  constructor(transport: Transport, responder: ScomResponder, options: EndpointOptions = {}) {
    super();
    this.transport = transport;
    this.responder = responder;
    this.name = options.name ?? transport.description;
    this.link = options.link ?? {};
    checkLinkOptions(this.link);
    this.timers = options.timers ?? globalTimers;
    this.faults = new FaultController(options.seed ?? 1);
    this.reconnector =
      options.reconnectMs === undefined
        ? undefined
        : new Reconnector(transport, options.reconnectMs, this.timers, (error) => {
            this.stats.connectFailures++;
            this.emit('linkError', error);
          });
  }

  /** Opens the transport and starts answering. */
  async start(): Promise<void> {
    this.transport.setFrameListener((frame) => this.onFrame(frame));
    this.transport.on('error', this.onTransportError);
    if (this.reconnector !== undefined) await this.reconnector.start();
    else await this.transport.open();
  }

  /** Stops answering and closes the transport. */
  async close(): Promise<void> {
    this.reconnector?.stop();
    this.transport.setFrameListener(undefined);
    await this.transport.close();
    this.transport.off('error', this.onTransportError);
  }

  /** Closes the endpoint (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Resolves when every reply planned so far has been written (or dropped). */
  flush(): Promise<void> {
    return this.line;
  }

  /** Writes raw bytes now, outside any reply: a foreign frame, garbage, half a frame. */
  inject(bytes: Uint8Array): Promise<void> {
    return this.enqueue(async () => {
      await this.write(bytes);
    });
  }

  /**
   * Drops the connection now: a TCP server endpoint disconnects its client, a TCP client
   * endpoint its connection (and reconnects if its transport does); UDP and serial
   * endpoints are closed and reopened.
   */
  closeConnection(): Promise<void> {
    return this.enqueue(() => this.dropLink());
  }

  private onFrame(frame: Frame): void {
    this.stats.framesReceived++;
    let reply: Uint8Array | undefined;
    try {
      reply = this.responder.respond(frame, this.name);
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
    const plan = planTransmission(reply, this.faults.take(), exchangeDelayMs(frameWireBytes(frame), reply.length, this.link), this.faults.random);
    void this.enqueue(() => this.transmit(plan));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.line.then(task).catch((error: unknown) => {
      this.emit('linkError', error);
    });
    this.line = next;
    return next;
  }

  private async transmit(plan: Transmission): Promise<void> {
    if (plan.close) {
      this.stats.repliesDropped++;
      await this.dropLink();
      return;
    }
    for (const chunk of plan.chunks) {
      if (chunk.delayMs > 0) await sleep(chunk.delayMs, this.timers);
      await this.write(chunk.bytes);
    }
    if (plan.dropped) this.stats.repliesDropped++;
    else this.stats.repliesSent += plan.copies;
    this.emit('reply', plan);
  }

  private async write(bytes: Uint8Array): Promise<void> {
    try {
      await this.transport.send(bytes);
      this.stats.bytesSent += bytes.length;
    } catch (error) {
      this.stats.sendErrors++;
      throw error;
    }
  }

  private async dropLink(): Promise<void> {
    if (this.reconnector !== undefined) {
      await this.reconnector.drop();
      return;
    }
    const t = this.transport as Transport & { dropConnection?: () => Promise<void> };
    if (typeof t.dropConnection === 'function') {
      await t.dropConnection();
      return;
    }
    await this.transport.close();
    await this.transport.open();
  }
}
