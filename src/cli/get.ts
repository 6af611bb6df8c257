/**
 * `xcom get`: read datapoints by name or number, with unit and label.
 * @module
 */
import { defaultReadAddress } from '../catalogue/addresses.js';
import type { Datapoint } from '../catalogue/types.js';
import type { XcomClient } from '../client/xcom-client.js';
import type { ReadValuesResult } from '../client/read-values.js';
import { addressListOption } from './address-arg.js';
import { type BatchItem, batchErrors, batchExitCode, batchItems, printBatch } from './batch-read.js';
import { UsageError } from './command.js';
import { EXIT } from './exit-codes.js';
import { defineCommand } from './define-command.js';
import { resolveDatapoint } from './datapoint-arg.js';
import type { CliIo } from './io.js';
import { printJson, printTable } from './output.js';
import { absentReason, formatReading, labelOfReading, type Reading, readingJson, shownValue, unitOf } from './reading.js';

/** Options of `get` and `watch`: which address and which property. */
export const READ_OPTIONS = {
  addr: { type: 'string' },
  flash: { type: 'boolean' },
} as const;

/** The datapoints named, and how to read them. */
export interface ReadPlan {
  /** The datapoints, in order. */
  readonly datapoints: readonly Datapoint[];
  /** `--addr`. */
  readonly dstAddr: number | undefined;
  /** `--flash`. */
  readonly flash: boolean;
  /**
   * The items of a batched read through `readValues`, when several units or an `@` are named
   * (`--addr 101,102`, `3000@XT2`, `3136@sum`); `undefined` for one value per datapoint at one
   * address, read as before, one request each.
   */
  readonly batch: readonly BatchItem[] | undefined;
  /**
   * The units of `--addr`: on a gateway without multi-info, `@sum` and `@average` are computed
   * from single reads of these units of the datapoint's family.
   */
  readonly units: readonly number[];
}

/** Checks the datapoints and `--addr` / `--flash`. */
export function readPlan(names: readonly string[], addr: string | undefined, flash: boolean): ReadPlan {
  if (names.length === 0) throw new UsageError('name at least one datapoint (e.g. 3000 or XT_BATTERY_VOLTAGE)', { seeHelp: true });
  const addresses = addressListOption(addr, '--addr');
  if (addresses.length > 1 || names.some((name) => name.includes('@'))) {
    if (flash) throw new UsageError('--flash reads one address at a time: give one --addr and no DATAPOINT@UNIT');
    const batch = batchItems(names, resolveDatapoint, addresses);
    return { datapoints: batch.map((b) => b.datapoint), dstAddr: undefined, flash, batch, units: addresses };
  }
  const datapoints = names.map(resolveDatapoint);
  const info = flash ? datapoints.find((d) => d.kind === 'info') : undefined;
  if (info !== undefined) throw new UsageError(`--flash reads parameters; {${info.id}} ${info.description} is a user info`);
  return { datapoints, dstAddr: addresses[0], flash, batch: undefined, units: addresses };
}

/** Reads a batched plan in as few requests as the gateway allows (see {@link ReadPlan.batch}). */
export function readBatch(client: XcomClient, plan: ReadPlan & { readonly batch: readonly BatchItem[] }, signal?: AbortSignal): Promise<ReadValuesResult> {
  return client.readValues(
    plan.batch.map((b) => b.item),
    { ...(signal === undefined ? {} : { signal }), ...(plan.units.length === 0 ? {} : { units: plan.units }) },
  );
}

/** Reads every datapoint of the plan, one after the other. */
export async function readAll(client: XcomClient, plan: ReadPlan, signal?: AbortSignal): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const datapoint of plan.datapoints) {
    const address = plan.dstAddr ?? defaultReadAddress(datapoint);
    const options = {
      dstAddr: address,
      ...(plan.flash ? { propertyId: 5 } : {}),
      family: datapoint.family,
      ...(signal === undefined ? {} : { signal }),
    };
    const value = await client.getValue(datapoint, options);
    // Without --flash the client picks the property (1, or 13 falling back to 5): leave it out.
    readings.push({ id: datapoint.id, datapoint, format: datapoint.format, value, address, ...(plan.flash ? { property: 5 } : {}) });
  }
  return readings;
}

/** Prints readings: one line each, or a table at `--verb 2` and above when there are several. */
export function printReadings(io: CliIo, readings: readonly Reading[], verb: number, json: boolean): void {
  if (json) {
    printJson(io, readings.length === 1 ? readingJson(readings[0] as Reading) : readings.map(readingJson));
  } else if (readings.length === 1 || verb < 2) {
    for (const reading of readings) io.out(formatReading(reading, verb));
  } else {
    const rows = readings.map((r) => {
      const reading = absentReason(r) === undefined;
      const [unit, label] = reading ? [unitOf(r) ?? '', labelOfReading(r) ?? ''] : ['', ''];
      return [String(r.id), r.datapoint?.name ?? '', shownValue(r), unit, label, r.datapoint?.description ?? ''];
    });
    printTable(io, ['ID', 'NAME', 'VALUE', 'UNIT', 'LABEL', 'DESCRIPTION'], rows);
  }
}

/** The `get` command. */
export const getCommand = defineCommand({
  name: 'get',
  synopsis: 'xcom get DATAPOINT[@UNIT|@master|@average|@sum]... [--addr N[,N...]] [--flash] [options]',
  description: `Reads datapoints: a number (3000), a name (XT_BATTERY_VOLTAGE, any case), an xcom-proto name
(BATT_SOC), or bms:7000 where the BSP and the Xcom-CAN BMS share a number. Infos are read
from the family's master (101, 301, 601, 701, 501) unless --addr says otherwise; parameters
show the value in force (RAM, property 13). Several datapoints print a table.
Several units (--addr 101,102,103 or XT1,XT2) or DATAPOINT@WHERE (3000@XT2, 3136@sum,
3000@average, 7002@master) are read together, user infos in multi-info requests (a gateway
without multi-info reads each unit alone, and computes @sum and @average from the units of
--addr, or fails those items without it): every
value and every item's own error is printed (error:CODE in its place, the reason on stderr);
the exit code is 3 when the link failed, else 4 when an item failed, else 0.`,
  options: READ_OPTIONS,
  optionHelp: [
    '  --addr N        read from address or unit N (102 or XT2: the second Xtender, 302 or VT2);',
    '                  several, comma-separated (101,102,103), read each datapoint at each',
    '  --flash         read a parameter\'s flash value (property 5) instead of the value in force',
    '  --verb N        0 bare values, 1 with unit and label, 2 with names (default), 3 also frames in hex',
    '  --json          JSON: an object for one datapoint, an array for several (always an array',
    '                  when several units or an @ are named, each entry with its key and value or error)',
  ],
  examples: [
    'xcom get 3000 --url udp://192.168.1.50',
    'xcom get BATT_SOC PV_POWER 3000 --port /dev/ttyUSB0',
    'xcom get 3000 --addr 102 --verb 0',
    'xcom get 3000 3136 --addr XT1,XT2,XT3',
    'xcom get 3136@sum 3000@average 3000@XT2 --json',
    'xcom get 1311 1138 --flash --json',
  ],
  connection: 'use',
  async run({ values, positionals, io, verb, json, withClient }) {
    const plan = readPlan(positionals, values.addr, values.flash === true);
    const { batch } = plan;
    if (batch !== undefined) {
      const result = await withClient((client) => readBatch(client, { ...plan, batch }));
      printBatch(io, result, verb, json);
      for (const line of batchErrors(result)) io.err(`xcom get: ${line}`);
      return batchExitCode(result);
    }
    const readings = await withClient((client) => readAll(client, plan));
    printReadings(io, readings, verb, json);
    return EXIT.OK;
  },
});
