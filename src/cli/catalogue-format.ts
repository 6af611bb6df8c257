/**
 * The format a raw command (`read_property`, `write_property`) gives, against Studer's
 * appendix: a FLOAT read as INT32 prints a wrong number, a value written in another format
 * writes other bytes than the user meant.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import type { ScomFormat } from '../protocol/format.js';
import { UsageError } from './command.js';

/** The properties whose data is the datapoint's value in its own format (the level, 8, is not). */
const VALUE_PROPERTIES: Readonly<Record<Datapoint['kind'], ReadonlySet<number>>> = {
  info: new Set([1, 5, 13]),
  parameter: new Set([5, 6, 7, 13]),
};

/** Whether property `propertyId` of the datapoint carries its value (or its min or max). */
export function holdsValue(datapoint: Datapoint, propertyId: number): boolean {
  return VALUE_PROPERTIES[datapoint.kind].has(propertyId);
}

/**
 * Refuses a format that contradicts the catalogue entry for a property holding its value.
 * `BYTE_STREAM` is allowed where `rawBytes` says so: a read in it shows the bytes as they came.
 */
export function checkCatalogueFormat(datapoint: Datapoint | undefined, propertyId: number, format: ScomFormat, rawBytes: boolean): void {
  if (datapoint === undefined || !holdsValue(datapoint, propertyId)) return;
  if (format === datapoint.format || datapoint.format === 'DYNAMIC' || (rawBytes && format === 'BYTE_STREAM')) return;
  const raw = rawBytes ? ' (byte_stream shows the raw bytes)' : '';
  throw new UsageError(
    `{${datapoint.id}} ${datapoint.description} is ${datapoint.format.toLowerCase()} in Studer's appendix, not ${format.toLowerCase()}${raw}`,
  );
}
