/**
 * The real console, environment and signals of the `xcom` process, and what it does when the
 * reader of its output goes away: a closed pipe (`xcom find battery | head -1`) ends the
 * command quietly, as it ends `grep` or `seq`, instead of killing it with a stack trace.
 * @module
 */
import { EventEmitter } from 'node:events';
import { EXIT } from './exit-codes.js';
import type { CliIo, StopReason } from './io.js';
import { terminalOf } from './process-terminal.js';

/** The console of this process; call once, from the executable. */
export function processIo(): CliIo {
  const gone = new EventEmitter<{ gone: [] }>();
  const terminal = terminalOf(process.stdin, process.stdout);
  let outputGone = false;
  // Node reports a write to a closed pipe as an 'error' event on stdout, after the write
  // returned: without a listener it is an uncaught exception.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (outputGone) return;
    outputGone = true;
    if (error.code !== 'EPIPE') process.stderr.write(`xcom: cannot write the output: ${error.message}\n`);
    // Set at exit, when the command's own code is set: the error may arrive before or after it.
    process.once('exit', () => {
      process.exitCode = error.code === 'EPIPE' ? EXIT.OUTPUT_CLOSED : EXIT.FAILURE;
    });
    gone.emit('gone');
  });
  // The status line of a terminal: erased before any other line on stderr, redrawn by the next status.
  let statusShown = false;
  const erase = (): void => {
    if (statusShown) process.stderr.write('\r\x1b[K');
    statusShown = false;
  };
  const status = (line: string | undefined): void => {
    erase();
    if (line === undefined) return;
    process.stderr.write(line.slice(0, Math.max(10, (process.stderr.columns || 80) - 1)));
    statusShown = true;
  };
  return {
    out: (line) => {
      if (outputGone) return;
      // On a terminal both streams share the screen: the status line goes first.
      erase();
      process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      erase();
      process.stderr.write(`${line}\n`);
    },
    ...(process.stderr.isTTY ? { status } : {}),
    onStop: (listener) => {
      const stop = (reason: StopReason): void => {
        detach();
        listener(reason);
      };
      const onInterrupt = (): void => stop('SIGINT');
      const onTerminate = (): void => stop('SIGTERM');
      const onGone = (): void => stop('EPIPE');
      // Once told, the listeners go: a second Ctrl+C ends a command that does not stop.
      const detach = (): void => {
        process.off('SIGINT', onInterrupt);
        process.off('SIGTERM', onTerminate);
        gone.off('gone', onGone);
      };
      process.on('SIGINT', onInterrupt);
      process.on('SIGTERM', onTerminate);
      gone.on('gone', onGone);
      if (outputGone) queueMicrotask(onGone);
      return detach;
    },
    env: process.env,
    ...(terminal === undefined ? {} : { terminal }),
  };
}
