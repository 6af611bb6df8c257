/**
 * xcom-ts: talk to Studer-Innotec installations (Xtender, VarioTrack, VarioString, BSP,
 * Xcom-CAN BMS) through an Xcom-232i or Xcom-LAN, with Studer's Scom protocol.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './constants.js';
export * from './protocol/index.js';
export * from './catalogue/index.js';
export * from './transport/index.js';
export * from './client/index.js';
