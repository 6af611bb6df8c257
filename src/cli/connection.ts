/**
 * A client on the installation for the duration of one command. Loaded only by the commands
 * that connect: it brings the client and the transports.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Variant } from '../client/options.js';
import { XcomClient } from '../client/xcom-client.js';
import { openTransport } from '../transport/open-transport.js';
import type { Transport } from '../transport/transport.js';
import type { Connection } from './connection-options.js';
import type { CliIo } from './io.js';
import { TracingTransport } from './trace-transport.js';

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
  /** Closes the client when it aborts: what is in flight ends at once (Ctrl+C). */
  readonly signal?: AbortSignal;
}

/** Opens a client on the connection, runs `work`, and closes the client whatever happens. */
export async function withClient<T>(connection: Connection, io: CliIo, options: ClientOptions, work: (client: XcomClient) => Promise<T>): Promise<T> {
  const { signal } = options;
  signal?.throwIfAborted();
  const link = openTransport(connection.url, connection.transport);
  const transport: Transport = options.verb >= 3 ? new TracingTransport(link, (line) => io.err(line)) : link;
  const client = new XcomClient(transport, {
    ...connection.client,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.srcAddr === undefined ? {} : { srcAddr: options.srcAddr }),
    ...(options.variant === undefined ? {} : { variant: options.variant }),
    ...(options.batteryVoltage === undefined ? {} : { batteryVoltage: options.batteryVoltage }),
  });
  const stop = (): void => void client.close().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await client.open();
    return await work(client);
  } finally {
    signal?.removeEventListener('abort', stop);
    await client.close();
  }
}
