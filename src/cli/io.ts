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
}
