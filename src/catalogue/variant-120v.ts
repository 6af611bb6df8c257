/**
 * The 120 Vac variant: seven Xtender parameters have other defaults and ranges on Xtender -01
 * models.
 * @module
 */
import { OVERLAY_120V } from './overlay-120v.generated.js';
import type { Datapoint } from './types.js';

// One object per affected datapoint, made on first use, so that with120V(dp) === with120V(dp).
const variants = new WeakMap<Datapoint, Datapoint>();

/**
 * The datapoint as it is on 120 Vac Xtenders (Xtender -01): for the seven parameters of the
 * appendix's "Xtender 120Vac specific parameters", a copy with their 120 Vac default, min, max
 * and increment; for every other datapoint, the datapoint itself.
 *
 * @example
 * ```ts
 * with120V(XcomP.XT_AC_OUTPUT_VOLTAGE).default; // 120 (230 on 230 Vac models)
 * ```
 */
export function with120V<D extends Datapoint>(datapoint: D): D {
  if (datapoint.family !== 'xtender') return datapoint;
  const overlay = OVERLAY_120V.find((o) => o.id === datapoint.id);
  if (overlay === undefined) return datapoint;
  let variant = variants.get(datapoint);
  if (variant === undefined) {
    const { default: def, min, max, increment } = overlay;
    const copy: Datapoint = { ...(datapoint as Datapoint), default: def, min, max, increment };
    variant = Object.freeze(copy);
    variants.set(datapoint, variant);
  }
  return variant as D;
}
