/**
 * Typed errors. Every error the library throws or rejects with is an {@link XcomError} with a
 * stable string `code`, so callers can branch on `err.code` instead of parsing messages.
 * @module
 */

/** Options common to every {@link XcomError} constructor. */
export interface XcomErrorOptions {
  /** The underlying error, kept as `error.cause`. */
  readonly cause?: unknown;
}

/** Base class of every error raised by xcom-ts; `code` is stable across releases. */
export class XcomError extends Error {
  /** A stable, machine-readable identifier of the failure (for example `'TIMEOUT'`). */
  readonly code: string;

  /**
   * @param code stable machine-readable code
   * @param message human-readable explanation
   * @param options `cause` is passed through to `Error`
   */
  constructor(code: string, message: string, options?: XcomErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** A bad argument, caught before anything was sent to the device. */
export class XcomValidationError extends XcomError {
  /** The option, argument or field at fault, when there is one (for example `'baudRate'`). */
  readonly field: string | undefined;

  /**
   * @param message what is wrong and what is allowed
   * @param field the option or argument at fault
   */
  constructor(message: string, field?: string, options?: XcomErrorOptions) {
    super('VALIDATION', message, options);
    this.field = field;
  }
}

/** A frame that is well delimited and checksummed but whose content is malformed. */
export class XcomProtocolError extends XcomError {
  /**
   * @param message what is malformed
   */
  constructor(message: string, options?: XcomErrorOptions) {
    super('PROTOCOL', message, options);
  }
}

/** No matching reply arrived within the per-attempt timeout (after every retry). */
export class XcomTimeoutError extends XcomError {
  /** The per-attempt timeout that expired, in milliseconds. */
  readonly timeoutMs: number;
  /** How many attempts were made (1 + retries). */
  readonly attempts: number;

  /**
   * @param message what timed out
   * @param timeoutMs the per-attempt timeout
   * @param attempts number of attempts made
   */
  constructor(message: string, timeoutMs: number, attempts: number, options?: XcomErrorOptions) {
    super('TIMEOUT', message, options);
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
  }
}

/**
 * Codes of {@link XcomTransportError}. `NO_LINK`: a send waited its `connectTimeoutMs` for a
 * link (a peer to connect, a reconnection, a port to reopen) in vain. `NO_PEER` is no longer
 * raised (it was 0.1.0's `NO_LINK` of a listener); it stays so that code comparing with it
 * still compiles.
 */
export type XcomTransportErrorCode =
  | 'CLOSED'
  | 'NOT_OPEN'
  | 'CONNECT_FAILED'
  | 'DISCONNECTED'
  | 'NO_LINK'
  | 'NO_PEER'
  | 'SEND_FAILED'
  | 'PORT_NOT_FOUND'
  | 'MODULE_MISSING'
  | 'TRANSPORT';

/** The link failed: port missing, connection refused or lost, or the client was closed. */
export class XcomTransportError extends XcomError {
  /** Which link failure this is; `'CLOSED'` for requests cut off by `close()`. */
  declare readonly code: XcomTransportErrorCode;

  /**
   * @param code which link failure
   * @param message what failed and what to check
   */
  constructor(code: XcomTransportErrorCode, message: string, options?: XcomErrorOptions) {
    super(code, message, options);
  }
}

/** The device answered with a Scom error frame (service flags bit 0 set). */
export class XcomDeviceError extends XcomError {
  /** The numeric Scom error code from the reply, e.g. `0x22`. */
  readonly scomCode: number;

  /**
   * @param scomCode the 16-bit Scom error code
   * @param name the spec's name of the code (used as `code`)
   * @param message a human-readable explanation
   */
  constructor(scomCode: number, name: string, message: string, options?: XcomErrorOptions) {
    super(name, message, options);
    this.scomCode = scomCode;
  }
}
