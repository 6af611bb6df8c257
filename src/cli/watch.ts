/**
 * `xcom watch`: poll datapoints and print a line per cycle (JSON lines with `--json`) until
 * Ctrl+C or `--count` cycles.
 * @module
 */
import type { ReadValueEntry, ReadValuesResult } from '../client/read-values.js';
import type { XcomClient } from '../client/xcom-client.js';
import { durationOption, integerOption } from './args.js';
import { type BatchItem, batchExitCode, entryCell, entryJson, itemError, placeOfEntry } from './batch-read.js';
import { defineCommand } from './define-command.js';
import { EXIT, failureOf } from './exit-codes.js';
import { READ_OPTIONS, readAll, readBatch, type ReadPlan, readPlan } from './get.js';
import type { CliIo } from './io.js';
import { jsonLine } from './output.js';
import type { Reading } from './reading.js';
import { readingJson, shownValue, valueWithUnit } from './reading.js';
import { runWatchLoop, sleep } from './watch-loop.js';

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/**
 * Prints a cycle's cells under a header of column names (the first call prints it, each
 * column as wide as its name, its first cell or 10); at `verb` 0, the bare cells tab-separated.
 */
function columnPrinter(io: CliIo, verb: number): (names: () => readonly string[], cells: readonly string[], at: number) => void {
  let widths: number[] | undefined;
  return (names, cells, at) => {
    if (verb <= 0) {
      io.out(cells.join('\t'));
      return;
    }
    if (widths === undefined) {
      const header = names();
      const w = header.map((n, i) => Math.max(n.length, (cells[i] ?? '').length, 10));
      widths = w;
      io.out(['TIME    ', ...header.map((n, i) => n.padEnd(w[i] ?? 0))].join('  ').trimEnd());
    }
    const w = widths;
    io.out([clock(at), ...cells.map((c, i) => c.padEnd(w[i] ?? 0))].join('  ').trimEnd());
  };
}

/** Prints the cycles as a table whose header names each datapoint. */
function tablePrinter(io: CliIo, verb: number): (readings: readonly Reading[], at: number) => void {
  const print = columnPrinter(io, verb);
  return (readings, at) =>
    print(() => readings.map((r) => r.datapoint?.name ?? String(r.id)), readings.map(verb <= 0 ? shownValue : valueWithUnit), at);
}

/** Prints the cycles of a batched watch: a column per item, headed `NAME@UNIT` (`XT_BATTERY_VOLTAGE@XT2`). */
function batchPrinter(io: CliIo, verb: number): (entries: readonly ReadValueEntry[], at: number) => void {
  const print = columnPrinter(io, verb);
  return (entries, at) =>
    print(() => entries.map((e) => `${e.datapoint.name}@${placeOfEntry(e)}`), entries.map((e) => entryCell(e, verb)), at);
}

/**
 * Watches a batched plan: each cycle one `readValues`. A failed first link ends the watch
 * (exit 3); later ones are reported and the watch goes on. An item's error shows in its
 * column, and on stderr when it first appears or changes. Resolves with the exit code of the
 * last cycle: 3 when its link failed, else 4 when one of its items failed, else 0.
 */
async function watchBatch(
  client: XcomClient,
  plan: ReadPlan & { readonly batch: readonly BatchItem[] },
  options: { readonly io: CliIo; readonly verb: number; readonly json: boolean; readonly signal: AbortSignal; readonly everyMs: number; readonly count: number | undefined },
): Promise<number> {
  const { io, verb, json, signal } = options;
  const print = batchPrinter(io, verb);
  const reported = new Map<string, string>();
  let code: number = EXIT.OK;
  await runWatchLoop({
    everyMs: options.everyMs,
    count: options.count,
    signal,
    now: Date.now,
    sleep,
    cycle: async (index, at) => {
      let result: ReadValuesResult;
      try {
        result = await readBatch(client, plan, signal);
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      code = batchExitCode(result);
      if (result.linkError !== undefined) {
        if (index === 0) throw result.linkError;
        io.err(`xcom watch: ${clock(at)} ${failureOf(result.linkError).message}`);
        return;
      }
      if (json) io.out(jsonLine({ time: new Date(at).toISOString(), values: result.entries.map(entryJson) }));
      else print(result.entries, at);
      for (const entry of result.entries) {
        const now = entry.ok ? '' : entry.error.code;
        if (!entry.ok && reported.get(entry.key) !== now) io.err(`xcom watch: ${clock(at)} ${entry.key}: ${itemError(entry)}`);
        reported.set(entry.key, now);
      }
    },
  });
  return code;
}

/** The `watch` command. */
export const watchCommand = defineCommand({
  name: 'watch',
  synopsis: 'xcom watch DATAPOINT... [--every 2s] [--count N] [--json] [options]',
  description: `Reads the datapoints every period and prints one line per cycle, until Ctrl+C (or --count
cycles). Datapoints as for "xcom get". The first cycle must succeed; after that a failed
cycle is reported on stderr and the watch goes on.
Several units (--addr 101,102 or XT1,XT2) or DATAPOINT@WHERE (3000@XT2, 3136@sum) are read
together each cycle through multi-info: a column per item, error:CODE where an item failed
(its reason on stderr when it first fails). With --count, the exit code is the last cycle's:
3 when the link failed, else 4 when an item failed, else 0.`,
  options: { ...READ_OPTIONS, every: { type: 'string' }, count: { type: 'string' } },
  optionHelp: [
    '  --every T       the period: 2s (default), 500ms, 1m; a bare number is seconds',
    '  --count N       stop after N cycles',
    '  --json          one JSON object per line: {"time": …, "values": [...]}',
    "  --addr N        read from address or unit N, or several (101,102 or XT1,XT2); --flash",
    "                  reads parameters' flash values (one address only)",
    '  --verb N        0 bare values, 1 or 2 a table with time, unit and label (default), 3 also frames',
  ],
  examples: [
    'xcom watch 3000 BATT_SOC PV_POWER --every 5s',
    'xcom watch 3000 7000 --json --every 1m >> battery.jsonl',
    'xcom watch 3136 --addr XT1,XT2,XT3 --every 1s',
    'xcom watch 3136@sum 3000@average 7002 --every 2s',
  ],
  connection: 'use',
  async run({ values, positionals, io, verb, json, signal, withClient }) {
    const plan = readPlan(positionals, values.addr, values.flash === true);
    const everyMs = durationOption(values.every, '--every', 24 * 3_600_000) ?? 2000;
    const count = integerOption(values.count, '--count', 1, Number.MAX_SAFE_INTEGER);
    const { batch } = plan;
    if (batch !== undefined) return withClient((client) => watchBatch(client, { ...plan, batch }, { io, verb, json, signal, everyMs, count }));
    const print = tablePrinter(io, verb);
    await withClient((client) =>
      runWatchLoop({
        everyMs,
        count,
        signal,
        now: Date.now,
        sleep,
        cycle: async (index, at) => {
          let readings: Reading[];
          try {
            readings = await readAll(client, plan, signal);
          } catch (error) {
            if (signal.aborted) return;
            if (index === 0) throw error;
            io.err(`xcom watch: ${clock(at)} ${failureOf(error).message}`);
            return;
          }
          if (json) io.out(jsonLine({ time: new Date(at).toISOString(), values: readings.map(readingJson) }));
          else print(readings, at);
        },
      }),
    );
    return EXIT.OK;
  },
});
