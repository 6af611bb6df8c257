/**
 * Transports from URLs: the one string a command line or a configuration file needs.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { SerialTransport, type SerialTransportOptions } from './serial-transport.js';
import { TcpClientTransport, type TcpClientTransportOptions } from './tcp-client-transport.js';
import { TcpServerTransport, type TcpServerTransportOptions } from './tcp-server-transport.js';
import type { Transport } from './transport.js';
import { UdpTransport, type UdpTransportOptions } from './udp-transport.js';

/**
 * Options that take precedence over those of the URL. Only the options of the transport the
 * URL names are used; the others are ignored, so one object can serve any URL.
 */
export type TransportOverrides = Partial<
  UdpTransportOptions & TcpClientTransportOptions & TcpServerTransportOptions & SerialTransportOptions
>;

type Kind = 'number' | 'string' | 'list';

/** Per scheme: the query parameters it takes, the option each sets, and its kind. */
const QUERY: Record<string, Record<string, readonly [option: string, kind: Kind]>> = {
  udp: {
    localPort: ['localPort', 'number'],
    bind: ['bindAddress', 'string'],
    idleTimeoutMs: ['idleTimeoutMs', 'number'],
  },
  tcp: { connectTimeoutMs: ['connectTimeoutMs', 'number'], idleTimeoutMs: ['idleTimeoutMs', 'number'] },
  'tcp-listen': {
    allow: ['allow', 'list'],
    connectTimeoutMs: ['connectTimeoutMs', 'number'],
    idleTimeoutMs: ['idleTimeoutMs', 'number'],
  },
  serial: {
    baudRate: ['baudRate', 'number'],
    parity: ['parity', 'string'],
    dataBits: ['dataBits', 'number'],
    stopBits: ['stopBits', 'number'],
    interByteTimeoutMs: ['interByteTimeoutMs', 'number'],
  },
};

/** Every option each transport takes, for picking the overrides that apply. */
const OPTIONS: Record<string, readonly string[]> = {
  udp: ['host', 'port', 'localPort', 'bindAddress', 'idleTimeoutMs'],
  tcp: ['host', 'port', 'connectTimeoutMs', 'idleTimeoutMs', 'reconnect', 'timers'],
  'tcp-listen': ['host', 'port', 'allow', 'connectTimeoutMs', 'idleTimeoutMs', 'timers'],
  serial: ['path', 'baudRate', 'parity', 'dataBits', 'stopBits', 'interByteTimeoutMs', 'importModule', 'reconnect', 'timers'],
};

const URL_SHAPE = /^([a-z][a-z0-9+.-]*):\/\/([^?#]*)(?:\?([^#]*))?$/i;
const HOST_PORT = /^(?:\[([^\]]*)\]|([^:/[\]]*))(?::([^:/]*))?\/?$/;

function invalid(message: string, field: string): never {
  throw new XcomValidationError(`openTransport: ${message}`, field);
}

/**
 * Creates the transport a URL describes (it does not open it: call `open()`, or let the
 * client open it on its first request). Bad URLs and options throw `XcomValidationError`
 * whose `field` names the option at fault.
 *
 * - `udp://host[:port]?localPort=4001&bind=0.0.0.0&idleTimeoutMs=50` — {@link UdpTransport}
 *   (port default 4002)
 * - `tcp://host[:port]?connectTimeoutMs=5000&idleTimeoutMs=200` — {@link TcpClientTransport}
 * - `tcp-listen://[host]:port?allow=192.168.1.50,10.0.0.0/8&connectTimeoutMs=15000` —
 *   {@link TcpServerTransport} (`allow`: addresses and CIDR ranges, comma-separated)
 * - `serial:///dev/ttyUSB0?baudRate=38400&parity=even&dataBits=8&stopBits=1` (or
 *   `serial://COM3`) — {@link SerialTransport}
 *
 * @example
 * ```ts
 * const link = openTransport('tcp-listen://0.0.0.0:4001?allow=192.168.1.50', { connectTimeoutMs: 60_000 });
 * await using xcom = new XcomClient(link); // as XcomClient.connect(url) does, without opening yet
 * ```
 *
 * @param url where the installation is
 * @param overrides options that win over the URL's
 */
export function openTransport(url: string, overrides: TransportOverrides = {}): Transport {
  if (typeof url !== 'string') invalid(`url must be a string, got ${String(url)}`, 'url');
  const shape = URL_SHAPE.exec(url.trim());
  if (shape === null) invalid(`"${url}" is not a transport URL (udp://, tcp://, tcp-listen://, serial://)`, 'url');
  const scheme = (shape[1] as string).toLowerCase();
  const rest = shape[2] as string;
  const query = QUERY[scheme];
  const known = OPTIONS[scheme];
  if (query === undefined || known === undefined) {
    invalid(`unknown scheme "${scheme}:" in "${url}" (udp://, tcp://, tcp-listen://, serial://)`, 'url');
  }

  const options: Record<string, unknown> = {};
  if (scheme === 'serial') {
    const path = decode(rest, 'path');
    if (path === '') invalid(`"${url}" names no serial port (serial:///dev/ttyUSB0)`, 'path');
    options['path'] = path;
  } else {
    const parts = HOST_PORT.exec(rest);
    if (parts === null) invalid(`cannot read host and port in "${url}"`, 'host');
    const host = decode(parts[1] ?? parts[2] ?? '', 'host');
    if (host !== '') options['host'] = host;
    else if (scheme !== 'tcp-listen') invalid(`"${url}" names no host`, 'host');
    if (parts[3] !== undefined) options['port'] = toNumber(parts[3], 'port');
  }

  for (const [key, raw] of new URLSearchParams(shape[3] ?? '')) {
    const entry = query[key];
    if (entry === undefined) {
      invalid(`unknown option "${key}" in a ${scheme}:// URL (known: ${Object.keys(query).join(', ')})`, key);
    }
    const [option, kind] = entry;
    options[option] =
      kind === 'number'
        ? toNumber(raw, option)
        : kind === 'list'
          ? raw.split(',').map((item) => item.trim()).filter((item) => item !== '')
          : raw;
  }
  for (const option of known) {
    const value = (overrides as Record<string, unknown>)[option];
    if (value !== undefined) options[option] = value;
  }

  // The constructors validate every option and name it in their errors.
  switch (scheme) {
    case 'udp':
      return new UdpTransport(options as unknown as UdpTransportOptions);
    case 'tcp':
      return new TcpClientTransport(options as unknown as TcpClientTransportOptions);
    case 'tcp-listen':
      return new TcpServerTransport(options as TcpServerTransportOptions);
    default:
      return new SerialTransport(options as unknown as SerialTransportOptions);
  }
}

function toNumber(raw: string, field: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) invalid(`option ${field} must be a number, got "${raw}"`, field);
  return value;
}

function decode(raw: string, field: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return invalid(`bad percent-encoding in ${field} "${raw}"`, field);
  }
}
