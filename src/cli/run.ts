/**
 * The `xcom` command line: finds the command among the arguments (global options may come
 * first, as in pyscom's `--port=COM3 read_property …`) and runs it; the command's skeleton
 * (`define-command.ts`) turns its outcome into an exit code.
 * @module
 */
import { parseArgs } from 'node:util';
import { COMMANDS } from './commands.js';
import { connectionHelp } from './connection-options.js';
import { EXIT, failureOf } from './exit-codes.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import type { CliCommand } from './command.js';
import type { CliIo } from './io.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: xcom [options] COMMAND [arguments] [options]

Talks to a Studer-Innotec installation (Xtender, VarioTrack, VarioString, BSP, Xcom-CAN BMS)
through an Xcom-232i on a serial port or an Xcom-LAN over UDP/TCP, with Studer's Scom protocol.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options (before or after the command):
${connectionHelp(18).join('\n')}
  --verb N        0 bare values, 1 with unit and label, 2 with names (default), 3 also frames
  --json          JSON output
  -h, --help      this help; "xcom COMMAND --help" for a command's

Exit codes: 0 success, 1 nothing found (xcom find), 2 usage error, 3 connection or timeout,
4 device error, 130 interrupted (Ctrl+C), 141 output closed (| head), 143 terminated (SIGTERM).

Examples:
  xcom test                                              # find the Xcom-232i
  xcom --port=/dev/ttyUSB0 --verb=1 read_property 101 1 3000 1 float
  xcom get BATT_SOC 3000 --url udp://192.168.1.50
  XCOM_URL=/dev/ttyUSB0 xcom set 1138 25                 # RAM; --flash to keep it
  xcom watch 3000 7002 --every 5s --json
  xcom scan                                              # every unit, model, versions
  xcom get 3136@sum 3000 --addr XT1,XT2                  # several units, one request
  xcom messages --follow                                 # the event log as it grows
  xcom mqtt --url udp://192.168.1.50 --broker mqtt://127.0.0.1   # Home Assistant, MQTT
  xcom find battery voltage
  xcom simulate                                          # a simulated installation to try it on`;
}

/** Where the command name is among the arguments, skipping global options and their values. */
function commandIndex(argv: readonly string[]): number {
  const { tokens } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  return first?.kind === 'positional' ? first.index : -1;
}

/** Runs `xcom` with `argv` (the arguments after the program name); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const index = commandIndex(argv);
  const name = index < 0 ? undefined : argv[index];
  if (name === undefined || name === 'help') {
    const topic = name === 'help' ? argv[index + 1] : undefined;
    if (topic !== undefined) return runCli([topic, '--help'], io);
    const asked = argv.some((a) => a === '--help' || a === '-h' || a === '-help');
    if (argv.includes('--version') || argv.includes('-V')) return runCli(['version'], io);
    if (asked) io.out(help());
    else io.err(help());
    return asked ? EXIT.OK : EXIT.USAGE;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) {
    io.err(`xcom: unknown command "${name}" (xcom --help lists the commands)`);
    return EXIT.USAGE;
  }
  const args = [...argv.slice(0, index), ...argv.slice(index + 1)].map((a) => (a === '-help' ? '--help' : a));
  let command: CliCommand;
  try {
    command = await entry.load();
  } catch (error) {
    io.err(`xcom ${name}: ${failureOf(error).message}`);
    return EXIT.FAILURE;
  }
  // The command's skeleton turns every outcome into an exit code and its line on stderr.
  return command.run(args, io);
}
