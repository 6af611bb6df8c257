/**
 * The global connection options: where the installation is and how to reach it. Each option
 * is one entry of {@link CONNECTION_OPTIONS} (its help line and what it sets), so that a new
 * one is added here and nowhere else: every command that connects parses it, lists it in its
 * help, and hands it to the transport or the client.
 * @module
 */
import type { XcomClientOptions } from '../client/options.js';
import type { TransportOverrides } from '../transport/open-transport.js';
import { choiceOption, durationOption, integerOption } from './args.js';
import { UsageError } from './command.js';
import { transportUrl } from './url-arg.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** How to reach the installation, from the command line. */
export interface Connection {
  /** A transport URL (`serial:///dev/ttyUSB0`, `udp://host:4002?localPort=4001`, …). */
  readonly url: string;
  /** What the options set on the transport; wins over the URL's query. */
  readonly transport: TransportOverrides;
  /** What the options set on the client. */
  readonly client: XcomClientOptions;
}

/** A {@link Connection} being assembled from the options, in the order of the table. */
export interface ConnectionDraft {
  /** The place given by `--url` or `--port`, and which of them gave it. */
  where?: { readonly source: string; readonly text: string };
  /** Transport options. */
  readonly transport: Mutable<TransportOverrides>;
  /** Client options. */
  readonly client: Mutable<XcomClientOptions>;
}

/** One global connection option. */
export interface ConnectionOption {
  /** The option and its argument, as the help shows it (`--bps N`). */
  readonly flag: string;
  /** What it does, one or more lines of help. */
  readonly help: readonly string[];
  /** Repeatable: `--opt a --opt b` is `--opt a,b`. */
  readonly list?: boolean;
  /** Puts the value given into the draft; a bad value throws a UsageError naming the option. */
  apply(value: string, draft: ConnectionDraft): void;
}

/** The Xcom-232i's two speeds. */
export const BAUD_RATES = [38400, 115200] as const;

/** `--url` and `--port` both give the place: one of them. */
function place(source: string, text: string, draft: ConnectionDraft): void {
  if (draft.where !== undefined) throw new UsageError('give --url or --port, not both');
  draft.where = { source, text: text.trim() };
}

/** Every global connection option, in the order of the help. */
export const CONNECTION_OPTIONS = {
  port: {
    flag: '--port PORT',
    help: ['a serial device (/dev/ttyUSB0, COM3) or any URL that --url takes'],
    apply: (value, draft) => place('--port', value, draft),
  },
  bps: {
    flag: '--bps N',
    help: ['38400 (default) or 115200, for a serial port'],
    apply: (value, draft) => {
      const baudRate = integerOption(value, '--bps', 1, 10_000_000);
      if (!(BAUD_RATES as readonly number[]).includes(baudRate)) {
        throw new UsageError(`--bps must be 38400 or 115200 (the Xcom-232i's speeds), got "${value}"`);
      }
      draft.transport.baudRate = baudRate;
    },
  },
  parity: {
    flag: '--parity P',
    help: ['even (default) or none, for a serial port'],
    apply: (value, draft) => {
      draft.transport.parity = choiceOption(value, '--parity', ['even', 'none'] as const);
    },
  },
  url: {
    flag: '--url URL',
    help: [
      'udp://HOST[:4002][?localPort=4001] (Xcom-LAN), tcp://HOST:PORT,',
      'tcp-listen://[HOST]:PORT, serial:///dev/ttyUSB0?baudRate=38400;',
      'the environment variable XCOM_URL gives a default',
    ],
    apply: (value, draft) => place('--url', value, draft),
  },
  timeout: {
    flag: '--timeout T',
    help: ['per attempt, e.g. 2s (default), 500ms'],
    apply: (value, draft) => {
      draft.client.timeoutMs = durationOption(value, '--timeout', 600_000);
    },
  },
  wait: {
    flag: '--wait T',
    help: ['how long to wait for the link (a Moxa to connect, a reconnect), e.g. 15s (default)'],
    apply: (value, draft) => {
      draft.client.connectTimeoutMs = durationOption(value, '--wait', 3_600_000);
    },
  },
  allow: {
    flag: '--allow A[,B]',
    help: [
      'tcp-listen://: the peers that may connect, addresses or CIDR ranges',
      '(192.168.1.0/24, fd00::/8); repeatable. Without it, any peer may',
    ],
    list: true,
    apply: (value, draft) => {
      const allow = value
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '');
      if (allow.length === 0) throw new UsageError('--allow needs an address or a CIDR range, e.g. --allow 192.168.1.0/24');
      draft.transport.allow = [...(draft.transport.allow ?? []), ...allow];
    },
  },
} as const satisfies Record<string, ConnectionOption>;

type Table = typeof CONNECTION_OPTIONS;
type ParseConfigOf<T extends Record<string, ConnectionOption>> = {
  readonly [K in keyof T]: T[K] extends { readonly list: true } ? { readonly type: 'string'; readonly multiple: true } : { readonly type: 'string' };
};

/** The connection options for `parseArgs`: each takes a value. */
export const CONNECTION_PARSE = Object.fromEntries(
  Object.entries(CONNECTION_OPTIONS as Record<string, ConnectionOption>).map(([name, option]) => [
    name,
    option.list === true ? { type: 'string', multiple: true } : { type: 'string' },
  ]),
) as ParseConfigOf<Table>;

/** The connection options as parsed, still text. */
export type ConnectionValues = { readonly [K in keyof Table]?: string | readonly string[] | undefined };

const NO_CONNECTION =
  'no installation given: use --port /dev/ttyUSB0 (or COM3), --url udp://HOST (an Xcom-LAN), or set XCOM_URL; xcom test looks for an Xcom-232i';

/** The options as applied, without the place: for a command that picks the place itself (`xcom test`). */
export function connectionDraft(values: ConnectionValues): ConnectionDraft {
  const draft: ConnectionDraft = { transport: {}, client: {} };
  for (const [name, option] of Object.entries(CONNECTION_OPTIONS as Record<string, ConnectionOption>)) {
    const value = values[name as keyof Table];
    if (value !== undefined) option.apply(typeof value === 'string' ? value : value.join(','), draft);
  }
  return draft;
}

/** Resolves the connection from the options, the place from `--url`, `--port` or `XCOM_URL`. */
export function resolveConnection(values: ConnectionValues, env: Readonly<Record<string, string | undefined>>): Connection {
  const draft = connectionDraft(values);
  const fromEnv = env['XCOM_URL']?.trim();
  const where = draft.where ?? (fromEnv === undefined || fromEnv === '' ? undefined : { source: 'XCOM_URL', text: fromEnv });
  if (where === undefined || where.text === '') throw new UsageError(NO_CONNECTION);
  return { url: transportUrl(where.text, where.source), transport: draft.transport, client: draft.client };
}

/** The help lines of the connection options, the text starting at `column`. */
export function connectionHelp(column: number): string[] {
  return Object.values(CONNECTION_OPTIONS as Record<string, ConnectionOption>).flatMap((option) =>
    option.help.map((line, i) => `  ${(i === 0 ? option.flag : '').padEnd(column - 2)}${line}`),
  );
}
