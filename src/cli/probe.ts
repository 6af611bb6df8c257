/**
 * `xcom test`: look for an Xcom-232i on the serial ports, trying its three line settings.
 * @module
 */
import { XcomDeviceError, XcomTimeoutError, XcomTransportError } from '../errors.js';
import { listSerialPorts } from '../transport/list-serial-ports.js';
import { durationOption, GLOBAL_OPTIONS, parseCommandLine, verbosity } from './args.js';
import { type CliCommand, UsageError } from './command.js';
import { portToUrl, serialSettings, withClient } from './connection.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { printJson } from './output.js';

const USAGE = `Usage: xcom test [--candidates PATH[,PATH…]] [--timeout T] [--json]

Looks for an Xcom-232i on every serial port present (or on the ports named), trying 38400
baud even parity (its default), 115200 even and 115200 none (an Xcom-232i set up for an
Xcom-LAN), with a line per attempt. A port answers when the Xcom-232i replies to a read of
its GUID (even with an error: any Scom reply proves it is there).

Options:
  --candidates P  the ports to try, comma-separated or repeated (default: every serial port)
  --port P        the same, for one port
  --bps N         try only this speed (38400 or 115200); --parity even|none only this parity
  --timeout T     how long each attempt waits, e.g. 1s (default), 300ms
  --json          progress on stderr, the result as one line of JSON on stdout
  -h, --help      show this help

Exit code 0 when an Xcom-232i answered, 3 when none did.

Examples:
  xcom test
  xcom test --candidates /dev/ttyUSB0,/dev/ttyUSB1 --timeout 500ms`;

const TEST_OPTIONS = {
  ...GLOBAL_OPTIONS,
  candidates: { type: 'string', multiple: true },
} as const;

const SETTINGS = [
  { baudRate: 38400, parity: 'even' },
  { baudRate: 115200, parity: 'even' },
  { baudRate: 115200, parity: 'none' },
] as const;

/** The outcome of one attempt (also what --json prints). */
interface Attempt {
  /** The port. */
  readonly path: string;
  /** The speed tried. */
  readonly baudRate: number;
  /** The parity tried. */
  readonly parity: 'even' | 'none';
  /** Any Scom reply counts as an answer; "cannot open" skips the port's other settings. */
  readonly result: 'answered' | 'no answer' | 'cannot open';
  /** The Xcom-232i's GUID, when it gave it. */
  readonly guid?: string;
  /** The device's error, or why the port would not open. */
  readonly detail?: string;
}

async function tryPort(path: string, baudRate: number, parity: 'even' | 'none', timeoutMs: number, io: CliIo, verb: number): Promise<Attempt> {
  const at = { path, baudRate, parity };
  const connection = { url: portToUrl(path), baudRate, parity, timeoutMs };
  try {
    const guid = await withClient(connection, io, { verb, retries: 0 }, (client) => client.readGuid());
    return { ...at, result: 'answered', guid };
  } catch (error) {
    if (error instanceof XcomDeviceError) return { ...at, result: 'answered', detail: `answered ${error.code}` };
    if (error instanceof XcomTimeoutError) return { ...at, result: 'no answer' };
    if (error instanceof XcomTransportError && error.code !== 'MODULE_MISSING') return { ...at, result: 'cannot open', detail: error.message };
    throw error;
  }
}

function candidatesOf(values: { readonly candidates?: string[] | undefined; readonly port?: string | undefined }): string[] | undefined {
  const named = [...(values.candidates ?? []), ...(values.port === undefined ? [] : [values.port])]
    .flatMap((c) => c.split(','))
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return named.length === 0 ? undefined : named;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, TEST_OPTIONS);
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`test takes options only, got "${positionals[0] ?? ''}" (use --candidates PATH)`, { seeHelp: true });
  if (values.url !== undefined) throw new UsageError('test looks for an Xcom-232i on serial ports: use --candidates PATH, not --url');
  const verb = verbosity(values);
  const json = values.json === true;
  const progress = (line: string): void => (json ? io.err(line) : io.out(line));
  const timeoutMs = durationOption(values.timeout, '--timeout', 600_000) ?? 1000;
  const only = serialSettings(values);
  const settings = SETTINGS.filter((s) => (only.baudRate ?? s.baudRate) === s.baudRate && (only.parity ?? s.parity) === s.parity);
  if (settings.length === 0) throw new UsageError('the Xcom-232i never runs at 38400 baud without parity: nothing to try');
  const paths = candidatesOf(values) ?? (await listSerialPorts()).map((p) => p.path);
  if (paths.length === 0) {
    io.err('xcom test: no serial port found: plug in the Xcom-232i (or its USB adapter), or name ports with --candidates');
    return EXIT.CONNECTION;
  }
  const attempts: Attempt[] = [];
  for (const path of paths) {
    for (const { baudRate, parity } of settings) {
      progress(`trying ${path} at ${baudRate} baud, parity ${parity}`);
      const attempt = await tryPort(path, baudRate, parity, timeoutMs, io, verb);
      attempts.push(attempt);
      const detail = attempt.guid === undefined ? (attempt.detail ?? '') : `GUID ${attempt.guid}`;
      progress(`  ${attempt.result}${detail === '' ? '' : `: ${detail}`}`);
      if (attempt.result !== 'no answer') break;
    }
  }
  const found = attempts.filter((a) => a.result === 'answered');
  if (json) printJson(io, { found, attempts });
  else {
    for (const a of found) {
      io.out(`found an Xcom-232i on ${a.path} at ${a.baudRate} baud, parity ${a.parity}: use --port ${a.path} --bps ${a.baudRate} --parity ${a.parity}`);
    }
  }
  if (found.length > 0) return EXIT.OK;
  const opened = attempts.some((a) => a.result === 'no answer');
  io.err(
    opened
      ? `xcom test: no Xcom-232i answered on ${paths.join(', ')}: check the cable, that the installation is powered, and that no other program holds the port`
      : `xcom test: cannot open ${paths.join(', ')}: check the paths, and that you may use them (on Linux, the dialout group)`,
  );
  return EXIT.CONNECTION;
}

/** The `test` command. */
export const testCommand: CliCommand = {
  name: 'test',
  usage: USAGE,
  run,
};
