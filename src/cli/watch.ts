/**
 * `xcom watch`: poll datapoints and print a line per cycle (JSON lines with `--json`) until
 * Ctrl+C or `--count` cycles.
 * @module
 */
import { durationOption, integerOption } from './args.js';
import { defineCommand } from './define-command.js';
import { failureOf } from './exit-codes.js';
import { READ_OPTIONS, readAll, readPlan } from './get.js';
import type { CliIo } from './io.js';
import { jsonLine } from './output.js';
import type { Reading } from './reading.js';
import { readingJson, shownValue, valueWithUnit } from './reading.js';
import { runWatchLoop, sleep } from './watch-loop.js';

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/** Prints the cycles as a table whose header names each datapoint with its unit. */
function tablePrinter(io: CliIo, verb: number): (readings: readonly Reading[], at: number) => void {
  let widths: number[] | undefined;
  return (readings, at) => {
    if (verb <= 0) {
      io.out(readings.map(shownValue).join('\t'));
      return;
    }
    const cells = readings.map(valueWithUnit);
    if (widths === undefined) {
      const names = readings.map((r) => r.datapoint?.name ?? String(r.id));
      widths = names.map((n, i) => Math.max(n.length, (cells[i] ?? '').length, 10));
      io.out(['TIME    ', ...names.map((n, i) => n.padEnd(widths?.[i] ?? 0))].join('  ').trimEnd());
    }
    const w = widths;
    io.out([clock(at), ...cells.map((c, i) => c.padEnd(w[i] ?? 0))].join('  ').trimEnd());
  };
}

/** The `watch` command. */
export const watchCommand = defineCommand({
  name: 'watch',
  synopsis: 'xcom watch DATAPOINT... [--every 2s] [--count N] [--json] [options]',
  description: `Reads the datapoints every period and prints one line per cycle, until Ctrl+C (or --count
cycles). Datapoints as for "xcom get". The first cycle must succeed; after that a failed
cycle is reported on stderr and the watch goes on.`,
  options: { ...READ_OPTIONS, every: { type: 'string' }, count: { type: 'string' } },
  optionHelp: [
    '  --every T       the period: 2s (default), 500ms, 1m; a bare number is seconds',
    '  --count N       stop after N cycles',
    '  --json          one JSON object per line: {"time": …, "values": [...]}',
    "  --addr N        read from address N; --flash reads parameters' flash values",
    '  --verb N        0 bare values, 1 or 2 a table with time, unit and label (default), 3 also frames',
  ],
  examples: ['xcom watch 3000 BATT_SOC PV_POWER --every 5s', 'xcom watch 3000 7000 --json --every 1m >> battery.jsonl'],
  connection: 'use',
  async run({ values, positionals, io, verb, json, signal, withClient }) {
    const plan = readPlan(positionals, values.addr, values.flash === true);
    const everyMs = durationOption(values.every, '--every', 24 * 3_600_000) ?? 2000;
    const count = integerOption(values.count, '--count', 1, Number.MAX_SAFE_INTEGER);
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
  },
});
