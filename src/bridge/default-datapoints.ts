/**
 * The user infos a bridge publishes when its configuration names none: for each family, the
 * values of Studer's own portal synoptic (spec §5.8: battery, PV, AC in and out) with the
 * operating states and the energy counters.
 * @module
 */
import type { Family } from '../catalogue/types.js';

/**
 * The info numbers published by default, per family. The RCC has none (its values are
 * parameters: the clock, the language). BSP and Xcom-CAN BMS share numbers: each list holds
 * only what its own appendix table prints.
 */
export const DEFAULT_DATAPOINTS: Readonly<Record<Family, readonly number[]>> = {
  // Battery, AC in and out, states, and the day's and yesterday's energies (3076–3083).
  xtender: [3000, 3001, 3005, 3010, 3011, 3012, 3020, 3021, 3022, 3028, 3049, 3076, 3078, 3080, 3081, 3082, 3083, 3084, 3085, 3136, 3137],
  rcc: [],
  // Battery, SoC, autonomy, the day's and lifetime Ah counters.
  bsp: [7000, 7001, 7002, 7003, 7004, 7005, 7007, 7008, 7009, 7010, 7011, 7012],
  bms: [7000, 7001, 7002, 7003, 7007, 7008, 7009, 7010, 7029, 7057, 7061, 7063, 7064],
  // Battery, PV, production of the day, of yesterday and lifetime, states.
  variotrack: [11000, 11001, 11002, 11003, 11004, 11005, 11006, 11007, 11009, 11011, 11016, 11025, 11038, 11069],
  variostring: [15000, 15001, 15002, 15004, 15007, 15010, 15016, 15017, 15023, 15027, 15030, 15108],
};
