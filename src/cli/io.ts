/**
 * What a command needs from the outside world, injectable so that tests run commands in
 * process.
 * @module
 */

/**
 * Why a command is asked to stop before its end: Ctrl+C, a `kill`, or the reader of its
 * output gone (`xcom watch 3000 | head -2`).
 */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'EPIPE';

/**
 * The interactive terminal, when standard input and output are both one: what a full-screen
 * command (`xcom screen --live`) draws on and reads keys from.
 */
export interface CliTerminal {
  /** Its width in characters, now. */
  readonly columns: number;
  /** Its height in lines, now. */
  readonly rows: number;
  /** Writes text as is (escape sequences included), without a line end. */
  write(text: string): void;
  /**
   * Reads keys raw (no echo, no line editing, Ctrl+C as a key) and hands each chunk read to
   * `listener`; returns the function that stops reading and restores the terminal's mode.
   */
  readKeys(listener: (keys: string) => void): () => void;
  /** Calls `listener` whenever the terminal is resized; returns the function that stops it. */
  onResize(listener: () => void): () => void;
}

/** The console, the environment and the process signals, as a command sees them. */
export interface CliIo {
  /** Prints a line to standard output (nothing once the reader has gone). */
  out(line: string): void;
  /** Prints a line to standard error. */
  err(line: string): void;
  /**
   * Redraws the one status line of a terminal's standard error (a progress bar); `undefined`
   * erases it. Absent when standard error is not a terminal: commands then print plain lines.
   */
  readonly status?: (line: string | undefined) => void;
  /**
   * Calls `listener` once, when the command should stop (see {@link StopReason}); returns the
   * function that stops listening.
   */
  onStop(listener: (reason: StopReason) => void): () => void;
  /** The environment variables (`XCOM_URL`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The interactive terminal, when standard input and output are one (absent in pipes and tests). */
  readonly terminal?: CliTerminal;
}
