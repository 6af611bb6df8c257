/**
 * Exit codes, and the one line on stderr that tells the user what went wrong and what to check.
 * Imports nothing heavy: it runs for every command.
 * @module
 */
import { XcomDeviceError, XcomError, XcomProtocolError, XcomTimeoutError, XcomTransportError, XcomValidationError } from '../errors.js';
import { CommandError, UsageError } from './command.js';
import type { StopReason } from './io.js';

/** The exit codes of `xcom`. */
export const EXIT = {
  /** Success. */
  OK: 0,
  /** Nothing found (`xcom find`, as `grep`), or anything unexpected (a bug). */
  FAILURE: 1,
  /** A mistake in the command line, or a value refused before anything was sent. */
  USAGE: 2,
  /** The port, connection or installation did not answer. */
  CONNECTION: 3,
  /** The device answered with a Scom error (or with something unreadable). */
  DEVICE: 4,
  /** Interrupted by Ctrl+C (128 + SIGINT, what a shell reports for a program it interrupts). */
  INTERRUPTED: 130,
  /** The reader of the output went away (128 + SIGPIPE, as `seq 1000 | head -1` ends `seq`). */
  OUTPUT_CLOSED: 141,
  /** Stopped by SIGTERM (`kill`, a service manager): 128 + SIGTERM. */
  TERMINATED: 143,
} as const;

/** The exit code of a command stopped before its end. */
export const STOP_EXIT: Readonly<Record<StopReason, number>> = {
  SIGINT: EXIT.INTERRUPTED,
  EPIPE: EXIT.OUTPUT_CLOSED,
  SIGTERM: EXIT.TERMINATED,
};

/** An exit code and the line that explains it. */
export interface Failure {
  /** The exit code. */
  readonly code: number;
  /** One line for stderr. */
  readonly message: string;
}

const TRANSPORT_HINTS: Readonly<Record<string, string>> = {
  PORT_NOT_FOUND: 'check --port (xcom test looks for the Xcom-232i on every serial port)',
  CONNECT_FAILED: 'check the host and port (for UDP, also that no other program uses the local port)',
  NO_LINK: 'check that the Moxa (or the device) can reach this host, its --allow list, or raise --wait',
  DISCONNECTED: 'check the cable or the network',
  SEND_FAILED: 'check the cable or the network',
  TRANSPORT: 'check the cable or the network',
};

function hintForTimeout(message: string): string {
  return /serial:\/\//.test(message)
    ? 'check the cable, that the Xcom-232i is powered, and --bps / --parity (xcom test tries them)'
    : 'check the URL, that the Xcom-LAN is reachable, and its UDP/TCP ports';
}

/** Whether `error` is a mistake of the user's, caught before anything was sent. */
export function isUsageError(error: unknown): boolean {
  if (error instanceof UsageError || error instanceof XcomValidationError) return true;
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** Whether the line should end by pointing to the command's `--help`. */
export function seesHelp(error: unknown): boolean {
  return (error instanceof UsageError && error.seeHelp) || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
}

/** Maps an error to its exit code and one line saying what to check. */
export function failureOf(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (isUsageError(error)) return { code: EXIT.USAGE, message };
  if (error instanceof CommandError) return { code: error.exitCode, message };
  if (error instanceof XcomTimeoutError) return { code: EXIT.CONNECTION, message: `${message}: ${hintForTimeout(message)}` };
  if (error instanceof XcomTransportError) {
    const hint = TRANSPORT_HINTS[error.code];
    return { code: EXIT.CONNECTION, message: hint === undefined ? message : `${message}: ${hint}` };
  }
  if (error instanceof XcomDeviceError) {
    return { code: EXIT.DEVICE, message: `the device refused: ${message} (check the address, the object and the property)` };
  }
  if (error instanceof XcomProtocolError) {
    return { code: EXIT.DEVICE, message: `unreadable answer: ${message} (check the format)` };
  }
  if (error instanceof XcomError) return { code: EXIT.FAILURE, message: `${error.code}: ${message}` };
  return { code: EXIT.FAILURE, message: `internal error: ${message}` };
}
