/**
 * Multi-info aggregation types by name (spec §4.9.1).
 * @module
 */
import { XcomValidationError } from '../errors.js';

/** How a multi-info item is aggregated: the master, one device (1–15), the average or the sum. */
export type Aggregation = 'master' | 'average' | 'sum' | number;

/** The wire code of an aggregation: 0 master, 1–15 device, 0xFD average, 0xFE sum. */
export function aggregationCode(aggregation: Aggregation): number {
  if (aggregation === 'master') return 0x00;
  if (aggregation === 'average') return 0xfd;
  if (aggregation === 'sum') return 0xfe;
  if (Number.isInteger(aggregation) && aggregation >= 1 && aggregation <= 15) return aggregation;
  throw new XcomValidationError(`aggregation must be 'master', 'average', 'sum' or a device index 1–15, got ${JSON.stringify(aggregation)}`, 'aggregation');
}

/** The name of an aggregation code (0xFD → `'average'`, 3 → 3). */
export function aggregationOf(code: number): Aggregation {
  if (code === 0x00) return 'master';
  if (code === 0xfd) return 'average';
  if (code === 0xfe) return 'sum';
  return code;
}
