/**
 * The link layer: transports that carry frames.
 * @module
 */
export * from './transport.js';
export * from './base-transport.js';
export * from './memory-transport.js';
