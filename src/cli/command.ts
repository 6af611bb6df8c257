/**
 * The shape of an `xcom` command, so that every command plugs into the same table and the
 * same skeleton (see `define-command.ts`), and the errors a command throws to end itself.
 * @module
 */
import type { XcomClient } from '../client/xcom-client.js';
import type { CommandLine, OptionsConfig } from './args.js';
import type { ClientOptions } from './connection.js';
import type { Connection } from './connection-options.js';
import type { GlobalOptions } from './global-options.js';
import type { CliIo } from './io.js';

/** One `xcom` command, ready to run. */
export interface CliCommand {
  /** The name typed after `xcom`. */
  readonly name: string;
  /** The full usage text for `xcom NAME --help`, with examples. */
  readonly usage: string;
  /** Runs the command with the arguments other than its name; resolves with the exit code, never rejects. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * A command as the command table lists it: name and summary at hand, the code loaded only when
 * the command runs, so that `xcom version` never loads the catalogue, the client or serialport.
 */
export interface CommandEntry {
  /** The name typed after `xcom`. */
  readonly name: string;
  /** One line for `xcom --help`. */
  readonly summary: string;
  /** Loads the command's module. */
  load(): Promise<CliCommand>;
}

/**
 * Which of the global connection options (`--url`, `--port`, …) a command takes:
 * `'use'` talks to an installation through {@link CommandContext.withClient} and lists them in
 * its help; `'accept'` takes them without listing them (pyscom puts `--port` before any
 * command; `xcom test` reads them its own way); `'none'` refuses them.
 */
export type ConnectionUse = 'use' | 'accept' | 'none';

/** What a command file declares; `defineCommand` adds the parsing, help, signals and exit codes. */
export interface CommandSpec<O extends OptionsConfig> {
  /** The name typed after `xcom`. */
  readonly name: string;
  /** What follows "Usage: " (several lines for several forms). */
  readonly synopsis: string;
  /** What the command does. */
  readonly description: string;
  /** The command's own options, for `parseArgs` (the global ones are added). */
  readonly options: O;
  /**
   * The help lines of its own options, `--verb` and `--json` included (their levels differ
   * from command to command), aligned as `  --addr N        text`.
   */
  readonly optionHelp: readonly string[];
  /** Example command lines, each with an optional `# comment`. */
  readonly examples: readonly string[];
  /** See {@link ConnectionUse}. */
  readonly connection: ConnectionUse;
  /** Whether it takes `--verb` and `--json` (default true). */
  readonly output?: boolean;
  /** String options whose value may be left out (`xcom simulate --serial`): then it is `''`. */
  readonly optionalValues?: readonly (keyof O & string)[];
  /**
   * The command's own logic. Resolves with the exit code (nothing is 0); throws a
   * {@link UsageError}, a {@link CommandError} or an `XcomError` to fail with one line.
   */
  run(context: CommandContext<O>): Promise<number | undefined | void>;
}

/** What the skeleton hands a command. */
export interface CommandContext<O extends OptionsConfig> {
  /** The options, the command's and the global ones. */
  readonly values: CommandLine<GlobalOptions & O>['values'];
  /** The arguments that are not options, in order. */
  readonly positionals: readonly string[];
  /** The console. */
  readonly io: CliIo;
  /** `--verb`, 0 to 3 (default 2). */
  readonly verb: number;
  /** `--json`. */
  readonly json: boolean;
  /**
   * Aborts when the command must stop: Ctrl+C, SIGTERM, or the reader of stdout gone. The
   * skeleton then ends with 130, 143 or 141 whatever the command resolves or throws, and the
   * client of {@link withClient} is closed, so that a request in flight ends at once.
   */
  readonly signal: AbortSignal;
  /** Resolves when {@link signal} aborts (a command that runs until stopped awaits it). */
  untilStopped(): Promise<void>;
  /** Where the installation is (`--url`, `--port`, `XCOM_URL`) and how to reach it; a usage error when not given. */
  connection(): Connection;
  /**
   * Opens a client on {@link connection} (or `options.connection`), runs `work`, and closes
   * the client whatever happens, or as soon as the command is stopped.
   */
  withClient<T>(work: (client: XcomClient) => Promise<T>, options?: ContextClientOptions): Promise<T>;
}

/** Options of {@link CommandContext.withClient}. */
export interface ContextClientOptions extends Omit<ClientOptions, 'verb' | 'signal'> {
  /** Another place than the command line's (`xcom test` tries each port in turn). */
  readonly connection?: Connection;
}

/** A failure with its own exit code: one line on stderr, then the code. */
export class CommandError extends Error {
  override readonly name: string = 'CommandError';
  /** The exit code. */
  readonly exitCode: number;

  /**
   * @param message what failed and what to do
   * @param exitCode the exit code
   */
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A mistake in the command line: one line on stderr, exit code 2. */
export class UsageError extends CommandError {
  override readonly name = 'UsageError';
  /** Whether the line should point to the command's `--help` (a malformed command line, rather than a refused value). */
  readonly seeHelp: boolean;

  /**
   * @param message what is wrong and what is expected
   * @param options `seeHelp`: end the line with "(xcom COMMAND --help)"
   */
  constructor(message: string, options: { readonly seeHelp?: boolean } = {}) {
    super(message, 2);
    this.seeHelp = options.seeHelp ?? false;
  }
}
