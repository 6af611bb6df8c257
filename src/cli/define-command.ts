/**
 * The skeleton every command runs in: it parses the command line (the command's options and
 * the global ones), answers `--help`, reads `--verb` and `--json`, resolves the connection
 * when asked, stops the command on Ctrl+C, SIGTERM or a closed stdout, and turns every outcome
 * into an exit code and at most one line on stderr. A command file holds only its own logic.
 * @module
 */
import { type CommandLine, HELP_OPTION, OUTPUT_OPTIONS, type OptionsConfig, parseCommandLine, verbosity, withOptionalValues } from './args.js';
import type { CliCommand, CommandContext, CommandSpec, ContextClientOptions } from './command.js';
import { type Connection, CONNECTION_PARSE, connectionHelp, resolveConnection } from './connection-options.js';
import { failureOf, seesHelp, STOP_EXIT } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import type { CliIo, StopReason } from './io.js';

/** Where the text of the first option line starts, so that the shared lines line up with it. */
function helpColumn(lines: readonly string[]): number {
  const first = lines.find((line) => /^\s+-/.test(line)) ?? '';
  const match = /^(\s+\S+(?: [^\s-]\S*)?\s{2,})\S/.exec(first);
  return match?.[1]?.length ?? 18;
}

/** The full `--help` text of a command. */
export function usageOf<O extends OptionsConfig>(spec: CommandSpec<O>): string {
  const column = helpColumn(spec.optionHelp);
  const shared = spec.connection === 'use' ? connectionHelp(column) : [];
  const help = `  ${'-h, --help'.padEnd(column - 2)}show this help`;
  return [
    `Usage: ${spec.synopsis}`,
    '',
    spec.description,
    '',
    'Options:',
    ...spec.optionHelp,
    ...shared,
    help,
    '',
    'Examples:',
    ...spec.examples.map((line) => `  ${line}`),
  ].join('\n');
}

function parseConfig<O extends OptionsConfig>(spec: CommandSpec<O>): OptionsConfig {
  return {
    ...(spec.connection === 'none' ? {} : CONNECTION_PARSE),
    ...(spec.output === false ? {} : OUTPUT_OPTIONS),
    ...HELP_OPTION,
    ...spec.options,
  };
}

/** Makes a runnable command of a command's own logic. */
export function defineCommand<O extends OptionsConfig>(spec: CommandSpec<O>): CliCommand {
  const usage = usageOf(spec);
  return {
    name: spec.name,
    usage,
    run: (args, io) => runCommand(spec, usage, args, io),
  };
}

async function runCommand<O extends OptionsConfig>(spec: CommandSpec<O>, usage: string, args: readonly string[], io: CliIo): Promise<number> {
  const stop = new AbortController();
  let stopped: StopReason | undefined;
  const detach = io.onStop((reason) => {
    stopped = reason;
    stop.abort(new Error(`stopped by ${reason}`));
  });
  try {
    const code = await runSpec(spec, usage, args, io, stop.signal);
    return stopped === undefined ? code : STOP_EXIT[stopped];
  } catch (error) {
    // Whatever a stopped command throws (its client closed under it) is not news.
    if (stopped !== undefined) return STOP_EXIT[stopped];
    const failure = failureOf(error);
    const more = seesHelp(error) ? ` (xcom ${spec.name} --help)` : '';
    io.err(`xcom ${spec.name}: ${failure.message}${more}`);
    return failure.code;
  } finally {
    detach();
  }
}

async function runSpec<O extends OptionsConfig>(spec: CommandSpec<O>, usage: string, args: readonly string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { values: parsed, positionals } = parseCommandLine(withOptionalValues(args, spec.optionalValues ?? []), parseConfig(spec));
  // Typed for the skeleton's reads (the global options), and for the command as its spec says.
  const values = parsed as CommandLine<GlobalOptions>['values'];
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const verb = spec.output === false ? 2 : verbosity(values);
  let connection: Connection | undefined;
  const context: CommandContext<O> = {
    values: parsed as CommandContext<O>['values'],
    positionals,
    io,
    verb,
    json: values.json === true,
    signal,
    untilStopped: () =>
      new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    connection: () => (connection ??= resolveConnection(values, io.env)),
    withClient: async (work, options: ContextClientOptions = {}) => {
      const { connection: elsewhere, ...rest } = options;
      const target = elsewhere ?? context.connection();
      // The client and the transports load only now: `xcom find` and `xcom version` never do.
      const { withClient } = await import('./connection.js');
      return withClient(target, io, { ...rest, verb, signal }, work);
    },
  };
  return (await spec.run(context)) ?? 0;
}
