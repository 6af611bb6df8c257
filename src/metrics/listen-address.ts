/**
 * Where the exporter listens: loopback unless another address is named.
 * @module
 */
import { isIP } from 'node:net';
import { XcomValidationError } from '../errors.js';

/** A host and a port to listen on. */
export interface ListenAddress {
  /** The address (`127.0.0.1`, `::1`, `0.0.0.0`, a host name). */
  readonly host: string;
  /** The TCP port; 0 for any free one. */
  readonly port: number;
}

/** Prometheus's registered port for exporters of this kind, on loopback. */
export const DEFAULT_LISTEN = '127.0.0.1:9464';

const NAME_IT = 'name the address: 127.0.0.1:9464 (this host only, the default), [::1]:9464, or 0.0.0.0:9464 (every interface)';

/**
 * `'127.0.0.1:9464'`, `'[::1]:9464'`, `'0.0.0.0:9464'`, `'localhost:9464'`, or a port alone
 * (`9464`, `'9464'`), which listens on 127.0.0.1. An empty host (`':9464'`) and an abbreviated
 * IPv4 address (`'0:9464'`, which the resolver reads as 0.0.0.0) are refused: every interface
 * is only listened on when named.
 */
export function parseListenAddress(text: string | number, field = 'listen'): ListenAddress {
  if (typeof text === 'number') return { host: '127.0.0.1', port: portOf(String(text), field) };
  if (typeof text !== 'string') throw new XcomValidationError(`${field} must be HOST:PORT or a port, got ${JSON.stringify(text)}`, field);
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { host: '127.0.0.1', port: portOf(trimmed, field) };
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(trimmed);
  if (match === null) throw new XcomValidationError(`${field} must be HOST:PORT (IPv6 in brackets) or a port, got ${JSON.stringify(text)}`, field);
  const host = match[1] ?? match[2] ?? '';
  if (host === '') throw new XcomValidationError(`${field} ${JSON.stringify(text)} has no host: ${NAME_IT}`, field);
  // The resolver reads "0" as 0.0.0.0 and "2130706433" as 127.0.0.1: every interface must be named in full.
  if (isIP(host) === 0 && /^[\d.]+$/.test(host)) throw new XcomValidationError(`${field}: "${host}" is an abbreviated IPv4 address: ${NAME_IT}`, field);
  if (match[1] !== undefined && isIP(host) !== 6) throw new XcomValidationError(`${field}: "${host}" in brackets is not an IPv6 address`, field);
  if (match[1] === undefined && isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host)) {
    throw new XcomValidationError(`${field}: "${host}" is neither an IP address nor a host name`, field);
  }
  return { host, port: portOf(match[3] ?? '', field) };
}

function portOf(text: string, field: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw new XcomValidationError(`${field}: the port must be 0 to 65535, got ${JSON.stringify(text)}`, field);
  return port;
}

/** `host:port` for a URL (IPv6 in brackets). */
export function hostPort(address: ListenAddress): string {
  return isIP(address.host) === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
