/**
 * `xcom get` and `xcom watch` over several units or aggregations (`--addr 101,102`, `3000@XT2`,
 * `3136@sum`): the items for `readValues`, and how its entries are shown, each with its value
 * or its own error.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import type { Aggregation } from '../client/aggregation.js';
import { XcomDeviceError } from '../errors.js';
import { planReads, type ReadItem } from '../client/read-plan.js';
import type { ReadValueEntry, ReadValuesResult } from '../client/read-values.js';
import { addressArg } from './address-arg.js';
import { UsageError } from './command.js';
import { EXIT, failureOf } from './exit-codes.js';
import type { CliIo } from './io.js';
import { printJson, printTable } from './output.js';
import { absentReason, labelOfReading, type Reading, readingJson, shownValue, unitOf, valueWithUnit } from './reading.js';

/** One item of a batched read, as named on the command line. */
export interface BatchItem {
  /** What `readValues` is asked. */
  readonly item: ReadItem;
  /** The datapoint. */
  readonly datapoint: Datapoint;
}

const AGGREGATIONS: Readonly<Record<string, Aggregation>> = { master: 'master', average: 'average', avg: 'average', sum: 'sum' };

/** Where `DATAPOINT@WHERE` reads: a unit or address (`XT2`, `102`, `L1`) or an aggregation (`master`, `average`, `sum`). */
function placeOf(datapoint: Datapoint, where: string, arg: string): ReadItem {
  const aggregation = AGGREGATIONS[where.trim().toLowerCase()];
  if (aggregation !== undefined) return { datapoint, aggregation };
  try {
    return { datapoint, device: addressArg(where, arg) };
  } catch {
    throw new UsageError(`"${arg}": after @ give a unit (XT2, VT1, BSP), an address (102), a phase (L1) or master, average, sum`);
  }
}

/** Splits `DATAPOINT@WHERE` at its last `@`; `where` is `undefined` without one. */
export function splitAt(arg: string): { readonly name: string; readonly where: string | undefined } {
  const at = arg.lastIndexOf('@');
  return at < 0 ? { name: arg, where: undefined } : { name: arg.slice(0, at), where: arg.slice(at + 1) };
}

/**
 * The items of a batched read: each datapoint at each of `addresses` (datapoint by datapoint),
 * or where its `@` says; checked as `readValues` checks them, before anything is sent (a
 * datapoint at a unit of another family is a usage error).
 */
export function batchItems(args: readonly string[], resolve: (name: string) => Datapoint, addresses: readonly number[]): BatchItem[] {
  const items = args.flatMap((arg): ReadItem[] => {
    const { name, where } = splitAt(arg);
    const datapoint = resolve(name);
    if (where !== undefined) return [placeOf(datapoint, where, arg)];
    return addresses.length === 0 ? [{ datapoint }] : addresses.map((device) => ({ datapoint, device }));
  });
  planReads(items);
  return items.map((item) => ({ item, datapoint: item.datapoint }));
}

/** Where an entry was read, from its key: `XT2`, `sum`, `100`. */
export function placeOfEntry(entry: ReadValueEntry): string {
  return entry.key.slice(entry.key.lastIndexOf('@') + 1);
}

/** The entry's value as a {@link Reading} (a sentinel keeps its raw value), or `undefined` for a failed item. */
export function entryReading(entry: ReadValueEntry): Reading | undefined {
  if (!entry.ok) return undefined;
  const value = entry.absent === undefined ? entry.value : entry.raw;
  const aggregated = entry.address === undefined && entry.aggregation !== undefined;
  return {
    id: entry.datapoint.id,
    datapoint: entry.datapoint,
    format: entry.datapoint.format,
    value,
    ...(entry.address === undefined ? {} : { address: entry.address }),
    ...(aggregated ? { aggregation: entry.aggregation } : {}),
  };
}

/** The entry as JSON: a reading's object with `key` and `via`, or `error: { code, message }`. */
export function entryJson(entry: ReadValueEntry): Record<string, unknown> {
  const reading = entryReading(entry);
  if (reading !== undefined) return { key: entry.key, ...readingJson(reading), via: entry.via };
  const dp = entry.datapoint;
  return {
    key: entry.key,
    id: dp.id,
    name: dp.name,
    description: dp.description,
    ...(entry.address === undefined ? {} : { address: entry.address }),
    error: { code: entry.error?.code, message: entry.error?.message },
  };
}

/** A failed entry's cell: `error:DEVICE_NOT_FOUND`. */
export function errorCell(entry: ReadValueEntry): string {
  return `error:${entry.error?.code ?? 'UNKNOWN'}`;
}

/** The entry's cell in a watch line: the value with unit and label, or {@link errorCell}. */
export function entryCell(entry: ReadValueEntry, verb: number): string {
  const reading = entryReading(entry);
  if (reading === undefined) return errorCell(entry);
  return verb <= 0 ? shownValue(reading) : valueWithUnit(reading);
}

/** The exit code of a batched read: 3 when the link failed, else 4 when an item failed, else 0. */
export function batchExitCode(result: ReadValuesResult): number {
  if (result.linkError !== undefined) return EXIT.CONNECTION;
  return result.entries.some((e) => !e.ok) ? EXIT.DEVICE : EXIT.OK;
}

/**
 * The lines for stderr: the link's failure once, and each item's own error (items the failed
 * link left unsent are not repeated).
 */
export function batchErrors(result: ReadValuesResult): string[] {
  const lines: string[] = [];
  if (result.linkError !== undefined) lines.push(failureOf(result.linkError).message);
  for (const entry of result.entries) {
    if (entry.ok || entry.error === result.linkError) continue;
    lines.push(`${entry.key}: ${itemError(entry)}`);
  }
  return lines;
}

/**
 * An item's error as one line. An aggregate that only multi-info reads, on a gateway without
 * it, says how to have it computed on the command line.
 */
export function itemError(entry: ReadValueEntry): string {
  const error = entry.error;
  if (error === undefined) return '';
  if (entry.via === 'not-sent' && error instanceof XcomDeviceError && error.code === 'SERVICE_NOT_SUPPORTED') {
    return `${error.message.replace(/: pass the installed units.*$/, '')}: give the units with --addr (e.g. --addr XT1,XT2,XT3) to have it computed from single reads`;
  }
  return failureOf(error).message;
}

/**
 * Prints every entry on stdout, in the items' order: at `--verb 0` the bare value, at 1 the
 * place and the value with unit, at 2 and above a table; a failed item shows `error:CODE`
 * where its value would be. `--json` prints an array of {@link entryJson}.
 */
export function printBatch(io: CliIo, result: ReadValuesResult, verb: number, json: boolean): void {
  const { entries } = result;
  if (json) {
    printJson(io, entries.map(entryJson));
    return;
  }
  if (verb <= 0) {
    for (const entry of entries) io.out(entryCell(entry, 0));
    return;
  }
  if (verb === 1) {
    const width = Math.max(...entries.map((e) => e.key.length));
    for (const entry of entries) io.out(`${entry.key.padEnd(width)}  ${entryCell(entry, 1)}`);
    return;
  }
  const rows = entries.map((entry) => {
    const reading = entryReading(entry);
    const dp = entry.datapoint;
    if (reading === undefined) return [entry.key, dp.name, errorCell(entry), '', '', dp.description];
    const present = absentReason(reading) === undefined;
    const [unit, label] = present ? [unitOf(reading) ?? '', labelOfReading(reading) ?? ''] : ['', ''];
    return [entry.key, dp.name, shownValue(reading), unit, label, dp.description];
  });
  printTable(io, ['ITEM', 'NAME', 'VALUE', 'UNIT', 'LABEL', 'DESCRIPTION'], rows);
}
