/**
 * The real console, environment and signals of the `xcom` process, and what it does when the
 * reader of its output goes away: a closed pipe (`xcom find battery | head -1`) ends the
 * command quietly, as it ends `grep` or `seq`, instead of killing it with a stack trace.
 * @module
 */
import { EventEmitter } from 'node:events';
import { EXIT } from './exit-codes.js';
import type { CliIo, CliTerminal, StopReason } from './io.js';

/** The terminal of this process, when both standard input and output are one. */
function processTerminal(): CliTerminal | undefined {
  const input = process.stdin;
  const output = process.stdout;
  if (!input.isTTY || !output.isTTY) return undefined;
  return {
    get columns() {
      return output.columns;
    },
    get rows() {
      return output.rows;
    },
    write: (text) => {
      output.write(text);
    },
    readKeys: (listener) => {
      const onData = (chunk: Buffer): void => listener(chunk.toString('utf8'));
      input.setRawMode(true);
      input.on('data', onData);
      input.resume();
      return () => {
        input.off('data', onData);
        input.setRawMode(false);
        // A paused stdin lets the process exit once the command is done.
        input.pause();
      };
    },
    onResize: (listener) => {
      output.on('resize', listener);
      return () => {
        output.off('resize', listener);
      };
    },
  };
}

/** The console of this process; call once, from the executable. */
export function processIo(): CliIo {
  const gone = new EventEmitter<{ gone: [] }>();
  const terminal = processTerminal();
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
  return {
    out: (line) => {
      if (!outputGone) process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      process.stderr.write(`${line}\n`);
    },
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
