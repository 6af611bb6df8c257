/**
 * What a command needs from the outside world, injectable so that tests run commands in
 * process.
 * @module
 */

/** The console, the environment and the process signals, as a command sees them. */
export interface CliIo {
  /** Prints a line to standard output. */
  out(line: string): void;
  /** Prints a line to standard error. */
  err(line: string): void;
  /** Resolves when the user asks a long-running command to stop (Ctrl+C, SIGTERM). */
  waitForStop(): Promise<void>;
  /** The environment variables (`XCOM_URL`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real console, environment and signals of this process. */
export function processIo(): CliIo {
  return {
    out: (line) => {
      process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      process.stderr.write(`${line}\n`);
    },
    waitForStop: () =>
      new Promise((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
    env: process.env,
  };
}
