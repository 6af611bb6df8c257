/**
 * An address as the user types it: a number (`102`) or a unit or phase code (`XT2`, `VT1`,
 * `BSP`, `L1`, any case), alone or as a comma-separated list (`--addr 101,102,XT3`).
 * @module
 */
import { parseDeviceCode } from '../catalogue/device-codes.js';
import { UsageError } from './command.js';

const CODES = 'XT1–XT9, VT1–VT15, VS1–VS15, BSP, BMS, RCC, L1–L3';

/** The address `text` names (a number or a code); anything else is a usage error naming `option`. */
export function addressArg(text: string, option: string): number {
  const coded = parseDeviceCode(text);
  if (coded !== undefined) return coded;
  const trimmed = text.trim();
  const n = /^(\d+|0x[\da-f]+)$/i.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isInteger(n) || n > 0xffffffff) throw new UsageError(`${option} must be an address (0 to 4294967295) or a code (${CODES}), got "${text}"`);
  return n;
}

/** `--addr` when one address is allowed; `undefined` when absent. */
export function addressOption(value: string | undefined, option: string): number | undefined {
  return value === undefined ? undefined : addressArg(value, option);
}

/** `--addr 101,102,XT3`: the addresses in order, without repeats; `[]` when absent. */
export function addressListOption(value: string | undefined, option: string): number[] {
  if (value === undefined) return [];
  const parts = value.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new UsageError(`${option} takes addresses or codes separated by commas (101,102 or XT1,XT2), got "${value}"`);
  return [...new Set(parts.map((p) => addressArg(p, option)))];
}
