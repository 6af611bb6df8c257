/**
 * The simulator as users start it: an installation, its responder, and endpoints on any
 * transport, behind one handle.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { SerialTransport } from '../transport/serial-transport.js';
import { TcpClientTransport } from '../transport/tcp-client-transport.js';
import type { Transport } from '../transport/transport.js';
import { UdpTransport } from '../transport/udp-transport.js';
import { SimEndpoint, type EndpointOptions } from './endpoint.js';
import { SimInstallation } from './installation.js';
import type { InstallationOptions } from './installation-options.js';
import type { LinkOptions } from './link-model.js';
import type { RequestLog } from './request-log.js';
import { ScomResponder, type ResponderOptions } from './responder.js';
import { SimTcpListener } from './tcp-listener.js';
import type { SimTimers } from './timers.js';

/** The simulator as an Xcom-LAN in UDP mode: it listens on `port` and replies to the client's port. */
export interface UdpServeOptions {
  /** The local port the simulator listens on (default 4002, the Moxa's). 0 picks a free one. */
  readonly port?: number;
  /** The local address to bind (default `'127.0.0.1'`). */
  readonly host?: string;
  /** The client's host the replies go to (default `'127.0.0.1'`). */
  readonly clientHost?: string;
  /** The client's port the replies go to (default 4001, the Moxa's destination port). */
  readonly clientPort?: number;
}

/**
 * The simulator as a Moxa in "TCP server" mode: it listens and clients connect, several at
 * once, each answered on its own connection.
 */
export interface TcpListenOptions {
  /** The port to listen on (0, the default when missing, picks a free one). */
  readonly port?: number;
  /** The address to listen on (default `'127.0.0.1'`). */
  readonly host?: string;
  /** The most clients served at once (default 4); a connection beyond that is closed at once and counted. */
  readonly maxConnections?: number;
}

/** The simulator as a Moxa in "TCP client" mode: it connects to the client's listener and reconnects. */
export interface TcpConnectOptions {
  /** The client's host (default `'127.0.0.1'`). */
  readonly host?: string;
  /** The client's listening port (4001 in Studer's setup). */
  readonly port: number;
  /** The pause before reconnecting after a drop or a failed attempt (default 1000 ms). */
  readonly reconnectMs?: number;
}

/** The simulator on a serial device (for example one end of a socat pty pair). */
export interface SerialServeOptions {
  /** The device path (`/dev/pts/5`, a socat link). */
  readonly path: string;
  /** The baud rate (default 38400; a pty ignores it). */
  readonly baudRate?: number;
  /** The pause before reopening the device after it disappeared (default 1000 ms). */
  readonly reconnectMs?: number;
}

/** Everything {@link startSimulator} takes: the installation, Scom behaviour, link, and where to serve. */
export interface SimulatorOptions extends InstallationOptions, Omit<ResponderOptions, 'log'> {
  /** Serve as an Xcom-LAN over UDP: a port, or the full options. */
  readonly udp?: number | UdpServeOptions;
  /** Serve as a Moxa in "TCP server" mode: a port, or the full options. */
  readonly tcpListen?: number | TcpListenOptions;
  /** Serve as a Moxa in "TCP client" mode: `'host:port'`, or the full options. */
  readonly tcpConnect?: string | TcpConnectOptions;
  /** Serve on a serial device: a path, or the full options. */
  readonly serial?: string | SerialServeOptions;
  /** Serve on these transports too (for example one end of a `MemoryTransport.pair()`). */
  readonly transports?: readonly Transport[];
  /** The link model of every endpoint (default: no delay). */
  readonly link?: LinkOptions;
  /** Shorthand for `link.latencyMs`. */
  readonly latencyMs?: number;
  /** The timers of every endpoint (default the global ones). */
  readonly timers?: SimTimers;
  /**
   * The most replies waiting for one link (one TCP connection, the UDP client, the serial
   * line) of every endpoint (default 8); a request beyond it is dropped unanswered and counted.
   */
  readonly replyQueueLimit?: number;
}

function parseHostPort(text: string): TcpConnectOptions {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || !(port > 0 && port < 65536)) {
    throw new XcomValidationError(`tcpConnect must be 'host:port', got ${JSON.stringify(text)}`, 'tcpConnect');
  }
  return { host: match[1] ?? (match[2] === '' ? '127.0.0.1' : (match[2] ?? '127.0.0.1')), port };
}

/**
 * A running simulated Studer installation: the device model, the Scom responder, and one
 * endpoint per transport it serves. Create it with {@link startSimulator} (or construct and
 * {@link Simulator.start}); close it with `close()` or `await using`.
 *
 * @example
 * ```ts
 * import { startSimulator } from 'xcom-ts/simulator';
 *
 * await using sim = await startSimulator({ udp: { port: 4002 }, tcpListen: { port: 4001 }, seed: 42 });
 * // a client: udp://127.0.0.1:4002?localPort=4001, or tcp://127.0.0.1:4001
 * sim.endpoint('udp').faults.next('drop');          // lose the next UDP reply
 * sim.installation.setValue(101, 1138, 40);         // as if set on the RCC
 * sim.installation.raiseEvent({ type: 16 });        // "Fan error detected"
 * console.log(sim.requests.last(), sim.installation.flashWrites(101, 1138));
 * ```
 */
export class Simulator {
  /** The simulated devices and their values. */
  readonly installation: SimInstallation;
  /** The Scom responder. */
  readonly responder: ScomResponder;
  /** The endpoints served, in the order they were started. */
  readonly endpoints: SimEndpoint[] = [];
  private readonly options: SimulatorOptions;
  private closed = false;

  /** @param options the installation, the Scom behaviour, the link, where to serve */
  constructor(options: SimulatorOptions = {}) {
    this.options = options;
    this.installation = new SimInstallation(options);
    this.responder = new ScomResponder(this.installation, {
      ...(options.multicastRead === undefined ? {} : { multicastRead: options.multicastRead }),
      ...(options.multiInfo === undefined ? {} : { multiInfo: options.multiInfo }),
      ...(options.ramProperty === undefined ? {} : { ramProperty: options.ramProperty }),
      ...(options.screen === undefined ? {} : { screen: options.screen }),
    });
  }

  /** Every request received on any endpoint, oldest first. */
  get requests(): RequestLog {
    return this.responder.log;
  }

  /** Starts every endpoint the options name; resolves when each listens (or, for `tcpConnect`, tries to connect). */
  async start(): Promise<this> {
    const o = this.options;
    try {
      if (o.udp !== undefined) {
        const u: UdpServeOptions = typeof o.udp === 'number' ? { port: o.udp } : o.udp;
        const transport = new UdpTransport({
          host: u.clientHost ?? '127.0.0.1',
          port: u.clientPort ?? 4001,
          localPort: u.port ?? 4002,
          bindAddress: u.host ?? '127.0.0.1',
        });
        await this.serve(transport, { name: 'udp' });
      }
      if (o.tcpListen !== undefined) {
        const t: TcpListenOptions = typeof o.tcpListen === 'number' ? { port: o.tcpListen } : o.tcpListen;
        const listener = new SimTcpListener({
          port: t.port ?? 0,
          host: t.host ?? '127.0.0.1',
          ...(t.maxConnections === undefined ? {} : { maxConnections: t.maxConnections }),
        });
        await this.serve(listener, { name: 'tcp-listen' });
      }
      if (o.tcpConnect !== undefined) {
        const c = typeof o.tcpConnect === 'string' ? parseHostPort(o.tcpConnect) : o.tcpConnect;
        const transport = new TcpClientTransport({ host: c.host ?? '127.0.0.1', port: c.port });
        await this.serve(transport, { name: 'tcp-connect', reconnectMs: c.reconnectMs ?? 1000 });
      }
      if (o.serial !== undefined) {
        const s: SerialServeOptions = typeof o.serial === 'string' ? { path: o.serial } : o.serial;
        // A passive end nobody sends on would never reopen by itself after its device vanished.
        await this.serve(new SerialTransport({ path: s.path, baudRate: s.baudRate ?? 38400 }), {
          name: 'serial',
          reconnectMs: s.reconnectMs ?? 1000,
          requireFirstLink: true,
        });
      }
      for (const [i, transport] of (o.transports ?? []).entries()) await this.serve(transport, { name: `transport-${i + 1}` });
    } catch (error) {
      await this.close();
      throw error;
    }
    return this;
  }

  /** Serves the simulator on one more transport; resolves with its endpoint, started. */
  async serve(transport: Transport, options: EndpointOptions = {}): Promise<SimEndpoint> {
    const link = this.options.latencyMs === undefined ? this.options.link : { ...this.options.link, latencyMs: this.options.latencyMs };
    const endpoint = new SimEndpoint(transport, this.responder, {
      ...(link === undefined ? {} : { link }),
      ...(this.options.replyQueueLimit === undefined ? {} : { replyQueueLimit: this.options.replyQueueLimit }),
      ...(this.options.timers === undefined ? {} : { timers: this.options.timers }),
      seed: (this.options.seed ?? 1) + this.endpoints.length,
      ...options,
    });
    this.endpoints.push(endpoint);
    await endpoint.start();
    return endpoint;
  }

  /** The endpoint named `name` (`'udp'`, `'tcp-listen'`, `'tcp-connect'`, `'serial'`, `'transport-1'`, …). */
  endpoint(name: string): SimEndpoint {
    const endpoint = this.endpoints.find((e) => e.name === name);
    if (endpoint === undefined) {
      throw new XcomValidationError(`no endpoint '${name}' (have: ${this.endpoints.map((e) => e.name).join(', ') || 'none'})`, 'name');
    }
    return endpoint;
  }

  /** How a client reaches each endpoint, as `XcomClient.connect()` URLs. */
  connectionUrls(): string[] {
    const urls: string[] = [];
    for (const e of this.endpoints) {
      const t = e.transport;
      if (t instanceof UdpTransport) {
        const u: UdpServeOptions = typeof this.options.udp === 'number' ? { port: this.options.udp } : (this.options.udp ?? {});
        urls.push(`udp://${u.host ?? '127.0.0.1'}:${t.localPort ?? u.port ?? 4002}?localPort=${u.clientPort ?? 4001}`);
      } else if (t instanceof SimTcpListener) {
        urls.push(t.description.replace('tcp-listen://', 'tcp://'));
      } else if (t instanceof TcpClientTransport) {
        urls.push(t.description.replace('tcp://', 'tcp-listen://'));
      } else {
        urls.push(t.description);
      }
    }
    return urls;
  }

  /** Stops every endpoint. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.endpoints.map((e) => e.close().catch(() => undefined)));
  }

  /** Closes the simulator (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * Starts a simulated Studer installation and serves it on the transports the options name.
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ udp: { port: 4002 }, seed: 7 });
 * try {
 *   // talk to udp://127.0.0.1:4002?localPort=4001
 * } finally {
 *   await sim.close();
 * }
 * ```
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return new Simulator(options).start();
}
