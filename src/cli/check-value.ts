/**
 * The catalogue's check of a value to write, run before connecting: a value out of range is a
 * usage error (exit 2) even when the installation is unreachable.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Datapoint } from '../catalogue/types.js';
import { installationRanges, type InstallationKind } from '../client/installation-ranges.js';
import { validateValue } from '../client/validate-value.js';
import type { ScomValue } from '../protocol/format.js';
import { choiceOption } from './args.js';

/** The options of the commands that check or show ranges: `--variant` and `--battery-voltage`. */
export const RANGE_OPTIONS = { variant: { type: 'string' }, 'battery-voltage': { type: 'string' } } as const;

/** The help lines of {@link RANGE_OPTIONS}, aligned as the commands' option lists. */
export const RANGE_OPTIONS_HELP: readonly string[] = [
  "  --variant V     230V (default) or 120V: the Xtenders' ranges (Xtender -01 models)",
  '  --battery-voltage N',
  "                  48 (default), 24 or 12: the battery's nominal voltage; the battery",
  "                  voltages' ranges are the appendix's 48 V ones, halved or quartered",
];

const VOLTAGES = { '12': 12, '24': 24, '48': 48 } as const satisfies Readonly<Record<string, BatteryVoltage>>;

/** `--variant 230V|120V` (default 230V) and `--battery-voltage 12|24|48` (default 48). */
export function rangeOptions(values: { readonly variant?: string | undefined; readonly 'battery-voltage'?: string | undefined }): InstallationKind {
  const variant = choiceOption(values.variant, '--variant', ['230V', '120V'] as const) ?? '230V';
  const voltage = choiceOption(values['battery-voltage'], '--battery-voltage', ['48', '24', '12'] as const) ?? '48';
  return { variant, batteryVoltage: VOLTAGES[voltage] };
}

/** The value as it will be written (a label resolved); throws with the allowed range or labels. */
export function checkValue(datapoint: Datapoint, value: ScomValue, installation: InstallationKind): ScomValue {
  return validateValue(installationRanges(datapoint, installation), value, { skipRangeCheck: false, batteryVoltage: installation.batteryVoltage });
}
