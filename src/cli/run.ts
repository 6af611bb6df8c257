/**
 * The `xcom` command line: finds the command and runs it, turning mistakes into a message
 * and exit code 2.
 * @module
 */
import { XcomError } from '../errors.js';
import { type CliCommand, UsageError } from './command.js';
import type { CliIo } from './io.js';
import { simulateCommand } from './simulate.js';

/** Every command, by name. Add new ones here. */
export const COMMANDS: readonly CliCommand[] = [simulateCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: xcom COMMAND [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "xcom COMMAND --help" for the options of a command.',
  ].join('\n');
}

/** Runs `xcom` with `argv` (the arguments after the program name); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`xcom: unknown command "${name}"`);
    io.err(help());
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const usage = error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    if (usage || (error instanceof XcomError && error.code === 'VALIDATION')) {
      io.err(`xcom ${name}: ${error instanceof Error ? error.message : String(error)}`);
      io.err(command.usage);
      return 2;
    }
    io.err(`xcom ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
