/**
 * Multi-info values arrive as float32 whatever the info's format: how they are cast back.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';

/** A multi-info value in its info's type: a boolean for a BOOL, an integer for enums and INT32. */
export function castFloat(datapoint: Datapoint | undefined, value: number): number | boolean {
  switch (datapoint?.format) {
    case 'BOOL':
      return value !== 0;
    case 'SHORT_ENUM':
    case 'LONG_ENUM':
    case 'INT32':
      return Math.round(value);
    default:
      return value;
  }
}
