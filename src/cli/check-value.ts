/**
 * The catalogue's check of a value to write, run before connecting: a value out of range is a
 * usage error (exit 2) even when the installation is unreachable.
 * @module
 */
import { with120V } from '../catalogue/variant-120v.js';
import type { Datapoint } from '../catalogue/types.js';
import type { Variant } from '../client/options.js';
import { validateValue } from '../client/validate-value.js';
import type { ScomValue } from '../protocol/format.js';
import { choiceOption } from './args.js';

/** The `--variant` option of the commands that write. */
export const VARIANT_OPTION = { variant: { type: 'string' } } as const;

/** `--variant 230V|120V` (default 230V): which Xtender ranges apply. */
export function variantOption(value: string | undefined): Variant {
  return choiceOption(value, '--variant', ['230V', '120V'] as const) ?? '230V';
}

/** The value as it will be written (a label resolved); throws with the allowed range or labels. */
export function checkValue(datapoint: Datapoint, value: ScomValue, variant: Variant): ScomValue {
  const dp = variant === '120V' ? with120V(datapoint) : datapoint;
  return validateValue(dp, value, { skipRangeCheck: false });
}
