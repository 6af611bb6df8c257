/**
 * The shape of an `xcom` command, so that every command plugs into the same table.
 * @module
 */
import type { CliIo } from './io.js';

/** One `xcom` command. */
export interface CliCommand {
  /** The name typed after `xcom`. */
  readonly name: string;
  /** The full usage text for `xcom NAME --help`, with examples. */
  readonly usage: string;
  /** Runs the command with the arguments other than its name; resolves with the exit code. */
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

/** A mistake in the command line: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Whether the line should point to the command's `--help` (a malformed command line, rather than a refused value). */
  readonly seeHelp: boolean;

  /**
   * @param message what is wrong and what is expected
   * @param options `seeHelp`: end the line with "(xcom COMMAND --help)"
   */
  constructor(message: string, options: { readonly seeHelp?: boolean } = {}) {
    super(message);
    this.seeHelp = options.seeHelp ?? false;
  }
}
