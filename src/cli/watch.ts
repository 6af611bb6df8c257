/**
 * `xcom watch`: poll datapoints and print a line per cycle (JSON lines with `--json`) until
 * Ctrl+C or `--count` cycles.
 * @module
 */
import { durationOption, integerOption, parseCommandLine, verbosity } from './args.js';
import type { CliCommand } from './command.js';
import { resolveConnection, withClient } from './connection.js';
import { failureOf } from './exit-codes.js';
import { READ_OPTIONS, readAll, readPlan } from './get.js';
import type { CliIo } from './io.js';
import { jsonLine } from './output.js';
import type { Reading } from './reading.js';
import { readingJson, shownValue, valueWithUnit } from './reading.js';
import { runWatchLoop, sleep } from './watch-loop.js';

const USAGE = `Usage: xcom watch DATAPOINT... [--every 2s] [--count N] [--json] [options]

Reads the datapoints every period and prints one line per cycle, until Ctrl+C (or --count
cycles). Datapoints as for "xcom get". The first cycle must succeed; after that a failed
cycle is reported on stderr and the watch goes on.

Options:
  --every T       the period: 2s (default), 500ms, 1m; a bare number is seconds
  --count N       stop after N cycles
  --json          one JSON object per line: {"time": …, "values": [...]}
  --addr N        read from address N; --flash reads parameters' flash values
  --url URL       the installation (udp://HOST, tcp://HOST:PORT, serial:///dev/ttyUSB0), or XCOM_URL
  --port PORT     a serial device (/dev/ttyUSB0, COM3) or a URL; --bps 38400|115200, --parity even|none
  --timeout T     per attempt, e.g. 2s (default)
  --verb N        0 bare values, 1 or 2 a table with time, unit and label (default), 3 also frames
  -h, --help      show this help

Examples:
  xcom watch 3000 BATT_SOC PV_POWER --every 5s
  xcom watch 3000 7000 --json --every 1m >> battery.jsonl`;

const WATCH_OPTIONS = {
  ...READ_OPTIONS,
  every: { type: 'string' },
  count: { type: 'string' },
} as const;

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

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, WATCH_OPTIONS);
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const verb = verbosity(values);
  const plan = readPlan(positionals, values.addr, values.flash === true);
  const everyMs = durationOption(values.every, '--every', 24 * 3_600_000) ?? 2000;
  const count = integerOption(values.count, '--count', 1, Number.MAX_SAFE_INTEGER);
  const connection = resolveConnection(values, io.env);
  const json = values.json === true;
  const print = tablePrinter(io, verb);
  const stop = new AbortController();
  void io.waitForStop().then(() => stop.abort());
  await withClient(connection, io, { verb }, (client) =>
    runWatchLoop({
      everyMs,
      count,
      signal: stop.signal,
      now: Date.now,
      sleep,
      cycle: async (index, at) => {
        let readings: Reading[];
        try {
          readings = await readAll(client, plan, stop.signal);
        } catch (error) {
          if (stop.signal.aborted) return;
          if (index === 0) throw error;
          io.err(`xcom watch: ${clock(at)} ${failureOf(error).message}`);
          return;
        }
        if (json) io.out(jsonLine({ time: new Date(at).toISOString(), values: readings.map(readingJson) }));
        else print(readings, at);
      },
    }),
  );
  return 0;
}

/** The `watch` command. */
export const watchCommand: CliCommand = {
  name: 'watch',
  usage: USAGE,
  run,
};
