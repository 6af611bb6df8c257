/**
 * The Scom wire format: pure, synchronous, no I/O.
 * @module
 */
export * from './checksum.js';
export * from './format.js';
export * from './iso-8859-15.js';
export * from './value-codec.js';
export * from './frame.js';
export * from './frame-flags.js';
export * from './frame-decoder.js';
export * from './service.js';
export * from './multi-info.js';
export * from './message-record.js';
export * from './identity-encoding.js';
export * from './rcc-screen.js';
export * from './screen-codec.js';
export * from './file-transfer.js';
