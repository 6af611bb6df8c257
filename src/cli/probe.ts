/**
 * `xcom test`: look for an Xcom-232i on the serial ports, trying its three line settings.
 * @module
 */
import { XcomDeviceError, XcomTimeoutError, XcomTransportError } from '../errors.js';
import { listSerialPorts } from '../transport/list-serial-ports.js';
import { type CommandContext, UsageError } from './command.js';
import { type Connection, connectionDraft } from './connection-options.js';
import { defineCommand } from './define-command.js';
import { EXIT } from './exit-codes.js';
import { printJson } from './output.js';
import { checkDevicePath, transportUrl } from './url-arg.js';

const TEST_OPTIONS = {
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

/** One port at one setting; Ctrl+C ends the search rather than counting as "cannot open". */
async function tryPort(context: CommandContext<typeof TEST_OPTIONS>, connection: Connection, at: Omit<Attempt, 'result'>): Promise<Attempt> {
  try {
    const guid = await context.withClient((client) => client.readGuid(), { connection, retries: 0 });
    return { ...at, result: 'answered', guid };
  } catch (error) {
    if (context.signal.aborted) throw error;
    if (error instanceof XcomDeviceError) return { ...at, result: 'answered', detail: `answered ${error.code}` };
    if (error instanceof XcomTimeoutError) return { ...at, result: 'no answer' };
    if (error instanceof XcomTransportError && error.code !== 'MODULE_MISSING') return { ...at, result: 'cannot open', detail: error.message };
    throw error;
  }
}

function candidatesOf(values: { readonly candidates?: string[] | undefined; readonly port?: string | undefined }): string[] | undefined {
  const given: [source: string, text: string][] = [
    ...(values.candidates ?? []).map((text): [string, string] => ['--candidates', text]),
    ...(values.port === undefined ? [] : [['--port', values.port] as [string, string]]),
  ];
  const named = given.flatMap(([source, text]) =>
    text
      .split(',')
      .map((path) => path.trim())
      .filter((path) => path !== '')
      .map((path) => {
        checkDevicePath(path, source);
        return path;
      }),
  );
  return named.length === 0 ? undefined : named;
}

/** The `test` command. */
export const testCommand = defineCommand({
  name: 'test',
  synopsis: 'xcom test [--candidates PATH[,PATH…]] [--timeout T] [--json]',
  description: `Looks for an Xcom-232i on every serial port present (or on the ports named), trying 38400
baud even parity (its default), 115200 even and 115200 none (an Xcom-232i set up for an
Xcom-LAN), with a line per attempt. A port answers when the Xcom-232i replies to a read of
its GUID (even with an error: any Scom reply proves it is there).

Exit code 0 when an Xcom-232i answered, 3 when none did.`,
  options: TEST_OPTIONS,
  optionHelp: [
    '  --candidates P  the ports to try, comma-separated or repeated (default: every serial port)',
    '  --port P        the same, for one port',
    '  --bps N         try only this speed (38400 or 115200); --parity even|none only this parity',
    '  --timeout T     how long each attempt waits, e.g. 1s (default), 300ms',
    '  --json          progress on stderr, the result as one line of JSON on stdout',
  ],
  examples: ['xcom test', 'xcom test --candidates /dev/ttyUSB0,/dev/ttyUSB1 --timeout 500ms'],
  // --port names a candidate and --bps, --parity restrict the settings tried.
  connection: 'accept',
  async run(context) {
    const { values, positionals, io, json } = context;
    if (positionals.length > 0) throw new UsageError(`test takes options only, got "${positionals[0] ?? ''}" (use --candidates PATH)`, { seeHelp: true });
    if (values.url !== undefined) throw new UsageError('test looks for an Xcom-232i on serial ports: use --candidates PATH, not --url');
    const progress = (line: string): void => (json ? io.err(line) : io.out(line));
    const only = connectionDraft({ ...values, port: undefined });
    const timeoutMs = only.client.timeoutMs ?? 1000;
    const settings = SETTINGS.filter((s) => (only.transport.baudRate ?? s.baudRate) === s.baudRate && (only.transport.parity ?? s.parity) === s.parity);
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
        const connection: Connection = {
          url: transportUrl(path, '--candidates'),
          transport: { ...only.transport, baudRate, parity },
          client: { ...only.client, timeoutMs },
        };
        const attempt = await tryPort(context, connection, { path, baudRate, parity });
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
  },
});
