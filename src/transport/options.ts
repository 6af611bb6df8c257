/**
 * Validation of transport options, shared by the constructors and `openTransport()`: each
 * failure is an `XcomValidationError` whose `field` is the option's name.
 * @module
 */
import { isIP } from 'node:net';
import { XcomValidationError } from '../errors.js';

function fail(owner: string, field: string, expected: string, value: unknown): never {
  throw new XcomValidationError(`${owner}: option ${field} must be ${expected}, got ${show(value)}`, field);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A non-empty host name or address. */
export function checkHost(owner: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') fail(owner, field, 'a non-empty host name or address', value);
  return value;
}

/** A TCP/UDP port; `allowZero` lets the system pick a free one. */
export function checkPort(owner: string, field: string, value: unknown, allowZero = false): number {
  const min = allowZero ? 0 : 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 65535) {
    fail(owner, field, `an integer from ${min} to 65535`, value);
  }
  return value;
}

/** A positive duration in milliseconds (at most 2^31-1, the longest a Node timer can wait). */
export function checkMs(owner: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 0x7fffffff) {
    fail(owner, field, 'a positive number of milliseconds', value);
  }
  return value;
}

/** A positive integer. */
export function checkPositiveInt(owner: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) fail(owner, field, 'a positive integer', value);
  return value;
}

/** One of a fixed set of values. */
export function checkOneOf<T extends string | number>(
  owner: string,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!(allowed as readonly unknown[]).includes(value)) fail(owner, field, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

/**
 * Whether a listening address reaches only this machine (`127.0.0.0/8`, `::1`, `localhost`);
 * `undefined` (every interface) and any other address or name reach the network.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const plain = normalizeAddress(host.trim().replace(/^\[(.*)\]$/, '$1'));
  if (plain === 'localhost') return true;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1' || plain === '0:0:0:0:0:0:0:1';
}

/** Writes an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) as plain IPv4, so both compare equal. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address.toLowerCase();
}

/** `host:port`, with brackets around an IPv6 address. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
