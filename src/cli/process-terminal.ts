/**
 * The terminal of the `xcom` process, for full-screen commands: there only when standard input
 * and output are both terminals (not in a pipe, a redirection or a test).
 * @module
 */
import type { CliTerminal } from './io.js';

/** What {@link terminalOf} needs of standard input: a readable TTY stream. */
export interface TerminalInput {
  readonly isTTY?: boolean | undefined;
  setRawMode(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** What {@link terminalOf} needs of standard output: a writable TTY stream. */
export interface TerminalOutput {
  readonly isTTY?: boolean | undefined;
  readonly columns: number;
  readonly rows: number;
  write(text: string): unknown;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

/** The terminal made of `input` and `output`, or `undefined` unless both are TTYs. */
export function terminalOf(input: TerminalInput, output: TerminalOutput): CliTerminal | undefined {
  if (input.isTTY !== true || output.isTTY !== true) return undefined;
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
