/**
 * `XcomP`: every datapoint of the catalogue by name.
 * @module
 */
import { DATAPOINTS } from './datapoints.generated.js';
import type { Datapoint } from './types.js';
import { XCOM_PROTO_ALIASES, type XcomPoints } from './xcomp.generated.js';

function buildXcomP(): XcomPoints {
  const table: Record<string, Datapoint> = {};
  for (const datapoint of DATAPOINTS) {
    // Frozen so that no caller can change the catalogue under every other caller's feet.
    if (datapoint.labels !== undefined) Object.freeze(datapoint.labels);
    if (datapoint.menus !== undefined) Object.freeze(datapoint.menus);
    table[datapoint.name] = Object.freeze(datapoint);
  }
  for (const [alias, name] of Object.entries(XCOM_PROTO_ALIASES)) table[alias] = table[name]!;
  return Object.freeze(table) as unknown as XcomPoints;
}

/**
 * Every datapoint of Studer's appendix by name, each a readonly {@link Datapoint} typed with its
 * Scom format, plus the 45 names of the Python package xcom-proto (`BATT_SOC`, `PV_POWER`,
 * `SMART_BOOST_LIMIT`, …) as aliases of the same objects.
 *
 * Names are the family prefix (`XT_`, `RCC_`, `BSP_`, `BMS_`, `VT_`, `VS_`) and the appendix's
 * description in UPPER_SNAKE_CASE; where a family prints one description several times, the
 * menu tells them apart (`XT_START_HOUR_AUX_1_TEMPORAL_RESTRICTIONS_PROGRAM_2`), and the number
 * only where nothing else does (`XT_INPUT_POWER_3138`). Published names never change.
 *
 * @example
 * ```ts
 * const soc = await xcom.getValue(XcomP.BATT_SOC); // number
 * XcomP.XT_OPERATING_MODE_AUX_2.labels; // 1 Automatic, 2 Reversed automatic, 4 Manual ON, 8 Manual OFF
 * ```
 */
export const XcomP: XcomPoints = /* @__PURE__ */ buildXcomP();
