/**
 * `xcom version`: the package's version. Imports nothing but package.json (inlined by the
 * build), so that it shows how fast `xcom` starts.
 * @module
 */
import pkg from '../../package.json' with { type: 'json' };
import { UsageError } from './command.js';
import { defineCommand } from './define-command.js';

/** The `version` command. */
export const versionCommand = defineCommand({
  name: 'version',
  synopsis: 'xcom version [--json] [--verb 0]',
  description: 'Prints the version of xcom-ts (--verb 0: the number alone). Also: xcom --version.',
  options: {},
  optionHelp: ['  --verb N        0 the number alone, 1 or more with the name (default)', '  --json          name, version and Node.js version as JSON'],
  examples: ['xcom version', 'xcom version --json'],
  // pyscom takes its global options (--port, --bps) before any command: they mean nothing here.
  connection: 'accept',
  async run({ positionals, io, verb, json }) {
    if (positionals.length > 0) throw new UsageError(`version takes no argument, got "${positionals[0] ?? ''}"`, { seeHelp: true });
    if (json) io.out(JSON.stringify({ name: pkg.name, version: pkg.version, node: process.version }));
    else if (verb === 0) io.out(pkg.version);
    else io.out(`${pkg.name} ${pkg.version}`);
  },
});
