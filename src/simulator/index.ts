/**
 * `xcom-ts/simulator`: a virtual Studer installation that answers Scom frames like the
 * hardware, over UDP (as an Xcom-LAN), TCP (as a Moxa in either mode), a serial device, or
 * an in-memory link; with a deterministic device model, a link model and fault injection.
 *
 * @example
 * ```ts
 * import { startSimulator } from 'xcom-ts/simulator';
 * await using sim = await startSimulator({ udp: { port: 4002 }, seed: 1 });
 * ```
 * @module xcom-ts/simulator
 */
export * from './simulator.js';
export * from './installation.js';
export * from './installation-options.js';
export * from './sim-device.js';
export * from './parameter-store.js';
export * from './message-log.js';
export * from './rcc-display.js';
export type { ScreenAnswer } from './screen-object.js';
export * from './sd-card.js';
export type { DatalogModelOptions } from './datalog-csv.js';
export { DEFAULT_SOFTWARE_VERSION, type DeviceIdentity, type DeviceIdentityOptions } from './device-identity.js';
export type { SignalEffect, SignalEvent } from './signals.js';
export * from './plant.js';
export { COUNTER_INFOS } from './info-model.js';
export * from './responder.js';
export * from './request-log.js';
export * from './endpoint.js';
export * from './faults.js';
export type { Chunk, Transmission } from './transmission.js';
export * from './link-model.js';
export * from './clock.js';
export * from './timers.js';
export { SeededRandom, hashSeed } from './random.js';
