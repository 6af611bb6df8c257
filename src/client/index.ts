/**
 * The client: typed reads and writes over a transport.
 * @module
 */
export * from './xcom-client.js';
export * from './options.js';
export * from './client-events.js';
export * from './results.js';
export * from './stats.js';
export * from './aggregation.js';
export * from './matching.js';
export * from './request-handler.js';
export * from './clock.js';
export * from './reading.js';
