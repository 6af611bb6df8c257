/**
 * The link model: how long a reply takes to reach the client. Zero by default; a device's
 * response latency and the wire time of the bytes at a baud rate when asked.
 * @module
 */
import { XcomValidationError } from '../errors.js';

/** Options of the link model. */
export interface LinkOptions {
  /** The device's response latency, ms before the first byte (default 0; real gateways take up to 2 s). */
  readonly latencyMs?: number;
  /** The line's baud rate; when set, each reply also takes its wire time (default none). */
  readonly baudRate?: number;
  /** Bits on the wire per byte: 11 at 8E1 (default), 10 at 8N1. */
  readonly bitsPerByte?: number;
}

/** Checks link options, naming the bad option. */
export function checkLinkOptions(link: LinkOptions): void {
  if (link.latencyMs !== undefined && !(link.latencyMs >= 0)) {
    throw new XcomValidationError(`latencyMs must be >= 0, got ${link.latencyMs}`, 'latencyMs');
  }
  if (link.baudRate !== undefined && !(link.baudRate > 0)) {
    throw new XcomValidationError(`baudRate must be > 0, got ${link.baudRate}`, 'baudRate');
  }
  if (link.bitsPerByte !== undefined && !(link.bitsPerByte > 0)) {
    throw new XcomValidationError(`bitsPerByte must be > 0, got ${link.bitsPerByte}`, 'bitsPerByte');
  }
}

/** The time `byteCount` bytes take on the wire, ms (0 without a baud rate): 38400 baud 8E1 moves 3491 bytes/s. */
export function wireTimeMs(byteCount: number, link: LinkOptions): number {
  if (link.baudRate === undefined) return 0;
  return (byteCount * (link.bitsPerByte ?? 11) * 1000) / link.baudRate;
}

/** The delay before a reply of `byteCount` bytes has fully arrived: latency plus wire time. */
export function replyDelayMs(byteCount: number, link: LinkOptions): number {
  return (link.latencyMs ?? 0) + wireTimeMs(byteCount, link);
}
