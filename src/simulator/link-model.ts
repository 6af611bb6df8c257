/**
 * The link model: how long an exchange holds the line before its reply has reached the client.
 * Zero by default; when asked, the request's wire time at a baud rate, the gateway's response
 * latency, and the reply's wire time — the RS-232 line behind an Xcom-LAN's Moxa is half
 * duplex, so exchanges follow one another (the endpoint queues them).
 * @module
 */
import { XcomValidationError } from '../errors.js';
import type { Frame } from '../protocol/frame.js';
import { HEADER_SIZE, TRAILER_SIZE } from '../protocol/frame-layout.js';

/** Options of the link model. */
export interface LinkOptions {
  /** The device's response latency, ms before the first byte (default 0; real gateways take up to 2 s). */
  readonly latencyMs?: number;
  /** The line's baud rate; when set, each request and each reply also take their wire time (default none). */
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

/** The delay before a reply of `byteCount` bytes has fully arrived once its request is in: latency plus wire time. */
export function replyDelayMs(byteCount: number, link: LinkOptions): number {
  return (link.latencyMs ?? 0) + wireTimeMs(byteCount, link);
}

/** The bytes a frame occupies on the wire: start byte and header, data, data checksum. */
export function frameWireBytes(frame: Frame): number {
  return HEADER_SIZE + frame.data.length + TRAILER_SIZE;
}

/**
 * How long one exchange holds the line, from the moment the line is free for its request to
 * the last byte of its reply: the request's wire time (the gateway forwards it onto the
 * RS-232 line), the latency, then the reply's wire time. 0 with the default link.
 *
 * @example
 * ```ts
 * // A 26-byte read and its 30-byte FLOAT reply at 38400 baud 8E1 behind a 100 ms gateway: 116 ms.
 * exchangeDelayMs(26, 30, { baudRate: 38400, bitsPerByte: 11, latencyMs: 100 });
 * ```
 */
export function exchangeDelayMs(requestBytes: number, replyBytes: number, link: LinkOptions): number {
  return wireTimeMs(requestBytes, link) + replyDelayMs(replyBytes, link);
}
