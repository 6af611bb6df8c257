/**
 * The link layer: transports that carry frames.
 * @module
 */
export * from './transport.js';
export * from './base-transport.js';
export * from './delegating-transport.js';
export * from './backoff.js';
export { type LinkTimers, systemTimers } from './link-timers.js';
// The reconnecting base class is plumbing of the TCP client and serial transports: only its policy is public.
export type { ReconnectPolicy } from './reconnecting-transport.js';
export * from './memory-transport.js';
export * from './udp-transport.js';
export * from './tcp-server-transport.js';
export * from './tcp-client-transport.js';
export * from './serial-transport.js';
export type { SerialParity, SerialPortInfo } from './serial-modules.js';
export * from './list-serial-ports.js';
export * from './open-transport.js';
