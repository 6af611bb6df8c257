/**
 * Validation of a value before it is written: what the catalogue says the device accepts.
 * @module
 */
import type { BatteryVoltage } from '../catalogue/battery-voltage.js';
import { isBatteryVoltageParameter, valueOfLabel } from '../catalogue/index.js';
import type { Datapoint } from '../catalogue/types.js';
import { XcomValidationError } from '../errors.js';
import type { ScomValue } from '../protocol/format.js';

/** How strictly to check. */
export interface ValidationContext {
  /** Skip min/max (enums and formats are still checked). */
  readonly skipRangeCheck: boolean;
  /**
   * The battery voltage the ranges were scaled to, named in the refusal of a battery-side
   * voltage (a 24 V owner refused at 37.9 V learns that 48 V ranges applied).
   */
  readonly batteryVoltage?: BatteryVoltage;
}

function describe(dp: Datapoint): string {
  return `{${dp.id}} ${dp.description}`;
}

function labelsText(dp: Datapoint): string {
  return (dp.labels ?? []).map((l) => `${l.value} ${l.label}`).join(', ');
}

/**
 * Checks `value` for the datapoint and returns the value to encode (a label resolved to its
 * number, a boolean for BOOL). Throws {@link XcomValidationError} with what is allowed.
 */
export function validateValue(dp: Datapoint, value: ScomValue, context: ValidationContext): ScomValue {
  if (dp.kind === 'info') throw new XcomValidationError(`${describe(dp)} is a user info: it is read-only`, 'datapoint');
  if (dp.notSupported) {
    throw new XcomValidationError(`${describe(dp)} is marked "Not supported" over Scom in Studer's appendix`, 'datapoint');
  }
  switch (dp.format) {
    case 'BOOL':
      if (value === true || value === 1) return true;
      if (value === false || value === 0) return false;
      throw new XcomValidationError(`${describe(dp)} takes true/false (or 1/0), got ${JSON.stringify(value)}`, 'value');
    case 'FLOAT':
    case 'INT32': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new XcomValidationError(`${describe(dp)} takes a number, got ${JSON.stringify(value)}`, 'value');
      }
      if (dp.format === 'INT32' && !Number.isInteger(value)) {
        throw new XcomValidationError(`${describe(dp)} takes an integer, got ${value}`, 'value');
      }
      if (!context.skipRangeCheck) checkRange(dp, value, context.batteryVoltage);
      return value;
    }
    case 'SHORT_ENUM':
    case 'LONG_ENUM':
      return checkEnum(dp, value);
    default:
      return value;
  }
}

function checkRange(dp: Datapoint, value: number, batteryVoltage: BatteryVoltage | undefined): void {
  const unit = dp.unit === '' ? '' : ` ${dp.unit}`;
  const system =
    batteryVoltage !== undefined && isBatteryVoltageParameter(dp)
      ? `; ranges of a ${batteryVoltage} V battery: set batteryVoltage (--battery-voltage) to 12, 24 or 48 to match yours`
      : '';
  if (dp.min !== undefined && value < dp.min) {
    throw new XcomValidationError(`${describe(dp)}: ${value}${unit} is below the minimum ${dp.min}${unit} (allowed ${dp.min} to ${dp.max ?? '…'}${system})`, 'value');
  }
  if (dp.max !== undefined && value > dp.max) {
    throw new XcomValidationError(`${describe(dp)}: ${value}${unit} is above the maximum ${dp.max}${unit} (allowed ${dp.min ?? '…'} to ${dp.max}${system})`, 'value');
  }
}

/**
 * An enum without labels: the appendix names no bits for its bit fields (the "Day of the
 * week" parameters, bit 0 Monday to bit 6 Sunday, 0 to 127), so its min/max is all it says.
 */
function checkUnlabelled(dp: Datapoint, n: number): number {
  if ((dp.min !== undefined && n < dp.min) || (dp.max !== undefined && n > dp.max) || n > 0xffffffff) {
    const kind = dp.longEnumMode === 'bit-field' ? 'a bit field' : 'an enum';
    throw new XcomValidationError(`${describe(dp)} is ${kind} from ${dp.min ?? 0} to ${dp.max ?? 0xffffffff}: ${n} is outside it`, 'value');
  }
  return n;
}

function checkEnum(dp: Datapoint, value: ScomValue): number {
  let n: number | undefined;
  if (typeof value === 'string') {
    n = valueOfLabel(dp, value);
    if (n === undefined) throw new XcomValidationError(`${describe(dp)} has no label ${JSON.stringify(value)}; labels: ${labelsText(dp)}`, 'value');
  } else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    n = value;
  } else {
    throw new XcomValidationError(`${describe(dp)} takes an enum value or label, got ${JSON.stringify(value)}`, 'value');
  }
  const labels = dp.labels ?? [];
  if (labels.length === 0) return checkUnlabelled(dp, n);
  if (dp.format === 'LONG_ENUM' && dp.longEnumMode === 'bit-field') {
    const mask = labels.reduce((m, l) => (m | l.value) >>> 0, 0);
    if (n > 0xffffffff || (n & ~mask) >>> 0 !== 0) {
      throw new XcomValidationError(`${describe(dp)} is a bit field: ${n} sets bits outside ${labelsText(dp)}`, 'value');
    }
    return n;
  }
  if (!labels.some((l) => l.value === n)) {
    const kind = dp.longEnumMode === 'one-bit' ? ' (exactly one of these bits)' : '';
    throw new XcomValidationError(`${describe(dp)}: ${n} is not one of its values${kind}: ${labelsText(dp)}`, 'value');
  }
  return n;
}
