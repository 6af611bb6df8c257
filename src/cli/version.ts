/**
 * `xcom version`: the package's version. Imports nothing but package.json (inlined by the
 * build), so that it shows how fast `xcom` starts.
 * @module
 */
import pkg from '../../package.json' with { type: 'json' };
import { GLOBAL_OPTIONS, parseCommandLine, verbosity } from './args.js';
import { type CliCommand, UsageError } from './command.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: xcom version [--json] [--verb 0]

Prints the version of xcom-ts (--verb 0: the number alone). Also: xcom --version.

Examples:
  xcom version
  xcom version --json`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  // pyscom takes its global options (--port, --bps) before any command: they mean nothing here.
  const { values, positionals } = parseCommandLine(args, GLOBAL_OPTIONS);
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`version takes no argument, got "${positionals[0] ?? ''}"`, { seeHelp: true });
  if (values.json === true) io.out(JSON.stringify({ name: pkg.name, version: pkg.version, node: process.version }));
  else if (verbosity(values) === 0) io.out(pkg.version);
  else io.out(`${pkg.name} ${pkg.version}`);
  return 0;
}

/** The `version` command. */
export const versionCommand: CliCommand = {
  name: 'version',
  usage: USAGE,
  run,
};
