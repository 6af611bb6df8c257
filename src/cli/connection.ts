/**
 * A client on the installation for the duration of one command. Loaded only by the commands
 * that connect: it brings the client and the transports.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Variant } from '../client/options.js';
import { XcomClient } from '../client/xcom-client.js';
import { openTransport } from '../transport/open-transport.js';
import type { Transport, WaitingInfo } from '../transport/transport.js';
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
  /**
   * Opens the link before `work` (default true), so that a missing port or a refused
   * connection ends the command at once; `false` for a command that waits links out itself
   * (`xcom mqtt`): its first request opens the link.
   */
  readonly open?: boolean;
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
  const stopWaiting = reportWaiting(transport, io);
  const stop = (): void => void client.close().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (options.open !== false) await client.open();
    return await work(client);
  } finally {
    signal?.removeEventListener('abort', stop);
    stopWaiting();
    await client.close();
  }
}

/** How long a command waits for its link before it says so. */
const WAITING_NOTICE_MS = 1000;

/**
 * One stderr line once the link has kept a request waiting for a second ("waiting for the Moxa
 * to connect to 0.0.0.0:4001…"): a command that sits silently looks hung. Returns the detach.
 */
function reportWaiting(transport: Transport, io: CliIo): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const onWaiting = (info: WaitingInfo): void => {
    clear();
    timer = setTimeout(() => {
      timer = undefined;
      const bound = info.timeoutMs === undefined ? '' : ` (at most ${Math.round(info.timeoutMs / 1000)} s)`;
      io.err(`xcom: waiting for ${info.for}${bound}…`);
    }, WAITING_NOTICE_MS);
    timer.unref?.();
  };
  transport.on('waiting', onWaiting);
  transport.on('connect', clear);
  return () => {
    clear();
    transport.off('waiting', onWaiting);
    transport.off('connect', clear);
  };
}
