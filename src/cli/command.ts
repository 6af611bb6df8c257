/**
 * The shape of an `xcom` command, so that new commands (`get`, `set`, `read_property`, …)
 * plug into the same table.
 * @module
 */
import type { CliIo } from './io.js';

/** One `xcom` command. */
export interface CliCommand {
  /** The name typed after `xcom`. */
  readonly name: string;
  /** One line for `xcom --help`. */
  readonly summary: string;
  /** The full usage text for `xcom NAME --help`. */
  readonly usage: string;
  /** Runs the command with the arguments after its name; resolves with the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
