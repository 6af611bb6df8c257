/**
 * Where the installation is (`--url`, `--port`, `XCOM_URL`), and a client on it for the
 * duration of one command.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Variant } from '../client/options.js';
import { XcomClient } from '../client/xcom-client.js';
import { openTransport } from '../transport/open-transport.js';
import type { Transport } from '../transport/transport.js';
import { choiceOption, durationOption, integerOption } from './args.js';
import { UsageError } from './command.js';
import type { CliIo } from './io.js';
import { TracingTransport } from './trace-transport.js';

/** The connection options as parsed, still text. */
export interface ConnectionValues {
  /** `--url`. */
  readonly url?: string | undefined;
  /** `--port`: a serial device or a URL. */
  readonly port?: string | undefined;
  /** `--bps`. */
  readonly bps?: string | undefined;
  /** `--parity`. */
  readonly parity?: string | undefined;
  /** `--timeout`. */
  readonly timeout?: string | undefined;
}

/** How to reach the installation. */
export interface Connection {
  /** A transport URL (`serial:///dev/ttyUSB0`, `udp://host:4002?localPort=4001`, …). */
  readonly url: string;
  /** `--bps`, for a serial port. */
  readonly baudRate: number | undefined;
  /** `--parity`, for a serial port. */
  readonly parity: 'even' | 'none' | undefined;
  /** `--timeout` per attempt, in milliseconds. */
  readonly timeoutMs: number | undefined;
}

/** The Xcom-232i's two speeds. */
export const BAUD_RATES = [38400, 115200] as const;

const NO_CONNECTION =
  'no installation given: use --port /dev/ttyUSB0 (or COM3), --url udp://HOST (an Xcom-LAN), or set XCOM_URL; xcom test looks for an Xcom-232i';

/** A serial device path as a `serial://` URL; a URL stays as it is. */
export function portToUrl(port: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(port)) return port;
  return `serial://${port.replace(/[%?#]/g, (c) => encodeURIComponent(c))}`;
}

/** The serial line settings of `--bps` and `--parity`. */
export function serialSettings(values: ConnectionValues): { baudRate: number | undefined; parity: 'even' | 'none' | undefined } {
  const baudRate = integerOption(values.bps, '--bps', 1, 10_000_000);
  if (baudRate !== undefined && !(BAUD_RATES as readonly number[]).includes(baudRate)) {
    throw new UsageError(`--bps must be 38400 or 115200 (the Xcom-232i's speeds), got "${values.bps ?? ''}"`);
  }
  return { baudRate, parity: choiceOption(values.parity, '--parity', ['even', 'none'] as const) };
}

/** Resolves the connection from `--url`, `--port` or the `XCOM_URL` environment variable. */
export function resolveConnection(values: ConnectionValues, env: CliIo['env']): Connection {
  if (values.url !== undefined && values.port !== undefined) throw new UsageError('give --url or --port, not both');
  const given = values.url ?? values.port ?? env['XCOM_URL'];
  if (given === undefined || given.trim() === '') throw new UsageError(NO_CONNECTION);
  return {
    url: portToUrl(given.trim()),
    ...serialSettings(values),
    timeoutMs: durationOption(values.timeout, '--timeout', 600_000),
  };
}

/** Options of {@link withClient}. */
export interface ClientOptions {
  /** `--verb`: 3 prints every frame on stderr. */
  readonly verb: number;
  /** Read retries after a timeout (default the client's). */
  readonly retries?: number;
  /** Our Scom source address (default 1). */
  readonly srcAddr?: number;
  /** The Xtenders' ranges: 230 Vac (default) or 120 Vac models. */
  readonly variant?: Variant;
  /** The battery's nominal voltage (default 48). */
  readonly batteryVoltage?: BatteryVoltage;
}

/** Opens a client on the connection, runs `work`, and closes the client whatever happens. */
export async function withClient<T>(connection: Connection, io: CliIo, options: ClientOptions, work: (client: XcomClient) => Promise<T>): Promise<T> {
  const overrides = {
    ...(connection.baudRate === undefined ? {} : { baudRate: connection.baudRate }),
    ...(connection.parity === undefined ? {} : { parity: connection.parity }),
  };
  const link = openTransport(connection.url, overrides);
  const transport: Transport = options.verb >= 3 ? new TracingTransport(link, (line) => io.err(line)) : link;
  const client = new XcomClient(transport, {
    ...(connection.timeoutMs === undefined ? {} : { timeoutMs: connection.timeoutMs }),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.srcAddr === undefined ? {} : { srcAddr: options.srcAddr }),
    ...(options.variant === undefined ? {} : { variant: options.variant }),
    ...(options.batteryVoltage === undefined ? {} : { batteryVoltage: options.batteryVoltage }),
  });
  try {
    await client.open();
    return await work(client);
  } finally {
    await client.close();
  }
}
