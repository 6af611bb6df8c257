/**
 * The datapoint catalogue generated from Studer's appendix.
 * @module
 */
export * from './types.js';
export * from './families.js';
